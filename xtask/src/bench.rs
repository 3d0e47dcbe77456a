//! `cargo xtask bench`: every performance figure in one run and one table, written to
//! docs/performance.md.
//!
//! 1. page weight: the bytes Chromium transfers for the widget next to the Preact 10 and React 19
//!    references in `bench/` (built by esbuild from npm, served precompressed like the widget),
//!    first and repeat visit; Lighthouse on the demo home page with and without the widget; and
//!    twiggy's 20 largest items of the wasm;
//! 2. the browser (`end2end/benches/widget_in_browser.rs`): requests and Salesforce calls per
//!    settled query and stale paints under scripted typing, response → paint, cold loads;
//! 3. the backend under a fixed arrival rate (`backend/benches/added_latency.rs`, oha): added
//!    latency over the demo org called directly, and one core's throughput;
//! 4. criterion micro-benchmarks of the backend's own work per search.

use crate::{process, tools, widget};
use anyhow::Context;
use serde_json::Value;
use std::{path::Path, process::Command, time::Instant};

/// The performance issue's goal for the embedded widget, brotli bytes.
const GOAL_BROTLI: usize = 36 * 1024;
/// This step's goal for a first visit, bytes on the wire (the React equivalent's weight).
const GOAL_FIRST_VISIT: usize = 64 * 1024;
/// A repeat visit revalidates the loader only.
const GOAL_REPEAT_VISIT: usize = 2 * 1024;
/// Where the bench pages are assembled next to the widget bundle, served as /widget/.
const SITE_DIR: &str = "target/bench/site";

