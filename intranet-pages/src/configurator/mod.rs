//! The page-editor configurator: one widget instance's options, a live preview of the real
//! widget (the embedded bundle mounts the preview's placeholder), and the snippet to copy.

mod snippet;

pub use snippet::{COLOURS, LOADER_PATH, Options};

use crate::{api, components::CopyButton};
use leptos::{html, prelude::*};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use widget_contract::{
    TaskState,
    objects::{FilterKind, TASK},
    placeholder::{Lang, Layout, MAX_LIMIT, PLACEHOLDER_ATTRIBUTE, carries},
    status::WidgetObject,
};

/// Loads the widget bundle if the page does not have it yet (e.g. after an in-app navigation).
fn ensure_widget_loader() {
    let document = document();
    let selector = format!("script[src=\"{LOADER_PATH}\"]");
    if document.query_selector(&selector).ok().flatten().is_some() {
        return;
    }
    if let Ok(script) = document.create_element("script") {
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", LOADER_PATH);
        if let Some(body) = document.body() {
            let _ = body.append_child(&script);
        }
    }
}

/// Replaces the preview's placeholder with a fresh one carrying `options`: the widget mounts
/// new placeholders and unmounts removed ones by itself.
fn render_preview(container: &web_sys::HtmlElement, options: &Options) {
    container.set_inner_html("");
    let Ok(placeholder) = document().create_element("div") else { return };
    let _ = placeholder.set_attribute(PLACEHOLDER_ATTRIBUTE, "");
    for (name, value) in options.attributes() {
        let _ = placeholder.set_attribute(name, &value);
    }
    let _ = container.append_child(&placeholder);
}

/// Reads one preset filter of the options.
type ReadFilter = Arc<dyn Fn(&Options) -> Option<String> + Send + Sync>;
/// Sets (or clears, with None) one preset filter of the options.
type WriteFilter = Arc<dyn Fn(&mut Options, Option<&str>) + Send + Sync>;

