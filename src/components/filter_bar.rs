//! The filters at hand: a button that says how many are set, and a panel with those that fit
//! the widget's types. The search and the tasks glance read the same signal, so changing a
//! filter asks again at once.

use crate::{
    api::Backend,
    i18n::Strings,
    objects::{Objects, TASK},
    search::{Filters, TaskState},
};
use leptos::prelude::*;

/// A labelled picklist with "Any" first; `values()` are offered (with the current value, should
/// the org no longer have it), `current` is selected. (The setter is a `Callback`, not a generic
/// closure: one copy of this view's code for all of them.)
fn picklist(
    id: String,
    label: String,
    any: &'static str,
    values: Signal<Vec<(String, String)>>,
    current: Option<String>,
    set: Callback<Option<String>>,
) -> impl IntoView {
    let options = move || {
        let mut values = values.get();
        if let Some(current) = current.as_ref().filter(|c| !values.iter().any(|(v, _)| v == *c)) {
            values.push((current.clone(), current.clone()));
        }
        values
            .into_iter()
            .map(|(value, text)| {
                let selected = current.as_deref() == Some(value.as_str());
                view! { <option value=value selected=selected>{text}</option> }
            })
            .collect_view()
    };
    view! {
        <span class="sfw-filter">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |event| {
                let value = event_target_value(&event);
                set.run(Some(value).filter(|v| !v.is_empty()));
            }>
                <option value="">{any}</option>
                {options}
            </select>
        </span>
    }
}

/// A labelled checkbox bound to one flag of the filters.
fn checkbox(name: &'static str, label: &'static str, checked: Signal<bool>, set: Callback<bool>) -> impl IntoView {
    view! {
        <label class="sfw-filter">
            <input type="checkbox" data-filter=name prop:checked=checked
                on:change=move |event| set.run(event_target_checked(&event)) />
            {label}
        </label>
    }
}

/// The org's values of the picklist filter `filter`, asked of the backend the first time the
/// panel opens (most people never open it).
fn org_values(backend: &Backend, filter: &'static str, opened: RwSignal<bool>) -> Signal<Vec<(String, String)>> {
    let values = RwSignal::new(Vec::new());
    let backend = backend.clone();
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || !opened.get() {
            return asked.unwrap_or(false);
        }
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            if let Ok(found) = backend.picklist(filter).await {
                values.try_set(found.into_iter().map(|v| (v.clone(), v)).collect());
            }
        });
        true
    });
    values.into()
}

#[component]
pub fn FilterBar(
    objects: Objects,
    backend: Backend,
    filters: RwSignal<Filters>,
    strings: &'static Strings,
    /// Prefix for element ids, unique per widget instance.
    id_prefix: String,
) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let panel_id = format!("{id_prefix}-filters");
    let initial = filters.get_untracked();
    let has = |key| objects.has(key);
    let label = move || match filters.with(Filters::count) {
        0 => strings.filters.to_owned(),
        n => format!("{} ({n})", strings.filters),
    };
    let account = has("account").then(|| {
        picklist(
            format!("{id_prefix}-account-type"),
            strings.account_type.to_owned(),
            strings.any,
            org_values(&backend, "account_type", expanded),
            initial.account_type.clone(),
            Callback::new(move |value| filters.update(|f| f.account_type = value)),
        )
    });
    let lead = has("lead").then(|| {
        picklist(
            format!("{id_prefix}-lead-status"),
            strings.lead_status.to_owned(),
            strings.any,
            org_values(&backend, "lead_status", expanded),
            initial.lead_status.clone(),
            Callback::new(move |value| filters.update(|f| f.lead_status = value)),
        )
    });
    let task = has(TASK).then(|| {
        let states: Vec<_> =
            TaskState::ALL.iter().map(|s| (s.key().to_owned(), (strings.task_state)(*s).to_owned())).collect();
        picklist(
            format!("{id_prefix}-task"),
            objects.label(TASK).to_owned(),
            strings.any,
            Signal::stored(states),
            initial.task.map(|s| s.key().to_owned()),
            Callback::new(move |value: Option<String>| {
                filters.update(|f| f.task = value.as_deref().and_then(TaskState::from_key))
            }),
        )
    });
    let campaign = has("campaign").then(|| {
        checkbox(
            "campaign",
            strings.active_campaigns_only,
            Signal::derive(move || filters.with(|f| f.active_campaigns)),
            Callback::new(move |on| filters.update(|f| f.active_campaigns = on)),
        )
    });
    let mine = checkbox(
        "mine",
        strings.only_mine,
        Signal::derive(move || filters.with(|f| f.mine)),
        Callback::new(move |on| filters.update(|f| f.mine = on)),
    );
    view! {
        <div class="sfw-filters">
            <button type="button" class="sfw-link-button" data-filter="toggle"
                aria-expanded=move || expanded.get().to_string() aria-controls=panel_id.clone()
                on:click=move |_| expanded.update(|e| *e = !*e)>{label}</button>
            <div id=panel_id class="sfw-filter-panel" hidden=move || !expanded.get()>
                {mine}
                {account}
                {lead}
                {task}
                {campaign}
            </div>
        </div>
    }
}
