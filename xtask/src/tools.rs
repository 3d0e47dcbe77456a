//! Installing the toolchain the project needs, only what is missing, only from package
//! registries (crates, npm, Debian). Nothing downloads binaries at build or test time.

use crate::process::{self, output};
use anyhow::{Context, bail};
use std::{
    env,
    ffi::OsString,
    path::{Path, PathBuf},
    process::Command,
};

/// Trunk 0.22 needs a newer rustc than this project's toolchain.
const TRUNK_VERSION: &str = "0.21.14";
/// binaryen from npm: Debian's 108 produces modules that crash in Chromium.
const BINARYEN_VERSION: &str = "132";
/// axe-core, the accessibility checker the end-to-end suite runs in Chromium.
const AXE_CORE_VERSION: &str = "4.14.1";
/// Schemathesis from PyPI, the OpenAPI fuzzer of the reliability suite.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// esbuild from npm: minifies the wasm-bindgen glue (Trunk's own minifier cannot parse it).
const ESBUILD_VERSION: &str = "0.28.2";
/// oha from crates.io: the fixed-arrival-rate load generator of the benchmarks.
const OHA_VERSION: &str = "1.16.0";
/// Lighthouse from npm: the host page's load figures with and without the widget. 12.8 is the
/// newest that runs on Debian's Node 20 (13 needs Node 22).
const LIGHTHOUSE_VERSION: &str = "12.8.2";
/// twiggy from crates.io: which functions and data the widget's wasm bytes are spent on.
const TWIGGY_VERSION: &str = "0.8.0";
/// Where the Python tools' virtual environment lives.
const PYTHON_TOOLS_DIR: &str = "target/tools/python";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Where npm-installed tools live (ignored by git, survives between runs).
const NPM_TOOLS_DIR: &str = "target/tools/npm";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Enough to build the widget bundle.
    Build,
    /// Also the browser and its driver, for the tests.
    Everything,
    /// Everything, plus the benchmarks' load generator.
    Bench,
}

/// The installed toolchain: a PATH that finds every tool, and the browser's paths.
pub struct Tools {
    path: OsString,
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

impl Tools {
    /// A command that finds the project's tools on its PATH.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path);
        command
    }
}

pub fn setup(needs: Needs) -> anyhow::Result<Tools> {
    let root = process::workspace_root()?;
    let npm_bin = root.join(NPM_TOOLS_DIR).join("node_modules/.bin");
    let cargo_bin = cargo_home().join("bin");
    let mut paths = vec![npm_bin.clone(), cargo_bin];
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    let tools = Tools {
        path: env::join_paths(paths).context("PATH contains an invalid entry")?,
        chromium: PathBuf::from(CHROMIUM),
        chromedriver: PathBuf::from(CHROMEDRIVER),
    };

    ensure_wasm_target()?;
    ensure_cargo_tool(&tools, "trunk", TRUNK_VERSION, "about 15 minutes")?;
    ensure_wasm_bindgen(&tools, &root)?;
    ensure_wasm_opt(&tools, &root)?;
    ensure_esbuild(&tools, &root)?;
    if needs != Needs::Build {
        ensure_chromium()?;
        ensure_axe_core(&root)?;
        ensure_schemathesis(&root)?;
    }
    if needs == Needs::Bench {
        ensure_cargo_tool(&tools, "oha", OHA_VERSION, "a few minutes")?;
        ensure_cargo_tool(&tools, "twiggy", TWIGGY_VERSION, "a few minutes")?;
        ensure_lighthouse(&root)?;
    }
    Ok(tools)
}

