//! The delegations of a generated registry: the host's agencies and civil society,
//! participating States and partners (real country names), international
//! organisations, NGOs and others, each with the organisations its people work for.

use super::generate::DELEGATIONS;
use super::lists::DELEGATIONS as DELEGATION_LISTS;
use super::names::Culture;
use super::rng::Rng;
use crate::domain::{Category, NewDelegation, country, fold::fold};
use std::collections::HashSet;

/// A delegation being planned: what it is, how its people are named, how big it is.
pub(super) struct Group {
    pub details: NewDelegation,
    pub culture: Culture,
    /// Relative size.
    pub weight: f64,
    /// Where its people work, and the domain of their e-mail addresses.
    pub organisations: Vec<(String, String)>,
    pub kind: GroupKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum GroupKind {
    State,
    Organisation,
    Ngo,
    Other,
}

/// All 400 delegations: 10 + 10 of the host (Mongolia), 200 participating States,
/// 12 partners, 40 international organisations, 118 NGOs and 10 others.
pub(super) fn delegations(rng: &mut Rng) -> Vec<Group> {
    let mut list = Vec::with_capacity(DELEGATIONS);
    for (name, org, domain) in &DELEGATION_LISTS.host_state {
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
    for name in &DELEGATION_LISTS.host_civil_society {
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
        let organisations = DELEGATION_LISTS
            .state_organisations
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
    for (name, domain) in &DELEGATION_LISTS.organisations {
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
        let topic = rng.pick(&DELEGATION_LISTS.ngo_topics);
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
    for (name, domain) in &DELEGATION_LISTS.others {
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
