//! Generated registries of any size, for benchmarks and for trying rollcall at scale:
//! one two-day conference, 400 delegations in every protocol category (real country
//! names for the States), people with Latin, Cyrillic (Mongolian, Kyrgyz, Kazakh,
//! Russian, Ukrainian) and accented names, roles, statuses, one head per delegation,
//! unique badges and e-mail addresses, and check-ins on both days (about 60 % on day 1,
//! 50 % on day 2).
//!
//! Deterministic: the same size and seed give the same registry, byte for byte. The
//! random numbers come from a tiny xorshift generator, so no crate is needed.
//!
//! ```text
//! plan_generated(size, seed)    → Generated (pure: no I/O)
//! generate(store, size, seed)   → writes it: people in one transaction, check-ins in another
//! ```

use crate::domain::{
    AttendeeId, Category, CheckIn, EventKind, Gender, NewAttendee, NewDelegation, NewEvent, Role,
    Status, country, fold::fold,
};
use crate::store::{DelegationRef, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashSet;

/// The seed `rollcall demo --size N` uses.
pub const DEFAULT_SEED: u64 = 2017;

/// How many delegations a generated registry has (fewer only when there are fewer
/// people than that: every delegation has at least its head).
pub const DELEGATIONS: usize = 400;

/// A generated registry, ready to write.
#[derive(Debug, Clone)]
pub struct Generated {
    pub event: NewEvent,
    pub delegations: Vec<NewDelegation>,
    pub people: Vec<(DelegationRef, NewAttendee)>,
    /// Check-ins in the order they happened (by day, then time).
    pub check_ins: Vec<PlannedCheckIn>,
}

/// A check-in of `people[person]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCheckIn {
    pub person: usize,
    pub day: NaiveDate,
    pub at: NaiveDateTime,
    pub desk: String,
}

/// Generate a registry of `size` people and write it into `store`; returns the event
/// code (`generated-SIZE`).
///
/// Two transactions: the event, delegations and people ([`Store::create_registry`]),
/// then the check-ins ([`Store::record_check_ins`]).
pub fn generate(store: &mut Store, size: usize, seed: u64) -> Result<String, StoreError> {
    let generated = plan_generated(size, seed);
    let event =
        store.create_registry(&generated.event, &generated.delegations, &generated.people)?;
    // create_registry does not return the ids: the badges (1..=size, in the order of
    // `people`) find them, with one query.
    let mut ids = vec![AttendeeId(0); generated.people.len()];
    for row in store.attendee_rows(event.id, event.details.start_date)? {
        if let Some(slot) = (row.badge as usize)
            .checked_sub(1)
            .and_then(|i| ids.get_mut(i))
        {
            *slot = row.id;
        }
    }
    write_check_ins(store, &ids, &generated.check_ins)?;
    Ok(event.details.code)
}

/// The check-ins, in one transaction ([`Store::record_check_ins`]).
fn write_check_ins(
    store: &mut Store,
    ids: &[AttendeeId],
    check_ins: &[PlannedCheckIn],
) -> Result<(), StoreError> {
    let list: Vec<CheckIn> = check_ins
        .iter()
        .map(|c| CheckIn {
            attendee: ids[c.person],
            day: c.day,
            at: c.at,
            desk: c.desk.clone(),
        })
        .collect();
    store.record_check_ins(&list)?;
    Ok(())
}

/// The registry of `size` people for `seed`, without writing anything.
pub fn plan_generated(size: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let start = NaiveDate::from_ymd_opt(2026, 10, 13).expect("a valid date");
    let end = start.succ_opt().expect("a valid date");
    let event = NewEvent {
        code: format!("generated-{size}"),
        title: format!("Generated conference of {size} participants"),
        kind: EventKind::Conference,
        venue: "State Palace, Ulaanbaatar".to_string(),
        city: "Ulaanbaatar".to_string(),
        country: Some("MN".to_string()),
        start_date: start,
        end_date: end,
        organiser: "rollcall benchmarks".to_string(),
        description: format!(
            "A generated registry (seed {seed}): {DELEGATIONS} delegations, names in \
             Latin and Cyrillic script, check-ins on both days."
        ),
    };

    let mut groups = delegations(&mut rng);
    rng.shuffle(&mut groups);
    groups.truncate(DELEGATIONS.min(size));
    // Protocol order is the store's business; keep the list tidy for people reading it.
    groups.sort_by_key(|g| (g.details.category, fold(&g.details.sort_key)));

    // Who belongs where: every delegation gets its head, the rest is drawn by weight;
    // a few people are in no delegation at all.
    let mut cumulative = Vec::with_capacity(groups.len());
    let mut total = 0.0;
    for g in &groups {
        total += g.weight;
        cumulative.push(total);
    }
    let mut slots: Vec<Option<usize>> = (0..groups.len()).map(Some).collect();
    while slots.len() < size {
        if rng.chance(0.005) || groups.is_empty() {
            slots.push(None);
        } else {
            let x = rng.unit() * total;
            let i = cumulative
                .partition_point(|&c| c <= x)
                .min(groups.len() - 1);
            slots.push(Some(i));
        }
    }
    // Registration order mixes the delegations: badges are handed out in that order.
    rng.shuffle(&mut slots);

    let mut taken = Taken {
        names: HashSet::with_capacity(size),
        emails: HashSet::with_capacity(size),
    };
    let mut members_so_far = vec![0u32; groups.len()];
    let mut people = Vec::with_capacity(size);
    for (n, slot) in slots.iter().enumerate() {
        let group = slot.map(|i| &groups[i]);
        let place = slot.map(|i| {
            members_so_far[i] += 1;
            members_so_far[i]
        });
        let person = person(&mut rng, (*slot, group), place, n as u32 + 1, &mut taken);
        let delegation = slot.map_or(DelegationRef::None, DelegationRef::New);
        people.push((delegation, person));
    }

    let check_ins = check_ins(&mut rng, &people, start, end);
    Generated {
        event,
        delegations: groups.into_iter().map(|g| g.details).collect(),
        people,
        check_ins,
    }
}

