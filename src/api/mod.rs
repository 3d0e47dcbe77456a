//! The widget's only way out: the intranet backend's HTTP API.
//!
//! Components see the [`BackendApi`] trait, never `fetch`, so component tests can control
//! timing and answers. [`HttpBackend`] is the real client.

mod http;
mod json;

pub use http::HttpBackend;

use crate::{
    search::{GlanceResults, SearchRequest, SearchResults, TaskState},
    status::Status,
};
use std::{future::Future, pin::Pin, sync::Arc};

/// A request to the backend in flight. Not `Send`: browser futures live on the one JS thread.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Why a backend call failed, in terms the widget can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, DNS, CORS, backend down).
    Network(String),
    /// The backend answered with its JSON error shape; `code` and `reason` are stable,
    /// `message` is for people.
    /// `retry_after`: seconds after which trying again makes sense.
    Backend { status: u16, code: String, reason: Option<String>, message: String, retry_after: Option<u32> },
    /// The answer was not what the contract says.
    Decode(String),
    /// The request was aborted because a newer one replaced it; never shown to the user.
    Aborted,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network(m) => write!(f, "network error: {m}"),
            ApiError::Backend { status, code, message, .. } => write!(f, "{status} {code}: {message}"),
            ApiError::Decode(m) => write!(f, "unexpected answer: {m}"),
            ApiError::Aborted => f.write_str("aborted"),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The backend's stable error code, if the backend answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Backend { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Seconds the backend asks to wait before trying again.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::Backend { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The backend's `reason` (why re-authentication is needed, whose API access is off).
    pub fn reason(&self) -> Option<&str> {
        match self {
            ApiError::Backend { reason, .. } => reason.as_deref(),
            _ => None,
        }
    }
}

/// The calls the widget makes. `Send + Sync` so it can live in Leptos context.
pub trait BackendApi: Send + Sync {
    /// `GET /api/salesforce/status`; every widget on the page shares one call.
    fn status(&self) -> ApiFuture<Status>;
    /// Forgets the shared status so the next `status()` asks the backend again.
    fn invalidate_status(&self);
    /// `GET /api/salesforce/search`; `abort` cancels the request in the browser.
    fn search(&self, request: &SearchRequest, abort: Option<web_sys::AbortSignal>) -> ApiFuture<SearchResults>;
    /// `GET /api/salesforce/recent`: the user's recently viewed records of these types.
    fn recent(&self, objects: &[String], limit: usize) -> ApiFuture<GlanceResults>;
    /// `GET /api/salesforce/tasks`: the user's own tasks in `state`, overdue first.
    fn tasks(&self, state: TaskState, limit: usize) -> ApiFuture<GlanceResults>;
    /// `GET /api/salesforce/picklist`: the org's values of the picklist filter field `field` of
    /// `object` (`lead`, `Status`).
    fn picklist(&self, object: &str, field: &str) -> ApiFuture<Vec<String>>;
    /// `POST /api/salesforce/recent`: the user opened this record through the widget.
    fn record_view(&self, object: &str, id: &str) -> ApiFuture<()>;
    /// `POST /api/salesforce/disconnect`.
    fn disconnect(&self) -> ApiFuture<()>;
    /// Where the browser goes to connect this user to Salesforce, returning to `return_to`.
    fn sign_in_url(&self, return_to: &str) -> String;
    /// The demo intranet's own sign-in page (demo identity only), returning to `return_to`.
    fn intranet_sign_in_url(&self, return_to: &str) -> String;
}

/// Shared handle to the backend used by one widget instance.
pub type Backend = Arc<dyn BackendApi>;
