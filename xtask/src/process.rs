//! Running child processes with clear errors.

use anyhow::{Context, bail};
use std::{
    ffi::OsStr,
    path::PathBuf,
    process::{Command, Stdio},
};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> anyhow::Result<PathBuf> {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).context("xtask has no parent folder")
}

/// Describes a command for messages: `program arg arg`.
pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(OsStr::to_string_lossy)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `command` with inherited output; an unsuccessful exit is an error.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let description = describe(command);
    eprintln!("xtask: $ {description}");
    let status = command.status().with_context(|| format!("could not start `{description}`"))?;
    if !status.success() {
        bail!("`{description}` failed ({status})");
    }
    Ok(())
}

/// Runs `command` quietly and returns its stdout, or None if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