/// About 60 % of everyone on day 1 and 50 % on day 2: registered people only (a
/// cancelled registration is refused at the desk, an invited person who came would be
/// registered by then, and a no-show did not come).
fn check_ins(
    rng: &mut Rng,
    people: &[(DelegationRef, NewAttendee)],
    day1: NaiveDate,
    day2: NaiveDate,
) -> Vec<PlannedCheckIn> {
    let mut list = Vec::with_capacity(people.len() * 11 / 10);
    for (i, (_, p)) in people.iter().enumerate() {
        if p.status != Status::Registered {
            continue;
        }
        // 88 % are registered: 0.68 × 0.88 ≈ 60 %; day 2 mostly the same people,
        // 0.68 × 0.75 + 0.32 × 0.19 ≈ 0.57, × 0.88 ≈ 50 %.
        let first = rng.chance(0.68);
        let second = rng.chance(if first { 0.75 } else { 0.19 });
        for (day, came, opens) in [(day1, first, (7, 45)), (day2, second, (8, 15))] {
            if !came {
                continue;
            }
            // Most arrive in the first hour, some much later.
            let minutes = (rng.unit() * rng.unit() * 240.0) as u32;
            let seconds = rng.below(60) as u32;
            let at = day.and_time(
                NaiveTime::from_hms_opt(opens.0, opens.1, 0).expect("a valid time")
                    + chrono::Duration::minutes(i64::from(minutes))
                    + chrono::Duration::seconds(i64::from(seconds)),
            );
            list.push(PlannedCheckIn {
                person: i,
                day,
                at,
                desk: format!("desk-{}", 1 + rng.below(6)),
            });
        }
    }
    list.sort_by_key(|c| (c.day, c.at, c.person));
    list
}

/// A delegation being planned: what it is, how its people are named, how big it is.
struct Group {
    details: NewDelegation,
    culture: Culture,
    /// Relative size.
    weight: f64,
    /// Where its people work, and the domain of their e-mail addresses.
    organisations: Vec<(String, String)>,
    kind: GroupKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    State,
    Organisation,
    Ngo,
    Other,
}

/// All 400 delegations: 10 + 10 of the host (Mongolia), 200 participating States,
/// 12 partners, 40 international organisations, 118 NGOs and 10 others.
fn delegations(rng: &mut Rng) -> Vec<Group> {
    let mut list = Vec::with_capacity(DELEGATIONS);
    for (name, org, domain) in HOST_STATE {
        list.push(Group {
            details: delegation(
                &format!("Mongolia – {name}"),
                Category::HostState,
                Some("MN"),
            ),
            culture: Culture::Mongolian,
            weight: 2.0 + rng.unit() * 2.0,
            organisations: vec![(org.to_string(), format!("{domain}.gov.mn.example"))],
            kind: GroupKind::State,
        });
    }
    for name in HOST_CIVIL_SOCIETY {
        list.push(Group {
            details: delegation(
                &format!("Mongolia – {name}"),
                Category::HostCivilSociety,
                Some("MN"),
            ),
            culture: Culture::Mongolian,
            weight: 0.3 + rng.unit(),
            organisations: vec![(name.to_string(), format!("{}.mn.example", slug(name)))],
            kind: GroupKind::Ngo,
        });
    }
    let mut countries: Vec<(&str, &str)> = country::all()
        .into_iter()
        .filter(|(code, _)| *code != "MN")
        .collect();
    rng.shuffle(&mut countries);
    for (i, (code, name)) in countries.iter().take(212).enumerate() {
        let category = if i < 200 {
            Category::ParticipatingState
        } else {
            Category::Partner
        };
        let domain = code.to_ascii_lowercase();
        let organisations = STATE_ORGANISATIONS
            .iter()
            .map(|(org, sub)| {
                (
                    format!("{org}, {name}"),
                    format!("{sub}.gov.{domain}.example"),
                )
            })
            .collect();
        // A few large delegations, many small ones.
        let u = rng.unit();
        list.push(Group {
            details: delegation(name, category, Some(code)),
            culture: Culture::of_country(code, rng),
            weight: 0.2 + 3.0 * u * u * u,
            organisations,
            kind: GroupKind::State,
        });
    }
    for (name, domain) in ORGANISATIONS {
        list.push(Group {
            details: delegation(name, Category::InternationalOrganisation, None),
            culture: Culture::Mixed,
            weight: 0.3 + rng.unit() * 1.5,
            organisations: vec![(name.to_string(), format!("{domain}.example"))],
            kind: GroupKind::Organisation,
        });
    }
    let mut ngo_names = HashSet::new();
    while ngo_names.len() < 118 {
        let (_, country_name) = countries[rng.below(countries.len())];
        let topic = rng.pick(NGO_TOPICS);
        let name = match rng.below(6) {
            0 => format!("{topic} Foundation"),
            1 => format!("Centre for {topic}"),
            2 => format!("{topic} Network of {country_name}"),
            3 => format!("Institute for {topic}"),
            4 => format!("{country_name} Association for {topic}"),
            _ => format!("Coalition for {topic} – {country_name}"),
        };
        if ngo_names.insert(name.clone()) {
            let domain = format!("{}.org.example", slug(&name));
            list.push(Group {
                details: delegation(&name, Category::CivilSociety, None),
                culture: Culture::Mixed,
                weight: 0.1 + rng.unit() * 0.6,
                organisations: vec![(name, domain)],
                kind: GroupKind::Ngo,
            });
        }
    }
    for (name, domain) in OTHERS {
        list.push(Group {
            details: delegation(name, Category::Other, None),
            culture: Culture::Mixed,
            weight: 0.3 + rng.unit(),
            organisations: vec![(name.to_string(), format!("{domain}.example"))],
            kind: GroupKind::Other,
        });
    }
    debug_assert_eq!(list.len(), DELEGATIONS);
    list
}

fn delegation(name: &str, category: Category, country: Option<&str>) -> NewDelegation {
    NewDelegation {
        name: name.to_string(),
        category,
        sort_key: crate::domain::default_sort_key(name),
        country: country.map(str::to_string),
    }
}

