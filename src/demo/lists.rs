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
pub(super) struct DelegationLists {
    /// The host State's agencies: (delegation, organisation, e-mail subdomain).
    pub host_state: Vec<(String, String, String)>,
    pub host_civil_society: Vec<String>,
    /// What every participating State sends people from: (organisation, subdomain).
    pub state_organisations: Vec<(String, String)>,
    /// International organisations: (name, domain).
    pub organisations: Vec<(String, String)>,
    /// What non-governmental organisations are named for ("Human Rights").
    pub ngo_topics: Vec<String>,
    /// Delegations of no other category: (name, domain).
    pub others: Vec<(String, String)>,
    pub head_positions: HeadPositions,
    /// Everyone else's.
    pub positions: Vec<String>,
    /// What the few people with a note have in it.
    pub notes: Vec<String>,
}

/// The positions of heads of delegation, by the kind of delegation.
#[derive(Deserialize)]
pub(super) struct HeadPositions {
    pub state: Vec<String>,
    pub organisation: Vec<String>,
    /// Of non-governmental and other delegations.
    pub ngo: Vec<String>,
}

/// People's names, by the culture they are named in.
#[derive(Deserialize)]
pub(super) struct NameLists {
    /// What made-up names are built of, for the many countries no culture covers.
    pub syllables: Vec<String>,
    pub mongolian: MongolianNames,
    /// The lists of the cultures whose names are picked, not made.
    pub cultures: HashMap<Culture, Names>,
}

/// Mongolian names are compounds: a first part and a second that says male or female.
#[derive(Deserialize)]
pub(super) struct MongolianNames {
    pub first: Vec<String>,
    pub second_male: Vec<String>,
    pub second_female: Vec<String>,
}

/// Given names of women and men, and family names.
#[derive(Deserialize)]
pub(super) struct Names {
    pub female: Vec<String>,
    pub male: Vec<String>,
    /// Family names (their men's form where women's differ).
    pub family: Vec<String>,
    /// Where women's family names differ (Polish, Czech): the same names, in the
    /// same order, in women's form.
    #[serde(default)]
    pub family_female: Vec<String>,
}

impl Names {
    /// The family names of a woman or of a man.
    pub fn families(&self, female: bool) -> &[String] {
        if female && !self.family_female.is_empty() {
            &self.family_female
        } else {
            &self.family
        }
    }
}

pub(super) static DELEGATIONS: LazyLock<DelegationLists> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../assets/demo/delegations.json"))
        .expect("assets/demo/delegations.json is checked by the tests")
});

pub(super) static NAMES: LazyLock<NameLists> = LazyLock::new(|| {
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
