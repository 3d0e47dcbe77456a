//! Every log line of a whole journey (sign-in, search, refresh, failures, configuration save),
//! at the most verbose level, and every answer the browser gets, hold no access token, refresh
//! token or consumer secret.

mod support;

use demo_org::Switches;
use secrecy::ExposeSecret;
use std::{
    io::Write,
    sync::{Arc, Mutex},
    time::Duration,
};
use support::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).init();

    let world = World::start().await;
    let ada = world.browser("ada").await;
    world.switches(Switches { access_token_seconds: 1, ..Switches::default() });
    ada.connect("ada").await;
    let first = world.backend.state.store.connection("ada").await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    world.switches(Switches::default());
    let (_, refreshed_search) = ada.search("acme").await; // refresh
    let second = world.backend.state.store.connection("ada").await.unwrap().unwrap();
    world.switches(Switches { outage: true, ..Switches::default() });
    ada.search("acme").await;
    world.switches(Switches::default());
    let config = serde_json::json!({ "consumer_key": KEY, "consumer_secret": "a-brand-new-secret", "login_host": world.org.base });
    // Everything the browser receives, connected and after the save purged the connection.
    let mut bodies = vec![refreshed_search.to_string()];
    for path in ["/api/salesforce/status", "/api/admin/marketplace/salesforce", "/api/salesforce/search?q=globex", "/"]
    {
        bodies.push(ada.get(path).await.text().await.unwrap());
    }
    let (_, saved) = ada.put_config(config).await;
    bodies.push(saved.to_string());
    for path in ["/api/salesforce/status", "/api/admin/marketplace/salesforce", "/api/salesforce/search?q=acme"] {
        bodies.push(ada.get(path).await.text().await.unwrap());
    }

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(logs.contains("marketplace configuration saved"), "the capture works");
    let secrets = [
        first.access_token.expose_secret().to_owned(),
        first.refresh_token.as_ref().unwrap().expose_secret().to_owned(),
        second.access_token.expose_secret().to_owned(),
        SECRET.to_owned(),
        "a-brand-new-secret".to_owned(),
    ];
    for secret in &secrets {
        // The distinctive middle of each secret is enough to catch partial leaks.
        let needle = &secret[secret.len() / 4..secret.len() / 4 + 12];
        assert!(!logs.contains(needle), "a secret appears in the logs");
        for body in &bodies {
            assert!(!body.contains(needle), "a secret reached the browser: {body}");
        }
    }
}