/// One person: `place` is their place in their delegation (1 = its head).
fn person(
    rng: &mut Rng,
    group: (Option<usize>, Option<&Group>),
    place: Option<u32>,
    badge: u32,
    taken: &mut Taken,
) -> NewAttendee {
    let (slot, group) = group;
    let gender = match rng.below(1000) {
        0..=479 => Gender::Female,
        480..=979 => Gender::Male,
        980..=984 => Gender::Other,
        _ => Gender::Unspecified,
    };
    let culture = match group {
        Some(g) if g.culture != Culture::Mixed => {
            // Embassies and missions employ some locals and other nationals too.
            if rng.chance(0.9) {
                g.culture
            } else {
                Culture::any(rng)
            }
        }
        _ => Culture::any(rng),
    };
    let female = match gender {
        Gender::Female => true,
        Gender::Male => false,
        _ => rng.chance(0.5),
    };
    // Two people of one delegation never share a name (an import would take the second
    // for a duplicate): draw again, rarer forms after a while, syllables at the last.
    let mut name = culture.name(rng, female, 0);
    for attempt in 1.. {
        let key = (slot, fold(&format!("{} {}", name.given, name.family)));
        if taken.names.insert(key) {
            break;
        }
        name = if attempt < 60 {
            culture.name(rng, female, attempt / 20)
        } else {
            Culture::Syllables.name(rng, female, 0)
        };
    }
    let is_head = place == Some(1);
    let kind = group.map_or(GroupKind::Other, |g| g.kind);

    let honorific = if is_head && kind == GroupKind::State && rng.chance(0.6) {
        "H.E.".to_string()
    } else if rng.chance(0.08) {
        "Dr".to_string()
    } else {
        match gender {
            Gender::Female => "Ms",
            Gender::Male => "Mr",
            _ if rng.chance(0.5) => "Mx",
            _ => "",
        }
        .to_string()
    };
    let position = if is_head {
        rng.pick(match kind {
            GroupKind::State => HEAD_POSITIONS_STATE,
            GroupKind::Organisation => HEAD_POSITIONS_ORGANISATION,
            GroupKind::Ngo | GroupKind::Other => HEAD_POSITIONS_NGO,
        })
    } else {
        rng.pick(POSITIONS)
    }
    .to_string();
    let (organisation, domain) = match group {
        Some(g) => g.organisations[rng.below(g.organisations.len())].clone(),
        None => (
            "Conference secretariat".to_string(),
            "secretariat.example".to_string(),
        ),
    };
    let role = if is_head {
        if rng.chance(0.5) {
            Role::Speaker
        } else {
            Role::Participant
        }
    } else {
        match (group.is_none(), rng.below(100)) {
            (true, 0..=59) => Role::Organiser,
            (true, 60..=79) => Role::Interpreter,
            (true, _) => Role::Press,
            (false, 0..=79) => Role::Participant,
            (false, 80..=83) => Role::Speaker,
            (false, 84) => Role::Moderator,
            (false, 85..=90) => Role::Expert,
            (false, 91..=95) => Role::Observer,
            (false, 96..=97) => Role::Interpreter,
            (false, _) => Role::Press,
        }
    };
    let status = if is_head {
        Status::Registered
    } else {
        match rng.below(100) {
            0..=87 => Status::Registered,
            88..=93 => Status::Invited,
            94..=97 => Status::Cancelled,
            _ => Status::NoShow,
        }
    };
    // Ranks for the head and the next few; large delegations leave the rest unranked.
    let rank = place.filter(|&p| p <= 6);
    let email = if rng.chance(0.03) {
        String::new()
    } else {
        unique_email(&name.given, &name.family, &domain, &mut taken.emails)
    };
    let phone = if rng.chance(0.6) {
        format!(
            "+{} {:03} {:04} {:04}",
            1 + rng.below(998),
            rng.below(1000),
            rng.below(10_000),
            rng.below(10_000)
        )
    } else {
        String::new()
    };
    let diet = match rng.below(100) {
        0..=4 => "vegetarian",
        5..=7 => "halal",
        8 => "vegan",
        9 => "gluten-free",
        10 => "kosher",
        _ => "",
    };
    let access = if rng.chance(0.005) {
        "wheelchair access"
    } else {
        ""
    };
    let notes = if rng.chance(0.02) {
        rng.pick(NOTES)
    } else {
        ""
    };
    NewAttendee {
        honorific,
        given_name: name.given,
        family_name: name.family,
        native_name: name.native,
        gender,
        position,
        organisation,
        delegation: None,
        is_head,
        rank,
        country: group.and_then(|g| g.details.country.clone()),
        email,
        phone,
        role,
        status,
        badge: Some(badge),
        diet: diet.to_string(),
        access: access.to_string(),
        notes: notes.to_string(),
        consent: rng.chance(0.95),
    }
}

/// Names (per delegation, folded) and e-mail addresses already given out.
struct Taken {
    names: HashSet<(Option<usize>, String)>,
    emails: HashSet<String>,
}

/// `given.family@domain`, folded to ASCII; a number is added when it is taken.
fn unique_email(given: &str, family: &str, domain: &str, taken: &mut HashSet<String>) -> String {
    let local = format!("{}.{}", fold(given), fold(family)).replace(' ', "-");
    let mut email = format!("{local}@{domain}");
    let mut n = 2;
    while taken.contains(&email) {
        email = format!("{local}{n}@{domain}");
        n += 1;
    }
    taken.insert(email.clone());
    email
}

/// A lower-case, dash-separated ASCII form of `text` for a domain name.
fn slug(text: &str) -> String {
    let words: Vec<String> = fold(text).split(' ').map(str::to_string).collect();
    // Long names give their initials, as organisations do.
    if words.len() > 2 {
        words
            .iter()
            .filter(|w| !matches!(w.as_str(), "of" | "for" | "and" | "the"))
            .filter_map(|w| w.chars().next())
            .collect()
    } else {
        words.join("-")
    }
}

/// A person's name as the registry holds it.
struct Name {
    given: String,
    family: String,
    /// In the person's own script, or empty when that is Latin.
    native: String,
}

/// How people of a delegation are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Culture {
    Mongolian,
    Kyrgyz,
    Kazakh,
    Russian,
    Ukrainian,
    Spanish,
    Portuguese,
    French,
    German,
    Polish,
    Czech,
    Hungarian,
    Turkish,
    Nordic,
    Vietnamese,
    English,
    /// Built from syllables: the many countries the lists above do not cover.
    Syllables,
    /// A mix of all the others (international organisations, NGOs).
    Mixed,
}

