//! What the backend adds to a search, measured with `oha` at a fixed arrival rate (latency
//! corrected for coordinated omission), against the demo org directly and through the backend,
//! in the same run:
//! - the backend is the real binary, pinned to CPU 1 (`taskset`), SQLite, answer cache off so
//!   every search reaches Salesforce;
//! - the demo org (in this process) and `oha` are pinned to CPU 0; each Salesforce call waits
//!   150 ms, as a real org's search does;
//! - direct: the same SOSL statement the backend sends, with the same user's access token.
//!
//! Then the rate is raised step by step until the backend's p99 doubles (or it cannot keep
//! up): the throughput one core of backend sustains. Writes `target/bench/added_latency.json`.
//! `BENCH_QUICK=1` shortens every step (for trying it); `BENCH_BACKEND_BIN=path` measures another
//! build of the backend (to compare two, alternated).

#[path = "../tests/support/mod.rs"]
mod support;

use demo_org::Switches;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use support::{Browser, KEY, SECRET, cluster::free_port};
use widget_backend::{catalog::Catalog, salesforce::query};

const LATENCY_MS: u64 = 150;
const QUERY: &str = "acme";
/// Searches per second of the added-latency comparison (2,000 per side and round).
const STEADY_RATE: u64 = 200;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One `oha` run: `rate` requests per second for `seconds`, on CPU 0.
fn oha(url: &str, header: &str, rate: u64, seconds: u64) -> anyhow::Result<Value> {
    let connections = (rate * (LATENCY_MS + 100) / 1000).clamp(8, 2_000);
    let output = Command::new("taskset")
        .args(["-c", "0", "oha", "--no-tui", "--output-format", "json", "--latency-correction"])
        .args(["-z", &format!("{seconds}s"), "-q", &rate.to_string(), "-c", &connections.to_string()])
        .args(["-H", header, url])
        .stderr(Stdio::inherit())
        .output()?;
    anyhow::ensure!(output.status.success(), "oha failed: {}", output.status);
    let report: Value = serde_json::from_slice(&output.stdout)?;
    let ms = |p: &str| report["latencyPercentiles"][p].as_f64().map(|s| s * 1e3);
    let ok = report["statusCodeDistribution"]["200"].as_u64().unwrap_or(0);
    let total: u64 =
        report["statusCodeDistribution"].as_object().map_or(0, |m| m.values().filter_map(Value::as_u64).sum());
    // Requests still in flight when the run's time is up are cut off by oha: not failures.
    let errors: u64 = report["errorDistribution"]
        .as_object()
        .map_or(0, |m| m.iter().filter(|(kind, _)| !kind.contains("deadline")).filter_map(|(_, n)| n.as_u64()).sum());
    Ok(json!({
        "rate": rate,
        "achieved": report["summary"]["requestsPerSec"],
        "p50_ms": ms("p50"),
        "p99_ms": ms("p99"),
        "ok": ok,
        "not_ok": total - ok,
        "errors": errors,
    }))
}

fn pin_this_process_to_cpu0() -> anyhow::Result<()> {
    let status = Command::new("taskset")
        .args(["-a", "-cp", "0", &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "taskset could not pin the demo org");
    Ok(())
}

/// An access token of `alias` straight from the demo org (authorization code grant), for the
/// direct calls.
async fn direct_token(
    client: &Browser,
    org_base: &str,
    callback: &str,
    alias: &str,
) -> anyhow::Result<(String, String)> {
    let authorize = format!(
        "{org_base}/services/oauth2/authorize?response_type=code&client_id={KEY}&redirect_uri={}&state=bench",
        urlencoding(callback)
    );
    let back = client.at_salesforce(&authorize, alias, "approve").await;
    let code = url_param(&back, "code").ok_or_else(|| anyhow::anyhow!("no code in {back}"))?;
    let token: Value = client
        .http
        .post(format!("{org_base}/services/oauth2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", KEY),
            ("client_secret", SECRET),
            ("redirect_uri", callback),
        ])
        .send()
        .await?
        .json()
        .await?;
    let field = |name: &str| token[name].as_str().map(str::to_owned).ok_or_else(|| anyhow::anyhow!("no {name}"));
    Ok((field("access_token")?, field("instance_url")?))
}

fn urlencoding(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)]).unwrap_or_default().trim_start_matches("v=").to_owned()
}

