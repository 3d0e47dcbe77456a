//! The setup guide: the vendor's steps for the Connected App, the External Client App path for
//! orgs that can no longer create Connected Apps, and the deprecated callback URL.

use super::SCOPE_CHOICES;
use leptos::prelude::*;

#[component]
pub fn SetupGuide(callback_url: String) -> impl IntoView {
    let legacy = callback_url
        .replace("/marketplace/salesforce/account/sign-in/oauth2", "/salesforce/Account/RetrieveAccessToken");
    view! {
        <section class="ip-card ip-guide" aria-labelledby="guide-heading">
            <h2 id="guide-heading">"Setup guide"</h2>
            <p>
                "Your org needs the REST API: Enterprise, Unlimited, Performance and Developer Edition have it; Group and Essentials do not; Professional only with the API add-on."
            </p>
            <h3>"Create a Connected App"</h3>
            <ol>
                <li>"In Salesforce, open Setup › App Manager and choose New Connected App."</li>
                <li>"Enter a Connected App Name users will recognise (e.g. Acme Intranet) and a Contact Email."</li>
                <li>"Check Enable OAuth Settings."</li>
                <li>
                    "Callback URL: " <code>{callback_url.clone()}</code>
                </li>
                <li>
                    "Selected OAuth Scopes: "
                    {SCOPE_CHOICES.iter().map(|c| c.label).collect::<Vec<_>>().join("; ")} "."
                </li>
                <li>"Check Require Secret for Web Server Flow and Require Secret for Refresh Token Flow."</li>
                <li>"Save, then Manage Consumer Details: copy the Consumer Key and the Consumer Secret into the form above and save."</li>
            </ol>
            <h3>"Orgs that can no longer create Connected Apps"</h3>
            <p>
                "Newer orgs create an External Client App instead: Setup › External Client App Manager › New External Client App. Enable OAuth, enter the same callback URL and scopes, require the secret for the web server and refresh token flows, and copy the Consumer Key and Secret from its OAuth settings. The intranet uses both kinds the same way."
            </p>
            <h3>"Deprecated callback URL"</h3>
            <p>
                "The old callback URL " <code>{legacy}</code>
                " no longer works. If your app still lists it, replace it with the URL above; users who reach the old one are told to ask you."
            </p>
        </section>
    }
}
