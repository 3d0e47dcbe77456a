//! Building the two bundles with Trunk, offline, with the pinned tools: the embedded widget
//! (`dist/`) and the intranet pages (`dist/pages/`, built second because the widget's build
//! empties `dist/`).

use crate::{process, tools::Tools};
use anyhow::Context;

/// Output folder of the release bundles, served by the backend under /widget/.
pub const DIST_DIR: &str = "dist";
/// Where the fingerprinted files of earlier releases wait while Trunk rebuilds `dist/`.
const RELEASES_DIR: &str = "target/widget-releases";

/// `trunk build --release --offline` of both bundles: wasm-opt -Oz, no downloads; then every
/// file gets its precompressed copies.
pub fn build_release(tools: &Tools) -> anyhow::Result<()> {
    let rustflags = release_rustflags()?;
    let trunk = |dir: &str| {
        let mut command = tools.command("trunk");
        command
            .args(["build", "--release", "--offline"])
            .current_dir(process::workspace_root()?.join(dir))
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("CARGO_ENCODED_RUSTFLAGS", &rustflags);
        anyhow::Ok(command)
    };
    let root = process::workspace_root()?;
    let (dist, releases) = (root.join(DIST_DIR), root.join(RELEASES_DIR));
    crate::fingerprint::save_releases(&dist, &releases)?;
    process::run(trunk(".")?.args(["--dist", DIST_DIR]))?;
    minify_glue(tools)?;
    let release = crate::fingerprint::fingerprint(&dist, &releases)?;
    eprintln!("xtask: widget release {release}: the loader names salesforce-widget-{release}_bg.wasm and .js");
    process::run(&mut trunk("intranet-pages")?)?;
    let compressed = crate::precompress::dir(&dist)?;
    eprintln!("xtask: wrote brotli -q 11 and gzip -9 copies of {compressed} files in {DIST_DIR}/");
    Ok(())
}

/// Rust flags of the bundles' builds: panic locations name `crates/tachys-0.2.19/src/…` instead
/// of this machine's registry folder, so the shipped wasm carries no path of the build machine
/// (and fewer bytes). The standard library's `/rustc/<commit>/…` paths are compiled into it and
/// no remapping reaches them (measured). Flags the caller set are kept.
fn release_rustflags() -> anyhow::Result<String> {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace().map(str::to_owned).collect(),
    };
    let registry = crate::tools::cargo_home().join("registry/src");
    for index in std::fs::read_dir(&registry).with_context(|| format!("reading {}", registry.display()))? {
        flags.push(format!("--remap-path-prefix={}=crates", index?.path().display()));
    }
    Ok(flags.join("\x1f"))
}

/// The wasm-bindgen glue and the loader, minified by esbuild in place (Trunk's minifier fails
/// on the glue's `export { … as default }` and leaves it as it is).
fn minify_glue(tools: &Tools) -> anyhow::Result<()> {
    let dist = process::workspace_root()?.join(DIST_DIR);
    for file in ["salesforce-widget.js", "salesforce-widget-loader.js"] {
        let path = dist.join(file);
        process::run(
            tools
                .command("esbuild")
                .arg(&path)
                .args(["--minify", "--format=esm", "--log-level=warning", "--allow-overwrite"])
                .arg(format!("--outfile={}", path.display())),
        )?;
    }
    Ok(())
}
