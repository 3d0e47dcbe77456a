//! Every sentence the widget shows, in one place. English and German ship; the language comes
//! from the placeholder's `data-lang`, else the page's `lang`, else English.

use crate::search::TaskState;

pub use widget_contract::placeholder::Lang;

/// The widget's texts in `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}

/// The widget's texts in one language. Sentences that carry a value are functions.
pub struct Strings {
    /// The language's tag (`en`, `de`), for numbers written in it.
    pub lang: &'static str,
    pub loading: &'static str,
    pub search_label: &'static str,
    /// The search box's hint around the objects' labels (`Search ` `Accounts, Contacts` `…`).
    pub placeholder: [&'static str; 2],
    pub type_more: &'static str,
    pub searching: &'static str,
    pub no_results: fn(&str) -> String,
    pub search_in_salesforce: &'static str,
    pub results_announcement: fn(usize) -> String,
    pub show_more: &'static str,
    pub opens_in_new_tab: &'static str,
    pub connect: &'static str,
    pub connect_intro: &'static str,
    pub connected_as: fn(&str) -> String,
    pub disconnect: &'static str,
    pub not_configured_admin: &'static str,
    pub open_control_panel: &'static str,
    pub not_configured_user: &'static str,
    pub reauth_config_changed: &'static str,
    pub reauth_token_revoked: &'static str,
    pub reauth_session_invalid: &'static str,
    pub sign_in_again: &'static str,
    pub api_disabled: &'static str,
    pub api_disabled_user: &'static str,
    pub rate_limited: &'static str,
    pub too_many_requests: &'static str,
    pub api_allowance_guarded: &'static str,
    pub unavailable: &'static str,
    pub retry: &'static str,
    pub intranet_sign_in: &'static str,
    pub intranet_sign_in_demo: &'static str,
    pub origin_not_allowed: &'static str,
    pub sign_in_to_intranet: &'static str,
    pub network_error: &'static str,
    pub unexpected_error: &'static str,
    pub skipped: fn(&str) -> String,
    pub config_error: &'static str,
    pub detail_label: fn(&str) -> &'static str,
    pub filters: &'static str,
    pub only_mine: &'static str,
    pub any: &'static str,
    /// A checkbox field's filter values (`IsClosed`: closed or not).
    pub yes: &'static str,
    pub no: &'static str,
    pub task_state: fn(TaskState) -> &'static str,
    pub active_campaigns_only: &'static str,
    pub recent: &'static str,
    pub no_recent: &'static str,
    /// The same, in widgets that show tasks: Salesforce never lists tasks as recently viewed.
    pub no_recent_but_tasks: &'static str,
    pub my_tasks: fn(TaskState) -> &'static str,
    pub no_tasks: &'static str,
    pub all_tasks: &'static str,
    pub overdue: &'static str,
    pub due_today: &'static str,
    pub open_in_app: &'static str,
    pub open_in_browser: &'static str,
    pub close: &'static str,
}

pub static EN: Strings = Strings {
    lang: "en",
    loading: "Loading…",
    search_label: "Search Salesforce",
    placeholder: ["Search ", "…"],
    type_more: "Type at least 2 letters or digits.",
    searching: "Searching…",
    no_results: |q| {
        format!("No records found for “{q}”. Try fewer or different words, or search in Salesforce itself.")
    },
    search_in_salesforce: "Search in Salesforce",
    results_announcement: |n| match n {
        0 => "No results.".to_owned(),
        1 => "1 result.".to_owned(),
        n => format!("{n} results."),
    },
    show_more: "Show more",
    opens_in_new_tab: "(opens in a new tab)",
    connect: "Connect to Salesforce",
    connect_intro: "Connect your Salesforce account to search it from here.",
    connected_as: |who| format!("Connected as {who}"),
    disconnect: "Disconnect",
    not_configured_admin: "Salesforce is not set up yet.",
    open_control_panel: "Open Control Panel › Marketplace › Salesforce",
    not_configured_user: "Salesforce search is not available yet: an intranet administrator has to set it up.",
    reauth_config_changed: "An administrator changed the Salesforce settings, so please sign in to Salesforce again.",
    reauth_token_revoked: "Your Salesforce connection has ended, so please sign in to Salesforce again.",
    reauth_session_invalid: "Your Salesforce session can no longer be used, so please sign in to Salesforce again.",
    sign_in_again: "Sign in to Salesforce again",
    api_disabled: "Salesforce does not allow API access here: your Salesforce user may lack the “API Enabled” permission, or your edition may not include the API. Ask your Salesforce administrator.",
    api_disabled_user: "Your Salesforce user may not use the API. Ask your Salesforce administrator for the “API Enabled” permission.",
    rate_limited: "Your company has used up its Salesforce API requests for now. Try again later.",
    too_many_requests: "You are searching faster than the intranet allows. The search runs again by itself in a moment.",
    api_allowance_guarded: "Your company has used most of its Salesforce API requests for today, so the intranet pauses searching to leave the rest to other systems. Try again later.",
    unavailable: "Salesforce is not answering right now.",
    retry: "Try again",
    intranet_sign_in: "You are not signed in to the intranet. Sign in and reload this page.",
    intranet_sign_in_demo: "Sign in to the intranet to search Salesforce from here.",
    origin_not_allowed: "This page’s address may not use the intranet’s Salesforce widget. An intranet administrator can allow it in Control Panel › Marketplace › Salesforce › Embedding.",
    sign_in_to_intranet: "Sign in to the intranet",
    network_error: "The intranet server cannot be reached. Check your connection.",
    unexpected_error: "Something went wrong while searching.",
    skipped: |types| format!("Not searched, because your Salesforce user cannot read them: {types}."),
    config_error: "This widget is set up incorrectly:",
    detail_label: |key| match key {
        "type" => "Type",
        "city" => "City",
        "company" => "Company",
        "status" => "Status",
        "due_date" => "Due",
        "related_to" => "Related to",
        "start_date" => "Starts",
        "end_date" => "Ends",
        _ => "",
    },
    filters: "Filters",
    only_mine: "Only mine",
    any: "Any",
    yes: "Yes",
    no: "No",
    task_state: |state| match state {
        TaskState::Open => "Open",
        TaskState::Overdue => "Overdue",
        TaskState::Completed => "Completed",
    },
    active_campaigns_only: "Only active campaigns",
    recent: "Recently viewed",
    no_recent: "Records you open will show up here.",
    no_recent_but_tasks: "Records you open will show up here; Salesforce never lists tasks among them.",
    my_tasks: |state| match state {
        TaskState::Open => "My open tasks",
        TaskState::Overdue => "My overdue tasks",
        TaskState::Completed => "My completed tasks",
    },
    no_tasks: "No tasks to show.",
    all_tasks: "All my tasks in Salesforce",
    overdue: "Overdue",
    due_today: "Today",
    open_in_app: "Open in the Salesforce app",
    open_in_browser: "Open in the browser",
    close: "Close",
};

pub static DE: Strings = Strings {
    lang: "de",
    loading: "Wird geladen…",
    search_label: "Salesforce durchsuchen",
    placeholder: ["", " suchen…"],
    type_more: "Bitte mindestens 2 Buchstaben oder Ziffern eingeben.",
    searching: "Suche läuft…",
    no_results: |q| {
        format!(
            "Keine Datensätze zu „{q}“ gefunden. Versuchen Sie weniger oder andere Wörter, oder suchen Sie direkt in Salesforce."
        )
    },
    search_in_salesforce: "In Salesforce suchen",
    results_announcement: |n| match n {
        0 => "Keine Ergebnisse.".to_owned(),
        1 => "1 Ergebnis.".to_owned(),
        n => format!("{n} Ergebnisse."),
    },
    show_more: "Mehr anzeigen",
    opens_in_new_tab: "(öffnet in neuem Tab)",
    connect: "Mit Salesforce verbinden",
    connect_intro: "Verbinden Sie Ihr Salesforce-Konto, um es von hier aus zu durchsuchen.",
    connected_as: |who| format!("Verbunden als {who}"),
    disconnect: "Verbindung trennen",
    not_configured_admin: "Salesforce ist noch nicht eingerichtet.",
    open_control_panel: "Control Panel › Marketplace › Salesforce öffnen",
    not_configured_user: "Die Salesforce-Suche ist noch nicht verfügbar: Ein Intranet-Administrator muss sie einrichten.",
    reauth_config_changed: "Ein Administrator hat die Salesforce-Einstellungen geändert. Bitte melden Sie sich erneut bei Salesforce an.",
    reauth_token_revoked: "Ihre Salesforce-Verbindung wurde beendet. Bitte melden Sie sich erneut bei Salesforce an.",
    reauth_session_invalid: "Ihre Salesforce-Sitzung kann nicht mehr verwendet werden. Bitte melden Sie sich erneut bei Salesforce an.",
    sign_in_again: "Erneut bei Salesforce anmelden",
    api_disabled: "Salesforce erlaubt hier keinen API-Zugriff: Ihrem Salesforce-Benutzer fehlt vielleicht die Berechtigung „API aktiviert“, oder Ihre Edition enthält die API nicht. Fragen Sie Ihren Salesforce-Administrator.",
    api_disabled_user: "Ihr Salesforce-Benutzer darf die API nicht verwenden. Bitten Sie Ihren Salesforce-Administrator um die Berechtigung „API aktiviert“.",
    rate_limited: "Ihr Unternehmen hat seine Salesforce-API-Anfragen vorerst aufgebraucht. Bitte später erneut versuchen.",
    too_many_requests: "Sie suchen schneller, als das Intranet erlaubt. Die Suche läuft gleich von selbst erneut.",
    api_allowance_guarded: "Ihr Unternehmen hat die meisten seiner Salesforce-API-Anfragen für heute verbraucht. Das Intranet pausiert die Suche, damit andere Systeme den Rest nutzen können. Bitte später erneut versuchen.",
    unavailable: "Salesforce antwortet gerade nicht.",
    retry: "Erneut versuchen",
    intranet_sign_in: "Sie sind nicht im Intranet angemeldet. Bitte melden Sie sich an und laden Sie die Seite neu.",
    intranet_sign_in_demo: "Melden Sie sich im Intranet an, um von hier aus in Salesforce zu suchen.",
    origin_not_allowed: "Die Adresse dieser Seite darf das Salesforce-Widget des Intranets nicht verwenden. Ein Intranet-Administrator kann sie unter Systemsteuerung › Marketplace › Salesforce › Einbetten freigeben.",
    sign_in_to_intranet: "Im Intranet anmelden",
    network_error: "Der Intranet-Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.",
    unexpected_error: "Bei der Suche ist ein Fehler aufgetreten.",
    skipped: |types| format!("Nicht durchsucht, da Ihr Salesforce-Benutzer sie nicht lesen darf: {types}."),
    config_error: "Dieses Widget ist falsch eingerichtet:",
    detail_label: |key| match key {
        "type" => "Typ",
        "city" => "Ort",
        "company" => "Firma",
        "status" => "Status",
        "due_date" => "Fällig",
        "related_to" => "Bezug",
        "start_date" => "Beginn",
        "end_date" => "Ende",
        _ => "",
    },
    filters: "Filter",
    only_mine: "Nur meine",
    any: "Alle",
    yes: "Ja",
    no: "Nein",
    task_state: |state| match state {
        TaskState::Open => "Offen",
        TaskState::Overdue => "Überfällig",
        TaskState::Completed => "Erledigt",
    },
    active_campaigns_only: "Nur aktive Kampagnen",
    recent: "Zuletzt angesehen",
    no_recent: "Datensätze, die Sie öffnen, erscheinen hier.",
    no_recent_but_tasks: "Datensätze, die Sie öffnen, erscheinen hier; Aufgaben führt Salesforce dort nie.",
    my_tasks: |state| match state {
        TaskState::Open => "Meine offenen Aufgaben",
        TaskState::Overdue => "Meine überfälligen Aufgaben",
        TaskState::Completed => "Meine erledigten Aufgaben",
    },
    no_tasks: "Keine Aufgaben.",
    all_tasks: "Alle meine Aufgaben in Salesforce",
    overdue: "Überfällig",
    due_today: "Heute",
    open_in_app: "In der Salesforce-App öffnen",
    open_in_browser: "Im Browser öffnen",
    close: "Schließen",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_everything() {
        for lang in [Lang::En, Lang::De] {
            let s = strings(lang);
            assert!(!s.connect.is_empty() && !s.reauth_config_changed.is_empty());
            assert_eq!((s.results_announcement)(1).chars().next(), Some('1'));
            for key in ["type", "city", "company", "status", "due_date", "related_to", "start_date", "end_date"] {
                assert!(!(s.detail_label)(key).is_empty(), "{key}");
            }
        }
        assert_ne!(EN.connect, DE.connect);
        for state in TaskState::ALL {
            assert_ne!((EN.my_tasks)(state), (DE.my_tasks)(state));
            assert_ne!((EN.task_state)(state), (DE.task_state)(state));
        }
    }
}
