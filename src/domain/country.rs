//! ISO 3166-1 countries, from the isocountry crate: codes stored as alpha-2, names
//! shown in English, and read back however a spreadsheet spells them.

use super::fold::fold;
use isocountry::CountryCode;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Other names in common use, that neither the ISO short names nor [`COMMON_NAMES`]
/// cover.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("AE", "UAE"),
    ("BA", "Bosnia-Herzegovina"),
    ("CI", "Ivory Coast"),
    ("CI", "Cote d'Ivoire"),
    ("CN", "People's Republic of China"),
    ("CV", "Cape Verde"),
    ("CZ", "Czech Republic"),
    ("CZ", "Czechia"),
    ("GB", "UK"),
    ("GB", "Great Britain"),
    ("KG", "Kyrgyz Republic"),
    ("KR", "Korea, Republic of"),
    ("MM", "Burma"),
    ("MO", "Macau"),
    ("SK", "Slovak Republic"),
    ("SZ", "Swaziland"),
    ("TL", "East Timor"),
    ("TR", "Turkey"),
    ("TR", "Türkiye"),
    ("US", "USA"),
    ("VA", "Vatican"),
    ("VA", "Holy See"),
];

/// The names people use where the ISO short name is long or qualified ("Iran
/// (Islamic Republic of)" is Iran): what a new delegation of that country is called.
const COMMON_NAMES: &[(&str, &str)] = &[
    ("BN", "Brunei"),
    ("BO", "Bolivia"),
    ("CD", "Democratic Republic of the Congo"),
    ("FM", "Micronesia"),
    ("GB", "United Kingdom"),
    ("IR", "Iran"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("LA", "Laos"),
    ("MD", "Moldova"),
    ("MK", "North Macedonia"),
    ("PS", "Palestine"),
    ("RU", "Russia"),
    ("SY", "Syria"),
    ("SZ", "Eswatini"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("US", "United States"),
    ("VE", "Venezuela"),
    ("VN", "Vietnam"),
];

/// The English short name of an alpha-2 code ("NL" → "Netherlands").
pub fn name(alpha2: &str) -> Option<&'static str> {
    CountryCode::for_alpha2_caseless(alpha2)
        .ok()
        .map(|c| c.name())
}

/// The name in common use of an alpha-2 code ("IR" → "Iran", "KZ" → "Kazakhstan"):
/// the ISO short name unless that is long or qualified.
pub fn common_name(alpha2: &str) -> Option<&'static str> {
    let code = CountryCode::for_alpha2_caseless(alpha2).ok()?;
    Some(
        COMMON_NAMES
            .iter()
            .find(|(c, _)| *c == code.alpha2())
            .map_or(code.name(), |(_, name)| *name),
    )
}

/// Every country as (alpha-2, name), by name.
pub fn all() -> Vec<(&'static str, &'static str)> {
    let mut list: Vec<_> = CountryCode::iter()
        .map(|c| (c.alpha2(), c.name()))
        .collect();
    list.sort_by_key(|(_, name)| fold(name));
    list
}

/// How a name is looked up: folded, without a leading "the".
fn name_key(name: &str) -> String {
    fold(&super::default_sort_key(name))
}

/// Folded names → alpha-2: the ISO names, the same without their qualifier
/// ("Bolivia (Plurinational State of)" is also "Bolivia"), the common names and the
/// other names.
static BY_NAME: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for c in CountryCode::iter() {
        let name = c.name();
        map.insert(name_key(name), c.alpha2());
        for short in [name.split(" (").next(), name.split(", ").next()]
            .into_iter()
            .flatten()
        {
            map.entry(name_key(short)).or_insert(c.alpha2());
        }
    }
    for (code, other) in COMMON_NAMES.iter().chain(OTHER_NAMES) {
        map.insert(name_key(other), *code);
    }
    map
});

/// Read what a person or a spreadsheet wrote: an alpha-2 or alpha-3 code, or an
/// English name (accents, case and a leading "The" do not matter).
pub fn parse(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.len() == 2
        && let Ok(c) = CountryCode::for_alpha2_caseless(text)
    {
        return Some(c.alpha2());
    }
    if text.len() == 3
        && let Ok(c) = CountryCode::for_alpha3_caseless(text)
    {
        return Some(c.alpha2());
    }
    BY_NAME.get(&name_key(text)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_table() {
        let cases = [
            ("NL", Some("NL")),
            ("mn", Some("MN")),
            ("nld", Some("NL")),
            ("The Netherlands", Some("NL")),
            ("netherlands", Some("NL")),
            ("  mongolia ", Some("MN")),
            ("Kyrgyzstan", Some("KG")),
            ("Kyrgyz Republic", Some("KG")),
            ("United States of America", Some("US")),
            ("USA", Some("US")),
            ("Russia", Some("RU")),
            ("Türkiye", Some("TR")),
            ("Turkiye", Some("TR")),
            ("Côte d'Ivoire", Some("CI")),
            ("Bolivia", Some("BO")),
            ("the Gambia", Some("GM")),
            ("Korea, Republic of", Some("KR")),
            ("XX", None),
            ("Atlantis", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "parse({text:?})");
        }
        assert_eq!(name("ee"), Some("Estonia"));
        assert_eq!(common_name("kz"), Some("Kazakhstan"));
        assert_eq!(common_name("IR"), Some("Iran"));
        assert_eq!(common_name("XX"), None);
        assert!(all().len() >= 249);
    }

    #[test]
    fn every_name_reads_back_as_its_code() {
        for (code, name) in all() {
            assert_eq!(parse(name), Some(code), "{name}");
            let common = common_name(code).unwrap();
            assert_eq!(parse(common), Some(code), "{common}");
        }
    }
}
