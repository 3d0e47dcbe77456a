//! The objects' theme icons, loaded once per page. A badge draws its icon as a background (a
//! CSS variable the stylesheet layers over the letter) once the icon is known to have loaded,
//! so an icon that fails leaves the letter. An `<img>` per badge cost the main thread about
//! 0.2 ms per group heading of every answer (the image loader's work for each new element);
//! a style attribute costs a few microseconds.

use leptos::prelude::{ArcTrigger, Notify, Track};
use std::cell::RefCell;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlImageElement;

/// Where an icon is: loading, loaded (its image kept, so the browser keeps it at hand for the
/// backgrounds that draw it), or failed.
enum Icon {
    Loading,
    Loaded(#[allow(dead_code)] HtmlImageElement),
    Failed,
}

thread_local! {
    /// Each icon asked for on this page. A list: a page shows a dozen objects at most, and a map
    /// type would add its code to the bundle.
    static ICONS: RefCell<Vec<(String, Icon)>> = const { RefCell::new(Vec::new()) };
    /// Notified when an icon has loaded or failed: the badges drawn before then look again.
    static SETTLED: ArcTrigger = ArcTrigger::new();
}

/// Starts loading `url`, once per page however many widgets show it; an icon that failed is
/// asked again (a backend that was briefly unavailable must not leave letters for good).
pub fn preload(url: &str) {
    let settled_or_loading =
        ICONS.with_borrow(|icons| icons.iter().any(|(known, icon)| known == url && !matches!(icon, Icon::Failed)));
    if !usable(url) || settled_or_loading {
        return;
    }
    let Ok(image) = HtmlImageElement::new() else { return };
    image.set_src(url);
    set(url, Icon::Loading);
    let url = url.to_owned();
    leptos::task::spawn_local(async move {
        // Resolves once the image is loaded and decodable; rejects if it cannot load.
        let loaded = JsFuture::from(image.decode()).await.is_ok();
        set(&url, if loaded { Icon::Loaded(image) } else { Icon::Failed });
        SETTLED.with(ArcTrigger::notify);
    });
}

fn set(url: &str, state: Icon) {
    ICONS.with_borrow_mut(|icons| match icons.iter_mut().find(|(known, _)| known == url) {
        Some((_, icon)) => *icon = state,
        None => icons.push((url.to_owned(), state)),
    });
}

/// A badge's style: the object's colour (a `--sfw-object-color` declaration, if any) and its
/// icon once loaded. A reactive closure that reads it while the icon is not settled runs again
/// when it is.
pub fn badge_style(color: Option<&str>, icon: Option<&str>) -> Option<String> {
    let loaded = icon.filter(|url| {
        ICONS.with_borrow(|icons| match icons.iter().find(|(known, _)| known == url) {
            Some((_, Icon::Loaded(_))) => true,
            Some((_, Icon::Failed)) => false,
            // Not asked for yet, or loading.
            _ => {
                SETTLED.with(ArcTrigger::track);
                false
            }
        })
    });
    let mut style = color.map(str::to_owned);
    if let Some(url) = loaded {
        let style = style.get_or_insert_with(String::new);
        if !style.is_empty() {
            style.push(';');
        }
        for part in ["--_icon:url(\"", url, "\")"] {
            style.push_str(part);
        }
    }
    style
}

/// Whether `url` can stand inside a quoted CSS `url("…")` as it is: no quote, backslash,
/// parenthesis, space or control character, so it can never end the string or the declaration.
fn usable(url: &str) -> bool {
    !url.is_empty() && url.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'\\' | b'(' | b')'))
}

#[cfg(test)]
mod tests {
    use super::usable;

    #[test]
    fn only_an_address_that_cannot_leave_a_css_string_is_drawn() {
        assert!(usable("https://intranet.example/api/salesforce/icons/account?v=2&s=120"));
        assert!(usable("/api/salesforce/icons/project__c"));
        for hostile in ["", "/icons/a\")", "/icons/a');x:y", "/icons/a\\\"", "/icons/a b", "/icons/a\nb", "/icons/ä"] {
            assert!(!usable(hostile), "{hostile:?}");
        }
    }
}
