//! Searchable objects: which of the org's objects widgets may search, in the order results are
//! grouped, and per object the field that titles a result, up to three fields shown under it
//! and up to two fields people may filter by (picklists and checkboxes). The lists come from the org's describe, read with the administrator's own Salesforce
//! session (labels in their language); a save is checked against it and signs nobody out.

use crate::{
    api::{self, ApiError},
    components::{SaveRow, Saved},
};
use leptos::{prelude::*, task::spawn_local};
use widget_contract::{
    codes,
    objects::{
        FilterKind, MAX_FILTER_FIELDS, MAX_SEARCHABLE_OBJECTS, MAX_SHOWN_FIELDS, OrgObject, OrgObjectDetail,
        SearchableObject, preset,
    },
    paths,
};

/// A field a result may show: its path (`Email`, `Account.Name`) and its label.
type Choice = (String, String);

/// The fields of one object, once its describe has answered (or why it could not).
type Fields = RwSignal<Option<Result<Vec<Choice>, String>>>;

/// One chosen object as the form edits it.
#[derive(Clone)]
struct Row {
    name: String,
    label: String,
    title: RwSignal<String>,
    /// Empty: no field in that place.
    shown: [RwSignal<String>; MAX_SHOWN_FIELDS],
    fields: Fields,
    /// Empty: no filter in that place.
    filters: [RwSignal<String>; MAX_FILTER_FIELDS],
    /// The fields that can be filters (picklists and checkboxes SOQL can filter by).
    filterable: Fields,
}

impl Row {
    /// A row for `object`, whose fields are asked of the org at once.
    fn new(object: SearchableObject, label: String) -> Self {
        let shown = std::array::from_fn(|i| RwSignal::new(object.shown_fields.get(i).cloned().unwrap_or_default()));
        let filters = std::array::from_fn(|i| RwSignal::new(object.filter_fields.get(i).cloned().unwrap_or_default()));
        let row = Self {
            name: object.name,
            label,
            title: RwSignal::new(object.title_field),
            shown,
            fields: RwSignal::new(None),
            filters,
            filterable: RwSignal::new(None),
        };
        let (name, title, fields, filterable) = (row.name.clone(), row.title, row.fields, row.filterable);
        spawn_local(async move {
            let described = api::org_object(&name).await;
            if let Ok(detail) = &described {
                // An object added without a preset is titled by its name field.
                let known = detail.fields.iter().any(|f| f.name.eq_ignore_ascii_case(&title.get_untracked()));
                if let (false, Some(name_field)) = (known, &detail.name_field) {
                    title.set(name_field.clone());
                }
            }
            fields.set(Some(described.as_ref().map(choices).map_err(|error| error.message.clone())));
            filterable.set(Some(described.as_ref().map(filter_choices).map_err(|error| error.message.clone())));
        });
        row
    }

    fn chosen(&self) -> SearchableObject {
        SearchableObject {
            name: self.name.clone(),
            title_field: self.title.get_untracked(),
            shown_fields: self.shown.iter().map(|s| s.get_untracked()).filter(|s| !s.is_empty()).collect(),
            filter_fields: self.filters.iter().map(|s| s.get_untracked()).filter(|s| !s.is_empty()).collect(),
        }
    }
}

/// The fields people could filter by: picklists and checkboxes that SOQL can filter.
fn filter_choices(detail: &OrgObjectDetail) -> Vec<Choice> {
    detail
        .fields
        .iter()
        .filter(|f| f.filterable && FilterKind::of_field_type(&f.kind).is_some())
        .map(|f| (f.name.clone(), f.label.clone()))
        .collect()
}

/// The object's own fields, each reference followed by its parent's name.
fn choices(detail: &OrgObjectDetail) -> Vec<Choice> {
    let mut choices = Vec::with_capacity(detail.fields.len());
    for field in &detail.fields {
        choices.push((field.name.clone(), field.label.clone()));
        if let Some(relationship) = &field.relationship {
            choices.push((format!("{relationship}.Name"), format!("{relationship} › Name")));
        }
    }
    choices
}

