//! The standard objects the demo org starts with: API names, key prefixes, labels in English
//! and German (as describe gives them to users of each language), picklists, sharing and
//! Lightning themes. Field order is the order records hold their values in.

use super::{Access, Field, FieldKind::*, Label, ObjectDef, Schema, Sharing, Theme, custom};
use crate::seed::{EDITION, words};

/// The custom profile of the demo org whose users may not see opportunity amounts nor which
/// account a contact belongs to (the field-level security every org sets up for someone).
pub const PROFILE_WITHOUT_AMOUNTS: &str = "Support Agent";

/// Every standard object, plus the custom object the seed fills (`Project__c`).
pub fn schema() -> Schema {
    let objects = vec![account(), lead(), task(), campaign(), user(), organization(), contact(), opportunity(), case()];
    let mut schema = Schema::new(objects);
    let project = custom::project().into_object("a01", &schema);
    schema.add(super::ObjectType::new(project)).expect("Project__c is new");
    schema
}

fn field(name: &str, en: &str, de: &str, kind: super::FieldKind) -> Field {
    Field::new(name, Label::new(en, de), kind)
}

fn id(en: &str, de: &str) -> Field {
    field("Id", en, de, Id).set_by_salesforce()
}

/// `CreatedDate` and `LastModifiedDate`, which every object has.
pub(super) fn audit_fields() -> [Field; 2] {
    [
        field("CreatedDate", "Created Date", "Erstellungsdatum", DateTime).set_by_salesforce(),
        field("LastModifiedDate", "Last Modified Date", "Datum der letzten Änderung", DateTime).set_by_salesforce(),
    ]
}

/// `OwnerId`: a user; polymorphic where a queue may own the record (this org has no queues,
/// so it points at users only).
pub(super) fn owner(en: &str, de: &str, polymorphic: bool) -> Field {
    field("OwnerId", en, de, Reference).pointing_to("Owner", &["User"], polymorphic)
}

fn object(name: &str, label: Label, label_plural: Label, key_prefix: &str, title_field: &str) -> ObjectDef {
    ObjectDef {
        name: name.to_owned(),
        label,
        label_plural,
        key_prefix: key_prefix.to_owned(),
        custom: false,
        fields: Vec::new(),
        title_field: title_field.to_owned(),
        searchable: true,
        recently_viewed: true,
        sharing: Sharing::PublicRead,
        access: Access { createable: true, updateable: true, deletable: true },
        theme: None,
    }
}

fn theme(color: &str, icon: &str) -> Option<Theme> {
    Some(Theme { color: color.to_owned(), icon: format!("standard/{icon}") })
}

fn account() -> ObjectDef {
    let mut fields = vec![
        id("Account ID", "Account-ID"),
        field("Name", "Account Name", "Accountname", Text).searched_as_name(),
        field("Type", "Account Type", "Accounttyp", Picklist).with_picklist(words::ACCOUNT_TYPES.iter().copied(), None),
        field("Industry", "Industry", "Branche", Picklist).with_picklist(words::INDUSTRIES.iter().copied(), None),
        field("Phone", "Account Phone", "Telefon", Phone),
        field("BillingCity", "Billing City", "Rechnungsstadt", Text),
        field("BillingCountry", "Billing Country", "Rechnungsland", Text),
        field("Website", "Website", "Website", Url).searched_as_name(),
        owner("Owner ID", "Account-Inhaber-ID", false),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("7F8DE1", "account"),
        ..object("Account", Label::new("Account", "Account"), Label::new("Accounts", "Accounts"), "001", "Name")
    }
}

fn lead() -> ObjectDef {
    let mut fields = vec![
        id("Lead ID", "Lead-ID"),
        field("FirstName", "First Name", "Vorname", Text),
        field("LastName", "Last Name", "Nachname", Text),
        field("Name", "Full Name", "Vollständiger Name", Text).searched_as_name().set_by_salesforce(),
        field("Company", "Company", "Firma", Text).searched_as_name(),
        field("Title", "Title", "Titel", Text),
        field("Email", "Email", "E-Mail", Email),
        field("Phone", "Phone", "Telefon", Phone),
        field("Status", "Status", "Status", Picklist)
            .with_picklist(words::LEAD_STATUSES.iter().copied(), Some("Open - Not Contacted")),
        field("LeadSource", "Lead Source", "Lead-Quelle", Picklist)
            .with_picklist(words::LEAD_SOURCES.iter().copied(), None),
        field("IsConverted", "Converted", "Konvertiert", Boolean).set_by_salesforce(),
        owner("Owner ID", "Lead-Inhaber-ID", true),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("F88962", "lead"),
        ..object("Lead", Label::new("Lead", "Lead"), Label::new("Leads", "Leads"), "00Q", "Name")
    }
}

