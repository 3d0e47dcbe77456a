//! `cargo xtask bench`: every performance figure in one run and one table, written to
//! docs/performance.md.
//!
//! 1. page weight: what an intranet page loads for the widget next to the Preact 10 and React 19
//!    references in `bench/` (built by esbuild from npm), raw, gzip -9 and brotli -q 11;
//! 2. the browser (`end2end/benches/widget_in_browser.rs`): requests and Salesforce calls per
//!    settled query and stale paints under scripted typing, response → paint, cold loads;
//! 3. the backend under a fixed arrival rate (`backend/benches/added_latency.rs`, oha): added
//!    latency over the demo org called directly, and one core's throughput;
//! 4. criterion micro-benchmarks of the backend's own work per search.

use crate::{precompress, process, tools, widget};
use anyhow::Context;
use serde_json::Value;
use std::{path::Path, process::Command, time::Instant};

/// The performance issue's goal for the embedded widget, brotli bytes.
const GOAL_BROTLI: usize = 36 * 1024;
/// Where the bench pages are assembled next to the widget bundle, served as /widget/.
const SITE_DIR: &str = "target/bench/site";

struct Size {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn sizes(files: &[&Path]) -> anyhow::Result<Size> {
    let mut total = Size { raw: 0, gzip: 0, brotli: 0 };
    for file in files {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        total.raw += bytes.len();
        total.gzip += precompress::gzip(&bytes)?.len();
        total.brotli += precompress::brotli(&bytes)?.len();
    }
    Ok(total)
}

/// Builds the two references with esbuild (minified ESM, production React).
fn build_references(root: &Path) -> anyhow::Result<()> {
    let bench = root.join("bench");
    process::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&bench))?;
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out)?;
    for ui in ["preact", "react"] {
        process::run(
            Command::new(bench.join("node_modules/.bin/esbuild"))
                .current_dir(&bench)
                .args(["reference/widget.jsx", "--bundle", "--minify", "--format=esm", "--jsx-factory=h"])
                .args(["--jsx-fragment=Fragment", "--define:process.env.NODE_ENV=\"production\""])
                .arg(format!("--alias:ui=./reference/ui-{ui}.js"))
                .arg(format!("--outfile={}", out.join(format!("{ui}-widget.js")).display())),
        )?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The widget bundle plus `bench/`: the three pages, the probe, the references and their CSS,
/// so that all three variants are served by the same backend from the same origin.
fn assemble_site(root: &Path) -> anyhow::Result<std::path::PathBuf> {
    let site = root.join(SITE_DIR);
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&root.join(widget::DIST_DIR), &site)?;
    let pages = site.join("bench");
    std::fs::create_dir_all(&pages)?;
    std::fs::copy(root.join("bench/pages/probe.js"), pages.join("probe.js"))?;
    for file in ["preact-widget.js", "react-widget.js"] {
        std::fs::copy(root.join("target/bench").join(file), pages.join(file))?;
    }
    std::fs::copy(root.join("style/widget.css"), pages.join("widget.css"))?;
    // One page shell for all three, so that only the widget differs.
    let shell = std::fs::read_to_string(root.join("bench/pages/page.html"))?;
    for variant in ["leptos", "preact", "react"] {
        let (head, script) = if variant == "leptos" {
            ("", r#"<script type="module" src="/widget/salesforce-widget-loader.js"></script>"#.to_owned())
        } else {
            (
                r#"<link rel="stylesheet" href="widget.css">"#,
                format!(r#"<script type="module" src="{variant}-widget.js"></script>"#),
            )
        };
        let page = shell.replace("{{VARIANT}}", variant).replace("{{HEAD}}", head).replace("{{SCRIPT}}", &script);
        std::fs::write(pages.join(format!("{variant}.html")), page)?;
    }
    Ok(std::fs::canonicalize(site)?)
}

/// The median of a criterion benchmark, in microseconds.
fn criterion_median(root: &Path, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(root.join("target/criterion").join(id).join("new/estimates.json")).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(estimates["median"]["point_estimate"].as_f64()? / 1_000.0)
}

fn read_json(path: &Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{} was not written", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}

fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[((values.len() - 1) as f64 * p).round() as usize])
}

/// One table: metric, the Leptos widget, each reference, the ratio, the goal, pass or miss.
struct Table(String);

impl Table {
    fn new() -> Self {
        Self(String::from(
            "| metric | Leptos widget | Preact 10 | React 19 | ratio | goal | result |\n|---|---|---|---|---|---|---|\n",
        ))
    }

    fn row(&mut self, metric: &str, cells: [&str; 4], goal: &str, pass: Option<bool>) {
        let result = match pass {
            Some(true) => "pass",
            Some(false) => "**miss**",
            None => "—",
        };
        let [leptos, preact, react, ratio] = cells;
        self.0.push_str(&format!("| {metric} | {leptos} | {preact} | {react} | {ratio} | {goal} | {result} |\n"));
    }
}

fn page_weight(root: &Path, table: &mut Table) -> anyhow::Result<()> {
    let dist = root.join(widget::DIST_DIR);
    let css = root.join("style/widget.css");
    let leptos = sizes(&[
        &dist.join("salesforce-widget_bg.wasm"),
        &dist.join("salesforce-widget.js"),
        &dist.join("salesforce-widget-loader.js"),
    ])?;
    let preact = sizes(&[&root.join("target/bench/preact-widget.js"), &css])?;
    let react = sizes(&[&root.join("target/bench/react-widget.js"), &css])?;
    for (name, pick) in [("raw", 0), ("gzip -9", 1), ("brotli -q 11", 2)] {
        let get = |s: &Size| [s.raw, s.gzip, s.brotli][pick];
        let ratio = get(&leptos) as f64 / get(&react) as f64;
        let (goal, pass) = if pick == 2 {
            (format!("≤ {GOAL_BROTLI} B and ≤ 0.6× React"), Some(leptos.brotli <= GOAL_BROTLI && ratio <= 0.6))
        } else {
            ("—".to_owned(), None)
        };
        let cells = [get(&leptos), get(&preact), get(&react)].map(|b| b.to_string());
        table.row(
            &format!("page weight, {name} (B)"),
            [&cells[0], &cells[1], &cells[2], &format!("{ratio:.2}× React")],
            &goal,
            pass,
        );
    }
    Ok(())
}

fn browser_rows(report: &Value, table: &mut Table) {
    let runs = report["typing"].as_array().cloned().unwrap_or_default();
    let find = |variant: &str, key_ms: u64, throttle: f64, loaded: bool| {
        runs.iter().find(|r| {
            r["variant"] == variant
                && r["script"] == "typing"
                && r["key_ms"] == key_ms
                && r["throttle"].as_f64() == Some(throttle)
                && r["loaded"] == loaded
        })
    };
    let per_settled = |run: &Value, field: &str| {
        run[field].as_f64().unwrap_or(0.0) / run["settled"].as_f64().filter(|s| *s > 0.0).unwrap_or(f64::NAN)
    };
    let cell = |run: Option<&Value>| {
        run.map_or("—".to_owned(), |r| {
            format!(
                "{:.2} / {:.2} / {:.2} / {} ({} settled)",
                per_settled(r, "browser_requests"),
                per_settled(r, "backend_requests"),
                per_settled(r, "salesforce_calls"),
                r["stale_paints"],
                r["settled"]
            )
        })
    };
    for loaded in [false, true] {
        for throttle in [1.0, 4.0] {
            for key_ms in [80, 150, 300] {
                let Some(run) = find("leptos", key_ms, throttle, loaded) else { continue };
                let pass = (per_settled(run, "browser_requests") - 1.0).abs() < 1e-9
                    && per_settled(run, "salesforce_calls") <= 1.0
                    && run["stale_paints"] == 0
                    && run["unsettled"].as_array().is_some_and(Vec::is_empty);
                table.row(
                    &format!(
                        "requests / backend requests / Salesforce calls per settled query / stale paints: {key_ms} ms per key, {throttle}× CPU, {}",
                        if loaded { "background load" } else { "idle" }
                    ),
                    [
                        &cell(Some(run)),
                        &cell(find("preact", key_ms, throttle, loaded)),
                        &cell(find("react", key_ms, throttle, loaded)),
                        "—",
                    ],
                    "1.0 / — / ≤ 1.0 / 0",
                    Some(pass),
                );
            }
        }
    }
    if let Some(run) = report["repeats"].as_array().and_then(|r| r.first()) {
        let calls = per_settled(run, "salesforce_calls");
        table.row(
            "Salesforce calls per settled query, each query typed twice (answer cache on)",
            [&format!("{calls:.2} ({} calls, {} settled)", run["salesforce_calls"], run["settled"]), "—", "—", "—"],
            "≤ 0.5",
            Some(calls <= 0.5),
        );
    }

    // Response → painted results: the paint script (20-record answers), 4× CPU, no background load.
    let paint = |variant: &str| {
        let mut all: Vec<f64> = runs
            .iter()
            .find(|r| r["variant"] == variant && r["script"] == "paint")
            .and_then(|r| r["response_to_paint_ms"].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        (percentile(&mut all, 0.5), percentile(&mut all, 0.95), all.len())
    };
    let (leptos, preact, react) = (paint("leptos"), paint("preact"), paint("react"));
    let show = |(p50, p95, n): (Option<f64>, Option<f64>, usize)| match (p50, p95) {
        (Some(a), Some(b)) => format!("{a:.1} / {b:.1} (n={n})"),
        _ => "not measured".to_owned(),
    };
    let ratio = leptos.0.zip(preact.0).map(|(l, p)| l / p);
    table.row(
        "response → painted results, 20 records, 4× CPU (ms, p50 / p95)",
        [&show(leptos), &show(preact), &show(react), &ratio.map_or("—".into(), |r| format!("{r:.2}× Preact"))],
        "≤ 16 ms and ≤ 1.2× Preact",
        Some(leptos.0.is_some_and(|v| v <= 16.0) && ratio.is_some_and(|r| r <= 1.2)),
    );

    // Cold loads: [widget first rendered, search box shown], ms after navigation start.
    let cold = |variant: &str, index: usize| {
        let mut values: Vec<f64> = report["cold_loads"][variant]
            .as_array()
            .map(|loads| loads.iter().filter_map(|l| l[index].as_f64()).collect())
            .unwrap_or_default();
        percentile(&mut values, 0.5)
    };
    let loads = report["cold_loads"]["leptos"].as_array().map_or(0, Vec::len);
    for (index, what) in [(0, "widget first rendered"), (1, "search box interactive")] {
        let [l, p, r] = ["leptos", "preact", "react"].map(|v| cold(v, index));
        let ratio = l.zip(p).map(|(l, p)| l / p);
        let show = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.0}"));
        table.row(
            &format!("cold load, {what} (ms after navigation, p50 of {loads} loads)"),
            [&show(l), &show(p), &show(r), &ratio.map_or("—".into(), |r| format!("{r:.2}× Preact"))],
            "≤ 1.5× Preact",
            Some(ratio.is_some_and(|r| r <= 1.5)),
        );
    }
}

fn backend_rows(report: &Value, table: &mut Table) {
    let get = |key: &str| report[key].as_f64().unwrap_or(f64::NAN);
    let added_p50 = get("backend_p50_ms") - get("direct_p50_ms");
    let added_p99 = get("backend_p99_ms") - get("direct_p99_ms");
    let rate = get("steady_rate");
    table.row(
        &format!("backend added latency at {rate:.0} searches/s, p50 (ms; through the backend − direct to the org)"),
        [&format!("{added_p50:.2} ({:.1} − {:.1})", get("backend_p50_ms"), get("direct_p50_ms")), "—", "—", "—"],
        "≤ 0.5 ms",
        Some(added_p50 <= 0.5),
    );
    table.row(
        &format!("backend added latency at {rate:.0} searches/s, p99 (ms)"),
        [&format!("{added_p99:.2} ({:.1} − {:.1})", get("backend_p99_ms"), get("direct_p99_ms")), "—", "—", "—"],
        "≤ 2 ms",
        Some(added_p99 <= 2.0),
    );
    let sustained = get("sustained_rate");
    table.row(
        "searches/s one backend core sustains before its p99 doubles (150 ms Salesforce latency)",
        [&format!("{sustained:.0}"), "—", "—", "—"],
        "≥ 2,000/s",
        Some(sustained >= 2_000.0),
    );
}

fn criterion_rows(root: &Path, table: &mut Table) {
    for (label, id) in [
        ("normalise + SOSL statement (µs, median)", "normalise + SOSL statement (_acme (holdings) and-or_)"),
        ("shape 20 records into JSON (µs, median)", "shape Salesforce records into the API's JSON/20"),
        ("shape 200 records into JSON (µs, median)", "shape Salesforce records into the API's JSON/200"),
    ] {
        let value = criterion_median(root, id).map_or("not measured".to_owned(), |v| format!("{v:.1}"));
        table.row(&format!("backend: {label}"), [&value, "—", "—", "—"], "—", None);
    }
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Shorter runs (one setting per reference, 3 s load steps), printed but not written to
    /// docs/performance.md: for trying a change out.
    #[arg(long)]
    quick: bool,
}

pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = process::workspace_root()?;
    let tools = tools::setup(tools::Needs::Bench)?;
    widget::build_release(&tools)?;
    build_references(&root)?;
    let site = assemble_site(&root)?;
    // Everything compiled first, so that no build runs during a measurement.
    let cargo_bench = |package: &str, bench: &str| {
        let mut command = tools.command("cargo");
        command.args(["bench", "-q", "-p", package, "--bench", bench]);
        command
    };
    process::run(cargo_bench("widget-backend", "search_path").arg("--no-run"))?;
    process::run(cargo_bench("widget-backend", "added_latency").arg("--no-run"))?;
    process::run(cargo_bench("end2end", "widget_in_browser").arg("--no-run"))?;
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    process::run(cargo_bench("widget-backend", "search_path").args([
        "--",
        "--warm-up-time",
        "1",
        "--measurement-time",
        "3",
    ]))?;
    let measured = |package: &str, bench: &str| {
        let mut command = cargo_bench(package, bench);
        match args.quick {
            true => command.env("BENCH_QUICK", "1"),
            false => command.env_remove("BENCH_QUICK"),
        };
        command
    };
    process::run(&mut measured("widget-backend", "added_latency"))?;
    process::run(
        measured("end2end", "widget_in_browser")
            .env("WIDGET_DIST", &site)
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("CHROMIUM", &tools.chromium),
    )?;

    let mut table = Table::new();
    page_weight(&root, &mut table)?;
    browser_rows(&read_json(&root.join("target/bench/browser.json"))?, &mut table);
    backend_rows(&read_json(&root.join("target/bench/added_latency.json"))?, &mut table);
    criterion_rows(&root, &mut table);
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("{}", table.0);
    let run_note = format!(
        "This run: {minutes:.1} minutes; load average before the measurements {}, after {}.",
        load_before.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        load_after.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    let doc = format!(
        "# Performance\n\n{}",
        include_str!("../performance.md.in")
            .replace("<!-- table -->", &format!("{}\n\n{run_note}", table.0.trim_end()))
    );
    if args.quick {
        println!("xtask: a quick run ({minutes:.1} minutes); docs/performance.md left as it is");
        return Ok(());
    }
    std::fs::write(root.join("docs/performance.md"), doc)?;
    println!("xtask: wrote docs/performance.md ({minutes:.1} minutes)");
    Ok(())
}
