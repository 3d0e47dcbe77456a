//! The theme icons an org serves at `/img/icon/t4v35/{standard|custom}/{name}_120.png`, the
//! address UI API `themeInfo.iconUrl` gives. Static images: Salesforce serves its icons to
//! anyone without a session (its Connect API reference: "All icons are available to
//! unauthenticated users", and its Mobile SDK fetches them unauthenticated). The PNGs are
//! Salesforce's own, unchanged (`@salesforce-ux/icons` 10.4.0, CC BY-ND 4.0; see
//! `assets/icons/NOTICE.md`): those of the standard objects the demo org has, and all 113 custom
//! icons a custom object's tab style may use.

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

macro_rules! icons {
    ($($kind:literal: [$($name:literal),* $(,)?]),* $(,)?) => {
        &[$($(
            (
                concat!($kind, "/", $name, "_120.png"),
                include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/icons/", $kind, "/", $name, "_120.png")),
            ),
        )*)*]
    };
}

/// (`kind/name_120.png`, the PNG).
static ICONS: &[(&str, &[u8])] = icons! {
    "standard": ["account", "campaign", "case", "contact", "lead", "opportunity", "task", "user"],
    "custom": [
        "custom1", "custom2", "custom3", "custom4", "custom5", "custom6", "custom7", "custom8", "custom9", "custom10",
        "custom11", "custom12", "custom13", "custom14", "custom15", "custom16", "custom17", "custom18", "custom19", "custom20",
        "custom21", "custom22", "custom23", "custom24", "custom25", "custom26", "custom27", "custom28", "custom29", "custom30",
        "custom31", "custom32", "custom33", "custom34", "custom35", "custom36", "custom37", "custom38", "custom39", "custom40",
        "custom41", "custom42", "custom43", "custom44", "custom45", "custom46", "custom47", "custom48", "custom49", "custom50",
        "custom51", "custom52", "custom53", "custom54", "custom55", "custom56", "custom57", "custom58", "custom59", "custom60",
        "custom61", "custom62", "custom63", "custom64", "custom65", "custom66", "custom67", "custom68", "custom69", "custom70",
        "custom71", "custom72", "custom73", "custom74", "custom75", "custom76", "custom77", "custom78", "custom79", "custom80",
        "custom81", "custom82", "custom83", "custom84", "custom85", "custom86", "custom87", "custom88", "custom89", "custom90",
        "custom91", "custom92", "custom93", "custom94", "custom95", "custom96", "custom97", "custom98", "custom99", "custom100",
        "custom101", "custom102", "custom103", "custom104", "custom105", "custom106", "custom107", "custom108", "custom109", "custom110",
        "custom111", "custom112", "custom113",
    ],
};

pub async fn icon(Path((kind, file)): Path<(String, String)>) -> Response {
    let wanted = format!("{kind}/{file}");
    match ICONS.iter().find(|(name, _)| *name == wanted) {
        Some((_, png)) => ([(header::CONTENT_TYPE, "image/png")], *png).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_a_custom_object_may_choose_is_a_png() {
        assert_eq!(ICONS.len(), 8 + 113);
        assert!(ICONS.iter().all(|(_, png)| png.starts_with(b"\x89PNG\r\n\x1a\n")));
        assert!(ICONS.iter().any(|(name, _)| *name == "custom/custom113_120.png"));
    }
}