impl Culture {
    const ALL: [Culture; 17] = [
        Culture::Mongolian,
        Culture::Kyrgyz,
        Culture::Kazakh,
        Culture::Russian,
        Culture::Ukrainian,
        Culture::Spanish,
        Culture::Portuguese,
        Culture::French,
        Culture::German,
        Culture::Polish,
        Culture::Czech,
        Culture::Hungarian,
        Culture::Turkish,
        Culture::Nordic,
        Culture::Vietnamese,
        Culture::English,
        Culture::Syllables,
    ];

    fn any(rng: &mut Rng) -> Culture {
        Culture::ALL[rng.below(Culture::ALL.len())]
    }

    fn of_country(code: &str, rng: &mut Rng) -> Culture {
        match code {
            "KG" => Culture::Kyrgyz,
            "KZ" => Culture::Kazakh,
            "RU" | "BY" | "TJ" | "UZ" | "TM" | "AM" | "GE" | "MD" => Culture::Russian,
            "UA" => Culture::Ukrainian,
            "ES" | "MX" | "AR" | "CO" | "CL" | "PE" | "VE" | "EC" | "GT" | "CU" | "BO" | "DO"
            | "HN" | "PY" | "SV" | "NI" | "CR" | "PA" | "UY" | "GQ" => Culture::Spanish,
            "PT" | "BR" | "AO" | "MZ" | "CV" | "GW" | "ST" | "TL" => Culture::Portuguese,
            "FR" | "BE" | "LU" | "MC" | "SN" | "CI" | "ML" | "BF" | "NE" | "TG" | "BJ" | "CM"
            | "GA" | "CG" | "CD" | "HT" | "MG" | "TN" | "DZ" | "MA" => Culture::French,
            "DE" | "AT" | "CH" | "LI" => Culture::German,
            "PL" => Culture::Polish,
            "CZ" | "SK" => Culture::Czech,
            "HU" => Culture::Hungarian,
            "TR" | "AZ" | "CY" => Culture::Turkish,
            "DK" | "NO" | "SE" | "IS" | "FI" | "FO" | "AX" | "GL" => Culture::Nordic,
            "VN" => Culture::Vietnamese,
            "GB" | "US" | "CA" | "AU" | "NZ" | "IE" | "MT" | "JM" | "BS" | "BB" | "TT" | "GY"
            | "BZ" => Culture::English,
            _ if rng.chance(0.25) => Culture::English,
            _ => Culture::Syllables,
        }
    }

    /// A name; `variant` > 0 asks for a rarer form (a patronymic, a second given or
    /// family name), used when the plain ones are taken in a large delegation.
    fn name(self, rng: &mut Rng, female: bool, variant: u32) -> Name {
        let latin = |given: &str, family: &str| Name {
            given: given.to_string(),
            family: family.to_string(),
            native: String::new(),
        };
        match self {
            Culture::Mongolian => {
                // Compound names, as Mongolian names are: "Бат" + "цэцэг".
                let given = mongolian_name(rng, female);
                // The family name is the father's given name; natively it comes first,
                // in the genitive: "Батмөнхийн Батцэцэг".
                let father = mongolian_name(rng, false);
                Name {
                    given: transliterate(&given),
                    family: transliterate(&father),
                    native: format!("{} {given}", mongolian_genitive(&father)),
                }
            }
            Culture::Kyrgyz | Culture::Kazakh | Culture::Russian | Culture::Ukrainian => {
                let (f, m, families) = match self {
                    Culture::Kyrgyz => (KG_FEMALE, KG_MALE, KG_FAMILY),
                    Culture::Kazakh => (KZ_FEMALE, KZ_MALE, KZ_FAMILY),
                    Culture::Ukrainian => (UA_FEMALE, UA_MALE, UA_FAMILY),
                    _ => (RU_FEMALE, RU_MALE, RU_FAMILY),
                };
                let mut given = rng.pick(if female { f } else { m }).to_string();
                let gendered = |family: &str| {
                    // "-енко", "-ук" and "-ник" are the same for women; "-ов" is not.
                    if female && (family.ends_with('в') || family.ends_with("ин")) {
                        format!("{family}а")
                    } else {
                        family.to_string()
                    }
                };
                let mut family = gendered(rng.pick(families));
                if variant >= 1 {
                    given = format!("{given} {}", patronymic(rng.pick(m), female));
                }
                if variant >= 2 {
                    family = format!("{family}-{}", gendered(rng.pick(families)));
                }
                cyrillic(&given, &family)
            }
            Culture::Syllables | Culture::Mixed => {
                let syllables = 2 + rng.below(2);
                let given = syllable_name(rng, syllables, female);
                let syllables = 2 + rng.below(3);
                let family = syllable_name(rng, syllables, false);
                latin(&given, &family)
            }
            _ => {
                let (f, m, families): (&[&str], &[&str], Vec<&str>) = match self {
                    Culture::Spanish => (ES_FEMALE, ES_MALE, ES_FAMILY.to_vec()),
                    Culture::Portuguese => (PT_FEMALE, PT_MALE, PT_FAMILY.to_vec()),
                    Culture::French => (FR_FEMALE, FR_MALE, FR_FAMILY.to_vec()),
                    Culture::German => (DE_FEMALE, DE_MALE, DE_FAMILY.to_vec()),
                    Culture::Hungarian => (HU_FEMALE, HU_MALE, HU_FAMILY.to_vec()),
                    Culture::Turkish => (TR_FEMALE, TR_MALE, TR_FAMILY.to_vec()),
                    Culture::Nordic => (NO_FEMALE, NO_MALE, NO_FAMILY.to_vec()),
                    Culture::Vietnamese => (VN_FEMALE, VN_MALE, VN_FAMILY.to_vec()),
                    Culture::Polish => (
                        PL_FEMALE,
                        PL_MALE,
                        PL_FAMILY
                            .iter()
                            .map(|&(m, f)| if female { f } else { m })
                            .collect(),
                    ),
                    Culture::Czech => (
                        CZ_FEMALE,
                        CZ_MALE,
                        CZ_FAMILY
                            .iter()
                            .map(|&(m, f)| if female { f } else { m })
                            .collect(),
                    ),
                    _ => (EN_FEMALE, EN_MALE, EN_FAMILY.to_vec()),
                };
                let names = if female { f } else { m };
                let mut given = rng.pick(names).to_string();
                // Spanish and Portuguese names often carry both parents' family names.
                let two_families =
                    matches!(self, Culture::Spanish | Culture::Portuguese) && rng.chance(0.4);
                let mut family = families[rng.below(families.len())].to_string();
                if two_families || variant >= 2 {
                    let separator = if two_families { " " } else { "-" };
                    family = format!("{family}{separator}{}", families[rng.below(families.len())]);
                }
                if variant >= 1 {
                    let second = rng.pick(names);
                    if !given.contains(second) {
                        given = format!("{given} {second}");
                    }
                }
                latin(&given, &family)
            }
        }
    }
}