/// Bytes of the files as built, before any compression.
fn raw_size(files: &[&Path]) -> anyhow::Result<u64> {
    let mut total = 0;
    for file in files {
        total += std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
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
    // The references travel as the widget does: brotli and gzip copies the backend serves.
    crate::precompress::dir(&pages)?;
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

/// The median of a list of numbers read from JSON.
fn median(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let mut values: Vec<f64> = values.flatten().collect();
    percentile(&mut values, 0.5)
}

/// What a browser transfers for each variant's widget files (Chromium's Resource Timing
/// `transferSize`, measured by the browser bench), and the files' raw size for reference.
fn page_weight(root: &Path, report: &Value, table: &mut Table) -> anyhow::Result<()> {
    let dist = root.join(widget::DIST_DIR);
    let css = root.join("style/widget.css");
    let leptos = raw_size(&[
        &dist.join("salesforce-widget_bg.wasm"),
        &dist.join("salesforce-widget.js"),
        &dist.join("salesforce-widget-loader.js"),
    ])?;
    let preact = raw_size(&[&root.join("target/bench/preact-widget.js"), &css])?;
    let react = raw_size(&[&root.join("target/bench/react-widget.js"), &css])?;
    let cells = [leptos, preact, react].map(|b| b.to_string());
    let ratio = format!("{:.2}× React", leptos as f64 / react as f64);
    table.row("page weight, files as built (B, uncompressed)", [&cells[0], &cells[1], &cells[2], &ratio], "—", None);
    let loads = report["transfer"]["leptos"].as_array().map_or(0, Vec::len);
    for (visit, goal) in [("first", GOAL_FIRST_VISIT), ("repeat", GOAL_REPEAT_VISIT)] {
        let [l, p, r] = ["leptos", "preact", "react"].map(|variant| {
            let loads = report["transfer"][variant].as_array().cloned().unwrap_or_default();
            median(loads.iter().map(|load| load[visit].as_f64()))
        });
        let show = |v: Option<f64>| v.map_or("not measured".into(), |v| format!("{v:.0}"));
        let ratio = l.zip(r).map(|(l, r)| l / r.max(1.0));
        let (goal_text, pass) = if visit == "first" {
            (
                format!("≤ {goal} B and ≤ 1.0× React (then ≤ {GOAL_BROTLI} B)"),
                l.is_some_and(|l| l <= goal as f64) && ratio.is_some_and(|r| r <= 1.0),
            )
        } else {
            (format!("≤ {goal} B, no wasm fetched"), l.is_some_and(|l| l <= goal as f64))
        };
        table.row(
            &format!("page weight on the wire, {visit} visit (B transferred, Chromium, p50 of {loads})"),
            [&show(l), &show(p), &show(r), &ratio.map_or("—".into(), |r| format!("{r:.2}× React"))],
            &goal_text,
            Some(pass),
        );
    }
    Ok(())
}

/// Lighthouse on the demo home page with its widgets and with their files blocked: medians.
fn lighthouse_rows(report: &Value, table: &mut Table) {
    let runs = report["lighthouse"]["with"].as_array().map_or(0, Vec::len);
    if runs == 0 {
        table.row("Lighthouse", ["not measured", "—", "—", "—"], "—", None);
        return;
    }
    let metric = |page: &str, id: &str| {
        let runs = report["lighthouse"][page].as_array().cloned().unwrap_or_default();
        median(runs.iter().map(|run| run[id].as_f64()))
    };
    let [lcp, lcp_without] = ["with", "without"].map(|page| metric(page, "lcp"));
    let lcp_ratio = lcp.zip(lcp_without).map(|(w, wo)| w / wo);
    let both = |w: Option<f64>, wo: Option<f64>, digits: usize| match (w, wo) {
        (Some(w), Some(wo)) => format!("{w:.digits$} (page alone {wo:.digits$})"),
        _ => "not measured".to_owned(),
    };
    table.row(
        &format!("host page LCP with the widget, Lighthouse mobile (ms, median of {runs})"),
        [&both(lcp, lcp_without, 0), "—", "—", &lcp_ratio.map_or("—".into(), |r| format!("{r:.2}× page alone"))],
        "≤ 1.05× the page alone",
        Some(lcp_ratio.is_some_and(|r| r <= 1.05)),
    );
    let [tbt, tbt_without] = ["with", "without"].map(|page| metric(page, "tbt"));
    let added = tbt.zip(tbt_without).map(|(w, wo)| w - wo);
    table.row(
        &format!("host page Total Blocking Time, Lighthouse mobile (ms, median of {runs})"),
        [&both(tbt, tbt_without, 0), "—", "—", &added.map_or("—".into(), |a| format!("+{a:.0} ms"))],
        "≤ 10 ms added",
        Some(added.is_some_and(|a| a <= 10.0)),
    );
    let [cls, cls_without] = ["with", "without"].map(|page| metric(page, "cls"));
    table.row(
        &format!("host page Cumulative Layout Shift, Lighthouse mobile (median of {runs})"),
        [&both(cls, cls_without, 3), "—", "—", "—"],
        "0",
        Some(cls.is_some_and(|c| c < 0.0005)),
    );
    let [tti, tti_without] = ["with", "without"].map(|page| metric(page, "tti"));
    table.row(
        &format!("host page time to interactive, Lighthouse mobile (ms, median of {runs})"),
        [
            &both(tti, tti_without, 0),
            "—",
            "—",
            &tti.zip(tti_without).map_or("—".into(), |(w, wo)| format!("{:.2}× page alone", w / wo)),
        ],
        "as close to the page alone as the bytes allow",
        None,
    );
}

/// twiggy's 20 largest items of a names-kept build of the same wasm (`wasm-opt` with `-g`,
/// otherwise the release passes), as a markdown table.
fn twiggy_top(tools: &tools::Tools, root: &Path) -> anyhow::Result<String> {
    let input = root.join("target/wasm-bindgen/release/salesforce-widget_bg.wasm");
    let named = root.join("target/bench/salesforce-widget-names.wasm");
    process::run(
        tools
            .command("wasm-opt")
            .args(["-Oz", "-g", "--converge", "--strip-producers"])
            .arg(&input)
            .arg("-o")
            .arg(&named),
    )?;
    let out = process::output(tools.command("twiggy").args(["top", "-n", "21", "-f", "json"]).arg(&named))
        .context("twiggy top failed")?;
    let items: Vec<Value> = serde_json::from_str(&out)?;
    let names_section = items.iter().find(|i| i["name"] == "\"function names\" subsection");
    let shipped = std::fs::metadata(root.join(widget::DIST_DIR).join("salesforce-widget_bg.wasm"))?.len();
    let mut table = format!(
        "The shipped wasm is {shipped} B; the names-kept build adds a names section of {} B, left out below.\n\n\
         | # | bytes | share of the shipped wasm | item |\n|---|---|---|---|\n",
        names_section.and_then(|n| n["shallow_size"].as_u64()).unwrap_or(0)
    );
    let top = items.iter().filter(|i| Some(*i) != names_section).take(20);
    for (rank, item) in top.enumerate() {
        let bytes = item["shallow_size"].as_u64().unwrap_or(0);
        let name = item["name"].as_str().unwrap_or("?").replace('|', "\\|");
        table.push_str(&format!(
            "| {} | {bytes} | {:.1} % | `{name}` |\n",
            rank + 1,
            bytes as f64 * 100.0 / shipped as f64
        ));
    }
    Ok(table)
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
    let timed = |variant: &str, field: &str| {
        let mut all: Vec<f64> = runs
            .iter()
            .find(|r| r["variant"] == variant && r["script"] == "paint")
            .and_then(|r| r[field].as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        (percentile(&mut all, 0.5), percentile(&mut all, 0.95), all.len())
    };
    let paint = |variant: &str| timed(variant, "response_to_paint_ms");
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
    // The script's share of it: until the results are in the DOM (layout, paint and the frame
    // after it are the browser's, much the same for all three).
    let dom = |variant: &str| timed(variant, "response_to_dom_ms");
    let (leptos, preact, react) = (dom("leptos"), dom("preact"), dom("react"));
    let ratio = leptos.0.zip(preact.0).map(|(l, p)| l / p);
    table.row(
        "of which until the results are in the DOM (ms, p50 / p95)",
        [&show(leptos), &show(preact), &show(react), &ratio.map_or("—".into(), |r| format!("{r:.2}× Preact"))],
        "—",
        None,
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
            .env("CHROMIUM", &tools.chromium)
            .env("LIGHTHOUSE", tools::lighthouse(&root)),
    )?;
    let twiggy = twiggy_top(&tools, &root)?;

    let mut table = Table::new();
    let browser = read_json(&root.join("target/bench/browser.json"))?;
    page_weight(&root, &browser, &mut table)?;
    lighthouse_rows(&browser, &mut table);
    browser_rows(&browser, &mut table);
    backend_rows(&read_json(&root.join("target/bench/added_latency.json"))?, &mut table);
    criterion_rows(&root, &mut table);
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("{}\n\n{twiggy}", table.0);
    let run_note = format!(
        "This run: {minutes:.1} minutes; load average before the measurements {}, after {}.",
        load_before.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        load_after.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    let doc = format!(
        "# Performance\n\n{}",
        include_str!("../performance.md.in")
            .replace("<!-- table -->", &format!("{}\n\n{run_note}", table.0.trim_end()))
            .replace("<!-- twiggy -->", twiggy.trim_end())
    );
    if args.quick {
        println!("xtask: a quick run ({minutes:.1} minutes); docs/performance.md left as it is");
        return Ok(());
    }
    std::fs::write(root.join("docs/performance.md"), doc)?;
    println!("xtask: wrote docs/performance.md ({minutes:.1} minutes)");
    Ok(())
}
