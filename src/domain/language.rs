//! The languages a List of Participants and the Delegations tree are written in, and
//! the words of each that the registry itself writes (see [`words`](super::words)).
//! Country names come from CLDR through ICU4X ([`country::name_in`](super::country)),
//! and so does the order of a language's alphabet ([`Language::sort_key`]).

use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
use icu_locale::{Locale, locale};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A language of the lists. The declaration order is the order the event form offers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
    Ru,
    Es,
    De,
}

impl Language {
    /// Every language, in the order the event form offers them.
    pub const ALL: [Language; 5] = [
        Language::En,
        Language::Fr,
        Language::Ru,
        Language::Es,
        Language::De,
    ];

    /// The ISO 639-1 code that `--lang` takes and the registry stores ("fr").
    pub const fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::Ru => "ru",
            Language::Es => "es",
            Language::De => "de",
        }
    }

    /// The language's name in itself, as a choice lists it.
    pub const fn label(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Fr => "Français",
            Language::Ru => "Русский",
            Language::Es => "Español",
            Language::De => "Deutsch",
        }
    }

    pub(crate) fn locale(self) -> Locale {
        match self {
            Language::En => locale!("en"),
            Language::Fr => locale!("fr"),
            Language::Ru => locale!("ru"),
            Language::Es => locale!("es"),
            Language::De => locale!("de"),
        }
    }

    /// What sorts `text` in this language's alphabetical order (CLDR collation through
    /// ICU4X): compare the keys bytewise. "Afrique du Sud" comes before "Albanie" in
    /// French, "Австрия" before "Азербайджан" in Russian.
    pub fn sort_key(self, text: &str) -> Vec<u8> {
        let mut key = Vec::new();
        let Ok(()) = collator(self).write_sort_key_to(text, &mut key);
        key
    }
}

/// The collators, made once per language: compiled data, so none can fail to load.
fn collator(language: Language) -> &'static CollatorBorrowed<'static> {
    static COLLATORS: LazyLock<Vec<CollatorBorrowed<'static>>> = LazyLock::new(|| {
        Language::ALL
            .iter()
            .map(|l| {
                Collator::try_new(l.locale().into(), CollatorOptions::default())
                    .expect("compiled collation data covers the list languages")
            })
            .collect()
    });
    &COLLATORS[language as usize]
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code that is none of the list languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: use en, fr, ru, es or de")]
pub struct UnknownLanguage(pub String);

impl std::str::FromStr for Language {
    type Err = UnknownLanguage;

    /// A code as `--lang` and the registry write it, in any case ("FR" is French).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
            .ok_or_else(|| UnknownLanguage(super::inert(code).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for l in Language::ALL {
            assert_eq!(l.code().parse::<Language>(), Ok(l));
            assert_eq!(
                l as usize,
                Language::ALL.iter().position(|x| *x == l).unwrap()
            );
        }
        assert_eq!(" FR ".parse::<Language>(), Ok(Language::Fr));
        let err = "xx".parse::<Language>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown language \"xx\": use en, fr, ru, es or de"
        );
    }

    #[test]
    fn each_language_sorts_its_own_way() {
        let sorted = |l: Language, names: &[&'static str]| {
            let mut v: Vec<&'static str> = names.to_vec();
            v.sort_by_cached_key(|n| l.sort_key(n));
            v
        };
        // Accents are secondary in French: "Égypte" files among the E's.
        assert_eq!(
            sorted(
                Language::Fr,
                &["Équateur", "Égypte", "Espagne", "Allemagne"]
            ),
            ["Allemagne", "Égypte", "Équateur", "Espagne"]
        );
        assert_eq!(
            sorted(
                Language::Ru,
                &["Япония", "Египет", "Азербайджан", "Австрия"]
            ),
            ["Австрия", "Азербайджан", "Египет", "Япония"]
        );
    }
}