/// A filter picklist, "Any" first.
fn select(
    options: RwSignal<Options>,
    id: String,
    label: String,
    values: Vec<(String, String)>,
    get: ReadFilter,
    set: WriteFilter,
) -> impl IntoView {
    // Shown again after the object was switched off and on: the kept choice is selected.
    let chosen = options.with_untracked(|o| get(o));
    let mut values = values;
    if let Some(kept) = chosen.as_ref().filter(|c| !values.iter().any(|(v, _)| v == *c)) {
        values.push((kept.clone(), kept.clone()));
    }
    view! {
        <div class="ip-field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| {
                let value = event_target_value(&ev);
                options.update(|o| set(o, Some(value.as_str()).filter(|v| !v.is_empty())));
            }>
                <option value="" selected=chosen.is_none()>"Any"</option>
                {values
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = chosen.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A picklist filter field offering the org's own values (read with the editor's Salesforce
/// connection); without one, a text field for the value.
fn picklist_filter(
    options: RwSignal<Options>,
    (object, field): (String, String),
    (id, label): (String, String),
    get: ReadFilter,
    set: WriteFilter,
) -> impl IntoView {
    let values = LocalResource::new(move || api::picklist_values(object.clone(), field.clone()));
    move || match values.get() {
        None => {
            view! { <p class="ip-hint" role="status">{format!("{label}: loading the org’s values…")}</p> }.into_any()
        }
        Some(Ok(found)) => select(
            options,
            id.clone(),
            label.clone(),
            found.into_iter().map(|v| (v.clone(), v)).collect(),
            get.clone(),
            set.clone(),
        )
        .into_any(),
        Some(Err(_)) => {
            let hint = format!("{id}-hint");
            let (get, set) = (get.clone(), set.clone());
            view! {
                <div class="ip-field">
                    <label for=id.clone()>{label.clone()}</label>
                    <input id=id.clone() type="text" aria-describedby=hint.clone()
                        prop:value=move || options.with_untracked(|o| get(o)).unwrap_or_default()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            options.update(|o| set(o, Some(value.trim()).filter(|v| !v.is_empty())));
                        } />
                    <p class="ip-hint" id=hint>
                        "Connect to Salesforce from any widget to choose among your org’s values; or type a value here."
                    </p>
                </div>
            }
            .into_any()
        }
    }
}

/// The filters a page editor can preset (for example a "My overdue tasks" widget): "Mine",
/// task states, active campaigns, and the filter fields the administrator chose for each
/// enabled object, each shown while the widget searches its object.
fn filter_fields(options: RwSignal<Options>, enabled: Vec<WidgetObject>) -> impl IntoView {
    let task_states: Vec<(String, String)> = TaskState::ALL
        .iter()
        .map(|s| {
            let text = match s {
                TaskState::Open => "Open",
                TaskState::Overdue => "Overdue",
                TaskState::Completed => "Completed",
            };
            (s.key().to_owned(), text.to_owned())
        })
        .collect();
    let fields: Vec<_> = enabled
        .into_iter()
        .flat_map(|object| {
            let key = object.object.clone();
            object.filters.into_iter().map(move |filter| {
                let (key, field) = (key.clone(), filter.field.clone());
                let id = format!("filter-{key}-{field}");
                let label = format!("{} ({})", filter.label, object.label);
                let get: ReadFilter = {
                    let (key, field) = (key.clone(), field.clone());
                    Arc::new(move |o: &Options| o.filters.field(&key, &field).map(str::to_owned))
                };
                let set: WriteFilter = {
                    let (key, field) = (key.clone(), field.clone());
                    Arc::new(move |o: &mut Options, v: Option<&str>| {
                        o.filters.set_field(&key, &field, v.map(str::to_owned))
                    })
                };
                let shown = key.clone();
                let kind = filter.kind;
                // Built again each time the object is switched on.
                let input = move || match kind {
                    FilterKind::Picklist => picklist_filter(
                        options,
                        (key.clone(), field.clone()),
                        (id.clone(), label.clone()),
                        get.clone(),
                        set.clone(),
                    )
                    .into_any(),
                    FilterKind::Boolean => {
                        let values = vec![("true".to_owned(), "Yes".to_owned()), ("false".to_owned(), "No".to_owned())];
                        select(options, id.clone(), label.clone(), values, get.clone(), set.clone()).into_any()
                    }
                };
                view! { <Show when=move || options.with(|o| o.searches(&shown))>{input.clone()}</Show> }
            })
        })
        .collect();
    view! {
        <fieldset class="ip-field">
            <legend>"Starting filters"</legend>
            <p class="ip-hint">"What the widget shows first; people can change them in the widget."</p>
            <label class="ip-choice">
                <input type="checkbox" id="filter-mine" prop:checked=move || options.with(|o| o.filters.mine)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        options.update(|o| o.filters.mine = on);
                    } />
                "Only records the person owns"
            </label>
            <Show when=move || options.with(|o| o.searches(TASK))>
                {select(
                    options,
                    "filter-task".to_owned(),
                    "Tasks".to_owned(),
                    task_states.clone(),
                    Arc::new(|o: &Options| o.filters.task.map(|t| t.key().to_owned())),
                    Arc::new(|o: &mut Options, v: Option<&str>| o.filters.task = v.and_then(TaskState::from_key)),
                )}
            </Show>
            {fields}
            {move || {
                let lost: Vec<String> = options.with(|o| {
                    o.filters.fields.iter().filter(|f| o.searches(&f.object) && !carries(f)).map(|f| f.value.clone()).collect()
                });
                (!lost.is_empty()).then(|| view! {
                    <p class="ip-field-error" role="alert">
                        {format!("A starting value cannot hold “;”: {} is left out of the snippet.", lost.join(", "))}
                    </p>
                })
            }}
            <Show when=move || options.with(|o| o.searches("campaign"))>
                <label class="ip-choice">
                    <input type="checkbox" id="filter-campaign" prop:checked=move || options.with(|o| o.filters.active_campaigns)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            options.update(|o| o.filters.active_campaigns = on);
                        } />
                    "Only active campaigns"
                </label>
            </Show>
        </fieldset>
    }
}

/// One checkbox per enabled object, labelled as Salesforce labels it; the chosen keep the
/// administrator's order.
fn object_choices(options: RwSignal<Options>, enabled: Vec<WidgetObject>) -> impl IntoView {
    let order: Vec<String> = enabled.iter().map(|e| e.object.clone()).collect();
    enabled
        .into_iter()
        .map(|object| {
            let (key, order) = (object.object.clone(), order.clone());
            let checked = {
                let key = key.clone();
                move || options.with(|o| o.searches(&key))
            };
            view! {
                <label class="ip-choice">
                    <input type="checkbox" name="objects" value=key.clone() prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            options.update(|o| {
                                o.objects.retain(|k| *k != key);
                                if on {
                                    o.objects.push(key.clone());
                                    o.objects.sort_by_key(|k| order.iter().position(|x| x == k));
                                }
                            });
                        } />
                    {object.label}
                </label>
            }
        })
        .collect_view()
}

