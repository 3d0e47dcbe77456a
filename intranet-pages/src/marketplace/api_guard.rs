//! The org's API allowance: what Salesforce last reported, and the share at which widgets stop
//! calling it so the company's other integrations keep working. Saving it signs nobody out.

use crate::{
    api::{self, ConfigView, UsageView},
    components::{SaveRow, Saved},
};
use leptos::{prelude::*, task::spawn_local};

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn usage_sentence(usage: Option<&UsageView>) -> String {
    let Some(usage) = usage else {
        return "No usage seen yet: Salesforce reports it with the first search.".to_owned();
    };
    let share = (usage.used * 100).checked_div(usage.limit).unwrap_or(0);
    let when = match usage.seconds_ago {
        0..=59 => "just now".to_owned(),
        s if s < 7_200 => format!("{} minutes ago", s / 60),
        s => format!("{} hours ago", s / 3_600),
    };
    let paused = if usage.paused { " Widgets are paused until usage drops below the share." } else { "" };
    format!(
        "Salesforce reported {} of {} API requests used in the last 24 hours ({share} %), {when}.{paused}",
        thousands(usage.used),
        thousands(usage.limit)
    )
}

#[component]
pub fn ApiGuard(saved: ConfigView) -> impl IntoView {
    let percent = RwSignal::new(saved.api_guard_percent.to_string());
    let usage = RwSignal::new(saved.api_usage.clone());
    let outcome = RwSignal::new(None::<Saved>);
    let saving = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        outcome.set(None);
        let Some(chosen) = percent.get_untracked().trim().parse::<u8>().ok().filter(|p| (1..=100).contains(p)) else {
            outcome.set(Some(Saved::Failed("Choose a share from 1 to 100 %.".into())));
            return;
        };
        saving.set(true);
        spawn_local(async move {
            match api::save_api_guard(chosen).await {
                Ok(()) => {
                    if let Ok(now) = api::get_config().await {
                        usage.set(now.api_usage);
                    }
                    outcome.set(Some(Saved::Done("Saved. Nobody had to sign in again.".into())));
                }
                Err(error) => outcome.set(Some(Saved::Failed(error.about("percent")))),
            }
            saving.set(false);
        });
    };
    let failed = Saved::invalid(outcome);
    view! {
        <section class="ip-card" aria-labelledby="api-guard-heading">
            <h2 id="api-guard-heading">"API allowance"</h2>
            <p class="ip-status-line" data-testid="api-usage">
                {move || usage.with(|u| usage_sentence(u.as_ref()))}
            </p>
            <form on:submit=submit novalidate>
                <div class="ip-field">
                    <label for="api-guard-percent">"Pause widget searches at this share of the org's daily API requests (%)"</label>
                    <p id="api-guard-hint" class="ip-hint">
                        "Every Salesforce integration of your company shares one daily allowance. At this share, widgets answer only from what they already know and leave the rest to other systems. 100 never pauses them."
                    </p>
                    <input
                        id="api-guard-percent"
                        name="percent"
                        type="number"
                        min="1"
                        max="100"
                        inputmode="numeric"
                        aria-describedby="api-guard-hint api-guard-outcome"
                        aria-invalid=failed
                        prop:value=move || percent.get()
                        on:input=move |ev| percent.set(event_target_value(&ev))
                    />
                </div>
                <SaveRow label="Save share" saving outcome id="api-guard-outcome" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_reads_like_a_sentence() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(951), "951");
        let usage = UsageView { used: 95_100, limit: 100_000, seconds_ago: 125, paused: true };
        let sentence = usage_sentence(Some(&usage));
        assert!(
            sentence.starts_with(
                "Salesforce reported 95,100 of 100,000 API requests used in the last 24 hours (95 %), 2 minutes ago."
            ),
            "{sentence}"
        );
        assert!(sentence.contains("Widgets are paused"));
        assert!(usage_sentence(None).starts_with("No usage seen yet"));
    }
}
