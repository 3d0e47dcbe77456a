//! The filters at hand: a button that says how many are set, and a panel with those that fit
//! the widget's objects (the filter fields the administrator chose for each, task states,
//! active campaigns, "Mine"). The search and the tasks glance read the same signal, so changing a
//! filter asks again at once.

use crate::{
    api::Backend,
    i18n::Strings,
    objects::{Objects, TASK},
    search::{Filters, TaskState},
};
use leptos::prelude::*;
use widget_contract::objects::FilterKind;

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

/// Adds the org's `values` to the picklist with the id `id`, after those it has (the preset
/// value, kept even if the org no longer lists it). Plain DOM: the list arrives once, and a
/// reactive list would add its diffing code to the bundle for it. Values are text, never markup.
fn add_org_values(id: &str, values: Vec<String>, preset: Option<&str>) {
    let document = document();
    let Some(select) = document.get_element_by_id(id) else { return };
    for value in values.into_iter().filter(|v| Some(v.as_str()) != preset) {
        if let Ok(option) = document.create_element("option") {
            let _ = option.set_attribute("value", &value);
            option.set_text_content(Some(&value));
            let _ = select.append_child(&option);
        }
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
    let initial = filters.get_untracked();
    // One select per filter field of each object (as the administrator chose them), named
    // "Stage (Opportunities)"; checkboxes such as IsClosed offer yes or no.
    let mut wanted: Vec<(String, String, String, Option<String>)> = Vec::new();
    let mut fields = Vec::new();
    for object in objects.iter() {
        for filter in &object.filters {
            // Object and field names are identifiers (checked as the status is read), safe in an id.
            let id = format!("{id_prefix}-filter-{}-{}", object.object, filter.field);
            let preset = initial.field(&object.object, &filter.field).map(str::to_owned);
            let values: Vec<(String, String)> = match filter.kind {
                FilterKind::Boolean => {
                    vec![("true".to_owned(), strings.yes.to_owned()), ("false".to_owned(), strings.no.to_owned())]
                }
                FilterKind::Picklist => {
                    wanted.push((object.object.clone(), filter.field.clone(), id.clone(), preset.clone()));
                    preset.iter().map(|v| (v.clone(), v.clone())).collect()
                }
            };
            let (key, field) = (object.object.clone(), filter.field.clone());
            // Erased: the panel's list renders one view type, as the other lists do.
            fields.push(
                picklist(
                    id,
                    format!("{} ({})", filter.label, object.label),
                    strings.any,
                    values,
                    preset,
                    Callback::new(move |value| filters.update(|f| f.set_field(&key, &field, value))),
                )
                .into_any(),
            );
        }
    }
    // The org's values of the picklists, asked of the backend the first time the panel opens
    // (most people never open it), one after the other in one task; one that could not be had
    // (the network failed) is asked again the next time the panel opens.
    let pending = StoredValue::new(wanted);
    let toggle = move |_| {
        expanded.update(|e| *e = !*e);
        let asking = pending.try_update_value(std::mem::take).unwrap_or_default();
        if !asking.is_empty() {
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                for wanted in asking {
                    let (object, field, id, preset) = &wanted;
                    match backend.picklist(object, field).await {
                        Ok(found) => add_org_values(id, found, preset.as_deref()),
                        Err(_) => drop(pending.try_update_value(|p| p.push(wanted))),
                    }
                }
            });
        }
    };
    let panel_id = format!("{id_prefix}-filters");
    let has = |key| objects.has(key);
    let label = move || match filters.with(Filters::count) {
        0 => strings.filters.to_owned(),
        n => format!("{} ({n})", strings.filters),
    };
    let task = has(TASK).then(|| {
        let states: Vec<_> =
            TaskState::ALL.iter().map(|s| (s.key().to_owned(), (strings.task_state)(*s).to_owned())).collect();
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
    // One list of erased views: one view type's code in the bundle for the whole panel.
    let mut panel = vec![mine.into_any()];
    panel.extend(fields);
    panel.extend(task.map(IntoAny::into_any));
    panel.extend(campaign.map(IntoAny::into_any));
    view! {
        <div class="sfw-filters">
            <button type="button" class="sfw-link-button" data-filter="toggle"
                aria-expanded=move || super::aria(expanded.get()) aria-controls=panel_id.clone()
                on:click=toggle>{label}</button>
            <div id=panel_id class="sfw-filter-panel" hidden=move || !expanded.get()>
                {panel}
            </div>
        </div>
    }
}
