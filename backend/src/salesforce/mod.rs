//! Everything that speaks to Salesforce: the HTTP client, SOSL building, and turning search
//! records into the widget's results.

pub mod client;
pub mod filters;
pub mod hosts;
pub mod query;
pub mod results;

pub use client::{ApiUsage, AuthorizeProbe, RestError, SalesforceClient, TokenError, Tokens};
