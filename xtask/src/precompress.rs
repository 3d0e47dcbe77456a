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

/// Writes `name.br` and `name.gz` for every compressible file in `dir` and its folders; returns
/// how many files it compressed.
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
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for (ending, compressed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(".{ending}"));
            std::fs::write(&name, compressed)
                .with_context(|| format!("cannot write {}", Path::new(&name).display()))?;
        }
        count += 1;
    }
    Ok(count)
}
