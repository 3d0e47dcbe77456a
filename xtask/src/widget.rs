//! Building the widget bundle with Trunk, offline, with the pinned tools.

use crate::{process, tools::Tools};

/// Output folder of the release bundle, served by the backend under /widget/.
pub const DIST_DIR: &str = "dist";

/// `trunk build --release --offline`: wasm-opt -Oz, no downloads.
pub fn build_release(tools: &Tools) -> anyhow::Result<()> {
    process::run(
        tools
            .command("trunk")
            .args(["build", "--release", "--offline", "--dist", DIST_DIR])
            .env("TRUNK_SKIP_VERSION_CHECK", "true"),
    )
}
