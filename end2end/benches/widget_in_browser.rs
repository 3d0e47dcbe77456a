//! The browser half of `cargo xtask bench`: the Leptos widget and its Preact and React
//! references, each on the same page shell (`bench/pages/`) with the same in-page probe, against
//! the same backend and demo org (150 ms per Salesforce call), in headless Chromium.
//!
//! Measured, and written as JSON to `target/bench/browser.json` for the table:
//! - cold loads (HTTP cache cleared): when the widget first rendered and when its search box
//!   appeared, per variant, loads alternated; the bytes Chromium transferred for the widget's
//!   files on that first visit and on a repeat visit (Resource Timing `transferSize`);
//! - Lighthouse (`LIGHTHOUSE`, mobile preset) on the demo home page, signed in and connected,
//!   with and without the widget's files;
//! - scripted typing of 20 queries at 80, 150 and 300 ms per key, at 1× and 4× CPU throttling
//!   (DevTools `Emulation.setCPUThrottlingRate`), idle and with two busy threads for background
//!   load: requests per settled query, backend requests, Salesforce calls (the demo org's
//!   counter) and stale paints (a result set on screen that is not the answer for what the box
//!   holds at that moment), plus response → painted results for the 20-record answers at 4×;
//! - a script that types ten queries twice, with the backend's answer cache on (as in
//!   production): Salesforce calls per settled query, for the Leptos widget.
//!
//! Needs `WIDGET_DIST` pointing at the bench site (the widget bundle plus `bench/`), which
//! `cargo xtask bench` assembles. `BENCH_QUICK=1` runs one setting per variant (for trying it);
//! with it, `BENCH_ONLY=paint,leptos` runs nothing but the response → paint script of the named
//! variants, `BENCH_PAINT_ROUNDS=N` types its queries N times (more samples for an A/B), and
//! `BENCH_ONLY=lighthouse` runs one Lighthouse pair only.

use end2end::{Browser, Stack};
use serde_json::{Value, json};
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};
use widget_contract::query::normalize;

/// What people type into an intranet search box: company names, people's tasks, campaigns.
const QUERIES: [&str; 20] = [
    "acme",
    "summit",
    "globex",
    "health",
    "initech",
    "partners",
    "stark",
    "follow up",
    "wayne",
    "partner",
    "hooli",
    "product launch",
    "nordwind",
    "webinar",
    "evergreen",
    "sales",
    "cyberdyne",
    "north",
    "pinnacle",
    "quantum",
];
/// Queries whose answer has 20 records (5 of each type) in the demo org: the response → paint
/// script types each five times.
const PAINT_QUERIES: [&str; 20] = [
    "summit", "health", "partners", "partner", "summit", "health", "partners", "partner", "summit", "health",
    "partners", "partner", "summit", "health", "partners", "partner", "summit", "health", "partners", "partner",
];
const DEBOUNCE_MS: f64 = 200.0;
const SALESFORCE_LATENCY_MS: u64 = 150;
const COLD_LOADS: usize = 5;
/// Lighthouse runs per page (with and without the widget); the table takes the median.
const LIGHTHOUSE_RUNS: usize = 5;
const VARIANTS: [&str; 3] = ["leptos", "preact", "react"];

#[derive(Clone, Copy, Debug)]
struct Setting {
    key_ms: u64,
    throttle: f64,
    loaded: bool,
}

