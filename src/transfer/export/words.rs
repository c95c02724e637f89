//! The words the List of Participants writes itself, in each list language: headings,
//! categories, genders, kinds of event, and dates. Everything else on the page is the
//! registry's own text, or CLDR's country names (`country::name_in`).

use crate::domain::{Category, EventKind, Gender, Language, MonthStyle};
use chrono::{Datelike, NaiveDate};

/// The fixed words of the page in one language.
pub(super) struct Words {
    pub list_of_participants: &'static str,
    /// Before the date the list was issued on.
    pub issued: &'static str,
    pub head_of_delegation: &'static str,
    /// The heading of the people without a delegation, and their summary row.
    pub unassigned: &'static str,
    pub nobody: &'static str,
    pub summary: &'static str,
    pub category: &'static str,
    pub total: &'static str,
}

pub(super) fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &Words {
            list_of_participants: "List of Participants",
            issued: "Issued",
            head_of_delegation: "Head of Delegation",
            unassigned: "Other participants",
            nobody: "No participants to list.",
            summary: "Summary",
            category: "Category",
            total: "Total",
        },
        Language::Fr => &Words {
            list_of_participants: "Liste des participants",
            issued: "Établie le",
            head_of_delegation: "Chef de délégation",
            unassigned: "Autres participants",
            nobody: "Aucun participant à inscrire.",
            summary: "Récapitulatif",
            category: "Catégorie",
            total: "Total",
        },
        Language::Ru => &Words {
            list_of_participants: "Список участников",
            issued: "По состоянию на",
            head_of_delegation: "Глава делегации",
            unassigned: "Другие участники",
            nobody: "Участников нет.",
            summary: "Итоги",
            category: "Категория",
            total: "Всего",
        },
        Language::Es => &Words {
            list_of_participants: "Lista de participantes",
            issued: "Emitida el",
            head_of_delegation: "Jefe de delegación",
            unassigned: "Otros participantes",
            nobody: "No hay participantes.",
            summary: "Resumen",
            category: "Categoría",
            total: "Total",
        },
        Language::De => &Words {
            list_of_participants: "Teilnehmerliste",
            issued: "Stand:",
            head_of_delegation: "Delegationsleitung",
            unassigned: "Weitere Teilnehmende",
            nobody: "Keine Teilnehmenden.",
            summary: "Übersicht",
            category: "Kategorie",
            total: "Gesamt",
        },
    }
}

/// A category's heading.
pub(super) fn category(language: Language, category: Category) -> &'static str {
    use Category::*;
    // [en is the vocabulary's own label] fr, ru, es, de.
    let [fr, ru, es, de] = match category {
        HostState => [
            "Pays hôte – institutions de l’État",
            "Принимающая страна – государственные органы",
            "País anfitrión – instituciones del Estado",
            "Gastland – staatliche Stellen",
        ],
        HostCivilSociety => [
            "Pays hôte – société civile",
            "Принимающая страна – гражданское общество",
            "País anfitrión – sociedad civil",
            "Gastland – Zivilgesellschaft",
        ],
        ParticipatingState => [
            "États participants",
            "Государства-участники",
            "Estados participantes",
            "Teilnehmerstaaten",
        ],
        Partner => [
            "Partenaires pour la coopération",
            "Партнеры по сотрудничеству",
            "Socios para la cooperación",
            "Kooperationspartner",
        ],
        InternationalOrganisation => [
            "Organisations internationales",
            "Международные организации",
            "Organizaciones internacionales",
            "Internationale Organisationen",
        ],
        CivilSociety => [
            "Société civile / ONG",
            "Гражданское общество / НПО",
            "Sociedad civil / ONG",
            "Zivilgesellschaft / NGOs",
        ],
        Other => ["Autres", "Прочие", "Otros", "Sonstige"],
    };
    pick(language, category.label(), [fr, ru, es, de])
}

/// A gender as the summary's column heading.
pub(super) fn gender(language: Language, gender: Gender) -> &'static str {
    let [fr, ru, es, de] = match gender {
        Gender::Female => ["Femmes", "Женщины", "Mujeres", "Frauen"],
        Gender::Male => ["Hommes", "Мужчины", "Hombres", "Männer"],
        Gender::Other => ["Autre", "Другое", "Otro", "Divers"],
        Gender::Unspecified => [
            "Non précisé",
            "Не указано",
            "Sin especificar",
            "Keine Angabe",
        ],
    };
    pick(language, gender.label(), [fr, ru, es, de])
}

