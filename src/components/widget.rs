//! One widget instance: asks the backend (once per page) whether this user can search, and
//! shows the search panel or the state that explains why not.

use super::{RecordOpener, search_panel::SearchPanel, state_views};
use crate::{
    api::{ApiError, Backend},
    config::{Layout, WidgetConfig},
    objects::Objects,
    status::{Readiness, readiness},
};
use leptos::prelude::*;

/// Announced on `window` when a widget learns the connection changed, so all widgets re-ask.
pub const STATUS_CHANGED_EVENT: &str = "salesforce-widget-status-changed";

/// The whole widget as a page editor placed it.
#[component]
pub fn SalesforceWidget(
    /// What the page editor configured for this instance.
    config: WidgetConfig,
    /// The backend this instance talks to.
    backend: Backend,
    /// Opens a record; defaults to a new browser tab.
    #[prop(optional)]
    open_record: Option<Callback<String>>,
    /// What the page editor must fix in the placeholder's attributes: shown instead of searching.
    #[prop(optional)]
    problems: Vec<String>,
) -> impl IntoView {
    let strings = crate::i18n::strings(config.lang);
    provide_context(RecordOpener(open_record.unwrap_or_else(|| {
        Callback::new(|url: String| {
            let _ = window().open_with_url_and_target_and_features(&url, "_blank", "noopener,noreferrer");
        })
    })));
    // Bumped when a search finds the connection gone: the status is asked again.
    let status_version = RwSignal::new(0u32);
    let status = LocalResource::new({
        let backend = backend.clone();
        move || {
            status_version.track();
            backend.status()
        }
    });
    // The error that made a search give up on the connection. If the backend still says
    // "connected" afterwards, the error is shown instead of searching again (never a loop).
    let lost = RwSignal::new(None::<ApiError>);
    let connection_lost = Callback::new({
        let backend = backend.clone();
        move |error: Option<ApiError>| {
            lost.set(error);
            backend.invalidate_status();
            // Every widget on the page asks again (sharing one request), not only this one.
            if let Ok(event) = web_sys::Event::new(STATUS_CHANGED_EVENT) {
                let _ = window().dispatch_event(&event);
            }
        }
    });
    let listener = window_event_listener_untyped(STATUS_CHANGED_EVENT, move |_| status_version.update(|v| *v += 1));
    on_cleanup(move || listener.remove());
    let dismiss = Callback::new(move |()| lost.set(None));
    let title = config.title.clone();
    let class = if config.layout == Layout::Compact { "sfw sfw--compact" } else { "sfw" };
    let lang = config.lang.tag();
    let body = move || match status.get() {
        _ if !problems.is_empty() => state_views::config_error(strings, problems.clone()).into_any(),
        None => view! { <p class="sfw-note" data-state="loading" role="status">{strings.loading}</p> }.into_any(),
        Some(Err(error)) if error.reason() == Some(widget_contract::codes::REASON_DEMO_SIGN_IN) => {
            state_views::intranet_sign_in(&backend, strings).into_any()
        }
        Some(Err(error)) => state_views::error(&error, strings, None).into_any(),
        // The objects the page editor named, as the administrator enabled them: a name that is
        // not enabled is the editor's to fix, whoever looks at the page.
        Some(Ok(status)) => match Objects::resolve(&config.objects, &status.objects, &config.filters) {
            Err(problems) if status.configured => state_views::config_error(strings, problems).into_any(),
            resolved => match (readiness(&status), lost.get()) {
                (Readiness::Ready { .. }, Some(error)) => state_views::error(&error, strings, Some(dismiss)).into_any(),
                (Readiness::Ready { salesforce_user }, None) => {
                    let (objects, filters) = resolved.unwrap_or_default();
                    let config = WidgetConfig { filters, ..config.clone() };
                    view! { <SearchPanel config objects backend=backend.clone() salesforce_user connection_lost /> }
                        .into_any()
                }
                (other, _) => state_views::readiness(&other, &backend, strings).into_any(),
            },
        },
    };
    view! {
        <section class=class aria-label=title.clone() lang=lang>
            <h2 class="sfw-title">{title.clone()}</h2>
            {body}
        </section>
    }
}
