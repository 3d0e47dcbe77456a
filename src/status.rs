//! The backend's answer to "who am I and can I search?", and the widget state it implies.

pub use widget_contract::status::Status;

/// What one widget instance shows, derived from the status answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Readiness {
    /// No Connected App has been configured yet.
    NotConfigured { is_admin: bool },
    /// Configured, but this user never connected (or disconnected).
    NotConnected,
    /// The connection ended; the reason code says why (`config_changed`, `token_revoked`).
    ReauthRequired { reason: String },
    /// Connected as the named Salesforce user.
    Ready { salesforce_user: Option<String> },
}

/// What a status answer means for a widget.
pub fn readiness(status: &Status) -> Readiness {
    if !status.configured {
        Readiness::NotConfigured { is_admin: status.is_admin }
    } else if status.connected {
        Readiness::Ready { salesforce_user: status.salesforce_user.clone() }
    } else if let Some(reason) = &status.reauth_reason {
        Readiness::ReauthRequired { reason: reason.clone() }
    } else {
        Readiness::NotConnected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unconfigured_wins_over_everything() {
        let s = Status { configured: false, connected: true, is_admin: true, ..Default::default() };
        assert_eq!(readiness(&s), Readiness::NotConfigured { is_admin: true });
    }

    #[test]
    fn a_reason_means_reauthentication() {
        let s = Status { configured: true, reauth_reason: Some("config_changed".into()), ..Default::default() };
        assert_eq!(readiness(&s), Readiness::ReauthRequired { reason: "config_changed".into() });
    }

    #[test]
    fn connected_is_ready() {
        let s = Status { configured: true, connected: true, salesforce_user: Some("Ada".into()), ..Default::default() };
        assert_eq!(readiness(&s), Readiness::Ready { salesforce_user: Some("Ada".into()) });
        let s = Status { configured: true, ..Default::default() };
        assert_eq!(readiness(&s), Readiness::NotConnected);
    }
}
