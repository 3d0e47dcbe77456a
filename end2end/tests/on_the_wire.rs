//! What a browser really transfers for the widget: Chromium loads the demo home page and its
//! Resource Timing entries say how many bytes came over the network for each widget file
//! (`transferSize`: headers plus the encoded body). A first visit gets them compressed; on a
//! repeat visit the loader is revalidated and the content-hashed wasm and glue are not asked for.

use end2end::{Browser, Stack};
use serde_json::Value;

/// Bytes Chromium may transfer for the widget (wasm, glue, loader, with headers) on a first
/// visit. Measured 2026-11-30: the same bytes as brotli -q 11 computes (137,682) plus headers;
/// 140,244 after issue 19's texts and retries (+1.5 KB, see `bundle_budget.rs`); 140,367 with
/// the reserved height and the layout that keeps the host page still (see `bundle_budget.rs`);
/// 140,417 when the host page is no longer blocked by one long task (see `bundle_budget.rs`);
/// 141,214 with issue 18's objects as data and picklist filters offering the org's own values
/// (see `bundle_budget.rs`); 139,928 with filter fields as data and the weight won back, 140,254
/// with the review's mends, 141,092 with objects' Salesforce icons and 140,272 with the weight
/// won back, 140,196 with one click listener per list and 140,247 with its review's mends, 141,030
/// with the badges' icons as backgrounds and 141,244 with its review's mends, 141,404 with the
/// loader's placeholder titles and its wait for the first paint (see `bundle_budget.rs`),
/// plus about 200 B for the layout noise
/// `bundle_budget.rs` explains.
const FIRST_VISIT_BUDGET: u64 = 141_630;
/// Bytes a repeat visit may transfer for the widget: the loader's revalidation only.
const REPEAT_VISIT_BUDGET: u64 = 2_048;

/// Which widget file a Resource Timing name is: the loader (stable name), or the wasm or glue
/// (content-hashed names).
fn kind(name: &str) -> &'static str {
    match name {
        "salesforce-widget-loader.js" => "loader",
        n if n.starts_with("salesforce-widget-")
            && n.ends_with("_bg.wasm")
            && n.len() > "salesforce-widget-_bg.wasm".len() =>
        {
            "wasm"
        }
        n if n.starts_with("salesforce-widget-") && n.ends_with(".js") => "glue",
        _ => "other",
    }
}

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
async fn the_widget_travels_compressed_and_a_repeat_visit_fetches_only_the_loader() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(&stack, "grace").await?;
    browser.find_at_least("[data-state='not-connected']", 2).await?;

    let first = widget_transfers(&browser).await?;
    for file in ["loader", "wasm", "glue"] {
        assert_eq!(first.iter().filter(|(name, ..)| kind(name) == file).count(), 1, "{file}: {first:?}");
    }
    let (wasm_name, wasm_transfer, wasm_encoded, wasm_decoded) =
        first.iter().find(|(name, ..)| kind(name) == "wasm").cloned().unwrap();
    assert!(wasm_encoded * 2 < wasm_decoded, "the wasm came uncompressed: {wasm_encoded} of {wasm_decoded} bytes");
    let headers = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/widget/' + arguments[0], { cache: 'no-store' })
               .then(r => done([r.headers.get('content-encoding'), r.headers.get('cache-control')]));",
            vec![Value::String(wasm_name.clone())],
        )
        .await?;
    assert_eq!(headers[0], "br", "Chromium offers brotli; the server must answer with the precompressed copy");
    assert_eq!(headers[1], "public, max-age=31536000, immutable", "{wasm_name} carries its content hash");
    let total: u64 = first.iter().map(|(_, transfer, ..)| transfer).sum();
    println!("first visit: {first:?}; widget total {total} bytes transferred (wasm {wasm_transfer})");
    assert!(total <= FIRST_VISIT_BUDGET, "the widget transferred {total} bytes (budget {FIRST_VISIT_BUDGET})");

    // A new visit of the page (not a forced reload): the loader is asked again, nothing else.
    browser.client.goto(&format!("{}/", stack.intranet)).await?;
    browser.find_at_least("[data-state='not-connected']", 2).await?;
    let repeat = widget_transfers(&browser).await?;
    let total: u64 = repeat.iter().map(|(_, transfer, ..)| transfer).sum();
    println!("repeat visit: {repeat:?}; widget total {total} bytes transferred");
    for (name, transfer, ..) in &repeat {
        if kind(name) != "loader" {
            assert_eq!(*transfer, 0, "{name} was asked for again on a repeat visit");
        }
    }
    assert!(total <= REPEAT_VISIT_BUDGET, "a repeat visit transferred {total} bytes (budget {REPEAT_VISIT_BUDGET})");
    browser.close().await
}
