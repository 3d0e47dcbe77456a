//! Embedding: the intranet pages on other origins (e.g. https://teams.intranet.example.com)
//! whose widgets may call this backend with the person's session. Every other origin is
//! refused, and the widget there tells the page editor to come here. Saving signs nobody out.

use crate::{
    api::{self, ConfigView},
    components::{SaveRow, Saved},
};
use leptos::{prelude::*, task::spawn_local};

#[component]
pub fn Embedding(saved: ConfigView) -> impl IntoView {
    let text = RwSignal::new(saved.allowed_origins.join("\n"));
    let fixed = saved.fixed_origins.clone();
    let outcome = RwSignal::new(None::<Saved>);
    let saving = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        outcome.set(None);
        let origins: Vec<String> =
            text.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        saving.set(true);
        spawn_local(async move {
            match api::save_allowed_origins(&origins).await {
                Ok(stored) => {
                    text.set(stored.join("\n"));
                    outcome.set(Some(Saved::Done(saved_sentence(stored.len()))));
                }
                Err(error) => outcome.set(Some(Saved::Failed(error.about("origins")))),
            }
            saving.set(false);
        });
    };
    let failed = Saved::invalid(outcome);
    view! {
        <section class="ip-card" aria-labelledby="embedding-heading">
            <h2 id="embedding-heading">"Embedding"</h2>
            <p class="ip-hint">
                "Widgets on this intranet’s own pages always work. List other intranet origins whose pages may embed the widget, one per line, such as https://teams.intranet.example.com. Their pages must include the widget’s script from this server and name it in data-backend."
            </p>
            {(!fixed.is_empty())
                .then(|| {
                    view! {
                        <p class="ip-hint" data-testid="fixed-origins">
                            "Also allowed by the server’s settings: "{fixed.join(", ")}
                        </p>
                    }
                })}
            <form on:submit=submit novalidate>
                <div class="ip-field">
                    <label for="allowed-origins">"Other intranet origins"</label>
                    <textarea
                        id="allowed-origins"
                        name="origins"
                        rows="4"
                        spellcheck="false"
                        aria-describedby="embedding-outcome"
                        aria-invalid=failed
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <SaveRow label="Save origins" saving outcome id="embedding-outcome" />
            </form>
        </section>
    }
}

fn saved_sentence(others: usize) -> String {
    match others {
        0 => "Saved. Only this intranet’s own pages may embed the widget.".to_owned(),
        1 => "Saved. 1 other origin may embed the widget.".to_owned(),
        n => format!("Saved. {n} other origins may embed the widget."),
    }
}