fn url_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let step_seconds = if quick { 3 } else { 8 };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let callback = format!("{base}/marketplace/salesforce/account/sign-in/oauth2");
    let org = support::start_org(&callback).await;
    let data_dir = tempfile::tempdir()?;
    // CPU 1 normally; `BENCH_BACKEND_CPU=0` shares the core with the demo org (to see what the
    // cross-core hops cost).
    let backend_cpu = std::env::var("BENCH_BACKEND_CPU").unwrap_or_else(|_| "1".to_owned());
    // `BENCH_BACKEND_BIN`: another build of the backend (an A/B of one change, alternated).
    let binary = std::env::var("BENCH_BACKEND_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_widget-backend").to_owned());
    let backend = Killed(
        Command::new("taskset")
            .args(["-c", &backend_cpu, &binary])
            .env("RUST_LOG", "warn")
            .env("WIDGET_ADDR", format!("127.0.0.1:{port}"))
            .env("WIDGET_DATA_DIR", data_dir.path())
            .env("WIDGET_SEARCH_CACHE_SECONDS", "0")
            // One person at a fixed arrival rate: measures the backend's work, not the limit.
            .env("WIDGET_PERSON_REQUESTS_PER_MINUTE", "0")
            .env("WIDGET_INITIAL_CONSUMER_KEY", KEY)
            .env("WIDGET_INITIAL_CONSUMER_SECRET", SECRET)
            .env("WIDGET_INITIAL_LOGIN_HOST", &org.base)
            .stdout(Stdio::null())
            .spawn()?,
    );
    pin_this_process_to_cpu0()?;
    let probe = reqwest::Client::new();
    for _ in 0..200 {
        if probe.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Grace, connected through the backend as a person would be, and her own token for the
    // direct calls (as the backend would hold it).
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let http =
        reqwest::Client::builder().cookie_provider(jar.clone()).redirect(reqwest::redirect::Policy::none()).build()?;
    let browser = Browser { http, intranet: base.clone() };
    browser.http.post(browser.url("/intranet/sign-in")).form(&[("person", "grace"), ("return_to", "/")]).send().await?;
    browser.connect("grace").await;
    let session = reqwest::cookie::CookieStore::cookies(&*jar, &base.parse()?)
        .ok_or_else(|| anyhow::anyhow!("no intranet session cookie"))?;
    let session = session.to_str()?.to_owned();
    let (token, instance) = direct_token(&browser, &org.base, &callback, "grace").await?;
    *org.org.switches.write().unwrap() =
        Switches { latency_ms: (LATENCY_MS, LATENCY_MS), api_limit: u64::MAX / 2, ..Switches::default() };

    let normalized = query::normalize(QUERY).expect("a searchable query");
    let sosl =
        query::statement(&normalized, Catalog::presets().objects(), 5, 0, &Default::default(), "005Dm0000000001AAA");
    let direct_url = format!("{instance}/services/data/v62.0/search/?{}", serde_urlencoded::to_string([("q", &sosl)])?);
    let backend_url = format!("{base}/api/salesforce/search?q={QUERY}");
    let bearer = format!("Authorization: Bearer {token}");
    let cookie = format!("Cookie: {session}");

    // Added latency: A/B three times at a steady rate.
    let mut pairs = Vec::new();
    for _ in 0..3 {
        let direct = oha(&direct_url, &bearer, STEADY_RATE, step_seconds)?;
        let through = oha(&backend_url, &cookie, STEADY_RATE, step_seconds)?;
        eprintln!(
            "bench: {STEADY_RATE}/s direct p50/p99 {} / {} ms; through the backend {} / {} ms",
            direct["p50_ms"], direct["p99_ms"], through["p50_ms"], through["p99_ms"]
        );
        pairs.push(json!({ "direct": direct, "backend": through }));
    }
    let mean = |side: &str, p: &str| pairs.iter().filter_map(|x| x[side][p].as_f64()).sum::<f64>() / pairs.len() as f64;
    let baseline_p99 = mean("backend", "p99_ms");

    // One core of backend: raise the rate until its p99 doubles or it falls behind.
    let mut steps = Vec::new();
    let mut sustained = 0;
    for rate in [500, 1_000, 1_500, 2_000, 2_500, 3_000, 4_000] {
        let through = oha(&backend_url, &cookie, rate, step_seconds)?;
        let p99 = through["p99_ms"].as_f64().unwrap_or(f64::MAX);
        let achieved = through["achieved"].as_f64().unwrap_or(0.0);
        let held = p99 < 2.0 * baseline_p99
            && achieved >= 0.95 * rate as f64
            && through["not_ok"] == 0
            && through["errors"] == 0;
        eprintln!(
            "bench: {rate}/s through the backend: achieved {achieved:.0}/s, p99 {p99:.1} ms, {}",
            if held { "held" } else { "p99 doubled or fell behind" }
        );
        steps.push(through);
        if !held {
            break;
        }
        sustained = rate;
    }
    // The demo org alone at the rate that broke it, to tell whose limit it was.
    let last_rate = steps.last().and_then(|s| s["rate"].as_u64()).unwrap_or(500);
    let direct_at_limit = oha(&direct_url, &bearer, last_rate, step_seconds)?;

    let report = json!({
        "latency_ms": LATENCY_MS,
        "steady_rate": STEADY_RATE,
        "pairs": pairs,
        "direct_p50_ms": mean("direct", "p50_ms"),
        "direct_p99_ms": mean("direct", "p99_ms"),
        "backend_p50_ms": mean("backend", "p50_ms"),
        "backend_p99_ms": baseline_p99,
        "steps": steps,
        "sustained_rate": sustained,
        "direct_at_limit": direct_at_limit,
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench/added_latency.json");
    std::fs::create_dir_all(out.parent().unwrap())?;
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    drop(backend);
    Ok(())
}
