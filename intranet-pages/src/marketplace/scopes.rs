//! The choices the form offers, in Salesforce's own words.

/// Scopes the setup guide asks for, with Salesforce's labels; `needed` ones the widget cannot
/// work without.
pub struct ScopeChoice {
    pub scope: &'static str,
    pub label: &'static str,
    pub needed: bool,
}

pub const SCOPE_CHOICES: [ScopeChoice; 6] = [
    ScopeChoice { scope: "api", label: "Access and manage your data (api)", needed: true },
    ScopeChoice { scope: "custom_permissions", label: "Access custom permissions (custom_permissions)", needed: false },
    ScopeChoice {
        scope: "id",
        label: "Access your basic information (id, profile, email, address, phone)",
        needed: false,
    },
    ScopeChoice { scope: "full", label: "Full access (full)", needed: false },
    ScopeChoice {
        scope: "refresh_token",
        label: "Perform requests on your behalf at any time (refresh_token, offline_access)",
        needed: true,
    },
    ScopeChoice { scope: "web", label: "Provide access to your data via the Web (web)", needed: false },
];

pub const PRODUCTION: &str = "https://login.salesforce.com";
pub const SANDBOX: &str = "https://test.salesforce.com";

/// Where users sign in to Salesforce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginHost {
    Production,
    Sandbox,
    /// The org's My Domain URL (or any other login host, such as the demo org).
    MyDomain,
}

impl LoginHost {
    /// Which choice a stored host is, and the My Domain URL when it is one.
    pub fn classify(host: Option<&str>) -> (LoginHost, String) {
        match host {
            None | Some(PRODUCTION) => (LoginHost::Production, String::new()),
            Some(SANDBOX) => (LoginHost::Sandbox, String::new()),
            Some(other) => (LoginHost::MyDomain, other.to_owned()),
        }
    }

    /// The host to save.
    pub fn url(self, my_domain: &str) -> String {
        match self {
            LoginHost::Production => PRODUCTION.to_owned(),
            LoginHost::Sandbox => SANDBOX.to_owned(),
            LoginHost::MyDomain => my_domain.trim().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_hosts_map_back_to_their_choice() {
        for (host, choice) in [
            (None, LoginHost::Production),
            (Some(PRODUCTION), LoginHost::Production),
            (Some(SANDBOX), LoginHost::Sandbox),
            (Some("https://acme.my.salesforce.com"), LoginHost::MyDomain),
        ] {
            let (kind, my_domain) = LoginHost::classify(host);
            assert_eq!(kind, choice);
            assert_eq!(kind.url(&my_domain), host.unwrap_or(PRODUCTION));
        }
    }
}
