//! The settings form: write-only secret, login host choice, scopes, API version, the callback
//! URL to register; a change to an existing configuration asks for confirmation first (it signs
//! every connected user out), and the outcome says how many connections were purged.

use super::{LoginHost, SCOPE_CHOICES, diagnostics::Diagnostics};
use crate::{
    api::{self, ApiError, ConfigInput, ConfigView},
    components::CopyButton,
};
use leptos::{prelude::*, task::spawn_local};
use std::collections::BTreeMap;

/// The form's fields as signals.
#[derive(Clone, Copy)]
struct Fields {
    consumer_key: RwSignal<String>,
    consumer_secret: RwSignal<String>,
    host: RwSignal<LoginHost>,
    my_domain: RwSignal<String>,
    scopes: RwSignal<Vec<String>>,
    api_version: RwSignal<String>,
}

impl Fields {
    fn from_saved(saved: &ConfigView) -> Self {
        let (host, my_domain) = LoginHost::classify(saved.login_host.as_deref());
        Fields {
            consumer_key: RwSignal::new(saved.consumer_key.clone().unwrap_or_default()),
            consumer_secret: RwSignal::new(String::new()),
            host: RwSignal::new(host),
            my_domain: RwSignal::new(my_domain),
            scopes: RwSignal::new(saved.scopes.clone()),
            api_version: RwSignal::new(saved.api_version.clone()),
        }
    }

    fn login_host(&self) -> String {
        self.host.get().url(&self.my_domain.get())
    }

    fn input(&self) -> ConfigInput {
        let secret = self.consumer_secret.get_untracked();
        ConfigInput {
            consumer_key: self.consumer_key.get_untracked().trim().to_owned(),
            consumer_secret: (!secret.trim().is_empty()).then(|| secret.trim().to_owned()),
            login_host: self.host.get_untracked().url(&self.my_domain.get_untracked()),
            scopes: self.scopes.get_untracked(),
            api_version: self.api_version.get_untracked().trim().to_owned(),
        }
    }

    /// Whether saving would change the stored configuration (and so sign everyone out).
    fn differs_from(&self, saved: &ConfigView) -> bool {
        let input = self.input();
        input.consumer_secret.is_some()
            || Some(&input.consumer_key) != saved.consumer_key.as_ref()
            || Some(&input.login_host) != saved.login_host.as_ref()
            || input.scopes != saved.scopes
            || input.api_version != saved.api_version
    }
}

/// What the last save attempt ended with.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Saved { purged: u64, first: bool },
    Failed(ApiError),
}