/// A Cyrillic name with its Latin transliteration as the given and family names.
fn cyrillic(given: &str, family: &str) -> Name {
    Name {
        given: transliterate(given),
        family: transliterate(family),
        native: format!("{family} {given}"),
    }
}

/// Latin letters for a Cyrillic name ("Жылдыз" → "Zhyldyz").
fn transliterate(text: &str) -> String {
    deunicode::deunicode(text)
        .chars()
        .filter(|c| c.is_ascii_alphabetic() || *c == '-' || *c == ' ')
        .collect()
}

/// "Сергей" → "Сергеевич" / "Сергеевна" (simplified).
fn patronymic(father: &str, female: bool) -> String {
    let (stem, soft) = match father.strip_suffix('й') {
        Some(stem) => (stem, true),
        None => (father, false),
    };
    let suffix = match (soft, female) {
        (true, false) => "евич",
        (true, true) => "евна",
        (false, false) => "ович",
        (false, true) => "овна",
    };
    format!("{stem}{suffix}")
}

/// A Mongolian compound name: "Бат" + "цэцэг", "Мөнх" + "баатар".
fn mongolian_name(rng: &mut Rng, female: bool) -> String {
    let first = rng.pick(MN_FIRST);
    let second = rng.pick(if female {
        MN_SECOND_FEMALE
    } else {
        MN_SECOND_MALE
    });
    format!("{first}{second}")
}

/// "Батмөнх" → "Батмөнхийн", "Ганболд" → "Ганболдын" (simplified vowel harmony).
fn mongolian_genitive(name: &str) -> String {
    let last = name.chars().last().unwrap_or('а');
    let back = name
        .chars()
        .rev()
        .find(|c| "аоуэөү".contains(*c))
        .is_some_and(|c| "аоу".contains(c));
    let suffix = match last {
        'ж' | 'ч' | 'ш' | 'г' | 'ь' | 'и' => "ийн",
        'а' | 'о' | 'у' | 'э' | 'ө' | 'ү' | 'й' => "гийн",
        'н' if back => "ы",
        'н' => "ий",
        _ if back => "ын",
        _ => "ийн",
    };
    format!("{name}{suffix}")
}

/// A name made of `count` syllables, e.g. "Tenabe", "Okamuri".
fn syllable_name(rng: &mut Rng, count: usize, female: bool) -> String {
    let mut name = String::new();
    if rng.chance(0.3) {
        name.push_str(rng.pick(&["A", "O", "E", "I", "U"]));
    }
    for _ in 0..count {
        name.push_str(rng.pick(SYLLABLES));
    }
    if female && rng.chance(0.5) {
        name.push('a');
    } else if !female && rng.chance(0.3) {
        name.push_str(rng.pick(&["n", "r", "m", "l", "k", "ng"]));
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => name,
    }
}

/// xorshift64*: tiny, fast, and good enough to make up names.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Any seed, even 0, gives a non-zero state.
        let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        if rng.0 == 0 {
            rng.0 = 1;
        }
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    fn shuffle<T>(&mut self, list: &mut [T]) {
        for i in (1..list.len()).rev() {
            list.swap(i, self.below(i + 1));
        }
    }
}

const HOST_STATE: [(&str, &str, &str); 10] = [
    (
        "Ministry of Foreign Affairs",
        "Ministry of Foreign Affairs of Mongolia",
        "mfa",
    ),
    (
        "Ministry of Justice and Internal Affairs",
        "Ministry of Justice and Internal Affairs of Mongolia",
        "mojha",
    ),
    (
        "General Police Department",
        "General Police Department of Mongolia",
        "police",
    ),
    (
        "General Intelligence Agency",
        "General Intelligence Agency of Mongolia",
        "gia",
    ),
    ("State Great Khural", "State Great Khural", "parliament"),
    (
        "National Human Rights Commission",
        "National Human Rights Commission of Mongolia",
        "nhrc",
    ),
    (
        "General Prosecutor's Office",
        "General Prosecutor's Office of Mongolia",
        "prosecutor",
    ),
    (
        "Ministry of Education",
        "Ministry of Education of Mongolia",
        "meds",
    ),
    (
        "Ministry of Digital Development",
        "Ministry of Digital Development and Communications",
        "mddc",
    ),
    (
        "Customs General Administration",
        "Customs General Administration of Mongolia",
        "customs",
    ),
];

const HOST_CIVIL_SOCIETY: [&str; 10] = [
    "Women for Change",
    "Globe International Center",
    "Mongolian Bar Association",
    "Youth Federation",
    "Centre for Human Rights and Development",
    "Open Society Forum",
    "Press Institute",
    "Association of Buddhist Monasteries",
    "Mongolian Red Cross Society",
    "Transparency and Integrity Network",
];

const STATE_ORGANISATIONS: [(&str, &str); 8] = [
    ("Ministry of Foreign Affairs", "mfa"),
    ("Ministry of the Interior", "interior"),
    ("Ministry of Justice", "justice"),
    ("National Police", "police"),
    ("Permanent Mission to the OSCE", "mission"),
    ("Parliament", "parliament"),
    ("Prosecutor General's Office", "prosecutor"),
    ("Ministry of Education", "education"),
];

