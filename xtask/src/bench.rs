//! `cargo xtask bench`: the performance figures in one table, written to docs/performance.md.
//!
//! Measured here: what an intranet page loads for the widget next to the Preact 10 and React 19
//! references in `bench/` (built by esbuild from npm), the backend's own work per search
//! (criterion), and the demo org's search latency. The browser-side timings of the performance
//! issue (requests per settled query, paint times) are not measured yet.

use crate::{process, tools, widget};
use std::{io::Write, path::Path, process::Command};

/// The performance issue's goal for the embedded widget, brotli bytes.
const GOAL_BROTLI: usize = 36 * 1024;

struct Size {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn sizes(files: &[&Path]) -> anyhow::Result<Size> {
    let mut total = Size { raw: 0, gzip: 0, brotli: 0 };
    for file in files {
        let bytes = std::fs::read(file)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
        total.raw += bytes.len();
        total.gzip += gz.finish()?.len();
        total.brotli += br.len();
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

/// The median of a criterion benchmark, in microseconds.
fn criterion_median(root: &Path, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(root.join("target/criterion").join(id).join("new/estimates.json")).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(estimates["median"]["point_estimate"].as_f64()? / 1_000.0)
}

pub fn bench() -> anyhow::Result<()> {
    let root = process::workspace_root()?;
    let tools = tools::setup(tools::Needs::Build)?;
    widget::build_release(&tools)?;
    build_references(&root)?;
    process::run(
        Command::new("cargo").args(["bench", "-p", "widget-backend", "--bench", "search_path", "--"]).args([
            "--warm-up-time",
            "1",
            "--measurement-time",
            "5",
        ]),
    )?;

    let dist = root.join(widget::DIST_DIR);
    let css = root.join("style/widget.css");
    let leptos = sizes(&[
        &dist.join("salesforce-widget_bg.wasm"),
        &dist.join("salesforce-widget.js"),
        &dist.join("salesforce-widget-loader.js"),
    ])?;
    let preact = sizes(&[&root.join("target/bench/preact-widget.js"), &css])?;
    let react = sizes(&[&root.join("target/bench/react-widget.js"), &css])?;
    let pass = |ok: bool| if ok { "pass" } else { "**miss**" };
    let ratio = leptos.brotli as f64 / react.brotli as f64;
    let mut table = String::from(
        "| metric | Leptos widget | Preact 10 | React 19 | Leptos ÷ React | goal | result |\n|---|---|---|---|---|---|---|\n",
    );
    for (name, pick) in [("raw", 0), ("gzip -9", 1), ("brotli -q 11", 2)] {
        let get = |s: &Size| [s.raw, s.gzip, s.brotli][pick];
        let (goal, result) = if pick == 2 {
            (
                format!("≤ {GOAL_BROTLI} B and ≤ 0.6× React"),
                pass(leptos.brotli <= GOAL_BROTLI && ratio <= 0.6).to_owned(),
            )
        } else {
            ("—".to_owned(), "—".to_owned())
        };
        table.push_str(&format!(
            "| page weight, {name} (B) | {} | {} | {} | {:.2} | {goal} | {result} |\n",
            get(&leptos),
            get(&preact),
            get(&react),
            get(&leptos) as f64 / get(&react) as f64
        ));
    }
    for (label, id) in [
        ("normalise + SOSL statement (µs, median)", "normalise + SOSL statement (_acme (holdings) and-or_)"),
        ("shape 20 records into JSON (µs, median)", "shape Salesforce records into the API's JSON/20"),
        ("shape 200 records into JSON (µs, median)", "shape Salesforce records into the API's JSON/200"),
    ] {
        let value = criterion_median(&root, id).map_or("not measured".to_owned(), |v| format!("{v:.1}"));
        table.push_str(&format!("| backend: {label} | {value} | — | — | — | — | — |\n"));
    }
    println!("{table}");
    let doc = format!(
        "# Performance\n\nWritten by `cargo xtask bench` on this 2-core machine. The references in `bench/` are the same \
         widget (same DOM classes, roles, CSS, 200 ms debounce, AbortController, grouped results, keyboard \
         listbox, English and German) in Preact 10 and React 19, bundled by esbuild 0.28 (minified ESM, \
         production React); their weight counts `style/widget.css`, which the Leptos widget carries inside its \
         wasm.\n\n{table}\nNot measured yet (the rest of the performance issue): requests per settled query and \
         stale paints under scripted typing, backend added latency under a fixed arrival rate, response-to-paint \
         and cold-load timings next to Preact.\n"
    );
    std::fs::write(root.join("docs/performance.md"), doc)?;
    println!("xtask: wrote docs/performance.md");
    Ok(())
}
