//! The search's state apart from its view (as [`super::glance::Glance`] is): what was typed,
//! the debounced query, the request in flight and its abort, the answer for exactly the current
//! query, "show more" pages, and where the keyboard is in the listbox. The view reads these
//! signals and calls the methods; the keyboard's moves are a pure function, tested natively.

use super::state_views;
use crate::{
    api::{ApiError, Backend},
    config::WidgetConfig,
    objects::Objects,
    search::{self, Filters, ResultItem, SearchRequest, SearchResults},
};
use leptos::leptos_dom::helpers::{TimeoutHandle, set_timeout_with_handle};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::time::Duration;

/// How long typing must pause before a search is sent.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

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

/// What a key pressed in the combobox does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// Make the entry at this index the active one (opening the list).
    Activate(usize),
    /// Choose the entry at this index.
    Choose(usize),
    /// Close the list, keeping the text.
    Close,
    /// Empty the box.
    Clear,
    /// Not the combobox's key: the browser does what it does.
    Pass,
}

/// The ARIA combobox's keys over `count` entries, `active` being the active one and `open`
/// whether the list shows: arrows move and stop at the ends, Home/End jump once an entry is
/// active, Enter chooses the active entry, Escape closes the list first and empties the box
/// second.
pub fn key_action(key: &str, count: usize, active: Option<usize>, open: bool) -> KeyAction {
    match (key, active) {
        ("ArrowDown", _) if count > 0 => KeyAction::Activate(active.map_or(0, |i| (i + 1).min(count - 1))),
        ("ArrowUp", _) if count > 0 => KeyAction::Activate(active.map_or(count - 1, |i| i.saturating_sub(1))),
        ("Home", Some(_)) => KeyAction::Activate(0),
        ("End", Some(_)) if count > 0 => KeyAction::Activate(count - 1),
        ("Enter", Some(i)) if i < count => KeyAction::Choose(i),
        ("Escape", Some(_)) if open => KeyAction::Close,
        ("Escape", _) => KeyAction::Clear,
        _ => KeyAction::Pass,
    }
}

/// The current answer: results for exactly the current query, its error, or nothing yet.
pub type Current = Option<Result<SearchResults, ApiError>>;

/// The answer of the search resource: the query it was for and its results (None: no query).
type Answer = Result<Option<(String, SearchResults)>, ApiError>;

/// The search of one widget. All `Copy`: signals, and stored values for what is not.
#[derive(Clone, Copy)]
pub struct SearchState {
    /// What is in the box.
    pub raw: RwSignal<String>,
    /// What was in the box when typing last paused.
    settled: RwSignal<String>,
    /// The normalised settled query; identical ones compare equal, so nothing is sent twice.
    pub query: Memo<Option<String>>,
    pub filters: RwSignal<Filters>,
    /// The backend, the request in flight and the pause being waited for (one stored value:
    /// each stored type adds its own code to the bundle).
    io: StoredValue<Io, LocalStorage>,
    results: LocalResource<Answer>,
    pub current: Memo<Current>,
    pub extra: RwSignal<Extra>,
    /// The active entry of the listbox.
    pub active: RwSignal<Option<usize>>,
    /// Whether the listbox shows.
    pub open: RwSignal<bool>,
    limit: usize,
}

/// What the search needs beyond signals.
struct Io {
    backend: Backend,
    /// The request of the current query, so that typing on can abort it at once.
    in_flight: Option<web_sys::AbortController>,
    /// The pause in typing being waited for.
    timer: Option<TimeoutHandle>,
}

