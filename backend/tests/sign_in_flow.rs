//! The OAuth web server flow between a browser, the backend and the demo org, over real HTTP.

mod support;

use reqwest::StatusCode;
use support::*;

#[tokio::test]
async fn connecting_with_pkce_brings_the_user_back_connected() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    let before = grace.status().await;
    assert_eq!(before["configured"], true);
    assert_eq!(before["connected"], false);
    assert_eq!(before["is_admin"], false);

    let authorize = grace.start_connect("/news").await;
    assert!(authorize.starts_with(&format!("{}/services/oauth2/authorize?", world.org.base)));
    for expected in
        ["response_type=code", "code_challenge_method=S256", "code_challenge=", "state=", &format!("client_id={KEY}")]
    {
        assert!(authorize.contains(expected), "{expected} missing in {authorize}");
    }
    grace.connect("grace").await;
    let after = grace.status().await;
    assert_eq!(after["connected"], true);
    assert_eq!(after["salesforce_user"], "Grace Hopper (grace@demo-org.example)");
    assert_eq!(world.stats().authorization_code_grants, 1, "the first, abandoned sign-in exchanged nothing");
}

#[tokio::test]
async fn denied_consent_leads_back_and_connects_nothing() {
    let world = World::start().await;
    let alan = world.browser("alan").await;
    let authorize = alan.start_connect("/team").await;
    let callback = alan.at_salesforce(&authorize, "alan", "deny").await;
    assert!(callback.contains("error=access_denied"));
    let page = alan.http.get(&callback).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let text = page.text().await.unwrap();
    assert!(text.contains("You chose not to allow"), "{text}");
    assert!(text.contains("href=\"/team\""));
    assert_eq!(alan.status().await["connected"], false);
}

#[tokio::test]
async fn forged_replayed_expired_and_cross_user_states_are_refused() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    let hedy = world.browser("hedy").await;

    // Forged: a state the backend never issued.
    let forged = grace.get("/marketplace/salesforce/account/sign-in/oauth2?code=abc%3D%3D&state=forged").await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    assert_eq!(world.stats().authorization_code_grants, 0, "no code exchange was attempted");

    // Replayed: the callback URL used twice.
    let authorize = grace.start_connect("/").await;
    let callback = grace.at_salesforce(&authorize, "grace", "approve").await;
    assert_eq!(grace.http.get(&callback).send().await.unwrap().status(), StatusCode::FOUND);
    assert_eq!(grace.http.get(&callback).send().await.unwrap().status(), StatusCode::BAD_REQUEST);

    // Cross-user: Hedy's browser lands on a callback that Grace's sign-in started.
    let authorize = grace.start_connect("/").await;
    let callback = grace.at_salesforce(&authorize, "grace", "approve").await;
    let stolen = hedy.http.get(&callback).send().await.unwrap();
    assert_eq!(stolen.status(), StatusCode::FORBIDDEN);
    assert_eq!(hedy.status().await["connected"], false);

    // Expired: a sign-in whose lifetime is over.
    let verifier = secrecy::SecretString::from("v".repeat(64));
    world.backend.state.store.start_sign_in("expired-state", "grace", &verifier, "/", 1, -1).await.unwrap();
    let expired = grace.get("/marketplace/salesforce/account/sign-in/oauth2?code=x&state=expired-state").await;
    assert_eq!(expired.status(), StatusCode::BAD_REQUEST);
    assert!(expired.text().await.unwrap().contains("expired or was already used"));
}