const ORGANISATIONS: [(&str, &str); 40] = [
    (
        "Organization for Security and Co-operation in Europe",
        "osce.org",
    ),
    ("United Nations Office on Drugs and Crime", "unodc.org"),
    ("United Nations Development Programme", "undp.org"),
    (
        "Office of the UN High Commissioner for Refugees",
        "unhcr.org",
    ),
    ("United Nations Children's Fund", "unicef.org"),
    ("UNESCO", "unesco.org"),
    ("UN Women", "unwomen.org"),
    (
        "Office of the UN High Commissioner for Human Rights",
        "ohchr.org",
    ),
    ("International Organization for Migration", "iom.int"),
    ("International Labour Organization", "ilo.org"),
    ("World Health Organization", "who.int"),
    ("Food and Agriculture Organization", "fao.org"),
    ("World Food Programme", "wfp.org"),
    ("World Bank", "worldbank.org"),
    ("International Monetary Fund", "imf.org"),
    ("Council of Europe", "coe.int"),
    ("European Union", "eeas.europa.eu"),
    (
        "Organisation for Economic Co-operation and Development",
        "oecd.org",
    ),
    ("Asian Development Bank", "adb.org"),
    ("International Committee of the Red Cross", "icrc.org"),
    (
        "International Federation of Red Cross and Red Crescent Societies",
        "ifrc.org",
    ),
    ("INTERPOL", "interpol.int"),
    ("CIS Executive Committee", "cis.minsk.by"),
    ("Shanghai Cooperation Organisation", "sectsco.org"),
    ("Collective Security Treaty Organization", "odkb-csto.org"),
    ("ASEAN Secretariat", "asean.org"),
    ("African Union Commission", "au.int"),
    ("Organization of American States", "oas.org"),
    ("League of Arab States", "las.int"),
    ("Organisation of Islamic Cooperation", "oic-oci.org"),
    ("Commonwealth Secretariat", "thecommonwealth.org"),
    ("Nordic Council of Ministers", "norden.org"),
    (
        "European Bank for Reconstruction and Development",
        "ebrd.com",
    ),
    ("International Atomic Energy Agency", "iaea.org"),
    ("Inter-Parliamentary Union", "ipu.org"),
    ("International IDEA", "idea.int"),
    ("Eurasian Economic Commission", "eec.eaeunion.org"),
    (
        "Conference on Interaction and Confidence-Building Measures in Asia",
        "s-cica.org",
    ),
    ("Regional Anti-Terrorist Structure of the SCO", "ecrats.org"),
    ("Global Counterterrorism Forum", "thegctf.org"),
];

const NGO_TOPICS: &[&str] = &[
    "Human Rights",
    "Civic Education",
    "Peace and Dialogue",
    "Gender Equality",
    "Media Freedom",
    "the Rule of Law",
    "Youth Participation",
    "Environmental Justice",
    "Minority Rights",
    "Anti-Corruption",
    "Community Policing",
    "Democratic Governance",
    "Refugee Support",
    "Open Data",
    "Interfaith Dialogue",
    "Women's Leadership",
    "Prison Reform",
    "Digital Rights",
];

const OTHERS: [(&str, &str); 10] = [
    ("Press and media", "press"),
    ("Interpreters", "interpreters"),
    ("Conference services", "services"),
    ("Security service", "security"),
    ("Medical service", "medical"),
    ("Guests of the host", "guests"),
    ("Local organising committee", "loc"),
    ("Sponsors", "sponsors"),
    ("Academia and think tanks", "academia"),
    ("Photographers", "photo"),
];

const HEAD_POSITIONS_STATE: &[&str] = &[
    "Ambassador, Head of Delegation",
    "Deputy Minister",
    "Head of Delegation",
    "Permanent Representative",
    "State Secretary",
];
const HEAD_POSITIONS_ORGANISATION: &[&str] = &[
    "Head of Office",
    "Director",
    "Special Representative",
    "Deputy Secretary General",
];
const HEAD_POSITIONS_NGO: &[&str] = &["Executive Director", "Chair", "President", "Coordinator"];

const POSITIONS: &[&str] = &[
    "Counsellor",
    "First Secretary",
    "Second Secretary",
    "Attaché",
    "Adviser",
    "Senior Adviser",
    "Director",
    "Deputy Director",
    "Head of Unit",
    "Programme Officer",
    "Senior Programme Officer",
    "Legal Officer",
    "Policy Analyst",
    "Researcher",
    "Chief Inspector",
    "Police Colonel",
    "Project Coordinator",
    "Member of Parliament",
    "Expert",
    "Assistant",
];

const NOTES: &[&str] = &[
    "arrives late on day 1",
    "leaves after the lunch break on day 2",
    "needs an invitation letter for the visa",
    "speaks at the closing session",
    "replaces the head of delegation on day 2",
];

const SYLLABLES: &[&str] = &[
    "ka", "ri", "to", "ma", "na", "be", "lu", "si", "da", "mo", "te", "ra", "ni", "zo", "fa", "ke",
    "ol", "an", "ek", "ul", "ba", "di", "go", "ha", "ji", "wa", "ye", "su", "pe", "ngo",
];

