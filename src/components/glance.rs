//! Before the user types: the recently viewed records (once the search box had focus) and the
//! "my tasks" glance, as groups of the same listbox the results use, so the keyboard and
//! screen readers work the same way.

use super::{
    results::{self, Listbox, Marker, option},
    search_state::Entry,
    state_views,
};
use crate::{
    api::{ApiError, Backend},
    config::WidgetConfig,
    objects::{Objects, TASK, is_recently_viewed},
    search::{self, Filters, GlanceResults, ResultItem, TaskState},
};
use leptos::prelude::*;

/// What a glance list holds right now: nothing asked yet or loading, or an answer.
pub type Loaded = Option<Result<GlanceResults, ApiError>>;

/// The lists and how they are loaded: recent records on the first focus of the box (and again
/// after the user opens a record, from the backend's cache); the tasks of the chosen task state,
/// for widgets that show tasks. Plain signals filled by tasks; all `Copy`.
#[derive(Clone, Copy)]
pub struct Glance {
    /// The widget shows a type Salesforce lists as recently viewed.
    has_recent: bool,
    recent_wanted: RwSignal<bool>,
    recent: RwSignal<Loaded>,
    load_recent: Callback<()>,
    /// `None` when the widget does not show tasks.
    tasks: Option<(Memo<TaskState>, RwSignal<Loaded>)>,
}

impl Glance {
    pub fn new(config: &WidgetConfig, objects: &Objects, backend: &Backend, filters: RwSignal<Filters>) -> Self {
        let recent = RwSignal::new(None);
        // Salesforce lists no tasks among recent records: a tasks-only widget asks for none.
        let recent_objects: Vec<String> = objects.keys().into_iter().filter(|o| is_recently_viewed(o)).collect();
        let has_recent = !recent_objects.is_empty();
        let load_recent = Callback::new({
            let (backend, objects, limit) = (backend.clone(), recent_objects, config.limit);
            move |()| {
                let (backend, objects) = (backend.clone(), objects.clone());
                leptos::task::spawn_local(async move {
                    let answer = backend.recent(&objects, limit).await;
                    recent.try_set(Some(answer));
                });
            }
        });
        // Asked to slow down: load again once the backend allows it.
        Effect::new(move |_| {
            if let Some(Err(error)) = recent.get() {
                state_views::when_allowed(&error, move || {
                    // Unless the widget went away meanwhile (its callback with it).
                    if recent.try_get_untracked().is_some() {
                        load_recent.run(());
                    }
                });
            }
        });
        let tasks = objects.has(TASK).then(|| {
            let state = Memo::new(move |_| filters.with(|f| f.task.unwrap_or_default()));
            let tasks = RwSignal::new(None);
            let (backend, limit) = (backend.clone(), config.limit);
            let load_tasks = Callback::new(move |chosen: TaskState| {
                tasks.set(None);
                let backend = backend.clone();
                leptos::task::spawn_local(async move {
                    let answer = backend.tasks(chosen, limit).await;
                    // Only the answer for the filter still chosen.
                    if state.try_get_untracked() == Some(chosen) {
                        tasks.try_set(Some(answer));
                    }
                });
            });
            Effect::new(move |_| load_tasks.run(state.get()));
            Effect::new(move |_| {
                if let Some(Err(error)) = tasks.get() {
                    state_views::when_allowed(&error, move || {
                        if let Some(chosen) = state.try_get_untracked() {
                            load_tasks.run(chosen);
                        }
                    });
                }
            });
            (state, tasks)
        });
        Self { has_recent, recent_wanted: RwSignal::new(false), recent, load_recent, tasks }
    }

    /// The search box got focus: the first time, recent records are asked for.
    pub fn focused(&self) {
        if self.has_recent && !self.recent_wanted.get_untracked() {
            self.recent_wanted.set(true);
            self.load_recent.run(());
        }
    }

    /// The user opened a record: the recent list (if shown) is asked again.
    pub fn viewed(&self) {
        if self.recent_wanted.try_get_untracked() == Some(true) {
            self.load_recent.run(());
        }
    }

    /// Whether there is anything to show before typing.
    pub fn shown(&self) -> bool {
        self.tasks.is_some() || self.recent_wanted.get()
    }

    /// `None` until the box had focus.
    pub fn recent(&self) -> Option<Loaded> {
        self.recent_wanted.get().then(|| self.recent.get())
    }