#[component]
pub fn ConfiguratorPage() -> impl IntoView {
    ensure_widget_loader();
    let options = RwSignal::new(Options::default());
    // The objects the administrator enabled, in their order; all of them to start with.
    let enabled = LocalResource::new(api::widget_objects);
    Effect::new(move |_| {
        if let Some(Ok(enabled)) = enabled.get() {
            options.update(|o| o.objects = enabled.iter().map(|e| e.object.clone()).collect());
        }
    });
    let preview = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let options = options.get();
        if let Some(container) = preview.get() {
            render_preview(container.unchecked_ref(), &options);
        }
    });
    let origin = window().location().origin().unwrap_or_default();
    let snippet = Signal::derive(move || options.with(|o| o.snippet(&origin)));
    let limit_error = RwSignal::new(None::<String>);
    let set_limit = move |ev: leptos::ev::Event| match event_target_value(&ev).trim().parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => {
            limit_error.set(None);
            options.update(|o| o.limit = n);
        }
        _ => limit_error.set(Some(format!("Enter a whole number from 1 to {MAX_LIMIT}."))),
    };

    view! {
        <h1>"Salesforce widget configurator"</h1>
        <div class="ip-configurator">
            <section class="ip-card" aria-labelledby="options-heading">
                <h2 id="options-heading">"Options"</h2>
                <div class="ip-field">
                    <label for="widget-title">"Title"</label>
                    <input
                        id="widget-title"
                        prop:value=move || options.with(|o| o.title.clone())
                        on:input=move |ev| options.update(|o| o.title = event_target_value(&ev))
                    />
                </div>
                <fieldset class="ip-field">
                    <legend>"Search in"</legend>
                    {move || match enabled.get() {
                        None => view! { <p class="ip-hint" role="status">"Loading the objects…"</p> }.into_any(),
                        Some(Err(error)) => view! { <p class="ip-field-error" role="alert">{error.message}</p> }.into_any(),
                        Some(Ok(enabled)) if enabled.is_empty() => view! {
                            <p class="ip-hint">"Salesforce is not set up yet: an administrator chooses the objects widgets search."</p>
                        }
                        .into_any(),
                        Some(Ok(enabled)) => object_choices(options, enabled).into_any(),
                    }}
                    <Show when=move || options.with(|o| o.objects.is_empty())>
                        <p class="ip-field-error">"Choose at least one object: the preview shows what the widget would say."</p>
                    </Show>
                </fieldset>
                <div class="ip-field">
                    <label for="widget-limit">{format!("Results per type (1–{MAX_LIMIT})")}</label>
                    <input
                        id="widget-limit"
                        type="number"
                        min="1"
                        max=MAX_LIMIT.to_string()
                        aria-describedby="widget-limit-error"
                        prop:value=move || options.with(|o| o.limit.to_string())
                        on:change=set_limit
                    />
                    <p id="widget-limit-error" class="ip-field-error">
                        {move || limit_error.get()}
                    </p>
                </div>
                <div class="ip-field">
                    <label for="widget-layout">"Layout"</label>
                    <select
                        id="widget-layout"
                        on:change=move |ev| {
                            let layout = if event_target_value(&ev) == "compact" { Layout::Compact } else { Layout::Full };
                            options.update(|o| o.layout = layout);
                        }
                    >
                        <option value="full" selected=true>
                            "Full (name and details)"
                        </option>
                        <option value="compact">"Compact (one line per record)"</option>
                    </select>
                </div>
                <div class="ip-field">
                    <label for="widget-lang">"Language"</label>
                    <select
                        id="widget-lang"
                        on:change=move |ev| {
                            let lang = if event_target_value(&ev) == "de" { Lang::De } else { Lang::En };
                            options.update(|o| o.lang = lang);
                        }
                    >
                        <option value="en" selected=true>
                            "English"
                        </option>
                        <option value="de">"Deutsch"</option>
                    </select>
                </div>
                {move || match enabled.get() {
                    Some(Ok(enabled)) => filter_fields(options, enabled).into_any(),
                    _ => ().into_any(),
                }}
                <fieldset class="ip-field">
                    <legend>"Colours"</legend>
                    {COLOURS
                        .into_iter()
                        .map(|(property, label, default)| {
                            let id = format!("colour{property}");
                            let value = move || {
                                options.with(|o| {
                                    o.colours.iter().find(|(p, _)| *p == property).map_or(default.to_owned(), |(_, v)| v.clone())
                                })
                            };
                            view! {
                                <div class="ip-row">
                                    <input
                                        id=id.clone()
                                        type="color"
                                        prop:value=value
                                        on:input=move |ev| {
                                            let colour = event_target_value(&ev);
                                            options
                                                .update(|o| {
                                                    o.colours.retain(|(p, _)| *p != property);
                                                    o.colours.push((property, colour));
                                                });
                                        }
                                    />
                                    <label for=id>{label}</label>
                                    <button
                                        type="button"
                                        class="ip-button ip-button--link"
                                        on:click=move |_| options.update(|o| o.colours.retain(|(p, _)| *p != property))
                                    >
                                        {format!("Use default for {}", label.to_lowercase())}
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </section>
            <section class="ip-card" aria-labelledby="preview-heading">
                <h2 id="preview-heading">"Preview"</h2>
                <p class="ip-hint">"The real widget, as you would see it on the page."</p>
                <div class="ip-preview" data-testid="preview" node_ref=preview></div>
                <h2>"Embed snippet"</h2>
                <label for="snippet" class="ip-hint">
                    "Paste this into the page where the widget should appear (the script once per page)."
                </label>
                <textarea id="snippet" readonly rows="5" prop:value=move || snippet.get()></textarea>
                <CopyButton label="Copy snippet" text=snippet />
            </section>
        </div>
    }
}
