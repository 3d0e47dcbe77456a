//! The size budget of what an intranet page loads for the widget (wasm + JS glue + loader; the
//! stylesheet is inside the wasm): a regression fails the test command. Sizes are those of
//! brotli -q 11, what the backend serves to browsers that accept it.

use end2end::widget_dist;
use std::io::Write;

/// Brotli bytes the widget may weigh. Measured 2026-11-29: 114,233 with the glue minified by
/// esbuild (116,125 before; abort-on-typing added about 800); then 136,409 with the features
/// of issue 10 (recent records, the tasks glance, filters, the phone sheet: +22.2 KB, of which
/// the filter panel is 7.5 KB), 137,387 with the link to all tasks and the glance's own state
/// type; 137,682 after issue 16 (Salesforce's own search beside every result list, texts that
/// promise nothing Salesforce cannot: +295); 137,831 with the loader naming content-hashed files and
/// a link check that parses the host (+149); 139,344 with issue 19's answers to the backend's
/// limits (slow down and retry after Retry-After, the org-wide pause, an origin not allowed, the
/// demo intranet's sign-in link; their English and German texts: +1,513); 139,467 after
/// issue 17's build levers (wasm-opt to convergence, no build-machine paths: −359), the loader
/// reserving each widget's height so the host page does not move (+135), and the widget filling
/// it, badges beside titles and a cut-off list that fades (+347); 139,517 once each widget takes
/// the page's shared status answer in a task of its own (+50: no long task of three renders);
/// 139,661 with issue 18's first steps. Then issue 18 made objects data (names, labels in the
/// person's Salesforce language, theme colours, no object known by code): with a minified
/// stylesheet and no map types the widget came to 138,712 (−949); no heading for an object
/// with nothing found (+315), and picklist filters offering the org's own values instead of
/// built-in lists (+1,287: the request, its parse, adding the options): 140,314. Then filter
/// fields as data (+1.7 KB), the search's state out of its view (+0.5 KB) and labelled details
/// (+0.4 KB), paid for by one group view for results and glance (−1.6 KB), one plain join and
/// loops instead of `collect` into `Result` (−0.9 KB), erased views in the filter panel and one
/// stored value for the search (−1.4 KB): 139,028 (see docs/performance.md); 139,354 with the
/// review's mends (stale filters left out, checkbox presets checked, Escape cancelling a pending
/// pause, lost picklist values asked again: +326), still below issue 18's start (139,517).
/// 140,192 with objects' Salesforce icons (an image over each badge's letter, removed if it
/// fails to load: +1.1 KB); 139,372 with the weight won back (one function for the page
/// editor's and the decoder's messages, ARIA states as static text, today's date without padded
/// formatting, one badge view for every group, the sign-in addresses through `URLSearchParams`;
/// see docs/performance.md), below issue 18's start again; 139,296 with one click listener per
/// list instead of two per option, and the active option styled by its `aria-selected` (139,135
/// before `cargo fmt` moved two lines: the layout noise below); 139,347 with the review's mends
/// (checked casts and arithmetic in finding the clicked option). 140,130 with the badges' icons
/// drawn as backgrounds of icons loaded once per page (+783: the preload and its state; an
/// `<img>` per badge cost about 0.2 ms of main thread per group of every answer, see
/// docs/performance.md); 140,344 with its review's mends (an icon that failed asked again at the
/// next focus, a loaded icon's image kept, none asked for before a search box has the focus,
/// the letter in forced colours: +214). 140,504 with the loader's placeholder titles and its
/// wait for the page's first paint (+181 in the loader: the widget's files are asked for after
/// the host page painted).
/// The budget leaves about 200 B above that: the same code moves by about that much when lines shift
/// in a file (the panic locations compiled in change; two comment lines above an `async fn`
/// made the wasm 133,891 → 134,024 B, same raw size). The goal of the performance issue
/// (36 KB) is far below; this budget only stops it growing unnoticed.
const BUDGET_BROTLI: usize = 140_730;

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory compression");
    out.len()
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in-memory compression");
    encoder.finish().expect("in-memory compression").len()
}

#[test]
fn the_widget_stays_within_its_size_budget_and_carries_no_control_panel_code() {
    let dist = widget_dist();
    let mut total = (0, 0, 0);
    for file in ["salesforce-widget_bg.wasm", "salesforce-widget.js", "salesforce-widget-loader.js"] {
        let bytes = std::fs::read(dist.join(file)).unwrap_or_else(|e| panic!("{file}: {e} (build the widget first)"));
        let sizes = (bytes.len(), gzip(&bytes), brotli(&bytes));
        println!("{file}: {} raw, {} gzip -9, {} brotli -q 11", sizes.0, sizes.1, sizes.2);
        total = (total.0 + sizes.0, total.1 + sizes.1, total.2 + sizes.2);
    }
    println!("widget total: {} raw, {} gzip -9, {} brotli -q 11 (budget {BUDGET_BROTLI})", total.0, total.1, total.2);
    assert!(total.2 <= BUDGET_BROTLI, "the widget grew to {} brotli bytes (budget {BUDGET_BROTLI})", total.2);

    // The control panel and configurator live in their own bundle.
    let wasm = std::fs::read(dist.join("salesforce-widget_bg.wasm")).unwrap();
    for text in ["Test connection", "Embed snippet", "Consumer Secret"] {
        assert!(!wasm.windows(text.len()).any(|w| w == text.as_bytes()), "the widget carries {text:?}");
    }
    assert!(dist.join("pages/intranet-pages_bg.wasm").exists(), "the intranet pages bundle is built next to it");
}
