//! Opening a record on a phone: a small sheet offers the Salesforce mobile app (its documented
//! `salesforce1://` URL scheme) and the browser. When the app does not take over within a
//! moment (not installed), the web Lightning URL opens instead.

use crate::{
    i18n::Strings,
    search::{self, ResultItem},
};
use leptos::prelude::*;
use std::time::Duration;

/// How long the app gets to take over before the browser opens the record instead.
pub const APP_FALLBACK: Duration = Duration::from_millis(1_500);

/// Small touch screens, where the Salesforce app is the better place to read a record.
pub fn is_phone() -> bool {
    window().match_media("(pointer: coarse) and (max-width: 640px)").ok().flatten().is_some_and(|query| query.matches())
}

/// Opens `url` in a new tab, or here when the browser blocks new tabs.
fn open_web(url: &str) {
    let opened = window().open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
    if !matches!(opened, Ok(Some(_))) {
        let _ = window().location().assign(url);
    }
}

#[component]
pub fn OpenSheet(
    item: ResultItem,
    strings: &'static Strings,
    /// The user chose one of the two ways (the record counts as viewed).
    opened: Callback<()>,
    close: Callback<()>,
) -> impl IntoView {
    let web = search::is_safe_record_url(&item.url).then(|| item.url.clone());
    let app = search::mobile_app_url(&item).map(|app| {
        let web = web.clone();
        let on_click = move |_| {
            opened.run(());
            let Some(web) = web.clone() else { return };
            // If the app opened, this page is now hidden: then the browser stays out of it.
            set_timeout(
                move || {
                    if !document().hidden() {
                        open_web(&web);
                    }
                },
                APP_FALLBACK,
            );
        };
        view! { <a class="sfw-button" data-open="app" href=app on:click=on_click>{strings.open_in_app}</a> }
    });
    let browser = web.map(|web| {
        view! {
            <a class="sfw-link" data-open="web" href=web target="_blank" rel="noopener noreferrer"
                on:click=move |_| opened.run(())>
                {strings.open_in_browser}<span class="sfw-visually-hidden">" "{strings.opens_in_new_tab}</span>
            </a>
        }
    });
    view! {
        <div class="sfw-sheet" role="group" aria-label=item.title.clone() data-state="open-sheet">
            <p class="sfw-sheet-title">{item.title.clone()}</p>
            {app}
            {browser}
            <button type="button" class="sfw-link-button" on:click=move |_| close.run(())>{strings.close}</button>
        </div>
    }
}