const MN_FIRST: &[&str] = &[
    "Бат",
    "Ган",
    "Мөнх",
    "Эрдэнэ",
    "Отгон",
    "Энх",
    "Төмөр",
    "Оюун",
    "Алтан",
    "Нар",
    "Саран",
    "Болор",
    "Хүрэл",
    "Баяр",
    "Дулам",
    "Ариун",
    "Сүх",
    "Цэрэн",
    "Пүрэв",
    "Даш",
    "Жаргал",
    "Мягмар",
    "Наран",
    "Одон",
];
const MN_SECOND_MALE: &[&str] = &[
    "баатар",
    "болд",
    "бат",
    "баяр",
    "зориг",
    "дорж",
    "сүх",
    "очир",
    "эрдэнэ",
    "хуяг",
    "тулга",
    "мөнх",
];
const MN_SECOND_FEMALE: &[&str] = &[
    "цэцэг",
    "маа",
    "туяа",
    "гэрэл",
    "зул",
    "чимэг",
    "сайхан",
    "жаргал",
    "билэг",
    "хишиг",
    "сувд",
    "нямаа",
];
const KG_FEMALE: &[&str] = &[
    "Айгүл",
    "Жылдыз",
    "Асел",
    "Бактыгүл",
    "Чолпон",
    "Гүлнара",
    "Айжан",
    "Нургүл",
    "Мээрим",
    "Бүбүсара",
];
const KG_MALE: &[&str] = &[
    "Нурлан",
    "Бакыт",
    "Улан",
    "Айбек",
    "Мирлан",
    "Талант",
    "Эрлан",
    "Азамат",
    "Эркин",
    "Жоомарт",
];
const KG_FAMILY: &[&str] = &[
    "Асанов",
    "Токтогулов",
    "Жээнбеков",
    "Садыров",
    "Абдыкеримов",
    "Осмонов",
    "Бейшеналиев",
    "Мамытов",
    "Өмүрбеков",
    "Үсөнов",
    "Кененбаев",
    "Турдубаев",
];
const KZ_FEMALE: &[&str] = &["Айгерим", "Дана", "Гульнара", "Жанар", "Әйгерім", "Сәуле"];
const KZ_MALE: &[&str] = &["Ерлан", "Асхат", "Нұрлан", "Қайрат", "Дәурен", "Серік"];
const KZ_FAMILY: &[&str] = &[
    "Жумабаев",
    "Сулейменов",
    "Нұрғалиев",
    "Оспанов",
    "Ахметов",
    "Исқақов",
    "Байтұрсынов",
];
const RU_FEMALE: &[&str] = &[
    "Ольга",
    "Наталия",
    "Елена",
    "Татьяна",
    "Мария",
    "Анна",
    "Ирина",
    "Светлана",
    "Юлия",
    "Екатерина",
];
const RU_MALE: &[&str] = &[
    "Иван",
    "Сергей",
    "Дмитрий",
    "Алексей",
    "Андрей",
    "Михаил",
    "Владимир",
    "Николай",
    "Павел",
    "Юрий",
];
const RU_FAMILY: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Волков",
    "Фёдоров",
    "Ершов",
];
const UA_FEMALE: &[&str] = &["Олена", "Ірина", "Оксана", "Наталія", "Юлія", "Галина"];
const UA_MALE: &[&str] = &["Олександр", "Андрій", "Сергій", "Тарас", "Богдан", "Євген"];
const UA_FAMILY: &[&str] = &[
    "Шевченко",
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравчук",
    "Мельник",
    "Грищенко",
];
const ES_FEMALE: &[&str] = &[
    "María", "Lucía", "Sofía", "Inés", "Begoña", "Ángela", "Marta", "Carmen", "Nuria", "Raquel",
];
const ES_MALE: &[&str] = &[
    "José",
    "Jesús",
    "Andrés",
    "Sebastián",
    "Martín",
    "Álvaro",
    "Joaquín",
    "Rubén",
    "Íñigo",
    "Ramón",
];
const ES_FAMILY: &[&str] = &[
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Muñoz",
    "Álvarez",
    "Gutiérrez",
    "Núñez",
    "Ibáñez",
];
const PT_FEMALE: &[&str] = &[
    "Conceição",
    "Inês",
    "Mariana",
    "Beatriz",
    "Letícia",
    "Júlia",
    "Francisca",
];
const PT_MALE: &[&str] = &[
    "João",
    "António",
    "Sérgio",
    "Gonçalo",
    "Tomás",
    "Luís",
    "Vinícius",
];
const PT_FAMILY: &[&str] = &[
    "Gonçalves",
    "Magalhães",
    "Simões",
    "Araújo",
    "Guimarães",
    "Brandão",
    "Leão",
    "Falcão",
    "Câmara",
    "Silva",
];
const FR_FEMALE: &[&str] = &[
    "Hélène",
    "Élodie",
    "Chloé",
    "Anaïs",
    "Françoise",
    "Léa",
    "Cécile",
    "Mélanie",
    "Océane",
    "Amélie",
];
const FR_MALE: &[&str] = &[
    "François",
    "Jérôme",
    "Benoît",
    "Loïc",
    "Stéphane",
    "Rémi",
    "Théo",
    "Gaël",
    "Aurélien",
    "Cédric",
];
const FR_FAMILY: &[&str] = &[
    "Lefèvre",
    "Mercier",
    "Dubois",
    "Girard",
    "Bénard",
    "Rivière",
    "Chevalier",
    "Gauthier",
    "Béranger",
    "Dupré",
    "Lemaître",
    "Ménard",
];
const DE_FEMALE: &[&str] = &[
    "Anneliese",
    "Käthe",
    "Brigitte",
    "Ursula",
    "Jördis",
    "Lena",
    "Hannelore",
];
const DE_MALE: &[&str] = &[
    "Jürgen", "Jörg", "Günter", "Uwe", "Matthias", "Lukas", "Tobias",
];
const DE_FAMILY: &[&str] = &[
    "Müller",
    "Schäfer",
    "Köhler",
    "Groß",
    "Weiß",
    "Schröder",
    "Krüger",
    "Hoffmann",
    "Böhm",
    "Lößner",
];
const PL_FEMALE: &[&str] = &[
    "Małgorzata",
    "Agnieszka",
    "Katarzyna",
    "Żaneta",
    "Bożena",
    "Jadwiga",
];
const PL_MALE: &[&str] = &[
    "Łukasz",
    "Wojciech",
    "Paweł",
    "Michał",
    "Grzegorz",
    "Przemysław",
];
const PL_FAMILY: &[(&str, &str)] = &[
    ("Kowalski", "Kowalska"),
    ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"),
    ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"),
    ("Żak", "Żak"),
];
const CZ_FEMALE: &[&str] = &["Jana", "Lucie", "Tereza", "Kateřina", "Zuzana", "Markéta"];
const CZ_MALE: &[&str] = &["Jiří", "Tomáš", "Lukáš", "Ondřej", "Vojtěch", "Radek"];
const CZ_FAMILY: &[(&str, &str)] = &[
    ("Novák", "Nováková"),
    ("Svoboda", "Svobodová"),
    ("Dvořák", "Dvořáková"),
    ("Černý", "Černá"),
    ("Procházka", "Procházková"),
    ("Kučera", "Kučerová"),
    ("Veselý", "Veselá"),
    ("Horák", "Horáková"),
];
const HU_FEMALE: &[&str] = &["Zsófia", "Réka", "Ágnes", "Erzsébet", "Katalin", "Tünde"];
const HU_MALE: &[&str] = &["Zoltán", "László", "Gábor", "Ödön", "Bálint", "Péter"];
const HU_FAMILY: &[&str] = &[
    "Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Pápai",
];
const TR_FEMALE: &[&str] = &["Ayşe", "Elif", "Gül", "Şule", "Özlem", "Çiğdem", "Gülşen"];
const TR_MALE: &[&str] = &[
    "Mehmet", "Çağlar", "Şükrü", "İbrahim", "Oğuz", "Ömer", "Barış",
];
const TR_FAMILY: &[&str] = &[
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir", "Doğan",
    "Kılıç",
];
const NO_FEMALE: &[&str] = &["Åsa", "Sigrún", "Ingrid", "Maja", "Liv", "Sólveig"];
const NO_MALE: &[&str] = &["Søren", "Bjørn", "Jón", "Lars", "Mikael", "Håkan"];
const NO_FAMILY: &[&str] = &[
    "Jørgensen",
    "Nielsen",
    "Åberg",
    "Sigurðsson",
    "Lindqvist",
    "Østergaard",
    "Hämäläinen",
    "Mäkinen",
    "Virtanen",
    "Björklund",
];
const VN_FEMALE: &[&str] = &["Thị Lan", "Thu Hương", "Ngọc Anh", "Mai", "Hằng", "Thảo"];
const VN_MALE: &[&str] = &["Văn Minh", "Đức Anh", "Quang", "Tuấn", "Hùng", "Dũng"];
const VN_FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
];
const EN_FEMALE: &[&str] = &[
    "Sarah", "Emily", "Jennifer", "Kelly", "Olivia", "Rachel", "Laura", "Helen", "Siobhán",
];
const EN_MALE: &[&str] = &[
    "James", "Michael", "David", "Andrew", "Thomas", "Richard", "Daniel", "Peter", "Seán",
];
const EN_FAMILY: &[&str] = &[
    "Smith",
    "Johnson",
    "Murray",
    "Brown",
    "Taylor",
    "Wilson",
    "O'Connor",
    "MacDonald",
    "Clarke",
    "Evans",
    "Thompson",
    "Walsh",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_same_seed_gives_the_same_registry() {
        let a = plan_generated(2_000, 7);
        let b = plan_generated(2_000, 7);
        assert_eq!(a.people, b.people);
        assert_eq!(a.check_ins, b.check_ins);
        assert_ne!(plan_generated(2_000, 8).people, a.people);
    }

    #[test]
    fn a_registry_looks_real() {
        let g = plan_generated(20_000, DEFAULT_SEED);
        assert_eq!(g.people.len(), 20_000);
        assert_eq!(g.delegations.len(), DELEGATIONS);
        assert!(g.event.validate().is_ok());
        for d in &g.delegations {
            assert!(d.validate().is_ok(), "{d:?}");
        }
        let names: HashSet<_> = g.delegations.iter().map(|d| &d.name).collect();
        assert_eq!(names.len(), DELEGATIONS, "delegation names are unique");
        for c in Category::default_order() {
            assert!(
                g.delegations.iter().any(|d| d.category == c),
                "no delegation in {c}"
            );
        }

        let mut names = HashSet::new();
        for (d, p) in &g.people {
            let key = (format!("{d:?}"), fold(&p.full_name()));
            assert!(names.insert(key), "{} twice in {d:?}", p.full_name());
        }
        let mut heads: HashMap<usize, u32> = HashMap::new();
        let mut badges = HashSet::new();
        let mut emails = HashSet::new();
        for (d, p) in &g.people {
            assert!(p.validate().is_ok(), "{p:?}");
            assert!(badges.insert(p.badge.unwrap()), "badges are unique");
            if !p.email.is_empty() {
                assert!(emails.insert(p.email.clone()), "emails are unique");
            }
            if let (DelegationRef::New(i), true) = (d, p.is_head) {
                *heads.entry(*i).or_default() += 1;
            }
            assert!(!(p.is_head && matches!(d, DelegationRef::None)));
        }
        assert_eq!(heads.len(), DELEGATIONS, "every delegation has a head");
        assert!(heads.values().all(|&n| n == 1), "exactly one head each");

        let share = |f: &dyn Fn(&NewAttendee) -> bool| {
            g.people.iter().filter(|(_, p)| f(p)).count() as f64 / g.people.len() as f64
        };
        let cyrillic = share(&|p| p.native_name.chars().any(|c| ('а'..='я').contains(&c)));
        let accented = share(&|p| !p.full_name().is_ascii());
        assert!(cyrillic > 0.03, "Cyrillic names: {cyrillic}");
        assert!(accented > 0.05, "accented names: {accented}");
        let registered = share(&|p| p.status == Status::Registered);
        assert!((0.8..0.95).contains(&registered), "{registered}");
        assert!(
            g.people
                .iter()
                .any(|(_, p)| p.native_name.contains('ө') || p.native_name.contains('ү')),
            "Mongolian and Kyrgyz letters"
        );

        let day = |n: u32| {
            let d = g.event.start_date + chrono::Duration::days(i64::from(n) - 1);
            g.check_ins.iter().filter(|c| c.day == d).count() as f64 / g.people.len() as f64
        };
        assert!((0.55..0.65).contains(&day(1)), "day 1: {}", day(1));
        assert!((0.45..0.55).contains(&day(2)), "day 2: {}", day(2));
        let mut seen = HashSet::new();
        for c in &g.check_ins {
            assert!(seen.insert((c.person, c.day)), "one check-in per day");
            assert_eq!(g.people[c.person].1.status, Status::Registered);
        }
    }

    #[test]
    fn small_registries_still_have_a_head_per_delegation() {
        let g = plan_generated(50, 1);
        assert_eq!(g.people.len(), 50);
        assert_eq!(g.delegations.len(), 50);
        assert_eq!(g.people.iter().filter(|(_, p)| p.is_head).count(), 50);
        assert!(plan_generated(0, 1).people.is_empty());
    }

    #[test]
    fn mongolian_genitive() {
        assert_eq!(super::mongolian_genitive("Батмөнх"), "Батмөнхийн");
        assert_eq!(super::mongolian_genitive("Ганболд"), "Ганболдын");
        assert_eq!(super::mongolian_genitive("Цэрэндорж"), "Цэрэндоржийн");
        assert_eq!(super::mongolian_genitive("Сүхбаатар"), "Сүхбаатарын");
        assert_eq!(super::mongolian_genitive("Одоночир"), "Одоночирын");
    }

    #[test]
    fn transliteration() {
        assert_eq!(transliterate("Жылдыз"), "Zhyldyz");
        assert_eq!(transliterate("Батцэцэг"), "Battsetseg");
    }
}
