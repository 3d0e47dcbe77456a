//! Small pieces both pages use.

use leptos::prelude::*;

/// Copies `text()` to the clipboard and says so; where the clipboard is not available (an
/// insecure origin, a refused permission) it says how to copy by hand.
#[component]
pub fn CopyButton(#[prop(into)] label: String, text: Signal<String>) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let copy = move |_| {
        let value = text.get_untracked();
        let clipboard = window().navigator().clipboard();
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&value)).await;
            said.set(match done {
                Ok(_) => "Copied.".to_owned(),
                Err(_) => "Copying is not allowed here: select the text and press Ctrl+C.".to_owned(),
            });
        });
    };
    view! {
        <button type="button" class="ip-button ip-button--secondary" on:click=copy>
            {label}
        </button>
        <span class="ip-copied" role="status">
            {move || said.get()}
        </span>
    }
}