    /// `None` for widgets without tasks.
    pub fn tasks(&self) -> Option<(TaskState, Loaded)> {
        self.tasks.map(|(state, tasks)| (state.get(), tasks.get()))
    }

    /// The listbox entries, in keyboard order: recent records, then tasks.
    pub fn entries(&self) -> Vec<Entry> {
        let records = |loaded: Option<Loaded>| -> Vec<ResultItem> {
            match loaded {
                Some(Some(Ok(found))) => found.records,
                _ => Vec::new(),
            }
        };
        let tasks = self.tasks().map(|(_, loaded)| loaded);
        records(self.recent()).into_iter().chain(records(tasks)).map(Entry::Record).collect()
    }

    /// The errors the lists got.
    pub fn errors(&self) -> impl Iterator<Item = ApiError> {
        let tasks = self.tasks().and_then(|(_, loaded)| loaded);
        [self.recent().flatten(), tasks].into_iter().flatten().filter_map(Result::err)
    }
}

/// One titled group and, outside the listbox, a note when it has nothing to list (a listbox
/// may only hold options and groups); `first` is the index of its first option.
fn group(
    name: &'static str,
    heading: String,
    heading_id: String,
    loaded: &Loaded,
    empty: &'static str,
    first: usize,
    listbox: &Listbox,
) -> (Option<AnyView>, Option<AnyView>) {
    let strings = listbox.strings;
    let found = match loaded {
        None => {
            let note =
                view! { <p class="sfw-note" role="status" data-glance-note=name>{heading}": "{strings.loading}</p> };
            return (None, Some(note.into_any()));
        }
        Some(Err(error)) => return (None, Some(state_views::error(error, strings, None).into_any())),
        Some(Ok(found)) if found.records.is_empty() => {
            let note = view! { <p class="sfw-note" data-glance-note=name>{heading}": "{empty}</p> };
            return (None, Some(note.into_any()));
        }
        Some(Ok(found)) => found,
    };
    let options: Vec<_> = found
        .records
        .iter()
        .enumerate()
        .map(|(offset, item)| option(first + offset, Entry::Record(item.clone()), listbox))
        .collect();
    let count = options.len();
    let group = results::group(Marker::Glance(name), heading_id, Default::default(), heading, count, options);
    (Some(group), None)
}

/// The lists before typing: `recent` is `None` until the box had focus, `tasks` for widgets
/// that show tasks.
pub fn view(recent: Option<Loaded>, tasks: Option<(TaskState, Loaded)>, listbox: Listbox) -> impl IntoView {
    let strings = listbox.strings;
    let recent_count = match &recent {
        Some(Some(Ok(found))) => found.records.len(),
        _ => 0,
    };
    let (recent_group, recent_note) = recent
        .as_ref()
        .map(|loaded| {
            let heading_id = format!("{}-recent", listbox.id);
            let empty = if tasks.is_some() { strings.no_recent_but_tasks } else { strings.no_recent };
            group("recent", strings.recent.to_owned(), heading_id, loaded, empty, 0, &listbox)
        })
        .unwrap_or_default();
    let (tasks_group, tasks_note) = tasks
        .as_ref()
        .map(|(state, loaded)| {
            let heading = (strings.my_tasks)(*state).to_owned();
            let heading_id = format!("{}-tasks", listbox.id);
            group("tasks", heading, heading_id, loaded, strings.no_tasks, recent_count, &listbox)
        })
        .unwrap_or_default();
    // More tasks than shown: Salesforce's own task list.
    let all_tasks = match &tasks {
        Some((_, Some(Ok(found)))) => found.more_url.clone().filter(|url| search::is_safe_record_url(url)),
        _ => None,
    }
    .map(|url| {
        view! {
            <a href=url target="_blank" rel="noopener noreferrer" data-glance-more="tasks">
                {strings.all_tasks}<span class="sfw-visually-hidden">" "{strings.opens_in_new_tab}</span>
            </a>
        }
    });
    let (open, entries) = (listbox.open, listbox.entries);
    view! {
        <div class="sfw-results sfw-glance" data-state="glance">
            {results::element(&listbox, move || !open.get() || entries.with(Vec::is_empty), (recent_group, tasks_group))}
            {recent_note}
            {tasks_note}
            {all_tasks}
        </div>
    }
}