impl SearchState {
    /// The search, starting from `kept` (the query kept while the user signed in again).
    pub fn new(config: &WidgetConfig, objects: &Objects, backend: &Backend, kept: String) -> Self {
        let raw = RwSignal::new(kept.clone());
        let settled = RwSignal::new(kept);
        let query = Memo::new(move |_| search::normalize(&settled.get()));
        let filters = RwSignal::new(config.filters.clone());
        let io = StoredValue::new_local(Io { backend: backend.clone(), in_flight: None, timer: None });
        let results = LocalResource::new({
            let (backend, keys, limit) = (backend.clone(), objects.keys(), config.limit);
            move || {
                let query = query.get();
                let filters = filters.get();
                let backend = backend.clone();
                let request =
                    query.map(|query| SearchRequest { query, objects: keys.clone(), limit, offset: 0, filters });
                // Cancelled when the query changes (the resource runs again) or the widget goes away.
                let controller = web_sys::AbortController::new().ok();
                let signal = controller.as_ref().map(|c| c.signal());
                io.update_value(|io| io.in_flight = controller.clone());
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
        let current = Memo::new(move |_| -> Current {
            let query = query.get()?;
            match results.get()? {
                Ok(Some((for_query, found))) if for_query == query => Some(Ok(found)),
                Ok(_) | Err(ApiError::Aborted) => None,
                Err(error) => Some(Err(error)),
            }
        });
        let extra = RwSignal::new(Extra::default());
        let active = RwSignal::new(None::<usize>);
        // A new query starts with a clean list.
        Effect::new(move |_| {
            query.track();
            extra.set(Extra::default());
            active.set(None);
        });
        on_cleanup(move || {
            io.try_update_value(|io| io.timer.take().map(|timer| timer.clear()));
        });
        Self {
            raw,
            settled,
            query,
            filters,
            io,
            results,
            current,
            extra,
            active,
            open: RwSignal::new(true),
            limit: config.limit,
        }
    }

    /// The user typed: an answer for a query that is no longer in the box must never paint,
    /// however late the main thread gets to it, so the request in flight is aborted now, not
    /// when the next debounced request starts (an answer already painted stays until the next
    /// one arrives).
    pub fn input(&self, value: String) {
        if search::normalize(&value) != self.query.get_untracked() {
            self.io.with_value(|io| io.in_flight.as_ref().map(web_sys::AbortController::abort));
        }
        self.raw.set(value.clone());
        self.open.set(true);
        self.active.set(None);
        // Debounced: the query settles once typing pauses.
        let state = *self;
        self.io.update_value(|io| {
            if let Some(timer) = io.timer.take() {
                timer.clear();
            }
            io.timer = set_timeout_with_handle(move || state.settle(value), DEBOUNCE).ok();
        });
    }

    /// Typing paused on `value`.
    fn settle(&self, value: String) {
        // A request aborted by typing that came back to the same query is sent again.
        let same_query = search::normalize(&value) == self.query.get_untracked();
        self.settled.set(value);
        if same_query && matches!(self.results.get_untracked(), Some(Err(ApiError::Aborted))) {
            self.results.refetch();
        }
    }

    /// Whether the box holds more than spaces.
    pub fn typed(&self) -> bool {
        self.raw.with(|r| !r.trim().is_empty())
    }

    /// Applies a key over `count` entries; returns the index of an entry to choose, and
    /// whether the key was the combobox's (so the browser's own action is prevented).
    pub fn key(&self, key: &str, count: usize) -> (Option<usize>, bool) {
        match key_action(key, count, self.active.get_untracked(), self.open.get_untracked()) {
            KeyAction::Activate(index) => {
                self.open.set(true);
                self.active.set(Some(index));
            }
            KeyAction::Choose(index) => return (Some(index), true),
            KeyAction::Close => {
                self.active.set(None);
                self.open.set(false);
            }
            KeyAction::Clear => {
                // A pause still being waited for would bring the old text back.
                self.io.update_value(|io| {
                    if let Some(timer) = io.timer.take() {
                        timer.clear();
                    }
                });
                self.raw.set(String::new());
                self.settled.set(String::new());
            }
            KeyAction::Pass => return (None, false),
        }
        (None, true)
    }

    /// Loads the next page of `object`'s results for the current query.
    pub fn show_more(&self, object: String) {
        let Some(text) = self.query.get_untracked() else { return };
        let loaded = match self.current.get_untracked() {
            Some(Ok(found)) => found.groups.iter().find(|g| g.object == object).map_or(0, |g| g.records.len()),
            _ => return,
        } + self.extra.with_untracked(|e| e.get(&object).map_or(0, |(more, _)| more.len()));
        let request = SearchRequest {
            query: text,
            objects: vec![object.clone()],
            limit: self.limit,
            offset: loaded,
            filters: self.filters.get_untracked(),
        };
        let (backend, query, extra) = (self.io.with_value(|io| io.backend.clone()), self.query, self.extra);
        leptos::task::spawn_local(async move {
            if let Ok(found) = backend.search(&request, None).await
                && query.get_untracked().as_deref() == Some(request.query.as_str())
                && let Some(group) = found.groups.into_iter().next()
            {
                extra.update(|e| e.add(object, group.records, group.has_more));
            }
        });
    }

    /// Asks again for the current query (after an error).
    pub fn retry(&self) {
        self.results.refetch();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_within_the_entries_and_stop_at_the_ends() {
        assert_eq!(key_action("ArrowDown", 3, None, true), KeyAction::Activate(0));
        assert_eq!(key_action("ArrowDown", 3, Some(1), false), KeyAction::Activate(2));
        assert_eq!(key_action("ArrowDown", 3, Some(2), true), KeyAction::Activate(2));
        assert_eq!(key_action("ArrowUp", 3, None, true), KeyAction::Activate(2));
        assert_eq!(key_action("ArrowUp", 3, Some(0), true), KeyAction::Activate(0));
        assert_eq!(key_action("ArrowDown", 0, None, true), KeyAction::Pass, "nothing to move to");
    }

    #[test]
    fn home_and_end_jump_only_once_an_entry_is_active() {
        assert_eq!(key_action("Home", 4, Some(2), true), KeyAction::Activate(0));
        assert_eq!(key_action("End", 4, Some(1), true), KeyAction::Activate(3));
        assert_eq!(key_action("Home", 4, None, true), KeyAction::Pass, "the caret moves in the text");
        assert_eq!(key_action("End", 4, None, true), KeyAction::Pass);
    }

    #[test]
    fn enter_chooses_the_active_entry_and_escape_closes_then_clears() {
        assert_eq!(key_action("Enter", 4, Some(1), true), KeyAction::Choose(1));
        assert_eq!(key_action("Enter", 4, None, true), KeyAction::Pass, "a form around the widget may submit");
        assert_eq!(key_action("Enter", 1, Some(3), true), KeyAction::Pass, "the entries changed meanwhile");
        assert_eq!(key_action("Escape", 4, Some(1), true), KeyAction::Close);
        assert_eq!(key_action("Escape", 4, None, true), KeyAction::Clear);
        assert_eq!(key_action("Escape", 4, Some(1), false), KeyAction::Clear);
        assert_eq!(key_action("a", 4, Some(1), true), KeyAction::Pass);
    }
}
