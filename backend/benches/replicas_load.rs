//! A bounded load run: three backend replicas (the real binary) on one PostgreSQL database and
//! one demo org, every demo person connected, searches with random queries spread over the
//! replicas by a fixed number of concurrent clients, short-lived access tokens so refreshes
//! happen during the run. Prints throughput, latency percentiles, errors, refreshes and each
//! replica's resident memory at start and end.
//!
//! `BENCH_SECONDS` (default 20), `BENCH_CLIENTS` (default 32), `BENCH_LATENCY_MS` (demo org
//! latency per call, default 150), `WIDGET_TEST_POSTGRES` (default the local server).

#[path = "../tests/support/mod.rs"]
mod support;

use demo_org::Switches;
use std::time::{Duration, Instant};
use support::cluster::Cluster;

const PEOPLE: [&str; 4] = ["ada", "grace", "alan", "hedy"];
const WORDS: [&str; 24] = [
    "acme",
    "global",
    "tech",
    "north",
    "south",
    "media",
    "energy",
    "health",
    "bank",
    "logistics",
    "retail",
    "partners",
    "systems",
    "summit",
    "webinar",
    "follow",
    "call",
    "email",
    "meeting",
    "united",
    "pacific",
    "digital",
    "green",
    "labs",
];

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let seconds = setting("BENCH_SECONDS", 20);
    let clients = setting("BENCH_CLIENTS", 32) as usize;
    let latency = setting("BENCH_LATENCY_MS", 150);
    let cluster = Cluster::start().await;
    cluster.switches(Switches { access_token_seconds: 5, ..Switches::default() });
    let mut browsers = Vec::new();
    for person in PEOPLE {
        browsers.push(cluster.connected(person).await);
    }
    cluster.switches(Switches { access_token_seconds: 5, latency_ms: (latency, latency), ..Switches::default() });
    let rss_start: Vec<u64> = cluster.replicas.iter().map(|r| rss_kib(r.child.id())).collect();
    let bases = cluster.bases();
    let started = Instant::now();
    let deadline = Duration::from_secs(seconds);
    let workers = (0..clients).map(|client| {
        let browser = browsers[client % browsers.len()].on(&bases[client % bases.len()]);
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = std::collections::BTreeMap::<u16, u64>::new();
            // Bounded twice: by time and by a request count no run reaches.
            for _ in 0..1_000_000 {
                if started.elapsed() > deadline {
                    break;
                }
                let query = format!(
                    "{} {}",
                    WORDS[rand::random_range(0..WORDS.len())],
                    WORDS[rand::random_range(0..WORDS.len())]
                );
                let sent = Instant::now();
                let status = browser.search(&query).await.0;
                latencies.push(sent.elapsed());
                if status != reqwest::StatusCode::OK {
                    *errors.entry(status.as_u16()).or_default() += 1;
                }
            }
            (latencies, errors)
        })
    });
    let mut latencies = Vec::new();
    let mut errors = std::collections::BTreeMap::<u16, u64>::new();
    for worker in workers.collect::<Vec<_>>() {
        let (mut l, e) = worker.await.unwrap();
        latencies.append(&mut l);
        for (status, count) in e {
            *errors.entry(status).or_default() += count;
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let rss_end: Vec<u64> = cluster.replicas.iter().map(|r| rss_kib(r.child.id())).collect();
    let stats = cluster.org.org.stats.snapshot();
    println!("replicas: 3 on one PostgreSQL database; clients: {clients}; demo org latency: {latency} ms; {seconds} s");
    println!("| metric | value |");
    println!("|---|---|");
    println!("| searches answered | {} |", latencies.len());
    println!("| throughput | {:.0} searches/s |", latencies.len() as f64 / elapsed.as_secs_f64());
    println!(
        "| latency p50 / p90 / p99 / max | {:.1} / {:.1} / {:.1} / {:.1} ms |",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    println!("| errors by status | {errors:?} |");
    println!(
        "| token refreshes at the demo org | {} (concurrent refreshes refused: {}) |",
        stats.refresh_grants, stats.refresh_rejected_concurrent
    );
    for (i, (start, end)) in rss_start.iter().zip(&rss_end).enumerate() {
        println!(
            "| replica {} RSS start → end | {:.1} → {:.1} MiB |",
            ["A", "B", "C"][i],
            *start as f64 / 1024.0,
            *end as f64 / 1024.0
        );
    }
    // The test command runs a short version of this: any error fails it.
    if !errors.is_empty() || latencies.is_empty() {
        eprintln!("load run failed: {errors:?}, {} searches answered", latencies.len());
        std::process::exit(1);
    }
}
