//! What a browser really transfers for the widget: Chromium loads the demo home page and its
//! Resource Timing entries say how many bytes came over the network for each widget file
//! (`transferSize`: headers plus the encoded body). A first visit gets them compressed; a repeat
//! visit only revalidates them.

use end2end::{Browser, Stack};
use serde_json::Value;

/// Bytes Chromium may transfer for the widget (wasm, glue, loader, with headers) on a first
/// visit. Measured 2026-11-30: the same bytes as brotli -q 11 computes (137,682) plus headers.
const FIRST_VISIT_BUDGET: u64 = 139_500;
/// Bytes a repeat visit may transfer for the widget: revalidation only (`304 Not Modified`).
const REPEAT_VISIT_BUDGET: u64 = 2_048;
const WIDGET_FILES: [&str; 3] = ["salesforce-widget-loader.js", "salesforce-widget.js", "salesforce-widget_bg.wasm"];

/// `(file, transferSize, encodedBodySize, decodedBodySize)` of the widget's files on this page.
async fn widget_transfers(browser: &Browser) -> anyhow::Result<Vec<(String, u64, u64, u64)>> {
    let entries = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource')
                .filter(e => e.name.includes('/widget/salesforce-widget'))
                .map(e => [e.name.split('/').pop(), e.transferSize, e.encodedBodySize, e.decodedBodySize]);",
            vec![],
        )
        .await?;
    let number = |v: &Value| v.as_f64().unwrap_or_default() as u64;
    Ok(entries
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e[0].as_str().unwrap_or_default().to_owned(), number(&e[1]), number(&e[2]), number(&e[3])))
        .collect())
}

#[tokio::test]
async fn the_widget_travels_compressed_and_a_repeat_visit_only_revalidates() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;
    browser.find_at_least("[data-state='not-connected']", 2).await?;

    let first = widget_transfers(&browser).await?;
    for file in WIDGET_FILES {
        assert!(first.iter().any(|(name, ..)| name == file), "{file} was not loaded: {first:?}");
    }
    let (_, wasm_transfer, wasm_encoded, wasm_decoded) =
        first.iter().find(|(name, ..)| name == "salesforce-widget_bg.wasm").cloned().unwrap();
    assert!(wasm_encoded * 2 < wasm_decoded, "the wasm came uncompressed: {wasm_encoded} of {wasm_decoded} bytes");
    let encoding = browser
        .client
        .execute_async(
            "const done = arguments[0];
             fetch('/widget/salesforce-widget_bg.wasm', { cache: 'no-store' })
               .then(r => done(r.headers.get('content-encoding')));",
            vec![],
        )
        .await?;
    assert_eq!(encoding, "br", "Chromium offers brotli; the server must answer with the precompressed copy");
    let total: u64 = first.iter().map(|(_, transfer, ..)| transfer).sum();
    println!("first visit: {first:?}; widget total {total} bytes transferred (wasm {wasm_transfer})");
    assert!(total <= FIRST_VISIT_BUDGET, "the widget transferred {total} bytes (budget {FIRST_VISIT_BUDGET})");

    browser.client.refresh().await?;
    browser.find_at_least("[data-state='not-connected']", 2).await?;
    let repeat = widget_transfers(&browser).await?;
    let total: u64 = repeat.iter().map(|(_, transfer, ..)| transfer).sum();
    println!("repeat visit: {repeat:?}; widget total {total} bytes transferred");
    assert!(total <= REPEAT_VISIT_BUDGET, "a repeat visit transferred {total} bytes (budget {REPEAT_VISIT_BUDGET})");
    browser.close().await
}
