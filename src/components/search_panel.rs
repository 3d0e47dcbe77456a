//! The search: an ARIA combobox whose listbox holds the results grouped by type. Typing is
//! debounced, identical queries are not sent twice, typing aborts the request in flight at
//! once, and only results for the current input are ever painted.

use super::{
    RecordOpener,
    filter_bar::FilterBar,
    glance,
    open_sheet::{self, OpenSheet},
    results,
    search_state::{Entry, SearchState},
    state_views,
};
use crate::{
    api::{ApiError, Backend},
    config::WidgetConfig,
    objects::{Objects, is_recently_viewed},
    search::{self, ResultItem},
};
use leptos::{ev, prelude::*};
use widget_contract::codes;

/// Error codes after which this widget cannot search until the status is asked again.
const CONNECTION_CODES: [&str; 4] = [
    codes::SALESFORCE_REAUTH_REQUIRED,
    codes::SALESFORCE_NOT_CONNECTED,
    codes::NOT_CONFIGURED,
    codes::INTRANET_SIGN_IN_REQUIRED,
];

fn next_instance_number() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Where the typed query is kept while the user signs in again (per page and widget).
fn storage_key(config: &WidgetConfig) -> String {
    let objects: Vec<&str> = config.objects.iter().map(String::as_str).collect();
    format!("salesforce-widget:query:{}:{}", config.title, search::joined(&objects, ","))
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

#[component]
pub fn SearchPanel(
    config: WidgetConfig,
    /// The objects searched, as the status described them.
    objects: Objects,
    backend: Backend,
    /// "Name (username)" of the connected Salesforce user.
    salesforce_user: Option<String>,
    /// Called when a search shows that the connection is gone (the status is asked again).
    connection_lost: Callback<Option<ApiError>>,
) -> impl IntoView {
    let strings = crate::i18n::strings(config.lang);
    let opener = use_context::<RecordOpener>().map(|o| o.0);
    let number = next_instance_number();
    let input_id = format!("sfw-{number}-input");
    let listbox_id = format!("sfw-{number}-listbox");
    let key = storage_key(&config);
    let kept = session_storage().and_then(|s| s.get_item(&key).ok().flatten()).unwrap_or_default();

    // The objects' icons, loaded when the person turns to the search box (a page view without
    // a search asks for none), while the first answer is still being waited for; an icon that
    // failed is asked again then (each focus, not each key).
    let load_icons = {
        let objects = objects.clone();
        move || {
            for icon in objects.iter().filter_map(|object| object.icon.as_deref()) {
                crate::icons::preload(icon);
            }
        }
    };
    if !kept.is_empty() {
        load_icons();
    }
    let state = SearchState::new(&config, &objects, &backend, kept);
    let SearchState { raw, query, filters, current, active, open, .. } = state;
    // The record being opened on a phone (the sheet that offers the Salesforce app).
    let sheet = RwSignal::new(None::<ResultItem>);

    let glance = glance::Glance::new(&config, &objects, &backend, filters);
    // Tell the backend (and so Salesforce) which record the user opened.
    let viewed = Callback::new({
        let backend = backend.clone();
        move |item: ResultItem| {
            // Salesforce never lists a task as recently viewed: nothing to report.
            if !is_recently_viewed(&item.object) {
                return;
            }
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                if backend.record_view(&item.object, &item.id).await.is_ok() {
                    glance.viewed();
                }
            });
        }
    });

    let typed = move || state.typed();
    let entries = Memo::new(move |_| match (query.get(), current.get()) {
        (Some(_), Some(Ok(found))) => results::entries(&found, &state.extra.get()),
        (None, _) if !typed() => glance.entries(),
        _ => Vec::new(),
    });

    Effect::new(move |_| {
        let searched = current.get().and_then(Result::err);
        let lost = searched
            .into_iter()
            .chain(glance.errors())
            .find(|error| error.code().is_some_and(|code| CONNECTION_CODES.contains(&code)));
        if let Some(error) = lost {
            connection_lost.run(Some(error));
        }
    });
    let choose = move |entry: Entry| match entry {
        Entry::Record(item) => {
            if open_sheet::is_phone() {
                sheet.set(Some(item));
            } else if search::is_safe_record_url(&item.url)
                && let Some(opener) = opener
            {
                opener.run(item.url.clone());
                viewed.run(item);
            }
        }
        Entry::ShowMore(kind) => state.show_more(kind),
    };

    let on_input = {
        let key = key.clone();
        move |event: ev::Event| {
            let value = event_target_value(&event);
            if let Some(storage) = session_storage() {
                let _ = storage.set_item(&key, &value);
            }
            state.input(value);
        }
    };

    let on_keydown = {
        let key = key.clone();
        move |event: ev::KeyboardEvent| {
            let (chosen, handled) = state.key(&event.key(), entries.with_untracked(Vec::len));
            if let Some(entry) = chosen.and_then(|i| entries.with_untracked(|e| e.get(i).cloned())) {
                choose(entry);
            }
            if handled {
                event.prevent_default();
                // Emptied: nothing is kept for after a sign-in either.
                if raw.with_untracked(String::is_empty)
                    && let Some(storage) = session_storage()
                {
                    let _ = storage.remove_item(&key);
                }
            }
        }
    };

    let active_descendant = {
        let listbox_id = listbox_id.clone();
        move || active.get().map(|index| results::option_id(&listbox_id, index))
    };
    let announcement = move || match current.get() {
        Some(Ok(found)) => (strings.results_announcement)(found.count()),
        _ => String::new(),
    };
    let expanded = move || open.get() && !entries.with(Vec::is_empty);
    let retry = Callback::new(move |()| state.retry());

    let listbox = results::Listbox {
        entries,
        active,
        open,
        id: listbox_id.clone(),
        choose: Callback::new(choose),
        strings,
        objects: objects.clone(),
    };
    let body = move || match (query.get(), current.get()) {
        (None, _) if typed() => view! { <p class="sfw-note" data-state="type-more">{strings.type_more}</p> }.into_any(),
        (None, _) if glance.shown() => glance::view(glance.recent(), glance.tasks(), listbox.clone()).into_any(),
        (None, _) => ().into_any(),
        (Some(_), None) => {
            view! { <p class="sfw-note" data-state="searching" role="status">{strings.searching}</p> }.into_any()
        }
        (Some(_), Some(Err(error))) => state_views::error(&error, strings, Some(retry)).into_any(),
        (Some(q), Some(Ok(found))) => results::view(q, found, listbox.clone()).into_any(),
    };

    let disconnect = {
        let backend = backend.clone();
        move |_| {
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                if backend.disconnect().await.is_ok() {
                    connection_lost.run(None);
                }
            });
        }
    };

    // No formatting machinery for it: the labels between the language's two parts.
    let mut placeholder = strings.placeholder[0].to_owned();
    for (i, object) in objects.iter().enumerate() {
        if i > 0 {
            placeholder.push_str(", ");
        }
        placeholder.push_str(&object.label);
    }
    placeholder.push_str(strings.placeholder[1]);
    view! {
        <div class="sfw-search" data-state="ready">
            <label class="sfw-visually-hidden" for=input_id.clone()>{strings.search_label}</label>
            <input
                id=input_id
                class="sfw-input"
                type="search"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=listbox_id
                aria-expanded=move || super::aria(expanded())
                aria-activedescendant=active_descendant
                placeholder=placeholder
                prop:value=move || raw.get()
                on:input=on_input
                on:keydown=on_keydown
                on:focus=move |_| {
                    load_icons();
                    glance.focused();
                }
            />
            <FilterBar objects=objects.clone() backend=backend.clone() filters strings id_prefix=format!("sfw-{number}") />
            <p class="sfw-visually-hidden" aria-live="polite" aria-atomic="true">{announcement}</p>
            {body}
            {move || sheet.get().map(|item| {
                let chosen = item.clone();
                view! {
                    <OpenSheet item strings
                        opened=Callback::new(move |()| { viewed.run(chosen.clone()); sheet.set(None); })
                        close=Callback::new(move |()| sheet.set(None)) />
                }
            })}
            <p class="sfw-footer">
                <span>{salesforce_user.map(|who| (strings.connected_as)(&who))}</span>
                <button type="button" class="sfw-link-button" on:click=disconnect>{strings.disconnect}</button>
            </p>
        </div>
    }
}
