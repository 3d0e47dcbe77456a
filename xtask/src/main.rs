//! The project's task runner. The README's two commands are `cargo xtask run` and
//! `cargo xtask test`; both install whatever they need that is missing.

mod bench;
mod fingerprint;
mod precompress;
mod process;
mod run;
mod test;
mod tools;
mod widget;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Set up, build, run and test the Salesforce widget")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install every tool the project needs that is missing (wasm target, Trunk, wasm-bindgen,
    /// wasm-opt, Chromium and ChromeDriver).
    Setup,
    /// Build the widget in release mode (wasm-opt -Oz) into dist/.
    BuildWidget,
    /// Run the product: demo org + backend + built widget, then print the intranet page's URL.
    Run(run::RunArgs),
    /// Run every check and test: fmt, clippy, native tests, browser component tests, end-to-end.
    Test(test::TestArgs),
    /// Measure the widget against its Preact and React references and the backend's own work;
    /// writes docs/performance.md.
    Bench(bench::BenchArgs),
}

fn main() -> anyhow::Result<()> {
    let root = process::workspace_root()?;
    std::env::set_current_dir(&root)?;
    match Cli::parse().command {
        Command::Setup => tools::setup(tools::Needs::Everything).map(drop),
        Command::BuildWidget => {
            let tools = tools::setup(tools::Needs::Build)?;
            widget::build_release(&tools)
        }
        Command::Run(args) => run::run(args),
        Command::Test(args) => test::test(args),
        Command::Bench(args) => bench::bench(args),
    }
}
