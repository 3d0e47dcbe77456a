//! Content-hashed names for the widget's wasm and glue, so browsers may keep them for a year
//! (`Cache-Control: immutable`, see the backend's `routes::assets`), while the loader keeps its
//! stable URL, stays tiny, revalidates, and names the current files.
//!
//! A page that still runs an older loader asks for that release's files: the files of the two
//! releases before are kept next to the new ones (`target/widget-releases/` holds them between
//! builds, since Trunk empties `dist/`). The stable names stay too, for loaders from before
//! fingerprinting.

use anyhow::Context;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use widget_contract::bundle::{self, HASH_LEN, release_of};

const WASM: &str = "salesforce-widget_bg.wasm";
const GLUE: &str = "salesforce-widget.js";
const LOADER: &str = "salesforce-widget-loader.js";
/// Earlier releases whose files stay servable.
const KEPT_RELEASES: usize = 2;

/// The release id of a wasm and its glue: the first [`HASH_LEN`] hex digits of their SHA-256.
fn release_id(wasm: &[u8], glue: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(wasm);
    hasher.update(glue);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>()[..HASH_LEN].to_owned()
}

fn hashed_names(id: &str) -> [String; 2] {
    [bundle::wasm_name(id), bundle::glue_name(id)]
}

/// Before a build: keeps the fingerprinted files of `dist` in `store` (Trunk is about to empty it).
pub fn save_releases(dist: &Path, store: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(dist) else { return Ok(()) };
    std::fs::create_dir_all(store)?;
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        // Kept once: the stored file's age is the release's age.
        if release_of(name).is_some() && !store.join(name).exists() {
            std::fs::copy(&path, store.join(name)).with_context(|| format!("cannot keep {name}"))?;
        }
    }
    Ok(())
}

/// After a build: writes the fingerprinted copies of the new wasm and glue, points the loader at
/// them, and brings back the files of the [`KEPT_RELEASES`] releases before it from `store`.
pub fn fingerprint(dist: &Path, store: &Path) -> anyhow::Result<String> {
    let (wasm, glue) = (std::fs::read(dist.join(WASM))?, std::fs::read(dist.join(GLUE))?);
    let id = release_id(&wasm, &glue);
    let [wasm_name, glue_name] = hashed_names(&id);
    std::fs::write(dist.join(&wasm_name), &wasm)?;
    std::fs::write(dist.join(&glue_name), &glue)?;
    let loader = std::fs::read_to_string(dist.join(LOADER))?;
    for (stable, _) in [(WASM, &wasm_name), (GLUE, &glue_name)] {
        anyhow::ensure!(loader.matches(stable).count() == 1, "the loader does not name {stable} exactly once");
    }
    let loader = loader.replace(WASM, &wasm_name).replace(GLUE, &glue_name);
    std::fs::write(dist.join(LOADER), loader)?;

    // The newest earlier releases, by when their files were kept.
    let mut earlier: Vec<(std::time::SystemTime, String, PathBuf)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(store) {
        for entry in entries {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if let Some(release) = release_of(&name).filter(|r| *r != id).map(str::to_owned) {
                earlier.push((std::fs::metadata(&path)?.modified()?, release, path));
            }
        }
    }
    // The releases by when they were kept, newest first; the files of the newest few come back
    // (each file before its `.br`/`.gz`, so the copies are not older than it), the rest go.
    let mut releases: Vec<(std::time::SystemTime, &str)> = Vec::new();
    for (modified, release, _) in &earlier {
        match releases.iter_mut().find(|(_, r)| r == release) {
            Some(known) => known.0 = known.0.max(*modified),
            None => releases.push((*modified, release)),
        }
    }
    releases.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    let kept: Vec<&str> = releases.iter().take(KEPT_RELEASES).map(|(_, release)| *release).collect();
    let mut back: Vec<&PathBuf> = Vec::new();
    for (_, release, path) in &earlier {
        if kept.contains(&release.as_str()) {
            back.push(path);
        } else {
            std::fs::remove_file(path)?;
        }
    }
    back.sort();
    for path in back {
        std::fs::copy(path, dist.join(path.file_name().expect("a file")))?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash_and_only_those_are_releases() {
        let id = release_id(b"\0asm", b"export{}");
        assert_eq!(id.len(), HASH_LEN);
        assert_ne!(id, release_id(b"\0asm2", b"export{}"));
        let [wasm, glue] = hashed_names(&id);
        assert_eq!(release_of(&wasm), Some(id.as_str()));
        assert_eq!(release_of(&glue), Some(id.as_str()));
        for name in [WASM, GLUE, LOADER, "salesforce-widget-zzzzzzzzzzzzzzzz.js", "salesforce-widget-abc.js"] {
            assert_eq!(release_of(name), None, "{name}");
        }
    }

    #[test]
    fn a_build_names_the_new_files_in_the_loader_and_keeps_two_earlier_releases() {
        let (dist, store) = (tempfile_dir("dist"), tempfile_dir("store"));
        // As `widget::build_release` does: keep the releases, let Trunk empty and fill `dist`.
        let build = |n: u8| {
            save_releases(&dist, &store).unwrap();
            std::fs::remove_dir_all(&dist).unwrap();
            std::fs::create_dir_all(&dist).unwrap();
            std::fs::write(dist.join(WASM), [0, b'a', b's', b'm', n]).unwrap();
            std::fs::write(dist.join(GLUE), format!("export const n={n};")).unwrap();
            std::fs::write(
                dist.join(LOADER),
                "const w=fetch(new URL('./salesforce-widget_bg.wasm',import.meta.url));await import('./salesforce-widget.js');",
            )
            .unwrap();
            let id = fingerprint(&dist, &store).unwrap();
            // As the build then does: compressed copies of what is not compressed yet.
            crate::precompress::dir(&dist).unwrap();
            // Files of a later build look newer.
            std::thread::sleep(std::time::Duration::from_millis(20));
            id
        };
        let ids: Vec<String> = (0..4).map(build).collect();
        let loader = std::fs::read_to_string(dist.join(LOADER)).unwrap();
        assert!(loader.contains(&format!("salesforce-widget-{}_bg.wasm", ids[3])), "{loader}");
        assert!(loader.contains(&format!("salesforce-widget-{}.js", ids[3])), "{loader}");
        for (id, present) in [(&ids[3], true), (&ids[2], true), (&ids[1], true), (&ids[0], false)] {
            for name in hashed_names(id) {
                assert_eq!(dist.join(&name).exists(), present, "{name}");
            }
        }
        assert!(dist.join(WASM).exists() && dist.join(GLUE).exists(), "stable names stay for older loaders");
        let [earlier_wasm, _] = hashed_names(&ids[2]);
        assert!(dist.join(format!("{earlier_wasm}.br")).exists(), "an earlier release keeps its compressed copies");
        // Only the new release's files and the stable names needed compressing.
        std::fs::write(dist.join(WASM), b"\0asm changed").unwrap();
        assert_eq!(crate::precompress::dir(&dist).unwrap(), 1);
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-fingerprint-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