/// A labelled select of the object's fields; `optional` adds "—" (no field there).
fn field_select(id: String, label: String, value: RwSignal<String>, fields: Fields, optional: bool) -> impl IntoView {
    let options = move || {
        let current = value.get_untracked();
        let mut list = match fields.get() {
            Some(Ok(list)) => list,
            _ => Vec::new(),
        };
        // The saved value stays selectable while the fields load (or if the org hides it now).
        if !current.is_empty() && !list.iter().any(|(path, _)| path.eq_ignore_ascii_case(&current)) {
            list.insert(0, (current.clone(), current.clone()));
        }
        list.into_iter()
            .map(|(path, label)| {
                let selected = path.eq_ignore_ascii_case(&current);
                let text = if label == path { label } else { format!("{label} ({path})") };
                view! { <option value=path selected=selected>{text}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="ip-field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {optional.then(|| view! { <option value="" selected=value.get_untracked().is_empty()>"—"</option> })}
                {options}
            </select>
        </div>
    }
}

fn row_view(row: Row, rows: RwSignal<Vec<Row>>) -> impl IntoView {
    let key = row.name.to_ascii_lowercase();
    let id = move |part: &str| format!("object-{key}-{part}");
    let name = row.name.clone();
    let position = Signal::derive(move || rows.with(|all| all.iter().position(|r| r.name == name)));
    let move_up = move |_| {
        if let Some(index) = position.get().filter(|i| *i > 0) {
            rows.update(|all| all.swap(index, index - 1));
        }
    };
    let remove = move |_| {
        if let Some(index) = position.get() {
            rows.update(|all| {
                all.remove(index);
            });
        }
    };
    let error = move || match row.fields.get() {
        Some(Err(message)) => Some(view! { <p class="ip-field-error">{message}</p> }),
        _ => None,
    };
    let shown: Vec<_> = (0..MAX_SHOWN_FIELDS)
        .map(|i| {
            field_select(id(&format!("shown-{i}")), format!("Shown field {}", i + 1), row.shown[i], row.fields, true)
        })
        .collect();
    let filters: Vec<_> = (0..MAX_FILTER_FIELDS)
        .map(|i| {
            field_select(
                id(&format!("filter-{i}")),
                format!("Filter field {}", i + 1),
                row.filters[i],
                row.filterable,
                true,
            )
        })
        .collect();
    view! {
        <fieldset class="ip-field ip-object" data-object=row.name.clone()>
            <legend>{format!("{} ({})", row.label, row.name)}</legend>
            {error}
            {field_select(id("title"), "Title".to_owned(), row.title, row.fields, false)}
            {shown}
            {filters}
            <div class="ip-row">
                <button type="button" class="ip-button ip-button--link" disabled=move || position.get() == Some(0) on:click=move_up>
                    {format!("Move {} up", row.label)}
                </button>
                <button type="button" class="ip-button ip-button--link" on:click=remove>
                    {format!("Remove {}", row.label)}
                </button>
            </div>
        </fieldset>
    }
}

#[component]
fn ObjectsForm(saved: Vec<SearchableObject>, org: Vec<OrgObject>) -> impl IntoView {
    let label_of = {
        let org = org.clone();
        move |name: &str| {
            org.iter()
                .find(|o| o.name.eq_ignore_ascii_case(name))
                .map_or_else(|| name.to_owned(), |o| o.label_plural.clone())
        }
    };
    let rows = RwSignal::new(saved.into_iter().map(|o| Row::new(o.clone(), label_of(&o.name))).collect::<Vec<_>>());
    let adding = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Saved>);
    let saving = RwSignal::new(false);
    let full = move || rows.with(|all| all.len() >= MAX_SEARCHABLE_OBJECTS);
    let available = move || {
        let chosen = rows.with(|all| all.iter().map(|r| r.name.to_ascii_lowercase()).collect::<Vec<_>>());
        org.iter()
            .filter(|o| !chosen.contains(&o.name.to_ascii_lowercase()))
            .map(|o| view! { <option value=o.name.clone()>{format!("{} ({})", o.label_plural, o.name)}</option> })
            .collect_view()
    };
    let add = move |_| {
        let name = adding.get_untracked();
        if name.is_empty() || full() {
            return;
        }
        let object = preset(&name).map(|p| p.object).unwrap_or_else(|| SearchableObject {
            name: name.clone(),
            title_field: String::new(),
            shown_fields: Vec::new(),
            filter_fields: Vec::new(),
        });
        let row = Row::new(object, label_of(&name));
        rows.update(|all| all.push(row));
        adding.set(String::new());
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        outcome.set(None);
        let chosen: Vec<SearchableObject> = rows.with_untracked(|all| all.iter().map(Row::chosen).collect());
        if chosen.is_empty() {
            outcome.set(Some(Saved::Failed("Choose at least one object.".to_owned())));
            return;
        }
        saving.set(true);
        spawn_local(async move {
            outcome.set(Some(match api::save_searchable_objects(&chosen).await {
                Ok(saved) => Saved::Done(format!(
                    "Saved. Widgets search {}; nobody was signed out.",
                    saved.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
                )),
                Err(error) => Saved::Failed(error.about("objects")),
            }));
            saving.set(false);
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <For each=move || rows.get() key=|row| row.name.clone() children=move |row| row_view(row, rows) />
            <div class="ip-field ip-row">
                <label for="add-object">"Add an object"</label>
                <select id="add-object" prop:value=move || adding.get() on:change=move |ev| adding.set(event_target_value(&ev))>
                    <option value="">"Choose…"</option>
                    {available}
                </select>
                <button type="button" class="ip-button ip-button--secondary" disabled=full on:click=add>"Add"</button>
            </div>
            <SaveRow label="Save objects" saving outcome id="objects-outcome" />
        </form>
    }
}

/// The administrator has no Salesforce connection of their own (or it ended): the org can
/// only be read with one.
fn connect_first(error: &ApiError, saved: Vec<SearchableObject>) -> impl IntoView + use<> {
    let href = format!("{}?return_to={}", paths::SIGN_IN, paths::CONTROL_PANEL);
    let names = saved.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ");
    view! {
        <p class="ip-hint" data-testid="objects-connect">
            "Widgets search "{names}". To choose others, connect your own Salesforce account: the org’s objects and fields are read with it ("
            {error.message.clone()}")."
        </p>
        // A page of the backend, not of this app: the router must let the browser go there.
        <a class="ip-button" href=href rel="external">"Connect to Salesforce"</a>
    }
}

#[component]
pub fn SearchableObjects() -> impl IntoView {
    let loaded = LocalResource::new(|| async { (api::searchable_objects().await, api::org_objects().await) });
    view! {
        <section class="ip-card" aria-labelledby="objects-heading">
            <h2 id="objects-heading">"Searchable objects"</h2>
            <p class="ip-hint">
                "The objects widgets may search, in the order results are grouped, what each result shows, and up to two fields people can filter each object by (picklists, offered with your org’s values, and checkboxes such as Closed). Page editors name the objects in data-objects; labels and colours come from Salesforce."
            </p>
            {move || match loaded.get() {
                None => view! { <p role="status">"Loading the org’s objects…"</p> }.into_any(),
                Some((Err(error), _)) => view! { <p class="ip-error" role="alert">{error.message}</p> }.into_any(),
                Some((Ok(saved), Err(error)))
                    if [codes::SALESFORCE_NOT_CONNECTED, codes::SALESFORCE_REAUTH_REQUIRED].contains(&error.code.as_str()) =>
                {
                    connect_first(&error, saved).into_any()
                }
                Some((Ok(_), Err(error))) => view! { <p class="ip-error" role="alert">{error.message}</p> }.into_any(),
                Some((Ok(saved), Ok(org))) => view! { <ObjectsForm saved org /> }.into_any(),
            }}
        </section>
    }
}
