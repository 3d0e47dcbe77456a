//! The filters at hand: a button that says how many are set, and a panel with those that fit
//! the widget's types. The search and the tasks glance read the same signal, so changing a
//! filter asks again at once.

use crate::{
    i18n::Strings,
    objects::{Objects, TASK},
    search::{ACCOUNT_TYPES, Filters, LEAD_STATUSES, TaskState},
};
use leptos::prelude::*;

/// A labelled picklist with "Any" first; `values` are offered, `current` is selected. (The
/// setter is a `Callback`, not a generic closure: one copy of this view's code for all of them.)
fn picklist(
    id: String,
    label: String,
    any: &'static str,
    values: Vec<(String, String)>,
    current: Option<String>,
    set: Callback<Option<String>>,
) -> impl IntoView {
    let options: Vec<_> = values
        .into_iter()
        .map(|(value, text)| {
            let selected = current.as_deref() == Some(value.as_str());
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect();
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

/// Standard picklist values, plus a preset value an org may have added.
fn with_preset(standard: &[&str], preset: Option<&String>) -> Vec<(String, String)> {
    let mut values: Vec<String> = standard.iter().map(|v| (*v).to_owned()).collect();
    if let Some(preset) = preset.filter(|p| !values.contains(p)) {
        values.push(preset.clone());
    }
    values.into_iter().map(|v| (v.clone(), v)).collect()
}

#[component]
pub fn FilterBar(
    objects: Objects,
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
            with_preset(&ACCOUNT_TYPES, initial.account_type.as_ref()),
            initial.account_type.clone(),
            Callback::new(move |value| filters.update(|f| f.account_type = value)),
        )
    });
    let lead = has("lead").then(|| {
        picklist(
            format!("{id_prefix}-lead-status"),
            strings.lead_status.to_owned(),
            strings.any,
            with_preset(&LEAD_STATUSES, initial.lead_status.as_ref()),
            initial.lead_status.clone(),
            Callback::new(move |value| filters.update(|f| f.lead_status = value)),
        )
    });
    let task = has(TASK).then(|| {
        let states = TaskState::ALL.iter().map(|s| (s.key().to_owned(), (strings.task_state)(*s).to_owned())).collect();
        picklist(
            format!("{id_prefix}-task"),
            objects.label(TASK).to_owned(),
            strings.any,
            states,
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
