//! People's names as a generated registry gives them: picked from the lists of their
//! culture (assets/demo/names.json) or made — Mongolian compounds with their
//! genitive, Cyrillic names with their transliteration, names built of syllables.

use super::lists::{NAMES, Names};
use super::rng::Rng;

/// A person's name as the registry holds it.
pub(super) struct Name {
    pub given: String,
    pub family: String,
    /// In the person's own script, or empty when that is Latin.
    pub native: String,
}

/// How people of a delegation are named (in assets/demo/names.json, by its name in
/// lower case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Culture {
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
    pub(super) const ALL: [Culture; 17] = [
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

    pub(super) fn any(rng: &mut Rng) -> Culture {
        Culture::ALL[rng.below(Culture::ALL.len())]
    }

    pub(super) fn of_country(code: &str, rng: &mut Rng) -> Culture {
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

    /// The lists a culture's names are picked from. (Mongolian and syllable names
    /// are made, not picked: they never ask.)
    fn lists(self) -> &'static Names {
        &NAMES.cultures[&self]
    }

    /// A name; `variant` > 0 asks for a rarer form (a patronymic, a second given or
    /// family name), used when the plain ones are taken in a large delegation.
    pub(super) fn name(self, rng: &mut Rng, female: bool, variant: u32) -> Name {
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
                let lists = self.lists();
                let (f, m, families) = (&lists.female, &lists.male, &lists.family);
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
                let lists = self.lists();
                let families = lists.families(female);
                let names = if female { &lists.female } else { &lists.male };
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
    let first = rng.pick(&NAMES.mongolian.first);
    let second = rng.pick(if female {
        &NAMES.mongolian.second_female
    } else {
        &NAMES.mongolian.second_male
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
        name.push_str(rng.pick(&NAMES.syllables));
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

#[cfg(test)]
mod tests {
    use super::*;

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