pub fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// `cargo install --locked crate --version version` unless `crate --version` already names it
/// (`how_long` tells the person waiting).
fn ensure_cargo_tool(tools: &Tools, krate: &str, version: &str, how_long: &str) -> anyhow::Result<()> {
    let installed = output(tools.command(krate).arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(version) {
        return Ok(());
    }
    eprintln!("xtask: installing {krate} {version} ({how_long} on 2 cores, once)");
    process::run(tools.command("cargo").args(["install", "--locked", krate, "--version", version]))
}

/// The Lighthouse command installed in the project's npm tool folder.
pub fn lighthouse(root: &Path) -> PathBuf {
    root.join(NPM_TOOLS_DIR).join("node_modules/.bin/lighthouse")
}

fn ensure_lighthouse(root: &Path) -> anyhow::Result<()> {
    let version = output(Command::new(lighthouse(root)).arg("--version")).unwrap_or_default();
    if version.trim() == LIGHTHOUSE_VERSION {
        return Ok(());
    }
    npm_install(root, &format!("lighthouse@{LIGHTHOUSE_VERSION}"))
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version(root: &Path) -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("Cargo.lock is missing")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock does not list wasm-bindgen")
}

fn ensure_wasm_bindgen(tools: &Tools, root: &Path) -> anyhow::Result<()> {
    let wanted = locked_wasm_bindgen_version(root)?;
    let installed = output(tools.command("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = output(tools.command("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    let matches = |text: &str| text.split_whitespace().nth(1) == Some(wanted.as_str());
    if matches(&installed) && matches(&runner) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {wanted} (matches Cargo.lock)");
    // Not --locked: a locked transitive version of the CLI failed to resolve on the registry.
    process::run(tools.command("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--force",
        "--version",
        &format!("={wanted}"),
    ]))
}

fn ensure_wasm_opt(tools: &Tools, root: &Path) -> anyhow::Result<()> {
    let version = output(tools.command("wasm-opt").arg("--version")).unwrap_or_default();
    if version.contains(&format!("version {BINARYEN_VERSION}")) {
        return Ok(());
    }
    npm_install(root, &format!("binaryen@{BINARYEN_VERSION}"))
}

/// Where the end-to-end suite finds axe-core's browser bundle.
/// The schemathesis command installed in the project's Python tool folder.
pub fn schemathesis(root: &Path) -> PathBuf {
    root.join(PYTHON_TOOLS_DIR).join("bin/schemathesis")
}

fn ensure_schemathesis(root: &Path) -> anyhow::Result<()> {
    let cli = schemathesis(root);
    let version = output(Command::new(&cli).arg("--version")).unwrap_or_default();
    if version.trim().ends_with(SCHEMATHESIS_VERSION) {
        return Ok(());
    }
    let venv = root.join(PYTHON_TOOLS_DIR);
    if Command::new("python3").args(["-m", "venv"]).arg(&venv).status().map(|s| !s.success()).unwrap_or(true) {
        apt_install(&["python3", "python3-venv"])?;
        process::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    process::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )
}

pub fn axe_core_script(root: &Path) -> PathBuf {
    root.join(NPM_TOOLS_DIR).join("node_modules/axe-core/axe.min.js")
}

fn ensure_esbuild(tools: &Tools, root: &Path) -> anyhow::Result<()> {
    let version = output(tools.command("esbuild").arg("--version")).unwrap_or_default();
    if version.trim() == ESBUILD_VERSION {
        return Ok(());
    }
    npm_install(root, &format!("esbuild@{ESBUILD_VERSION}"))
}

fn ensure_axe_core(root: &Path) -> anyhow::Result<()> {
    let package = root.join(NPM_TOOLS_DIR).join("node_modules/axe-core/package.json");
    let installed = std::fs::read_to_string(&package).unwrap_or_default();
    if installed.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")) {
        return Ok(());
    }
    npm_install(root, &format!("axe-core@{AXE_CORE_VERSION}"))
}

/// Installs an npm package into the project's tool folder (needs Node.js and npm).
fn npm_install(root: &Path, package: &str) -> anyhow::Result<()> {
    if output(Command::new("npm").arg("--version")).is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let prefix = root.join(NPM_TOOLS_DIR);
    std::fs::create_dir_all(&prefix)?;
    process::run(Command::new("npm").args(["install", "--no-audit", "--no-fund", "--prefix"]).arg(&prefix).arg(package))
}

fn ensure_chromium() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// Installs Debian packages, through sudo when not root.
fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut command = if is_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !is_root {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    process::run(&mut apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q", "--no-install-recommends"]);
    install.args(packages);
    process::run(&mut install)
}
