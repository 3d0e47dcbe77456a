//! The widget bundle's file names: the build gives the wasm and its glue their content hash
//! (`salesforce-widget-<16 hex>_bg.wasm`, `salesforce-widget-<16 hex>.js`), and the backend
//! serves exactly those as immutable. Both read the rule from here.

/// Hex digits of the content hash in a file name.
pub const HASH_LEN: usize = 16;
const PREFIX: &str = "salesforce-widget-";

/// The wasm of release `id`.
pub fn wasm_name(id: &str) -> String {
    format!("{PREFIX}{id}_bg.wasm")
}

/// The glue script of release `id`.
pub fn glue_name(id: &str) -> String {
    format!("{PREFIX}{id}.js")
}

/// The release id a file name carries (also of its `.br`/`.gz` copies), if it is a
/// content-hashed wasm or glue.
pub fn release_of(name: &str) -> Option<&str> {
    let name = name.strip_suffix(".br").or_else(|| name.strip_suffix(".gz")).unwrap_or(name);
    let rest = name.strip_prefix(PREFIX)?;
    let id = rest.strip_suffix("_bg.wasm").or_else(|| rest.strip_suffix(".js"))?;
    (id.len() == HASH_LEN && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_names_carry_a_release() {
        let id = "0123456789abcdef";
        assert_eq!(release_of(&wasm_name(id)), Some(id));
        assert_eq!(release_of(&glue_name(id)), Some(id));
        assert_eq!(release_of(&format!("{}.br", wasm_name(id))), Some(id));
        for name in [
            "salesforce-widget_bg.wasm",
            "salesforce-widget-loader.js",
            "salesforce-widget-0123_bg.wasm",
            "salesforce-widget-0123456789abcdeg.js",
        ] {
            assert_eq!(release_of(name), None, "{name}");
        }
    }
}
