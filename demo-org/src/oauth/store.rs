//! The demo org's OAuth bookkeeping: authorization codes, access and refresh tokens (grouped
//! into families for refresh-token rotation), browser sessions and remembered approvals.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use std::{
    collections::{HashMap, HashSet},
    time::{Duration, Instant},
};

/// Authorization codes live 15 minutes and are single-use.
pub const CODE_LIFETIME: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone)]
pub struct AuthCode {
    pub consumer_key: String,
    pub user_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub code_challenge: Option<String>,
    pub issued: Instant,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub user_id: String,
    pub consumer_key: String,
    pub scopes: Vec<String>,
    pub expires: Instant,
    pub family: u64,
}

#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub user_id: String,
    pub consumer_key: String,
    pub scopes: Vec<String>,
    pub family: u64,
    /// False once rotated out: presenting it again revokes the whole family.
    pub current: bool,
}

/// Why a refresh token cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshRefusal {
    Unknown,
    /// Rotated out and replayed: the family has been revoked.
    Replayed,
    /// Another request is refreshing this token right now.
    InFlight,
}

#[derive(Debug, Default)]
pub struct OAuthStore {
    codes: HashMap<String, AuthCode>,
    access_tokens: HashMap<String, AccessToken>,
    refresh_tokens: HashMap<String, RefreshToken>,
    refreshing: HashSet<String>,
    /// Browser session cookie → user id.
    sessions: HashMap<String, String>,
    /// (user id, consumer key) pairs the user approved.
    approvals: HashSet<(String, String)>,
    next_family: u64,
}

/// A random token of `bytes` random bytes, URL-safe.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::fill(buffer.as_mut_slice());
    URL_SAFE_NO_PAD.encode(buffer)
}

impl OAuthStore {
    pub fn new_session(&mut self, user_id: &str) -> String {
        let id = random_token(24);
        self.sessions.insert(id.clone(), user_id.to_owned());
        id
    }

    pub fn session_user(&self, session: &str) -> Option<&str> {
        self.sessions.get(session).map(String::as_str)
    }

    pub fn approve(&mut self, user_id: &str, consumer_key: &str) {
        self.approvals.insert((user_id.to_owned(), consumer_key.to_owned()));
    }

    pub fn has_approved(&self, user_id: &str, consumer_key: &str) -> bool {
        self.approvals.contains(&(user_id.to_owned(), consumer_key.to_owned()))
    }

    /// Issues a code. Salesforce's codes end in `==`; so do these, to catch encoding bugs.
    pub fn issue_code(&mut self, code: AuthCode) -> String {
        let value = format!("aPrx{}==", random_token(48));
        self.codes.insert(value.clone(), code);
        value
    }

    /// Takes a code out (single use); expired codes are gone too.
    pub fn take_code(&mut self, code: &str) -> Result<AuthCode, &'static str> {
        let entry = self.codes.remove(code).ok_or("invalid authorization code")?;
        if entry.issued.elapsed() > CODE_LIFETIME {
            return Err("expired authorization code");
        }
        Ok(entry)
    }

    pub fn new_family(&mut self) -> u64 {
        self.next_family += 1;
        self.next_family
    }

    pub fn issue_access_token(&mut self, org_id: &str, token: AccessToken) -> String {
        // Salesforce access tokens start with the 15-character org id and `!`.
        let value = format!("{}!AQ{}", &org_id[..15], random_token(72));
        self.access_tokens.insert(value.clone(), token);
        value
    }

    pub fn issue_refresh_token(&mut self, token: RefreshToken) -> String {
        let value = format!("5Aep861{}", random_token(60));
        self.refresh_tokens.insert(value.clone(), token);
        value
    }

    /// A valid (known, unexpired) access token.
    pub fn access_token(&self, value: &str) -> Option<&AccessToken> {
        self.access_tokens.get(value).filter(|t| t.expires > Instant::now())
    }

    /// Marks `value` as being refreshed, or says why it cannot be.
    pub fn begin_refresh(&mut self, value: &str) -> Result<RefreshToken, RefreshRefusal> {
        let token = self.refresh_tokens.get(value).cloned().ok_or(RefreshRefusal::Unknown)?;
        if !token.current {
            self.revoke_family(token.family);
            return Err(RefreshRefusal::Replayed);
        }
        if !self.refreshing.insert(value.to_owned()) {
            return Err(RefreshRefusal::InFlight);
        }
        Ok(token)
    }

    pub fn end_refresh(&mut self, value: &str) {
        self.refreshing.remove(value);
    }

    /// Rotation: the old refresh token stays known (to detect replay) but is no longer current.
    pub fn rotate_out(&mut self, value: &str) {
        if let Some(token) = self.refresh_tokens.get_mut(value) {
            token.current = false;
        }
    }

    /// Revokes an access or refresh token; a refresh token takes its whole family with it.
    pub fn revoke(&mut self, value: &str) -> bool {
        if let Some(token) = self.refresh_tokens.get(value) {
            let family = token.family;
            self.revoke_family(family);
            return true;
        }
        self.access_tokens.remove(value).is_some()
    }

    pub fn revoke_family(&mut self, family: u64) {
        self.access_tokens.retain(|_, t| t.family != family);
        self.refresh_tokens.retain(|_, t| t.family != family);
    }

    /// Revokes every token of a user (Setup › Users › OAuth Apps › Revoke).
    pub fn revoke_user(&mut self, user_id: &str) -> usize {
        let before = self.access_tokens.len() + self.refresh_tokens.len();
        self.access_tokens.retain(|_, t| t.user_id != user_id);
        self.refresh_tokens.retain(|_, t| t.user_id != user_id);
        self.approvals.retain(|(user, _)| user != user_id);
        before - self.access_tokens.len() - self.refresh_tokens.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refresh(family: u64) -> RefreshToken {
        RefreshToken { user_id: "u".into(), consumer_key: "k".into(), scopes: vec![], family, current: true }
    }

    #[test]
    fn codes_are_single_use() {
        let mut store = OAuthStore::default();
        let code = store.issue_code(AuthCode {
            consumer_key: "k".into(),
            user_id: "u".into(),
            redirect_uri: "r".into(),
            scopes: vec![],
            code_challenge: None,
            issued: Instant::now(),
        });
        assert!(code.ends_with("=="));
        assert!(store.take_code(&code).is_ok());
        assert_eq!(store.take_code(&code).unwrap_err(), "invalid authorization code");
    }

    #[test]
    fn a_second_concurrent_refresh_is_refused_and_a_replay_revokes_the_family() {
        let mut store = OAuthStore::default();
        let family = store.new_family();
        let old = store.issue_refresh_token(refresh(family));
        assert!(store.begin_refresh(&old).is_ok());
        assert_eq!(store.begin_refresh(&old).unwrap_err(), RefreshRefusal::InFlight);
        store.end_refresh(&old);
        store.rotate_out(&old);
        let new = store.issue_refresh_token(refresh(family));
        assert_eq!(store.begin_refresh(&old).unwrap_err(), RefreshRefusal::Replayed);
        assert_eq!(store.begin_refresh(&new).unwrap_err(), RefreshRefusal::Unknown, "the family is gone");
    }
}
