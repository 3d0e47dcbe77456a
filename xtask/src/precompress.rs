//! Compression at build time, at the highest levels: every script, stylesheet, page and wasm of
//! a bundle gets a `.br` (brotli -q 11) and a `.gz` (gzip -9) beside it, which the backend serves
//! to browsers that accept them (`ServeDir::precompressed_br/gzip`), so no request pays for
//! compressing a static file.

use anyhow::Context;
use std::{io::Write, path::Path};

/// The file endings worth compressing (images and the like are compressed already).
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "html", "json"];

pub fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

pub fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Writes `name.br` and `name.gz` for every compressible file in `dir` and its folders that has
/// no copies at least as new as itself; returns how many files it compressed.
pub fn dir(dir: &Path) -> anyhow::Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            count += self::dir(&path)?;
            continue;
        }
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let copy = |ending: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(".{ending}"));
            std::path::PathBuf::from(name)
        };
        // Files of earlier releases come back with their copies: no need to compress them again.
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if ["br", "gz"].iter().all(|e| modified(&copy(e)).is_some_and(|c| Some(c) >= modified(&path))) {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for (ending, compressed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
            let name = copy(ending);
            std::fs::write(&name, compressed).with_context(|| format!("cannot write {}", name.display()))?;
        }
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_is_compressed_once_until_it_changes() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("pages")).unwrap();
        let wasm = dir.join("pages/a_bg.wasm");
        std::fs::write(&wasm, vec![7u8; 4096]).unwrap();
        std::fs::write(dir.join("picture.png"), b"png").unwrap();
        assert_eq!(super::dir(&dir).unwrap(), 1, "the wasm, not the picture");
        let br = std::fs::read(dir.join("pages/a_bg.wasm.br")).unwrap();
        assert!(br.len() < 100, "compressed: {} bytes", br.len());
        assert!(dir.join("pages/a_bg.wasm.gz").exists() && !dir.join("picture.png.br").exists());
        assert_eq!(super::dir(&dir).unwrap(), 0, "its copies are as new as it");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&wasm, vec![8u8; 4096]).unwrap();
        assert_eq!(super::dir(&dir).unwrap(), 1, "changed: compressed again");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