/// The kind of event, as the page's first line names it.
pub(super) fn kind(language: Language, kind: EventKind) -> &'static str {
    let [fr, ru, es, de] = match kind {
        EventKind::Seminar => ["Séminaire", "Семинар", "Seminario", "Seminar"],
        EventKind::Workshop => ["Atelier", "Практикум", "Taller", "Workshop"],
        EventKind::Conference => ["Conférence", "Конференция", "Conferencia", "Konferenz"],
        EventKind::Meeting => ["Réunion", "Совещание", "Reunión", "Sitzung"],
    };
    pick(language, kind.label(), [fr, ru, es, de])
}

fn pick(language: Language, en: &'static str, [fr, ru, es, de]: [&'static str; 4]) -> &'static str {
    match language {
        Language::En => en,
        Language::Fr => fr,
        Language::Ru => ru,
        Language::Es => es,
        Language::De => de,
    }
}

/// Months as a date writes them: Russian's in the genitive ("14 марта"), lower case
/// where the language writes them so.
fn month(language: Language, month: u32) -> &'static str {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const RU: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let table = match language {
        Language::En => &EN,
        Language::Fr => &FR,
        Language::Ru => &RU,
        Language::Es => &ES,
        Language::De => &DE,
    };
    table[(month - 1) as usize]
}

/// The day of the month as a date starts: "1er" in French, "14." in German.
fn day(language: Language, d: NaiveDate) -> String {
    match (language, d.day()) {
        (Language::Fr, 1) => "1er".to_string(),
        (Language::De, n) => format!("{n}."),
        (_, n) => n.to_string(),
    }
}

/// "14 mars", "14 марта", "14 de marzo", "14. März".
fn day_month(language: Language, d: NaiveDate) -> String {
    let of = if language == Language::Es {
        " de "
    } else {
        " "
    };
    format!("{}{of}{}", day(language, d), month(language, d.month()))
}

/// "14 mars 2026", "14 de marzo de 2026", "14. März 2026".
pub(super) fn full_date(language: Language, d: NaiveDate) -> String {
    if language == Language::En {
        return crate::domain::full_date(d, MonthStyle::Long);
    }
    let of = if language == Language::Es {
        " de "
    } else {
        " "
    };
    format!("{}{of}{}", day_month(language, d), d.year())
}

/// The days of an event: "14–15 mars 2026", "30 juin – 2 juillet 2026".
pub(super) fn date_range(language: Language, start: NaiveDate, end: NaiveDate) -> String {
    if language == Language::En {
        return crate::domain::date_range(start, end, MonthStyle::Long);
    }
    let end_date = full_date(language, end);
    if start == end {
        end_date
    } else if start.year() != end.year() {
        format!("{} – {end_date}", full_date(language, start))
    } else if start.month() != end.month() {
        format!("{} – {end_date}", day_month(language, start))
    } else {
        format!("{}–{end_date}", day(language, start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_each_language() {
        let (start, end) = (d(2026, 3, 14), d(2026, 3, 15));
        let cases = [
            (Language::En, "14–15 March 2026"),
            (Language::Fr, "14–15 mars 2026"),
            (Language::Ru, "14–15 марта 2026"),
            (Language::Es, "14–15 de marzo de 2026"),
            (Language::De, "14.–15. März 2026"),
        ];
        for (language, want) in cases {
            assert_eq!(date_range(language, start, end), want);
        }
        let (june, july) = (d(2026, 6, 30), d(2026, 7, 2));
        assert_eq!(
            date_range(Language::Fr, june, july),
            "30 juin – 2 juillet 2026"
        );
        assert_eq!(
            date_range(Language::Es, june, july),
            "30 de junio – 2 de julio de 2026"
        );
        assert_eq!(
            date_range(Language::De, june, july),
            "30. Juni – 2. Juli 2026"
        );
        assert_eq!(
            date_range(Language::Ru, d(2026, 12, 31), d(2027, 1, 1)),
            "31 декабря 2026 – 1 января 2027"
        );
        assert_eq!(full_date(Language::Fr, d(2026, 8, 1)), "1er août 2026");
    }

    #[test]
    fn every_word_is_written_in_each_language() {
        use strum::IntoEnumIterator;
        for language in Language::ALL {
            for c in Category::iter() {
                assert!(!category(language, c).is_empty());
            }
            assert!(!words(language).list_of_participants.is_empty());
        }
        assert_eq!(
            category(Language::Fr, Category::ParticipatingState),
            "États participants"
        );
        assert_eq!(category(Language::En, Category::Other), "Other");
    }
}
