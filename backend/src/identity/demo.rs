//! The demo intranet's sign-in: a page listing demo people (one an administrator) and an
//! HttpOnly, SameSite session cookie holding a random id whose hash the database keeps.

use super::IntranetUser;
use crate::{
    AppState,
    error::ApiError,
    routes::{
        initiator::{Initiator, initiator},
        pages, return_to,
    },
};
use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use serde::Deserialize;

pub const SESSION_COOKIE: &str = "intranet_session";
const SESSION_SECONDS: i64 = 8 * 3600;

/// A person of the demo intranet.
pub struct DemoPerson {
    pub id: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub is_admin: bool,
}

pub const PEOPLE: &[DemoPerson] = &[
    DemoPerson { id: "ada", name: "Ada Lovelace", role: "Intranet administrator", is_admin: true },
    DemoPerson { id: "grace", name: "Grace Hopper", role: "Sales", is_admin: false },
    DemoPerson { id: "alan", name: "Alan Turing", role: "Marketing", is_admin: false },
    DemoPerson { id: "hedy", name: "Hedy Lamarr", role: "Customer success", is_admin: false },
];

pub fn person(id: &str) -> Option<&'static DemoPerson> {
    PEOPLE.iter().find(|p| p.id == id)
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

pub async fn user_from_cookie(headers: &HeaderMap, state: &AppState) -> Result<Option<IntranetUser>, ApiError> {
    let Some(session) = cookie_value(headers, SESSION_COOKIE) else { return Ok(None) };
    let Some(id) = state.store.session_user(session).await? else { return Ok(None) };
    Ok(person(&id).map(|p| IntranetUser { id: p.id.to_owned(), is_admin: p.is_admin }))
}

#[derive(Deserialize)]
pub struct SignInQuery {
    return_to: Option<String>,
}

/// `GET /intranet/sign-in`: pick a demo person.
pub async fn page(Query(query): Query<SignInQuery>) -> Response {
    let target = query.return_to.as_deref().and_then(|r| return_to::validate(r).ok()).unwrap_or("/");
    let people: String = PEOPLE
        .iter()
        .map(|p| {
            format!(
                r#"<li><button type="submit" name="person" value="{id}" data-person="{id}"><strong>{name}</strong> <span>{role}</span></button></li>"#,
                id = attr(p.id),
                name = text(p.name),
                role = text(p.role)
            )
        })
        .collect();
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Acme Intranet</title><style>
body{{font-family:system-ui,sans-serif;background:#f4f6f9;margin:0;display:grid;place-items:center;min-height:100vh}}
main{{background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.15);max-width:24rem;width:calc(100% - 2rem)}}
ul{{list-style:none;padding:0;display:grid;gap:.5rem}} button{{width:100%;text-align:left;padding:.75rem;border:1px solid #c9d1db;border-radius:6px;background:#fff;font-size:1rem;cursor:pointer}}
button:hover,button:focus-visible{{border-color:#0b5cab;outline:2px solid #0b5cab}} span{{display:block;color:#5c6670;font-size:.875rem}}
</style></head><body><main><h1>Sign in to Acme Intranet</h1><p>This demo intranet has no passwords: choose who you are.</p>
<form method="post" action="/intranet/sign-in"><input type="hidden" name="return_to" value="{target}"><ul>{people}</ul></form></main></body></html>"#,
        target = attr(target)
    ))
    .into_response()
}

#[derive(Deserialize)]
pub struct SignInForm {
    person: String,
    return_to: Option<String>,
}

/// The demo forms act for the person (sign-in CSRF would sign a victim in as someone the
/// attacker chose): only this intranet's own pages may submit them.
fn submitted_elsewhere(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    let from = initiator(headers, &state.settings.public_base_url());
    matches!(from, Initiator::CrossSite | Initiator::SameSite).then(|| {
        pages::message(
            StatusCode::FORBIDDEN,
            "Sign in on the intranet's own page",
            "This form was sent from another website, so it was ignored.",
            ("/intranet/sign-in", "Go to the intranet's sign-in"),
        )
    })
}

/// `POST /intranet/sign-in`: starts a session for the chosen person.
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, ApiError> {
    if let Some(refused) = submitted_elsewhere(&state, &headers) {
        return Ok(refused);
    }
    let Some(person) = person(&form.person) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "unknown_person",
            "There is no such person in the demo intranet.",
        ));
    };
    let target = form.return_to.as_deref().and_then(|r| return_to::validate(r).ok()).unwrap_or("/").to_owned();
    let mut id = [0u8; 32];
    getrandom::fill(&mut id).map_err(ApiError::internal)?;
    let session = URL_SAFE_NO_PAD.encode(id);
    state.store.create_session(&session, person.id, SESSION_SECONDS).await?;
    let secure = if state.settings.is_https() { "; Secure" } else { "" };
    let cookie =
        format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}{secure}");
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(ApiError::internal)?);
    Ok(response)
}

/// `POST /intranet/sign-out`.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(refused) = submitted_elsewhere(&state, &headers) {
        return Ok(refused);
    }
    if let Some(session) = cookie_value(&headers, SESSION_COOKIE) {
        state.store.end_session(session).await?;
    }
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("intranet_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    Ok(response)
}
