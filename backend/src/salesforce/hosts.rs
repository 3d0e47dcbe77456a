//! Which addresses may receive a user's Salesforce token: the login host, and the `instance_url`
//! and identity URL that the token endpoint names. A token endpoint that is not Salesforce (a
//! mistyped login host, a compromised proxy) must not be able to send tokens elsewhere, so each
//! of them is a Salesforce host over HTTPS, or loopback when the login host itself is loopback
//! (the demo org on this machine).

use reqwest::Url;

/// The domains under which Salesforce serves login hosts, My Domains (production, sandbox,
/// Developer Edition, scratch: `*.my.salesforce.com`, `*.sandbox.my.salesforce.com`, …), the
/// Lightning and legacy instance hosts (`*.force.com`, `*.cloudforce.com`), Experience Cloud
/// sites (`*.my.site.com`) and Government Cloud Plus (`*.my.salesforce.mil`).
const SALESFORCE_DOMAINS: &[&str] = &["salesforce.com", "force.com", "cloudforce.com", "site.com", "salesforce.mil"];
/// Where an org's REST API and identity URL live: its My Domain (`*.my.salesforce.com`,
/// `*.my.salesforce.mil`), a login host, or a legacy instance (`na1.salesforce.com`). Not the
/// domains any customer can serve pages on (`*.my.site.com`, Salesforce Sites on `force.com`):
/// a token answer naming one of those is not sent a token.
const INSTANCE_DOMAINS: &[&str] = &["salesforce.com", "salesforce.mil"];

fn is_under(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

/// A host name Salesforce serves (`acme.my.salesforce.com`), not merely one that contains
/// Salesforce's name (`salesforce.com.evil.example`, `evilsalesforce.com`).
pub fn is_salesforce_host(host: &str) -> bool {
    under_any(host, SALESFORCE_DOMAINS)
}

fn under_any(host: &str, domains: &[&str]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    domains.iter().any(|domain| is_under(&host, domain))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Whether a login host (already normalised, e.g. `https://login.salesforce.com`) is the demo
/// org or another Salesforce stand-in on this machine.
pub fn is_loopback_login_host(login_host: &str) -> bool {
    Url::parse(login_host).is_ok_and(|url| is_loopback(&url))
}

/// Whether `address` (an `instance_url` or identity URL) may receive a token issued through
/// `login_host`: HTTPS to an org's API host, or loopback when the login host is loopback too.
/// No user name or password in it.
pub fn may_receive_tokens(login_host: &str, address: &str) -> bool {
    let Ok(url) = Url::parse(address) else { return false };
    if !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    match url.scheme() {
        "https" if url.host_str().is_some_and(|host| under_any(host, INSTANCE_DOMAINS)) => true,
        "https" | "http" => is_loopback(&url) && is_loopback_login_host(login_host),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRODUCTION: &str = "https://login.salesforce.com";
    const DEMO: &str = "http://127.0.0.1:8081";

    #[test]
    fn salesforce_hosts_are_recognised_by_their_domain() {
        for host in [
            "login.salesforce.com",
            "test.salesforce.com",
            "acme.my.salesforce.com",
            "acme--uat.sandbox.my.salesforce.com",
            "acme-dev-ed.develop.my.salesforce.com",
            "acme.lightning.force.com",
            "na1.salesforce.com",
            "acme.my.site.com",
            "acme.my.salesforce.mil",
            "ACME.My.Salesforce.Com.",
        ] {
            assert!(is_salesforce_host(host), "{host}");
        }
        for host in [
            "salesforce.com.evil.example",
            "evilsalesforce.com",
            "evil-force.com",
            "my-salesforce.com",
            "salesforce.co",
            "127.0.0.1",
            "",
        ] {
            assert!(!is_salesforce_host(host), "{host}");
        }
    }

    #[test]
    fn tokens_go_only_to_salesforce_or_to_loopback_behind_a_loopback_login_host() {
        assert!(may_receive_tokens(PRODUCTION, "https://acme.my.salesforce.com"));
        assert!(may_receive_tokens(PRODUCTION, "https://login.salesforce.com/id/00D/005"));
        assert!(may_receive_tokens(DEMO, "https://acme.my.salesforce.com"));
        assert!(may_receive_tokens(DEMO, "http://127.0.0.1:8081"));
        assert!(may_receive_tokens(DEMO, "http://localhost:9/id/00D/005"));
        assert!(may_receive_tokens("http://[::1]:8081", "http://[::1]:8081"));
        for foreign in [
            "https://evil.example",
            "http://acme.my.salesforce.com",
            "https://acme.my.salesforce.com.evil.example",
            "https://user:pass@acme.my.salesforce.com",
            "http://127.0.0.1:8081",
            "http://localhost:8081",
            "ftp://acme.my.salesforce.com",
            "acme.my.salesforce.com",
            "",
        ] {
            assert!(!may_receive_tokens(PRODUCTION, foreign), "{foreign}");
        }
        // Pages any customer can serve are not API hosts.
        for customer_pages in ["https://x.my.site.com", "https://x.force.com", "https://x.lightning.force.com"] {
            assert!(!may_receive_tokens(PRODUCTION, customer_pages), "{customer_pages}");
        }
        assert!(may_receive_tokens(PRODUCTION, "https://acme.my.salesforce.mil"));
        assert!(!may_receive_tokens(DEMO, "https://evil.example"));
        assert!(!may_receive_tokens(DEMO, "http://127.0.0.1.evil.example:8081"));
    }
}
