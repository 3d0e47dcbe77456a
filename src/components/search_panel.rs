//! The search: an ARIA combobox whose listbox holds the results grouped by type. Typing is
//! debounced, identical queries are not sent twice, typing aborts the request in flight at
//! once, and only results for the current input are ever painted.

use super::{
    RecordOpener,
    filter_bar::FilterBar,
    glance,
    open_sheet::{self, OpenSheet},
    results, state_views,
};
use crate::{
    api::{ApiError, Backend},
    config::WidgetConfig,
    objects::{Objects, is_recently_viewed},
    search::{self, ResultItem, SearchRequest, SearchResults},
};
use leptos::{ev, prelude::*};
use send_wrapper::SendWrapper;
use std::time::Duration;
use widget_contract::codes;

/// How long typing must pause before a search is sent.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Error codes after which this widget cannot search until the status is asked again.
const CONNECTION_CODES: [&str; 4] = [
    codes::SALESFORCE_REAUTH_REQUIRED,
    codes::SALESFORCE_NOT_CONNECTED,
    codes::NOT_CONFIGURED,
    codes::INTRANET_SIGN_IN_REQUIRED,
];

/// One entry of the listbox: a record, or the "show more" of an object.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Record(ResultItem),
    ShowMore(String),
}

/// Records loaded by "show more", per object, and whether even more exist. A list, not a map:
/// a widget has a dozen objects at most, and a map type would add its code to the bundle.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra(Vec<(String, Vec<ResultItem>, bool)>);

impl Extra {
    /// The records loaded for `object`, and whether even more exist.
    pub fn get(&self, object: &str) -> Option<(&[ResultItem], bool)> {
        self.0.iter().find(|(o, ..)| o == object).map(|(_, records, more)| (records.as_slice(), *more))
    }

    fn add(&mut self, object: String, records: Vec<ResultItem>, has_more: bool) {
        match self.0.iter_mut().find(|(o, ..)| *o == object) {
            Some((_, loaded, more)) => {
                loaded.extend(records);
                *more = has_more;
            }
            None => self.0.push((object, records, has_more)),
        }
    }
}

