//! `cargo xtask test`: every check and test the project has, in one command, ending with one
//! summary line (`xtask: N passed, M failed`) and a non-zero exit on any failure.

use crate::{process, tools, widget};
use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

#[derive(clap::Args)]
pub struct TestArgs {}

/// Counts of tests reported by the runners, plus failed steps.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_steps: Vec<String>,
}

impl Tally {
    /// Runs one step, streaming its output and adding up the `test result:` lines it prints.
    fn step(&mut self, name: &str, command: &mut Command) {
        eprintln!("\nxtask: ── {name} ──\nxtask: $ {}", process::describe(command));
        let outcome = command.stdout(Stdio::piped()).spawn().and_then(|mut child| {
            let stdout = child.stdout.take().expect("piped stdout");
            for line in BufReader::new(stdout).lines() {
                let line = line?;
                println!("{line}");
                if let Some((passed, failed)) = parse_test_result(&line) {
                    self.passed += passed;
                    self.failed += failed;
                }
            }
            child.wait()
        });
        match outcome {
            Ok(status) if status.success() => {}
            Ok(status) => self.failed_steps.push(format!("{name} ({status})")),
            Err(error) => self.failed_steps.push(format!("{name} (could not run: {error})")),
        }
    }
}

/// The PostgreSQL server the backend's tests create their databases in (this machine's, unless
/// `WIDGET_TEST_POSTGRES` names another).
fn postgres_url() -> String {
    std::env::var("WIDGET_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// Reads `test result: ok. 12 passed; 0 failed; …` (cargo test and wasm-bindgen-test-runner).
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| {
        rest.split(';')
            .find_map(|part| part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(word))
            .and_then(|n| n.trim().parse::<u64>().ok())
    };
    Some((count(" passed")?, count(" failed")?))
}

pub fn test(_args: TestArgs) -> anyhow::Result<()> {
    let tools = tools::setup(tools::Needs::Everything)?;
    let mut tally = Tally::default();
    let cargo = || tools.command("cargo");

    tally.step("formatting", cargo().args(["fmt", "--all", "--check"]));
    tally.step(
        "clippy (native, every crate and target)",
        cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    );
    tally.step(
        "clippy (widget and intranet pages for wasm32)",
        cargo().args([
            "clippy",
            "-p",
            "salesforce-widget",
            "-p",
            "intranet-pages",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    tally.step(
        "native unit and integration tests",
        cargo().args(["test", "--no-fail-fast", "--workspace", "--exclude", "end2end"]),
    );
    tally.step(
        "backend integration tests on PostgreSQL (a fresh database per test; three replicas)",
        cargo()
            .args([
                "test",
                "--no-fail-fast",
                "-p",
                "widget-backend",
                "--test",
                "sign_in_flow",
                "--test",
                "search_api",
                "--test",
                "tokens",
                "--test",
                "races",
                "--test",
                "replicas",
                "--",
                "--include-ignored",
            ])
            .env("WIDGET_TEST_POSTGRES", postgres_url()),
    );
    tally.step(
        "bounded load run: three replicas on PostgreSQL, 32 clients, 10 s (no error allowed)",
        cargo()
            .args(["bench", "-p", "widget-backend", "--bench", "replicas_load"])
            .env("WIDGET_TEST_POSTGRES", postgres_url())
            .env("BENCH_SECONDS", "10"),
    );
    tally.step(
        "OpenAPI fuzzing of the backend with schemathesis (bounded)",
        cargo()
            .args([
                "test",
                "--no-fail-fast",
                "-p",
                "widget-backend",
                "--test",
                "schema_fuzz",
                "--",
                "--include-ignored",
            ])
            .env("SCHEMATHESIS", tools::schemathesis(&process::workspace_root()?)),
    );
    tally.step(
        "widget component tests in headless Chromium",
        cargo()
            .args(["test", "--no-fail-fast", "-p", "salesforce-widget", "--target", "wasm32-unknown-unknown"])
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    );
    let bundle_built = match widget::build_release(&tools) {
        Ok(()) => true,
        Err(error) => {
            tally.failed_steps.push(format!("widget release build ({error})"));
            false
        }
    };
    if bundle_built {
        tally.step(
            "end-to-end tests (backend + demo org + release widget in headless Chromium)",
            cargo()
                .args(["test", "--no-fail-fast", "-p", "end2end", "--", "--test-threads", "1"])
                .env("CHROMEDRIVER", &tools.chromedriver)
                .env("CHROMIUM", &tools.chromium)
                .env("AXE_CORE_JS", tools::axe_core_script(&process::workspace_root()?))
                .env("WIDGET_DIST", std::fs::canonicalize(widget::DIST_DIR)?),
        );
    }

    for step in &tally.failed_steps {
        eprintln!("xtask: FAILED step: {step}");
    }
    let failed = tally.failed + tally.failed_steps.len() as u64;
    println!("xtask: {} passed, {} failed", tally.passed, failed);
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_test_result;

    #[test]
    fn reads_cargo_and_wasm_bindgen_result_lines() {
        assert_eq!(
            parse_test_result(
                "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some((12, 0))
        );
        assert_eq!(parse_test_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"), Some((3, 2)));
        assert_eq!(parse_test_result("running 3 tests"), None);
    }
}