#[tokio::test]
async fn return_to_must_stay_on_this_intranet() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    for bad in
        ["https://evil.example/", "//evil.example", "/\\evil.example", "/%2F%2Fevil.example", "javascript:alert(1)"]
    {
        let response = grace
            .http
            .get(grace.url("/marketplace/salesforce/account/sign-in"))
            .query(&[("return_to", bad)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn someone_not_signed_in_to_the_intranet_is_sent_to_sign_in_first() {
    let world = World::start().await;
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = anonymous
        .get(format!("{}/marketplace/salesforce/account/sign-in?return_to=/x", world.backend.base))
        .header("sec-fetch-site", "none")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&response).starts_with("/intranet/sign-in?return_to=%2Fmarketplace%2Fsalesforce%2Faccount%2Fsign-in")
    );
    let status = anonymous.get(format!("{}/api/salesforce/status", world.backend.base)).send().await.unwrap();
    assert_eq!(status.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(status.json::<serde_json::Value>().await.unwrap()["error"], "intranet_sign_in_required");
}

/// Issue 19 item 7 (login CSRF): another site cannot start connecting the visitor's intranet
/// account to whichever Salesforce user their browser is signed in as. The person is asked to
/// confirm on the intranet's own page; starts from the intranet (or typed in) go straight on.
#[tokio::test]
async fn a_sign_in_started_by_another_site_asks_the_person_first() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    let start = grace.url("/marketplace/salesforce/account/sign-in?return_to=/news");
    let foreign: [&[(&str, &str)]; 5] = [
        &[("sec-fetch-site", "cross-site"), ("sec-fetch-mode", "navigate")],
        // A sibling host of the same site (e.g. one serving user content) that is not allowed.
        &[("sec-fetch-site", "same-site")],
        &[("referer", "https://evil.example/page")],
        &[("origin", "null")],
        // Nothing at all: plain http has no Fetch Metadata, and a page can suppress Referer.
        &[],
    ];
    for headers in foreign {
        let mut request = grace.http.get(&start);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        let page = response.text().await.unwrap();
        assert!(page.contains("Another website sent you here"), "{page}");
        assert!(page.contains(r#"href="/marketplace/salesforce/account/sign-in?return_to=%2Fnews""#), "{page}");
    }
    for from in ["same-origin", "none"] {
        let response = grace.http.get(&start).header("sec-fetch-site", from).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FOUND, "{from}");
        assert!(location(&response).starts_with(&world.org.base));
    }
    let own = grace.http.get(&start).header("referer", grace.url("/news")).send().await.unwrap();
    assert_eq!(own.status(), StatusCode::FOUND);
}

/// The demo intranet's sign-in and sign-out forms accept only the intranet's own pages, so
/// another site can neither sign a visitor in as someone else nor sign them out.
#[tokio::test]
async fn demo_sign_in_and_sign_out_forms_refuse_other_sites() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    for from in [("sec-fetch-site", "cross-site"), ("sec-fetch-site", "same-site"), ("origin", "https://evil.example")]
    {
        let sign_in = grace
            .http
            .post(grace.url("/intranet/sign-in"))
            .header(from.0, from.1)
            .form(&[("person", "ada"), ("return_to", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(sign_in.status(), StatusCode::FORBIDDEN, "{from:?}");
        assert!(sign_in.headers().get("set-cookie").is_none());
        let sign_out = grace.http.post(grace.url("/intranet/sign-out")).header(from.0, from.1).send().await.unwrap();
        assert_eq!(sign_out.status(), StatusCode::FORBIDDEN, "{from:?}");
        assert_eq!(grace.status().await["is_admin"], false, "still Grace, still signed in");
    }
    let own = grace
        .http
        .post(grace.url("/intranet/sign-out"))
        .header("sec-fetch-site", "same-origin")
        .header("origin", &world.backend.base)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::SEE_OTHER);
    assert_eq!(grace.json("/api/salesforce/status").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_deprecated_callback_url_names_the_new_one() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    let response = grace.get("/salesforce/Account/RetrieveAccessToken?code=x").await;
    assert_eq!(response.status(), StatusCode::GONE);
    let text = response.text().await.unwrap();
    assert!(text.contains(&format!("{}/marketplace/salesforce/account/sign-in/oauth2", world.backend.base)));
}

#[tokio::test]
async fn disconnect_revokes_at_salesforce_and_forgets_the_tokens() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let refused = grace.http.post(grace.url("/api/salesforce/disconnect")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no CSRF header, no change");
    assert_eq!(grace.status().await["connected"], true);
    let response = grace
        .http
        .post(grace.url("/api/salesforce/disconnect"))
        .header("x-requested-with", "salesforce-widget")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(world.stats().revocations, 1);
    let status = grace.status().await;
    assert_eq!((status["connected"].clone(), status["reauth_reason"].clone()), (false.into(), serde_json::Value::Null));
    assert_eq!(grace.search("acme").await.1["error"], "salesforce_not_connected");
}

/// Issue 19 item 3: a person's pending sign-ins are capped (the oldest give way) and expired
/// ones are cleared, so starting over and over cannot fill the table.
#[tokio::test]
async fn pending_sign_ins_are_capped_per_person() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    let mut authorizes = Vec::new();
    for _ in 0..8 {
        authorizes.push(grace.start_connect("/news").await);
    }
    let store = &world.backend.state.store;
    assert_eq!(store.pending_sign_ins("grace").await.unwrap(), 5);
    let alan = world.browser("alan").await;
    alan.start_connect("/").await;
    assert_eq!(store.pending_sign_ins("alan").await.unwrap(), 1, "each person has their own");
    assert_eq!(store.pending_sign_ins("grace").await.unwrap(), 5);
    // The oldest was dropped: its callback is refused; the newest still connects.
    let oldest = grace.at_salesforce(&authorizes[0], "grace", "approve").await;
    let refused = grace.http.get(&oldest).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let newest = grace.at_salesforce(&authorizes[7], "grace", "approve").await;
    let done = grace.http.get(&newest).send().await.unwrap();
    assert_eq!(done.status(), StatusCode::FOUND);
    assert_eq!(grace.status().await["connected"], true);
}

/// Issue 19 item 5: a visitor of the demo intranet who is not signed in is offered "Sign in"
/// (not "Switch person" and "Sign out"), and the API tells the widget that the demo's own
/// sign-in page exists, so it can link it.
#[tokio::test]
async fn the_demo_intranet_offers_sign_in_to_visitors_not_signed_in() {
    let world = World::start().await;
    let anonymous = reqwest::Client::new();
    let home = anonymous.get(&world.backend.base).send().await.unwrap().text().await.unwrap();
    assert!(home.contains(r#"<a href="/intranet/sign-in?return_to=/">Sign in</a>"#), "{home}");
    assert!(!home.contains("Switch person") && !home.contains("Sign out"), "{home}");
    let status = anonymous.get(format!("{}/api/salesforce/status", world.backend.base)).send().await.unwrap();
    let body: serde_json::Value = status.json().await.unwrap();
    assert_eq!(
        (body["error"].as_str(), body["reason"].as_str()),
        (Some("intranet_sign_in_required"), Some("demo_sign_in"))
    );

    let grace = world.browser("grace").await;
    let home = grace.get("/").await.text().await.unwrap();
    assert!(
        home.contains("Signed in as grace") && home.contains("Switch person") && home.contains("Sign out"),
        "{home}"
    );
}
