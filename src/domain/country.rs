//! ISO 3166-1 countries, from the isocountry crate: codes stored as alpha-2, names
//! shown in English.

use super::fold::fold;
use isocountry::CountryCode;

/// The English short name of an alpha-2 code ("NL" → "Netherlands").
pub fn name(alpha2: &str) -> Option<&'static str> {
    CountryCode::for_alpha2_caseless(alpha2)
        .ok()
        .map(|c| c.name())
}

/// Every country as (alpha-2, name), by name.
pub fn all() -> Vec<(&'static str, &'static str)> {
    let mut list: Vec<_> = CountryCode::iter()
        .map(|c| (c.alpha2(), c.name()))
        .collect();
    list.sort_by_key(|(_, name)| fold(name));
    list
}

/// Read what a person or a spreadsheet wrote: an alpha-2 or alpha-3 code, or an
/// English name (accents and case folded; "The Netherlands" and "USA" work too).
pub fn parse(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if let Ok(c) = CountryCode::for_alpha2_caseless(text) {
        return Some(c.alpha2());
    }
    if let Ok(c) = CountryCode::for_alpha3_caseless(text) {
        return Some(c.alpha2());
    }
    let wanted = fold(super::default_sort_key(text).as_str());
    CountryCode::iter()
        .find(|c| {
            let name = fold(c.name());
            // "Bolivia (Plurinational State of)" is also just "Bolivia".
            name == wanted || name.split(" (").next() == Some(wanted.as_str())
        })
        .map(|c| c.alpha2())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_table() {
        let cases = [
            ("NL", Some("NL")),
            ("nld", Some("NL")),
            ("The Netherlands", Some("NL")),
            ("netherlands", Some("NL")),
            ("Kyrgyzstan", Some("KG")),
            ("United States of America", Some("US")),
            ("USA", Some("US")),
            ("Mongolia", Some("MN")),
            ("Atlantis", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "parse({text:?})");
        }
        assert_eq!(name("ee"), Some("Estonia"));
        assert!(all().len() > 240);
    }
}