fn task() -> ObjectDef {
    let mut fields = vec![
        id("Activity ID", "Aktivitäts-ID"),
        field("Subject", "Subject", "Thema", Text).searched_as_name(),
        field("Status", "Status", "Status", Picklist)
            .with_picklist(words::TASK_STATUSES.iter().copied(), Some("Not Started")),
        field("Priority", "Priority", "Priorität", Picklist)
            .with_picklist(words::TASK_PRIORITIES.iter().copied(), Some("Normal")),
        field("ActivityDate", "Due Date Only", "Fälligkeitsdatum", Date),
        field("Description", "Description", "Beschreibung", TextArea),
        field("WhoId", "Name ID", "Namens-ID", Reference).pointing_to("Who", &["Contact", "Lead"], true),
        field("WhatId", "Related To ID", "Bezug-ID", Reference).pointing_to(
            "What",
            &["Account", "Campaign", "Case", "Opportunity"],
            true,
        ),
        owner("Assigned To ID", "Zugewiesen an ID", true),
        field("IsClosed", "Closed", "Geschlossen", Boolean).set_by_salesforce(),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("4BC076", "task"),
        recently_viewed: false,
        sharing: Sharing::Private,
        ..object("Task", Label::new("Task", "Aufgabe"), Label::new("Tasks", "Aufgaben"), "00T", "Subject")
    }
}

fn campaign() -> ObjectDef {
    let mut fields = vec![
        id("Campaign ID", "Kampagnen-ID"),
        field("Name", "Name", "Name", Text).searched_as_name(),
        field("Status", "Status", "Status", Picklist)
            .with_picklist(words::CAMPAIGN_STATUSES.iter().copied(), Some("Planned")),
        field("Type", "Type", "Typ", Picklist).with_picklist(words::CAMPAIGN_TYPES.iter().copied(), None),
        field("StartDate", "Start Date", "Startdatum", Date),
        field("EndDate", "End Date", "Enddatum", Date),
        field("IsActive", "Active", "Aktiv", Boolean),
        field("Description", "Description", "Beschreibung", TextArea),
        owner("Owner ID", "Inhaber-ID", false),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("F49756", "campaign"),
        ..object("Campaign", Label::new("Campaign", "Kampagne"), Label::new("Campaigns", "Kampagnen"), "701", "Name")
    }
}

fn user() -> ObjectDef {
    ObjectDef {
        fields: vec![
            id("User ID", "Benutzer-ID"),
            field("Name", "Full Name", "Vollständiger Name", Text).searched_as_name().set_by_salesforce(),
            field("FirstName", "First Name", "Vorname", Text),
            field("LastName", "Last Name", "Nachname", Text),
            field("Username", "Username", "Benutzername", Text),
            field("Email", "Email", "E-Mail", Email),
            field("Alias", "Alias", "Alias", Text),
            field("IsActive", "Active", "Aktiv", Boolean),
        ],
        theme: theme("65CAE4", "user"),
        searchable: false,
        // Users are deactivated, never deleted.
        access: Access { createable: true, updateable: true, deletable: false },
        ..object("User", Label::new("User", "Benutzer"), Label::new("Users", "Benutzer"), "005", "Name")
    }
}

fn organization() -> ObjectDef {
    ObjectDef {
        fields: vec![
            id("Organization ID", "Organisations-ID"),
            field("Name", "Name", "Name", Text).searched_as_name(),
            field("OrganizationType", "Edition", "Edition", Picklist).with_picklist([EDITION], None),
            field("IsSandbox", "Is Sandbox", "Ist Sandbox", Boolean),
            field("InstanceName", "Instance Name", "Instanzname", Text),
        ],
        searchable: false,
        access: Access { createable: false, updateable: false, deletable: false },
        // Not an object the User Interface API supports.
        theme: None,
        ..object(
            "Organization",
            Label::new("Organization", "Organisation"),
            Label::new("Organizations", "Organisationen"),
            "00D",
            "Name",
        )
    }
}

