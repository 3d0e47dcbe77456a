//! Before the user types: the recently viewed records (once the search box had focus) and the
//! "my tasks" glance, as groups of the same listbox the results use, so the keyboard and
//! screen readers work the same way.

use super::{results::option, search_panel::Entry, state_views};
use crate::{
    api::ApiError,
    i18n::Strings,
    search::{GlanceResults, ResultItem, TaskState},
};
use leptos::prelude::*;

/// What a glance list holds right now: nothing asked yet, loading, or an answer.
pub type Loaded = Option<Result<GlanceResults, ApiError>>;

/// The listbox entries of the glance, in keyboard order: recent records, then tasks.
pub fn entries(recent: &Loaded, tasks: &Loaded) -> Vec<Entry> {
    let records = |loaded: &Loaded| -> Vec<ResultItem> {
        match loaded {
            Some(Ok(found)) => found.records.clone(),
            _ => Vec::new(),
        }
    };
    records(recent).into_iter().chain(records(tasks)).map(Entry::Record).collect()
}

pub struct GlanceProps {
    /// `None` when the box never had focus (recent records are asked for on first focus).
    pub recent: Option<Loaded>,
    /// `None` when the widget does not show tasks.
    pub tasks: Option<(TaskState, Loaded)>,
    pub entries: Memo<Vec<Entry>>,
    pub active: RwSignal<Option<usize>>,
    pub open: RwSignal<bool>,
    pub listbox_id: String,
    pub option_id: Callback<usize, String>,
    pub choose: Callback<Entry>,
    pub strings: &'static Strings,
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
    props: &GlanceProps,
) -> (Option<AnyView>, Option<AnyView>) {
    let strings = props.strings;
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
        .map(|(offset, item)| {
            option(first + offset, Entry::Record(item.clone()), props.active, props.option_id, props.choose, strings)
        })
        .collect();
    let count = options.len();
    let labelled_by = heading_id.clone();
    let group = view! {
        <div role="group" class="sfw-group" aria-labelledby=labelled_by data-glance=name>
            <div role="presentation" class="sfw-group-title" id=heading_id>
                {heading}
                <span class="sfw-count">{count}</span>
            </div>
            {options}
        </div>
    };
    (Some(group.into_any()), None)
}

pub fn view(props: GlanceProps) -> impl IntoView {
    let strings = props.strings;
    let recent_count = match &props.recent {
        Some(Some(Ok(found))) => found.records.len(),
        _ => 0,
    };
    let (recent, recent_note) = props
        .recent
        .as_ref()
        .map(|loaded| {
            let heading_id = format!("{}-recent", props.listbox_id);
            group("recent", strings.recent.to_owned(), heading_id, loaded, strings.no_recent, 0, &props)
        })
        .unwrap_or_default();
    let (tasks, tasks_note) = props
        .tasks
        .as_ref()
        .map(|(state, loaded)| {
            let heading = (strings.my_tasks)(*state).to_owned();
            let heading_id = format!("{}-tasks", props.listbox_id);
            group("tasks", heading, heading_id, loaded, strings.no_tasks, recent_count, &props)
        })
        .unwrap_or_default();
    let (open, entries) = (props.open, props.entries);
    view! {
        <div class="sfw-results sfw-glance" data-state="glance">
            <div role="listbox" id=props.listbox_id.clone() class="sfw-listbox" aria-label=strings.search_label
                hidden=move || !open.get() || entries.with(Vec::is_empty)>
                {recent}
                {tasks}
            </div>
            {recent_note}
            {tasks_note}
        </div>
    }
}