/// Busy threads on every core while a setting runs; stopped (at the latest) when dropped.
struct BackgroundLoad {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl BackgroundLoad {
    fn start(on: bool) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = if on {
            (0..2)
                .map(|_| {
                    let stop = stop.clone();
                    std::thread::spawn(move || {
                        // Bounded: stops when asked, and after 10 minutes whatever happens.
                        let deadline = Instant::now() + Duration::from_secs(600);
                        let mut x = 0u64;
                        while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                            for i in 0..10_000u64 {
                                x = x.wrapping_mul(6364136223846793005).wrapping_add(i);
                            }
                            std::hint::black_box(x);
                        }
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        Self { stop, threads }
    }
}

impl Drop for BackgroundLoad {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// The queries the script lets settle: every value left in the box for at least the debounce
/// (each final value; every prefix too when keys come slower than the debounce), when it is
/// searchable and differs from the value settled before it. Each deserves exactly one request.
fn settled_queries(queries: &[&str], key_ms: u64) -> Vec<String> {
    let mut last: Option<Option<String>> = None;
    let mut settled = Vec::new();
    for query in queries {
        let chars: Vec<char> = query.chars().collect();
        for typed in 1..=chars.len() {
            if typed < chars.len() && (key_ms as f64) < DEBOUNCE_MS {
                continue;
            }
            let normalized = normalize(&chars[..typed].iter().collect::<String>()).ok();
            if last.as_ref() != Some(&normalized) {
                if let Some(query) = &normalized {
                    settled.push(query.clone());
                }
                last = Some(normalized);
            }
        }
    }
    settled
}

struct Bench {
    stack: Stack,
    browser: Browser,
}

impl Bench {
    /// Closes the browser, then stops the stack (a browser left open keeps its renderer busy).
    async fn stop(self) -> anyhow::Result<()> {
        let Bench { stack, browser, .. } = self;
        browser.close().await?;
        drop(stack);
        Ok(())
    }

    async fn start(cache_seconds: u64) -> anyhow::Result<Self> {
        let cache = format!("--search-cache-seconds={cache_seconds}");
        // Scripted typing sends hundreds of searches as one person: the per-person limit would
        // measure itself, not the widget.
        let stack = Stack::start_with_backend_flags(true, &[&cache, "--person-requests-per-minute=0"]).await?;
        let browser = Browser::start().await?;
        browser.sign_in_to_intranet(&stack, "grace").await?;
        browser.find("[data-state='not-connected'] a").await?.click().await?;
        browser.approve_at_salesforce("grace").await?;
        browser.find("input[role='combobox']").await?;
        stack.org.switches.write().unwrap().latency_ms = (SALESFORCE_LATENCY_MS, SALESFORCE_LATENCY_MS);
        Ok(Self { stack, browser })
    }

    fn page(&self, variant: &str) -> String {
        format!("{}/widget/bench/{variant}.html", self.stack.intranet)
    }

    /// Search requests the backend answered so far.
    fn backend_searches(&self) -> f64 {
        self.stack
            .metrics
            .render()
            .lines()
            .filter(|l| l.contains("http_requests_total{") && l.contains("route=\"/api/salesforce/search\""))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    }

    fn salesforce_searches(&self) -> u64 {
        self.stack.org.stats.snapshot().searches
    }

    async fn open(&self, variant: &str) -> anyhow::Result<fantoccini::elements::Element> {
        // No query kept from the previous page: each run starts with an empty box.
        self.browser.client.execute("try { sessionStorage.clear(); } catch (e) {}", vec![]).await?;
        self.browser.client.goto(&self.page(variant)).await?;
        match self.browser.find("input[role='combobox']").await {
            Ok(input) => Ok(input),
            Err(error) => {
                let html = self.browser.client.source().await.unwrap_or_default();
                Err(error.context(format!("the {variant} page shows no search box: {html}")))
            }
        }
    }

    /// Waits until the probe saw the widget render and its search box appear: [shown, interactive],
    /// ms after navigation start.
    async fn rendered(&self) -> anyhow::Result<Value> {
        Ok(self
            .browser
            .client
            .execute_async(
                "const done = arguments[0];
                 const wait = () => window.__probe.interactive !== null && window.__probe.shown !== null
                   ? done([window.__probe.shown, window.__probe.interactive]) : setTimeout(wait, 20);
                 wait();",
                vec![],
            )
            .await?)
    }

    /// Bytes the browser transferred for the widget's own files on the page it shows: Resource
    /// Timing's `transferSize` (headers and the body as sent; 0 for a file the cache gave).
    async fn transferred(&self, variant: &str) -> anyhow::Result<u64> {
        let files = match variant {
            "leptos" => json!(["/widget/salesforce-widget"]),
            reference => json!([format!("/widget/bench/{reference}-widget.js"), "/widget/bench/widget.css"]),
        };
        let bytes = self
            .browser
            .client
            .execute(
                "const files = arguments[0];
                 return performance.getEntriesByType('resource')
                   .filter(entry => files.some(file => entry.name.includes(file)))
                   .reduce((sum, entry) => sum + entry.transferSize, 0);",
                vec![files],
            )
            .await?;
        bytes.as_u64().ok_or_else(|| anyhow::anyhow!("no transfer size for {variant}: {bytes}"))
    }

    /// Cold loads (HTTP cache cleared), alternating the variants: widget first rendered / search
    /// box shown, ms; and the bytes transferred for the widget on that first visit and on a
    /// repeat visit right after it.
    async fn cold_loads(&self) -> anyhow::Result<(Value, Value)> {
        let (mut timings, mut transfer) = (json!({}), json!({}));
        // A quick run (trying things out) loads each variant once.
        let rounds = if std::env::var_os("BENCH_QUICK").is_some() { 1 } else { COLD_LOADS };
        for round in 0..rounds {
            for offset in 0..VARIANTS.len() {
                let variant = VARIANTS[(round + offset) % VARIANTS.len()];
                self.browser.client.goto("about:blank").await?;
                self.browser.cdp("Network.clearBrowserCache", json!({})).await?;
                self.open(variant).await?;
                let load = self.rendered().await?;
                let first = self.transferred(variant).await?;
                self.open(variant).await?;
                self.rendered().await?;
                let repeat = self.transferred(variant).await?;
                let push = |report: &mut Value, value: Value| {
                    let slot = report.as_object_mut().unwrap().entry(variant).or_insert_with(|| json!([]));
                    slot.as_array_mut().unwrap().push(value);
                };
                push(&mut timings, load);
                push(&mut transfer, json!({ "first": first, "repeat": repeat }));
            }
        }
        Ok((timings, transfer))
    }

    /// Lighthouse (mobile preset, simulated throttling) on the demo intranet's home page with its
    /// three widgets, signed in and connected, and on the same page with the widget's files
    /// blocked; alternated. Each run's LCP, TBT, CLS, TTI and FCP, from Lighthouse's JSON.
    async fn lighthouse(&self) -> anyhow::Result<Value> {
        let Some(lighthouse) = std::env::var_os("LIGHTHOUSE") else {
            eprintln!("bench: LIGHTHOUSE is not set, no Lighthouse runs");
            return Ok(Value::Null);
        };
        let cookies = self.browser.client.get_all_cookies().await?;
        let cookie = cookies.iter().map(|c| format!("{}={}", c.name(), c.value())).collect::<Vec<_>>().join("; ");
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let url = format!("{}/", self.stack.intranet);
        let rounds = if std::env::var_os("BENCH_QUICK").is_some() { 1 } else { LIGHTHOUSE_RUNS };
        let mut report = json!({ "with": [], "without": [] });
        for round in 0..rounds {
            for without in if round % 2 == 0 { [false, true] } else { [true, false] } {
                let mut command = std::process::Command::new(&lighthouse);
                command
                    .arg(&url)
                    .args(["--quiet", "--only-categories=performance", "--output=json", "--output-path=stdout"])
                    .arg("--chrome-flags=--headless=new --no-sandbox")
                    .arg(format!("--extra-headers={}", json!({ "Cookie": cookie })))
                    .env("CHROME_PATH", &chromium);
                if without {
                    command.arg("--blocked-url-patterns=*/widget/*");
                }
                // `BENCH_PROFILE=DIR`: Lighthouse's trace too, to see what its long tasks were.
                if let Ok(dir) = std::env::var("BENCH_PROFILE") {
                    command.arg("--save-assets").current_dir(dir);
                }
                // Lighthouse sometimes loses its own trace ("Please run Lighthouse again",
                // NO_NAVSTART): such a run measured nothing and is run again, at most twice.
                let out = tokio::task::spawn_blocking(move || {
                    let mut attempts = 0;
                    loop {
                        attempts += 1;
                        let out = command.output()?;
                        let stderr = String::from_utf8_lossy(&out.stderr);
                        if out.status.success() || attempts == 3 || !stderr.contains("run Lighthouse again") {
                            return std::io::Result::Ok(out);
                        }
                        eprintln!("bench: lighthouse lost its trace, running it again ({})", stderr.trim());
                    }
                })
                .await??;
                anyhow::ensure!(out.status.success(), "lighthouse failed: {}", String::from_utf8_lossy(&out.stderr));
                let page = if without { "without" } else { "with" };
                // The last report of each page stays for reading (layout shifts, long tasks, …).
                let kept = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("../target/bench/lighthouse-{page}-widget.json"));
                std::fs::create_dir_all(kept.parent().unwrap())?;
                std::fs::write(&kept, &out.stdout)?;
                let result: Value = serde_json::from_slice(&out.stdout)?;
                let audit = |id: &str| result["audits"][id]["numericValue"].clone();
                let run = json!({
                    "lcp": audit("largest-contentful-paint"),
                    "tbt": audit("total-blocking-time"),
                    "cls": audit("cumulative-layout-shift"),
                    "tti": audit("interactive"),
                    "fcp": audit("first-contentful-paint"),
                });
                eprintln!("bench: lighthouse {page} the widget: {run}");
                report[page].as_array_mut().unwrap().push(run);
            }
        }
        Ok(report)
    }

    /// Types `queries` into a freshly loaded page of `variant` and returns what was seen.
    async fn typing(&self, variant: &str, setting: Setting, queries: &[&str]) -> anyhow::Result<Value> {
        self.open(variant).await?;
        self.browser.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": setting.throttle })).await?;
        let (backend_before, salesforce_before) = (self.backend_searches(), self.salesforce_searches());
        let load = BackgroundLoad::start(setting.loaded);
        // `BENCH_PROFILE=DIR`: a CPU profile of each run (Chromium's DevTools format), to see
        // where the time goes.
        let profile = std::env::var("BENCH_PROFILE").ok();
        if profile.is_some() {
            self.browser.cdp("Profiler.enable", json!({})).await?;
            self.browser.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 })).await?;
            self.browser.cdp("Profiler.start", json!({})).await?;
        }
        let mut unsettled = Vec::new();
        for query in queries {
            let settled = self
                .browser
                .client
                .execute_async(
                    "const [query, keyMs, done] = arguments; window.__probe.type(query, keyMs).then(done);",
                    vec![(*query).into(), setting.key_ms.into()],
                )
                .await?;
            if settled != true {
                unsettled.push(*query);
            }
        }
        drop(load);
        if let Some(dir) = profile {
            let taken = self.browser.cdp("Profiler.stop", json!({})).await?;
            let file = std::path::Path::new(&dir).join(format!("{variant}-{}ms.cpuprofile", setting.key_ms));
            std::fs::write(file, taken["profile"].to_string())?;
        }
        // Late answers (if any) get their chance to paint before the page is judged.
        tokio::time::sleep(Duration::from_millis(400)).await;
        self.browser.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 1 })).await?;
        let seen = self
            .browser
            .client
            .execute(
                "const p = window.__probe;
                 return { requests: p.requests.length, errors: p.errors,
                          requested: p.requests.map((r) => [r.q, r.count ?? null]),
                          paints: p.summary() };",
                vec![],
            )
            .await?;
        let settled_values = settled_queries(queries, setting.key_ms);
        let settled = settled_values.len();
        let paints = seen["paints"].as_array().cloned().unwrap_or_default();
        let stale: Vec<&Value> = paints.iter().filter(|p| p["stale"] == true).collect();
        // The paint script's 20-record answers, one timing of each.
        let timings = |field: &str| -> Vec<f64> {
            paints.iter().filter(|p| p["count"] == 20).filter_map(|p| p[field].as_f64()).collect()
        };
        Ok(json!({
            "variant": variant,
            "key_ms": setting.key_ms,
            "throttle": setting.throttle,
            "loaded": setting.loaded,
            "queries": queries.len(),
            "settled": settled,
            "settled_values": settled_values,
            "browser_requests": seen["requests"],
            "backend_requests": self.backend_searches() - backend_before,
            "salesforce_calls": self.salesforce_searches() - salesforce_before,
            "stale_paints": stale.len(),
            "stale_examples": stale.iter().take(3).collect::<Vec<_>>(),
            "paints": paints.len(),
            "requested": seen["requested"],
            "script_errors": seen["errors"],
            "unsettled": unsettled,
            "response_to_paint_ms": timings("responseToPaint"),
            "response_to_dom_ms": timings("responseToDom"),
        }))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let started = Instant::now();
    let mut report = json!({});

    // Cache off: every request the backend answers costs one Salesforce call, so the figures
    // are the widget's own, not the cache's.
    let bench = Bench::start(0).await?;
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let paint_only = quick && only.contains("paint");
    if !paint_only {
        if !(quick && only == "lighthouse") {
            (report["cold_loads"], report["transfer"]) = bench.cold_loads().await?;
        }
        report["lighthouse"] = bench.lighthouse().await?;
    }
    if quick && only == "lighthouse" {
        bench.stop().await?;
        return write_report(report, started);
    }
    let paint_rounds =
        std::env::var("BENCH_PAINT_ROUNDS").ok().and_then(|n| n.parse().ok()).filter(|_| quick).unwrap_or(1);
    let paint_queries = PAINT_QUERIES.repeat(paint_rounds);
    let mut runs = Vec::new();
    // (variant, setting, whether it is the response → paint script)
    let mut plan: Vec<(&str, Setting, bool)> = Vec::new();
    for loaded in [false, true] {
        for throttle in [1.0, 4.0] {
            for key_ms in [80, 150, 300] {
                plan.push(("leptos", Setting { key_ms, throttle, loaded }, false));
            }
        }
    }
    // Every variant: the response → paint script at 4× (idle), and the hardest typing setting.
    for variant in VARIANTS {
        plan.push((variant, Setting { key_ms: 150, throttle: 4.0, loaded: false }, true));
        if variant != "leptos" {
            plan.push((variant, Setting { key_ms: 150, throttle: 4.0, loaded: true }, false));
        }
    }
    if quick {
        let variants: Vec<&str> = only.split(',').filter(|name| VARIANTS.contains(name)).collect();
        plan.retain(|(variant, setting, paint)| {
            (variants.is_empty() || variants.contains(variant))
                && (*paint || (!paint_only && setting.loaded && setting.key_ms == 150 && setting.throttle == 4.0))
        });
    }
    for (variant, setting, paint_script) in plan {
        let queries: &[&str] = if paint_script { &paint_queries } else { &QUERIES };
        let mut run = bench.typing(variant, setting, queries).await?;
        run["script"] = json!(if paint_script { "paint" } else { "typing" });
        eprintln!(
            "bench: {variant} {} {} ms/key {}× {}: {} settled, {} requests, {} Salesforce calls, {} stale",
            run["script"],
            setting.key_ms,
            setting.throttle,
            if setting.loaded { "loaded" } else { "idle" },
            run["settled"],
            run["browser_requests"],
            run["salesforce_calls"],
            run["stale_paints"]
        );
        runs.push(run);
    }
    report["typing"] = Value::Array(runs);
    bench.stop().await?;
    if paint_only {
        return write_report(report, started);
    }
    if quick && only == "cold" {
        eprintln!("bench: cold loads {}", report["cold_loads"]);
        eprintln!("bench: transferred {}", report["transfer"]);
        return Ok(());
    }

    // Cache on, as in production: each query typed twice.
    let bench = Bench::start(30).await?;
    let twice: Vec<&str> = QUERIES[..10].iter().chain(QUERIES[..10].iter()).copied().collect();
    let repeats = vec![bench.typing("leptos", Setting { key_ms: 150, throttle: 1.0, loaded: false }, &twice).await?];
    report["repeats"] = Value::Array(repeats);
    bench.stop().await?;
    write_report(report, started)
}

/// Writes `target/bench/browser.json`, which `cargo xtask bench` reads.
fn write_report(mut report: Value, started: Instant) -> anyhow::Result<()> {
    report["seconds"] = json!(started.elapsed().as_secs_f64());
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench/browser.json");
    std::fs::create_dir_all(out.parent().unwrap())?;
    std::fs::write(&out, serde_json::to_string_pretty(&report)?)?;
    eprintln!("bench: wrote {} in {:.0} s", out.display(), started.elapsed().as_secs_f64());
    Ok(())
}