fn contact() -> ObjectDef {
    let mut fields = vec![
        id("Contact ID", "Kontakt-ID"),
        field("FirstName", "First Name", "Vorname", Text),
        field("LastName", "Last Name", "Nachname", Text),
        field("Name", "Full Name", "Vollständiger Name", Text).searched_as_name().set_by_salesforce(),
        field("AccountId", "Account ID", "Account-ID", Reference)
            .pointing_to("Account", &["Account"], false)
            .hidden_from_profile(PROFILE_WITHOUT_AMOUNTS),
        field("Title", "Title", "Titel", Text),
        field("Email", "Email", "E-Mail", Email),
        field("Phone", "Business Phone", "Telefon (geschäftlich)", Phone),
        field("MailingCity", "Mailing City", "Postanschrift Ort", Text),
        owner("Owner ID", "Kontaktinhaber-ID", false),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("A094ED", "contact"),
        ..object("Contact", Label::new("Contact", "Kontakt"), Label::new("Contacts", "Kontakte"), "003", "Name")
    }
}

fn opportunity() -> ObjectDef {
    let mut fields = vec![
        id("Opportunity ID", "Opportunity-ID"),
        field("Name", "Name", "Name", Text).searched_as_name(),
        field("AccountId", "Account ID", "Account-ID", Reference).pointing_to("Account", &["Account"], false),
        field("StageName", "Stage", "Phase", Picklist)
            .with_picklist(words::OPPORTUNITY_STAGES.iter().map(|(stage, ..)| *stage), None),
        field("CloseDate", "Close Date", "Schlusstermin", Date),
        field("Amount", "Amount", "Betrag", Currency).hidden_from_profile(PROFILE_WITHOUT_AMOUNTS),
        field("IsClosed", "Closed", "Geschlossen", Boolean).set_by_salesforce(),
        field("IsWon", "Won", "Gewonnen", Boolean).set_by_salesforce(),
        field("Description", "Description", "Beschreibung", TextArea),
        owner("Owner ID", "Opportunity-Inhaber-ID", false),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("FCB95B", "opportunity"),
        ..object(
            "Opportunity",
            Label::new("Opportunity", "Opportunity"),
            Label::new("Opportunities", "Opportunities"),
            "006",
            "Name",
        )
    }
}

fn case() -> ObjectDef {
    let mut fields = vec![
        id("Case ID", "Kundenvorgangs-ID"),
        field("CaseNumber", "Case Number", "Kundenvorgangsnummer", Text).searched_as_name().set_by_salesforce(),
        field("Subject", "Subject", "Thema", Text),
        field("Status", "Status", "Status", Picklist).with_picklist(words::CASE_STATUSES.iter().copied(), Some("New")),
        field("Priority", "Priority", "Priorität", Picklist)
            .with_picklist(words::CASE_PRIORITIES.iter().copied(), Some("Medium")),
        field("Origin", "Case Origin", "Kundenvorgangsursprung", Picklist)
            .with_picklist(words::CASE_ORIGINS.iter().copied(), None),
        field("AccountId", "Account ID", "Account-ID", Reference).pointing_to("Account", &["Account"], false),
        field("ContactId", "Contact ID", "Kontakt-ID", Reference).pointing_to("Contact", &["Contact"], false),
        field("IsClosed", "Closed", "Geschlossen", Boolean).set_by_salesforce(),
        field("Description", "Description", "Beschreibung", TextArea),
        owner("Owner ID", "Kundenvorgangsinhaber-ID", true),
    ];
    fields.extend(audit_fields());
    ObjectDef {
        fields,
        theme: theme("F2CF5B", "case"),
        ..object(
            "Case",
            Label::new("Case", "Kundenvorgang"),
            Label::new("Cases", "Kundenvorgänge"),
            "500",
            "CaseNumber",
        )
    }
}