fn next_instance_number() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Where the typed query is kept while the user signs in again (per page and widget).
fn storage_key(config: &WidgetConfig) -> String {
    format!("salesforce-widget:query:{}:{}", config.title, config.objects.join(","))
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

    let raw = RwSignal::new(kept.clone());
    let settled = RwSignal::new(kept);
    // Identical normalised queries compare equal, so the resource does not run again.
    let query = Memo::new(move |_| search::normalize(&settled.get()));
    // The request of the current query, so that typing on can abort it at once.
    let in_flight = StoredValue::new_local(None::<web_sys::AbortController>);
    let extra = RwSignal::new(Extra::default());
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(true);
    let filters = RwSignal::new(config.filters.clone());
    // The record being opened on a phone (the sheet that offers the Salesforce app).
    let sheet = RwSignal::new(None::<ResultItem>);

    let results = LocalResource::new({
        let backend = backend.clone();
        let keys = objects.keys();
        let limit = config.limit;
        move || {
            let query = query.get();
            let filters = filters.get();
            let backend = backend.clone();
            let request =
                query.clone().map(|query| SearchRequest { query, objects: keys.clone(), limit, offset: 0, filters });
            // Cancelled when the query changes (the resource runs again) or the widget goes away.
            let controller = web_sys::AbortController::new().ok();
            let signal = controller.as_ref().map(|c| c.signal());
            in_flight.set_value(controller.clone());
            let controller = SendWrapper::new(controller);
            on_cleanup(move || {
                if let Some(controller) = controller.take() {
                    controller.abort();
                }
            });
            async move {
                match request {
                    None => Ok(None),
                    Some(request) => backend.search(&request, signal).await.map(|r| Some((request.query, r))),
                }
            }
        }
    });

    // Asked to slow down: the same search runs again once the backend allows it. Tracks the
    // resource itself, which notifies on every answer (a repeated refusal too).
    Effect::new(move |_| {
        if let Some(Err(error)) = results.get() {
            state_views::when_allowed(&error, move || results.refetch());
        }
    });

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

    let mut settle = debounce(DEBOUNCE, move |value: String| {
        // A request aborted by typing that came back to the same query is sent again.
        let same_query = search::normalize(&value) == query.get_untracked();
        settled.set(value);
        if same_query && matches!(results.get_untracked(), Some(Err(ApiError::Aborted))) {
            results.refetch();
        }
    });

    // Results (and "show more" pages) for exactly the current query, or nothing.
    let current = Memo::new(move |_| -> Option<Result<SearchResults, ApiError>> {
        let query = query.get()?;
        match results.get()? {
            Ok(Some((for_query, found))) if for_query == query => Some(Ok(found)),
            Ok(_) => None,
            Err(ApiError::Aborted) => None,
            Err(error) => Some(Err(error)),
        }
    });
    let typed = move || raw.with(|r| !r.trim().is_empty());
    let entries = Memo::new(move |_| match (query.get(), current.get()) {
        (Some(_), Some(Ok(found))) => results::entries(&found, &extra.get()),
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
    // A new query starts with a clean list.
    Effect::new(move |_| {
        query.track();
        extra.set(Extra::default());
        active.set(None);
    });

    let show_more = {
        let backend = backend.clone();
        let limit = config.limit;
        move |kind: String| {
            let Some(text) = query.get_untracked() else { return };
            let loaded = match current.get_untracked() {
                Some(Ok(found)) => found.groups.iter().find(|g| g.object == kind).map_or(0, |g| g.records.len()),
                _ => return,
            } + extra.with_untracked(|e| e.get(&kind).map_or(0, |(more, _)| more.len()));
            let request = SearchRequest {
                query: text,
                objects: vec![kind.clone()],
                limit,
                offset: loaded,
                filters: filters.get_untracked(),
            };
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                if let Ok(found) = backend.search(&request, None).await
                    && query.get_untracked().as_deref() == Some(request.query.as_str())
                    && let Some(group) = found.groups.into_iter().next()
                {
                    extra.update(|e| e.add(kind, group.records, group.has_more));
                }
            });
        }
    };

    let choose = {
        let show_more = show_more.clone();
        move |entry: Entry| match entry {
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
            Entry::ShowMore(kind) => show_more(kind),
        }
    };

    let on_input = {
        let key = key.clone();
        move |event: ev::Event| {
            let value = event_target_value(&event);
            if let Some(storage) = session_storage() {
                let _ = storage.set_item(&key, &value);
            }
            // An answer for a query that is no longer in the box must never paint, however late
            // the main thread gets to it: abort now, not when the next debounced request starts.
            // (An answer already painted stays until the next one arrives.)
            if search::normalize(&value) != query.get_untracked() {
                in_flight.with_value(|controller| controller.as_ref().map(web_sys::AbortController::abort));
            }
            raw.set(value.clone());
            open.set(true);
            active.set(None);
            settle(value);
        }
    };

    let on_keydown = {
        let choose = choose.clone();
        let key = key.clone();
        move |event: ev::KeyboardEvent| {
            let count = entries.with_untracked(Vec::len);
            let current_index = active.get_untracked();
            let handled = match event.key().as_str() {
                "ArrowDown" if count > 0 => {
                    open.set(true);
                    active.set(Some(current_index.map_or(0, |i| (i + 1).min(count - 1))));
                    true
                }
                "ArrowUp" if count > 0 => {
                    active.set(Some(current_index.map_or(count - 1, |i| i.saturating_sub(1))));
                    true
                }
                "Home" if current_index.is_some() => {
                    active.set(Some(0));
                    true
                }
                "End" if current_index.is_some() => {
                    active.set(Some(count - 1));
                    true
                }
                "Enter" => match current_index.and_then(|i| entries.with_untracked(|e| e.get(i).cloned())) {
                    Some(entry) => {
                        choose(entry);
                        true
                    }
                    None => false,
                },
                "Escape" => {
                    if open.get_untracked() && current_index.is_some() {
                        active.set(None);
                        open.set(false);
                    } else {
                        raw.set(String::new());
                        settled.set(String::new());
                        if let Some(storage) = session_storage() {
                            let _ = storage.remove_item(&key);
                        }
                    }
                    true
                }
                _ => false,
            };
            if handled {
                event.prevent_default();
            }
        }
    };

    let option_id = {
        let listbox_id = listbox_id.clone();
        move |index: usize| format!("{listbox_id}-{index}")
    };
    let active_descendant = {
        let option_id = option_id.clone();
        move || active.get().map(&option_id)
    };
    let announcement = move || match current.get() {
        Some(Ok(found)) => (strings.results_announcement)(found.count()),
        _ => String::new(),
    };
    let expanded = move || open.get() && !entries.with(Vec::is_empty);
    let retry = Callback::new(move |()| results.refetch());

    let listbox = results::Listbox {
        entries,
        active,
        open,
        id: listbox_id.clone(),
        option_id: Callback::new(option_id.clone()),
        choose: Callback::new(choose.clone()),
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
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=active_descendant
                placeholder=placeholder
                prop:value=move || raw.get()
                on:input=on_input
                on:keydown=on_keydown
                on:focus=move |_| glance.focused()
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
