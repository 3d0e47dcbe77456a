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

/// What the last save of a small settings form ended with, as the sentence to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    Done(String),
    Failed(String),
}

impl Saved {
    /// For the field's `aria-invalid`.
    pub fn invalid(outcome: RwSignal<Option<Saved>>) -> impl Fn() -> Option<&'static str> + Copy {
        move || matches!(outcome.get(), Some(Saved::Failed(_))).then_some("true")
    }
}

/// A small form's save button and its outcome line (a live region the field points to).
#[component]
pub fn SaveRow(
    label: &'static str,
    saving: RwSignal<bool>,
    outcome: RwSignal<Option<Saved>>,
    /// The outcome's id (named by the field's `aria-describedby`) and its test id.
    id: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class="ip-button" disabled=move || saving.get()>
            {move || if saving.get() { "Saving…" } else { label }}
        </button>
        <div id=id role="status" data-testid=id>
            {move || match outcome.get() {
                Some(Saved::Done(text)) => view! { <p class="ip-success">{text}</p> }.into_any(),
                Some(Saved::Failed(text)) => view! { <p class="ip-error">{text}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}
