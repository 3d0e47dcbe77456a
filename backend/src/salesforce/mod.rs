//! Everything that speaks to Salesforce: the HTTP client and its calls by concern (token
//! endpoint, REST API, describe, the control panel's probes), which hosts may receive a token, SOSL
//! building, and turning search records into the widget's results.

pub mod client;
pub mod describe;
pub mod filters;
pub mod hosts;
pub mod probes;
pub mod query;
pub mod rest;
pub mod results;
pub mod theme_icons;
pub mod token_endpoint;

pub use client::SalesforceClient;
pub use probes::AuthorizeProbe;
pub use rest::{ApiUsage, RestError};
pub use token_endpoint::{TokenError, Tokens};
