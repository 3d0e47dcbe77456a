//! Deterministic seed data: the same seed and anchor date always give the same org.

mod related;
pub mod words;

use crate::{
    ids,
    records::{DemoUser, OrgData, Record, Value},
    schema::{Language, ObjectType, standard},
    text,
};
use chrono::{Duration, NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng, seq::IndexedRandom, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;
use words::*;

/// How big an org to make, and from which seed.
#[derive(Clone, Debug)]
pub struct SeedConfig {
    pub seed: u64,
    /// "Today" for the data: due dates and campaign dates are spread around it.
    pub today: NaiveDate,
    pub accounts: usize,
    pub leads: usize,
    pub tasks: usize,
    pub campaigns: usize,
    pub contacts: usize,
    pub opportunities: usize,
    pub cases: usize,
    /// Records of the custom object `Project__c`.
    pub projects: usize,
}

impl SeedConfig {
    /// The full-size demo org.
    pub fn full(seed: u64, today: NaiveDate) -> Self {
        Self {
            seed,
            today,
            accounts: 2_000,
            leads: 5_000,
            tasks: 10_000,
            campaigns: 200,
            contacts: 2_000,
            opportunities: 1_000,
            cases: 1_000,
            projects: 100,
        }
    }
}

/// The demo org's company name and edition (`Organization.OrganizationType`).
pub const ORG_NAME: &str = "Acme Demo Org";
pub const EDITION: &str = "Enterprise Edition";

/// The demo users; all sign in with the password [`DEMO_PASSWORD`]. Ada is the administrator,
/// Alan's profile hides opportunity amounts (field-level security), Hedy reads Salesforce in German.
const USERS: &[(&str, &str, &str, bool, &str, Language)] = &[
    ("Ada", "Lovelace", "ada", true, "System Administrator", Language::English),
    ("Grace", "Hopper", "grace", false, "Standard User", Language::English),
    ("Alan", "Turing", "alan", false, standard::PROFILE_WITHOUT_AMOUNTS, Language::English),
    ("Hedy", "Lamarr", "hedy", false, "Standard User", Language::German),
    ("Katherine", "Johnson", "katherine", false, "Standard User", Language::English),
];

/// The password of every demo user (shown on the demo org's sign-in page).
pub const DEMO_PASSWORD: &str = "demo";

/// Domain of the demo users' usernames.
pub const USER_DOMAIN: &str = "demo-org.example";

pub fn generate(config: &SeedConfig) -> OrgData {
    let schema = standard::schema();
    let object = |name: &str| schema.object(name).cloned().unwrap_or_else(|| panic!("the schema has {name}"));
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let mut serial = 0u64;
    let mut next_id = |key_prefix: &str| {
        serial += 1;
        ids::make(key_prefix, serial)
    };
    let org_id = next_id("00D");
    let user_object = object("User");
    let users: Vec<DemoUser> = USERS
        .iter()
        .map(|(first, last, alias, is_admin, profile, language)| DemoUser {
            id: next_id(user_object.key_prefix()),
            username: format!("{alias}@{USER_DOMAIN}"),
            first_name: first.to_string(),
            last_name: last.to_string(),
            email: format!("{alias}@{USER_DOMAIN}"),
            alias: alias.to_string(),
            is_admin: *is_admin,
            profile: profile.to_string(),
            language: *language,
        })
        .collect();
    let mut records: Vec<Record> = users.iter().map(|user| user_record(&user_object, user)).collect();
    records.push(Record::new(
        object("Organization"),
        org_id.clone(),
        vec![
            Value::text(&org_id),
            Value::text(ORG_NAME),
            Value::text(EDITION),
            Value::Bool(false),
            Value::text("DEMO1"),
        ],
    ));
    let mut dates = Dates { today: config.today };

    let account_object = object("Account");
    let account_names = company_names(&mut rng, config.accounts);
    let accounts: Vec<Record> = account_names
        .iter()
        .map(|name| {
            let (city, country) = *CITIES.choose(&mut rng).expect("cities");
            let (created, modified) = dates.created_and_modified(&mut rng);
            Record::new(
                account_object.clone(),
                next_id(account_object.key_prefix()),
                vec![
                    Value::Null, // Id, filled below
                    Value::text(name),
                    Value::text(*ACCOUNT_TYPES.choose(&mut rng).expect("types")),
                    pick_or_null(&mut rng, INDUSTRIES, 0.1),
                    Value::text(phone(&mut rng)),
                    Value::text(city),
                    Value::text(country),
                    Value::text(format!("www.{}.example", domain_of(name))),
                    Value::text(&users.choose(&mut rng).expect("users").id),
                    Value::text(created),
                    Value::text(modified),
                ],
            )
        })
        .collect();

    let campaign_object = object("Campaign");
    let campaigns: Vec<Record> = (0..config.campaigns)
        .map(|i| {
            let topic = CAMPAIGN_TOPICS[i % CAMPAIGN_TOPICS.len()];
            let kind = *CAMPAIGN_TYPES.choose(&mut rng).expect("types");
            let start = config.today + Duration::days(rng.random_range(-300..=200));
            let end = start + Duration::days(rng.random_range(1..=60));
            let status = if end < config.today {
                if rng.random_bool(0.08) { "Aborted" } else { "Completed" }
            } else if start > config.today {
                "Planned"
            } else {
                "In Progress"
            };
            let (created, modified) = dates.created_and_modified(&mut rng);
            Record::new(
                campaign_object.clone(),
                next_id(campaign_object.key_prefix()),
                vec![
                    Value::Null,
                    Value::text(format!("{topic} {kind} {}", start.format("%Y-%m"))),
                    Value::text(status),
                    Value::text(kind),
                    Value::text(start.to_string()),
                    Value::text(end.to_string()),
                    Value::Bool(matches!(status, "Planned" | "In Progress")),
                    Value::text(format!("{kind} about {topic}.")),
                    Value::text(&users.choose(&mut rng).expect("users").id),
                    Value::text(created),
                    Value::text(modified),
                ],
            )
        })
        .collect();

    let lead_object = object("Lead");
    let leads: Vec<Record> = (0..config.leads)
        .map(|i| {
            let (first, last) = if i % 97 == 5 {
                let (first, last) = *CJK_PEOPLE.choose(&mut rng).expect("people");
                (first.to_string(), last.to_string())
            } else if i % 1000 == 17 {
                ("Eve".to_owned(), "<script>alert('lead')</script>".to_owned())
            } else {
                (
                    FIRST_NAMES.choose(&mut rng).expect("names").to_string(),
                    LAST_NAMES.choose(&mut rng).expect("names").to_string(),
                )
            };
            let company = if rng.random_bool(0.5) {
                account_names.choose(&mut rng).expect("accounts").clone()
            } else {
                format!(
                    "{} {}",
                    COMPANY_STEMS.choose(&mut rng).expect("stems"),
                    COMPANY_SUFFIXES.choose(&mut rng).expect("suffixes")
                )
            };
            let status = *LEAD_STATUSES.choose(&mut rng).expect("statuses");
            let (created, modified) = dates.created_and_modified(&mut rng);
            let name = if text::is_cjk(last.chars().next().unwrap_or('a')) {
                format!("{last}{first}")
            } else {
                format!("{first} {last}")
            };
            Record::new(
                lead_object.clone(),
                next_id(lead_object.key_prefix()),
                vec![
                    Value::Null,
                    Value::text(&first),
                    Value::text(&last),
                    Value::text(name),
                    Value::text(&company),
                    pick_or_null(&mut rng, TITLES, 0.15),
                    Value::text(format!(
                        "{}.{}{}@{}.example",
                        ascii_word(&first),
                        ascii_word(&last),
                        i,
                        domain_of(&company)
                    )),
                    Value::text(phone(&mut rng)),
                    Value::text(status),
                    Value::text(*LEAD_SOURCES.choose(&mut rng).expect("sources")),
                    Value::Bool(status == "Closed - Converted"),
                    Value::text(&users.choose(&mut rng).expect("users").id),
                    Value::text(created),
                    Value::text(modified),
                ],
            )
        })
        .collect();

    let task_object = object("Task");
    let tasks: Vec<Record> = (0..config.tasks)
        .map(|i| {
            let owner = &users[i % users.len()];
            let who = leads.choose(&mut rng).expect("leads");
            let what = match rng.random_range(0..10) {
                0..=6 => Some(accounts.choose(&mut rng).expect("accounts")),
                7..=8 => Some(campaigns.choose(&mut rng).expect("campaigns")),
                _ => None,
            };
            let template = *TASK_SUBJECTS.choose(&mut rng).expect("subjects");
            let subject = template.replace("{who}", who.title()).replace(
                "{what}",
                what.map(Record::title).unwrap_or_else(|| who.get("Company").as_str().unwrap_or_default()),
            );
            let status = *TASK_STATUSES.choose(&mut rng).expect("statuses");
            let due = if rng.random_bool(0.1) {
                Value::Null
            } else {
                Value::text((config.today + Duration::days(rng.random_range(-60..=60))).to_string())
            };
            let (created, modified) = dates.created_and_modified(&mut rng);
            Record::new(
                task_object.clone(),
                next_id(task_object.key_prefix()),
                vec![
                    Value::Null,
                    Value::text(subject),
                    Value::text(status),
                    Value::text(*TASK_PRIORITIES.choose(&mut rng).expect("priorities")),
                    due,
                    Value::text(format!("Logged by {}.", owner.display_name())),
                    Value::text(&who.id),
                    what.map_or(Value::Null, |w| Value::text(&w.id)),
                    Value::text(&owner.id),
                    Value::Bool(status == "Completed"),
                    Value::text(created),
                    Value::text(modified),
                ],
            )
        })
        .collect();

    // The objects added after the first four come last, so the first four stay as they were.
    let mut more =
        related::Related { schema: &schema, rng: &mut rng, next_id: &mut next_id, dates: &mut dates, users: &users };
    let contacts = more.contacts(config, &accounts);
    let opportunities = more.opportunities(config, &accounts);
    let cases = more.cases(config, &contacts);
    let projects = more.projects(config, &accounts);

    records.extend(accounts.into_iter().chain(campaigns).chain(leads).chain(tasks).map(with_id_field));
    records.extend(contacts.into_iter().chain(opportunities).chain(cases).chain(projects));
    OrgData::new(org_id, schema, users, records)
}

/// Copies the record id into its `Id` field (the first field of every object).
fn with_id_field(mut record: Record) -> Record {
    record.values[0] = Value::text(&record.id);
    record
}

fn user_record(object: &ObjectType, user: &DemoUser) -> Record {
    Record::new(
        object.clone(),
        user.id.clone(),
        vec![
            Value::text(&user.id),
            Value::text(user.display_name()),
            Value::text(&user.first_name),
            Value::text(&user.last_name),
            Value::text(&user.username),
            Value::text(&user.email),
            Value::text(&user.alias),
            Value::Bool(true),
        ],
    )
}

/// `count` distinct company names: hostile and CJK ones first, then stem × suffix pairs.
fn company_names(rng: &mut ChaCha8Rng, count: usize) -> Vec<String> {
    let mut pairs: Vec<String> = COMPANY_STEMS
        .iter()
        .flat_map(|stem| COMPANY_SUFFIXES.iter().map(move |suffix| format!("{stem} {suffix}")))
        .collect();
    pairs.shuffle(rng);
    let mut names: Vec<String> = HOSTILE_NAMES.iter().chain(CJK_COMPANIES).map(|s| s.to_string()).collect();
    let mut round = 1;
    while names.len() < count {
        let needed = count - names.len();
        // More accounts than pairs: branches in cities ("Acme Inc. (Berlin)").
        names.extend(pairs.iter().take(needed).map(|name| {
            if round == 1 { name.clone() } else { format!("{name} ({})", CITIES[round % CITIES.len()].0) }
        }));
        round += 1;
    }
    names.truncate(count);
    names
}

fn pick_or_null(rng: &mut ChaCha8Rng, values: &[&str], null_share: f64) -> Value {
    if rng.random_bool(null_share) { Value::Null } else { Value::text(*values.choose(rng).expect("values")) }
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    format!("({:03}) 555-{:04}", rng.random_range(201..=989), rng.random_range(0..10_000))
}

/// Lowercase ASCII letters and digits of `text` (accents folded), for e-mail addresses.
fn ascii_word(text: &str) -> String {
    let word: String = text::normalize(text).chars().filter(char::is_ascii_alphanumeric).collect();
    if word.is_empty() { "contact".to_owned() } else { word }
}

fn domain_of(company: &str) -> String {
    let words: Vec<String> = text::words(company).filter(|w| w.is_ascii()).take(2).collect();
    if words.is_empty() { "company".to_owned() } else { words.join("-") }
}

/// Creation and modification timestamps in Salesforce's datetime format.
struct Dates {
    today: NaiveDate,
}

impl Dates {
    fn created_and_modified(&mut self, rng: &mut ChaCha8Rng) -> (String, String) {
        let created = self.today - Duration::days(rng.random_range(30..=900));
        let modified = created + Duration::days(rng.random_range(0..=29));
        let time = NaiveTime::from_num_seconds_from_midnight_opt(rng.random_range(0..86_400), 0).unwrap_or_default();
        let format = |date: NaiveDate| format!("{}T{}.000+0000", date, time.format("%H:%M:%S"));
        (format(created), format(modified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> SeedConfig {
        SeedConfig {
            accounts: 60,
            leads: 120,
            tasks: 200,
            campaigns: 20,
            ..SeedConfig::full(7, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_org() {
        let (a, b) = (generate(&small()), generate(&small()));
        let titles =
            |org: &OrgData| org.of_type_named("Lead").map(|r| (r.id.clone(), r.title().to_owned())).collect::<Vec<_>>();
        assert_eq!(titles(&a), titles(&b));
        let other = generate(&SeedConfig { seed: 8, ..small() });
        assert_ne!(titles(&a), titles(&other));
    }

    #[test]
    fn the_full_org_has_the_promised_size_and_awkward_names() {
        let org = generate(&SeedConfig::full(1, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()));
        assert!(org.count("Account") >= 2_000);
        assert!(org.count("Lead") >= 5_000);
        assert!(org.count("Task") >= 10_000);
        assert!(org.count("Campaign") >= 200);
        assert!(org.users.len() >= 4);
        let names: Vec<&str> = org.of_type_named("Account").map(Record::title).collect();
        for needle in ["'", "-", "é", "<script>", "<img"] {
            assert!(names.iter().any(|n| n.contains(needle)), "no account name contains {needle}");
        }
        assert!(names.iter().any(|n| n.chars().any(text::is_cjk)));
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "account names repeat");
    }

    #[test]
    fn every_task_belongs_to_a_user_and_relates_to_real_records() {
        let org = generate(&small());
        for task in org.of_type_named("Task") {
            assert!(org.user(task.owner_id().unwrap()).is_some());
            let who = task.get("WhoId").as_str().unwrap();
            assert!(org.record(who).unwrap().object.is("Lead"));
            assert!(ids::is_valid(&task.id));
        }
    }
}
