//! The word lists generated registries are made of. They are data, not code: they
//! live in assets/demo/delegations.json and assets/demo/names.json, are embedded at
//! build time so the binary stays self-contained, and are parsed once, on first use.
//! The generator draws from them by index, so the order of every list is part of what
//! a seed gives: reordering one changes the registries generated from then on.

use super::names::Culture;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Delegations, the organisations their people work for, and what those people do.
#[derive(Deserialize)]
pub(super) struct DelegationLists<'a> {
    /// The host State's agencies: (delegation, organisation, e-mail subdomain).
    #[serde(borrow)]
    pub host_state: Vec<(&'a str, &'a str, &'a str)>,
    #[serde(borrow)]
    pub host_civil_society: Vec<&'a str>,
    /// What every participating State sends people from: (organisation, subdomain).
    #[serde(borrow)]
    pub state_organisations: Vec<(&'a str, &'a str)>,
    /// International organisations: (name, domain).
    #[serde(borrow)]
    pub organisations: Vec<(&'a str, &'a str)>,
    /// What non-governmental organisations are named for ("Human Rights").
    #[serde(borrow)]
    pub ngo_topics: Vec<&'a str>,
    /// Delegations of no other category: (name, domain).
    #[serde(borrow)]
    pub others: Vec<(&'a str, &'a str)>,
    #[serde(borrow)]
    pub head_positions: HeadPositions<'a>,
    /// Everyone else's.
    #[serde(borrow)]
    pub positions: Vec<&'a str>,
    /// What the few people with a note have in it.
    #[serde(borrow)]
    pub notes: Vec<&'a str>,
}

/// The positions of heads of delegation, by the kind of delegation.
#[derive(Deserialize)]
pub(super) struct HeadPositions<'a> {
    #[serde(borrow)]
    pub state: Vec<&'a str>,
    #[serde(borrow)]
    pub organisation: Vec<&'a str>,
    /// Of non-governmental and other delegations.
    #[serde(borrow)]
    pub ngo: Vec<&'a str>,
}

/// People's names, by the culture they are named in.
#[derive(Deserialize)]
pub(super) struct NameLists<'a> {
    /// What the made-up names of the countries below do not cover are built from.
    #[serde(borrow)]
    pub syllables: Vec<&'a str>,
    #[serde(borrow)]
    pub mongolian: MongolianNames<'a>,
    /// The lists of the cultures whose names are picked, not made.
    #[serde(borrow)]
    pub cultures: HashMap<Culture, Names<'a>>,
}

/// Mongolian names are compounds: a first part and a second that says male or female.
#[derive(Deserialize)]
pub(super) struct MongolianNames<'a> {
    #[serde(borrow)]
    pub first: Vec<&'a str>,
    #[serde(borrow)]
    pub second_male: Vec<&'a str>,
    #[serde(borrow)]
    pub second_female: Vec<&'a str>,
}

/// Given names of women and men, and family names.
#[derive(Deserialize)]
pub(super) struct Names<'a> {
    #[serde(borrow)]
    pub female: Vec<&'a str>,
    #[serde(borrow)]
    pub male: Vec<&'a str>,
    /// Family names (their men's form where women's differ).
    #[serde(borrow)]
    pub family: Vec<&'a str>,
    /// Where women's family names differ (Polish, Czech): the same names, in the
    /// same order, in women's form.
    #[serde(borrow, default)]
    pub family_female: Vec<&'a str>,
}

impl<'a> Names<'a> {
    /// The family names of a woman or of a man.
    pub fn families(&self, female: bool) -> &[&'a str] {
        if female && !self.family_female.is_empty() {
            &self.family_female
        } else {
            &self.family
        }
    }
}

pub(super) static DELEGATIONS: LazyLock<DelegationLists<'static>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../assets/demo/delegations.json"))
        .expect("assets/demo/delegations.json is checked by the tests")
});

pub(super) static NAMES: LazyLock<NameLists<'static>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../assets/demo/names.json"))
        .expect("assets/demo/names.json is checked by the tests")
});

#[cfg(test)]
mod tests {
    use super::*;

    /// A list that failed to parse would stop `rollcall demo --size N`; an empty one
    /// would panic on the first draw; a women's form missing would shift every
    /// Polish or Czech family name to another family's.
    #[test]
    fn the_lists_parse_and_none_is_empty() {
        let d = &*DELEGATIONS;
        for list in [
            &d.host_civil_society,
            &d.ngo_topics,
            &d.head_positions.state,
            &d.head_positions.organisation,
            &d.head_positions.ngo,
            &d.positions,
            &d.notes,
        ] {
            assert!(!list.is_empty());
        }
        // With the 212 States and partners and 118 NGOs: the 400 delegations.
        assert_eq!(d.host_state.len(), 10);
        assert_eq!(d.host_civil_society.len(), 10);
        assert_eq!(d.organisations.len(), 40);
        assert_eq!(d.others.len(), 10);
        assert!(!d.state_organisations.is_empty());
        let n = &*NAMES;
        assert!(!n.syllables.is_empty() && !n.mongolian.first.is_empty());
        // Mongolian and syllable names are made; every other culture's are picked.
        for culture in Culture::ALL {
            let made = matches!(culture, Culture::Mongolian | Culture::Syllables);
            assert_eq!(n.cultures.contains_key(&culture), !made, "{culture:?}");
        }
        for names in n.cultures.values() {
            assert!(!names.female.is_empty() && !names.male.is_empty());
            assert!(!names.family.is_empty());
            assert!(
                names.family_female.is_empty() || names.family_female.len() == names.family.len()
            );
        }
        let polish = &n.cultures[&Culture::Polish];
        assert_ne!(polish.families(true), polish.families(false));
    }
}