#[component]
pub fn SettingsForm(saved: ConfigView) -> impl IntoView {
    let saved = RwSignal::new(saved);
    let fields = Fields::from_saved(&saved.get_untracked());
    let field_errors = RwSignal::new(BTreeMap::<String, String>::new());
    // Some(count): the confirmation is showing, with the number of connected users.
    let confirming = RwSignal::new(None::<i64>);
    let saving = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    // The confirmation takes the focus when it appears, so keyboard and screen-reader users
    // meet it first.
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_button.get() {
            let _ = button.focus();
        }
    });

    let save = move || {
        let input = fields.input();
        let first = !saved.get_untracked().configured;
        saving.set(true);
        spawn_local(async move {
            match api::save_config(&input).await {
                Ok(result) => {
                    field_errors.set(BTreeMap::new());
                    fields.consumer_secret.set(String::new());
                    if let Ok(now) = api::get_config().await {
                        saved.set(now);
                    }
                    outcome.set(Some(Outcome::Saved { purged: result.purged_tokens, first }));
                }
                Err(error) => {
                    field_errors.set(error.fields.clone());
                    outcome.set(Some(Outcome::Failed(error)));
                }
            }
            confirming.set(None);
            saving.set(false);
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        outcome.set(None);
        let current = saved.get_untracked();
        if !(current.configured && fields.differs_from(&current)) {
            save();
            return;
        }
        // Ask the backend for the number now: users may have connected since the page loaded.
        spawn_local(async move {
            let count = api::get_config().await.map_or(current.connected_users, |now| now.connected_users);
            confirming.set(Some(count));
        });
    };
    let error_of = move |field: &'static str| move || field_errors.with(|e| e.get(field).cloned());
    let invalid = move |field: &'static str| move || field_errors.with(|e| e.contains_key(field)).then_some("true");

    let callback_url = Signal::derive(move || saved.with(|s| s.callback_url.clone()));
    let secret_hint = move || {
        if saved.with(|s| s.consumer_secret_set) {
            "A secret is stored. Leave this empty to keep it; paste a new one to replace it."
        } else {
            "No secret is stored yet."
        }
    };

    view! {
        <section class="ip-card" aria-labelledby="settings-heading">
            <h2 id="settings-heading">"Connected App"</h2>
            <p class="ip-status-line" data-testid="connected-users">
                {move || {
                    let s = saved.get();
                    if s.configured && s.connected_users == 1 {
                        "Configured. 1 user is connected to Salesforce.".to_owned()
                    } else if s.configured {
                        format!("Configured. {} users are connected to Salesforce.", s.connected_users)
                    } else {
                        "Not configured yet: users cannot connect until you save these settings.".to_owned()
                    }
                }}
            </p>
            <form on:submit=submit novalidate>
                <TextField name="consumer_key" label="Consumer Key" value=fields.consumer_key errors=field_errors />
                <TextField
                    name="consumer_secret"
                    label="Consumer Secret"
                    value=fields.consumer_secret
                    errors=field_errors
                    secret=true
                    hint=Signal::derive(secret_hint)
                />
                <fieldset class="ip-field" aria-describedby="login-host-error">
                    <legend>"Login host"</legend>
                    {[
                        (LoginHost::Production, "Production (https://login.salesforce.com)"),
                        (LoginHost::Sandbox, "Sandbox (https://test.salesforce.com)"),
                        (LoginHost::MyDomain, "My Domain URL"),
                    ]
                        .into_iter()
                        .map(|(choice, label)| {
                            view! {
                                <label class="ip-choice">
                                    <input
                                        type="radio"
                                        name="login_host_kind"
                                        prop:checked=move || fields.host.get() == choice
                                        on:change=move |_| fields.host.set(choice)
                                    />
                                    {label}
                                </label>
                            }
                        })
                        .collect_view()}
                    <Show when=move || fields.host.get() == LoginHost::MyDomain>
                        <label for="my-domain" class="ip-sub-label">
                            "My Domain URL, e.g. https://acme.my.salesforce.com"
                        </label>
                        <input
                            id="my-domain"
                            name="my_domain"
                            type="url"
                            spellcheck="false"
                            aria-invalid=invalid("login_host")
                            aria-describedby="login-host-error"
                            prop:value=move || fields.my_domain.get()
                            on:input=move |ev| fields.my_domain.set(event_target_value(&ev))
                        />
                    </Show>
                    <p id="login-host-error" class="ip-field-error">
                        {error_of("login_host")}
                    </p>
                </fieldset>
                <fieldset class="ip-field" aria-describedby="scopes-note scopes-error">
                    <legend>"Selected OAuth Scopes"</legend>
                    <p id="scopes-note" class="ip-hint">
                        "The widget needs “api” to search and “refresh_token” to stay connected; select the same scopes in the Connected App."
                    </p>
                    {SCOPE_CHOICES
                        .iter()
                        .map(|choice| {
                            let scope = choice.scope;
                            view! {
                                <label class="ip-choice">
                                    <input
                                        type="checkbox"
                                        name="scopes"
                                        value=scope
                                        prop:checked=move || fields.scopes.with(|s| s.iter().any(|x| x == scope))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            fields
                                                .scopes
                                                .update(|s| {
                                                    s.retain(|x| x != scope);
                                                    if on {
                                                        s.push(scope.to_owned());
                                                    }
                                                });
                                        }
                                    />
                                    {choice.label}
                                    {choice.needed.then_some(view! { <span class="ip-needed">" — needed"</span> })}
                                </label>
                            }
                        })
                        .collect_view()}
                    <p id="scopes-error" class="ip-field-error">
                        {error_of("scopes")}
                    </p>
                </fieldset>
                <TextField name="api_version" label="REST API version" value=fields.api_version errors=field_errors />
                <div class="ip-field">
                    <label for="callback-url">"Callback URL to register in the Connected App"</label>
                    <div class="ip-row">
                        <input id="callback-url" readonly prop:value=move || callback_url.get() />
                        <CopyButton label="Copy callback URL" text=callback_url />
                    </div>
                </div>
                <Show when=move || confirming.get().is_none()>
                    <button type="submit" class="ip-button" disabled=move || saving.get()>
                        {move || if saving.get() { "Saving…" } else { "Save" }}
                    </button>
                </Show>
            </form>
            {move || {
                confirming
                    .get()
                    .map(|count| {
                        view! {
                            <div class="ip-confirm" role="alertdialog" aria-labelledby="confirm-heading" aria-describedby="confirm-text">
                                <h3 id="confirm-heading">"Sign everyone out of Salesforce?"</h3>
                                <p id="confirm-text" data-testid="confirm-text">
                                    {match count {
                                        1 => "1 user is connected to Salesforce. Saving this change ends that connection: they will have to sign in to Salesforce again.".to_owned(),
                                        n => format!("{n} users are connected to Salesforce. Saving this change ends every connection: they will all have to sign in to Salesforce again."),
                                    }}
                                </p>
                                <div class="ip-row">
                                    <button
                                        type="button"
                                        class="ip-button ip-button--danger"
                                        node_ref=confirm_button
                                        disabled=move || saving.get()
                                        on:click=move |_| save()
                                    >
                                        "Save and sign everyone out"
                                    </button>
                                    <button type="button" class="ip-button ip-button--secondary" on:click=move |_| confirming.set(None)>
                                        "Cancel"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            <div role="status" data-testid="save-outcome">
                {move || match outcome.get() {
                    Some(Outcome::Saved { first: true, .. }) => {
                        view! { <p class="ip-success">"Saved. Users can now connect their Salesforce accounts."</p> }.into_any()
                    }
                    Some(Outcome::Saved { purged, first: false }) => {
                        let text = match purged {
                            0 => "Saved. No connections had to end.".to_owned(),
                            1 => "Saved. 1 connection was purged; that user signs in to Salesforce again.".to_owned(),
                            n => format!("Saved. {n} connections were purged; those users sign in to Salesforce again."),
                        };
                        view! { <p class="ip-success">{text}</p> }.into_any()
                    }
                    Some(Outcome::Failed(error)) => view! { <p class="ip-error">{error.message}</p> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </section>
        <Diagnostics
            consumer_key=Signal::derive(move || fields.consumer_key.get())
            login_host=Signal::derive(move || fields.login_host())
        />
    }
}

/// A labelled text input with its hint and its field error from the backend below it; ids
/// derive from `name` (the input's name in the API).
#[component]
fn TextField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<BTreeMap<String, String>>,
    /// Write-only: a password input the browser does not fill in.
    #[prop(optional)]
    secret: bool,
    #[prop(optional)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    let id = name.replace('_', "-");
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described_by = if hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
    let error = move || errors.with(|e| e.get(name).cloned());
    view! {
        <div class="ip-field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=if secret { "password" } else { "text" }
                autocomplete=if secret { "new-password" } else { "off" }
                spellcheck="false"
                aria-invalid=move || errors.with(|e| e.contains_key(name)).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|hint| view! { <p id=hint_id class="ip-hint" data-testid=format!("{name}-hint")>{hint}</p> })}
            <p id=error_id class="ip-field-error">
                {error}
            </p>
        </div>
    }
}
