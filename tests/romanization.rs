//! Names are found the way people spell them: a name stored in Cyrillic by each of its
//! common romanizations (the standards' tables, letter by letter, and everyday habits),
//! and a Latin name by its Cyrillic spelling. Each row searches a one-person list with
//! the spelling as the query, as the Desk does, and must find the person literally
//! (not as a fuzzy "close spelling").

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use rollcall::domain::fold::skeleton;
use rollcall::search::{Hits, Searcher, search_key};

/// (stored, typed, where the spelling comes from)
const SPELLINGS: &[(&str, &str, &str)] = &[
    // Russian: ICAO Doc 9303, in Russian passports since 2013.
    ("Юлия", "Iuliia", "ICAO 9303: ю → iu, я → ia"),
    ("Щеглова", "Shcheglova", "ICAO 9303: щ → shch"),
    ("Андрей", "Andrei", "ICAO 9303: й → i"),
    ("Артём", "Artem", "ICAO 9303: ё → e"),
    ("Игорь Ильин", "Igor Ilin", "ICAO 9303: ь omitted"),
    ("Васильева", "Vasileva", "ICAO 9303: ье → e"),
    ("Хабибуллин", "Khabibullin", "ICAO 9303: х → kh"),
    ("Цветкова", "Tsvetkova", "ICAO 9303: ц → ts"),
    ("Журавлёв", "Zhuravlev", "ICAO 9303: ж → zh, ё → e"),
    ("Дмитрий", "Dmitrii", "ICAO 9303: ий → ii"),
    ("Наталья", "Natalia", "ICAO 9303: ья → ia"),
    ("Евгений", "Evgenii", "ICAO 9303: е → e"),
    ("Ксения", "Kseniia", "ICAO 9303: ия → iia"),
    ("Чернышёв", "Chernyshev", "ICAO 9303: ч → ch, ы → y"),
    ("Мадыр Чёткий", "Madyr Chetkii", "ICAO 9303 (iuliia sample)"),
    (
        "Оксана Клеёнкина",
        "Oksana Kleenkina",
        "ICAO 9303 (iuliia sample)",
    ),
    (
        "Гайа Васильева",
        "Gaia Vasileva",
        "ICAO 9303 (iuliia sample)",
    ),
    // Russian: GOST R 52535.1-2006, in passports 2010–2013.
    ("Цветкова", "Tcvetkova", "GOST 52535: ц → tc"),
    ("Французова", "Frantcuzova", "GOST 52535: ц → tc"),
    // Russian: BGN/PCGN.
    ("Хаддад", "Khaddad", "BGN/PCGN Russian: х → kh"),
    ("Юлия", "Yuliya", "BGN/PCGN: ю → yu, я → ya"),
    ("Елизавета", "Yelizaveta", "BGN/PCGN: initial е → ye"),
    ("Андреев", "Andreyev", "BGN/PCGN: е after a vowel → ye"),
    ("Фёдор", "Fëdor", "BGN/PCGN: ё → ë"),
    ("Пётр", "Pëtr", "BGN/PCGN: ё → ë"),
    ("Сергей", "Sergey", "BGN/PCGN: й → y"),
    ("Дарья", "Dar’ya", "BGN/PCGN: ь → ’"),
    ("Юрьев", "Yur’yev", "BGN/PCGN (iuliia sample)"),
    ("Объедков", "Ob”yedkov", "BGN/PCGN: ъ → ”"),
    ("Озёрный", "Ozërnyy", "BGN/PCGN: ый → yy"),
    ("Щербаков", "Shcherbakov", "BGN/PCGN: щ → shch"),
    ("Джамбул", "Dzhambul", "BGN/PCGN: дж → dzh"),
    (
        "Вяртсиля",
        "Vyart·silya",
        "BGN/PCGN: т·с, kept apart from ц",
    ),
    (
        "Ташчишма",
        "Tash·chishma",
        "BGN/PCGN: ш·ч, kept apart from щ",
    ),
    ("Мейеровка", "Meyyerovka", "BGN/PCGN (iuliia sample)"),
    ("Змииёвка", "Zmiiyëvka", "BGN/PCGN (iuliia sample)"),
    // Russian: MVD 310-1997 and 782-2000 (older passports), Wikipedia, habit.
    ("Игорь Ильин", "Igor' Ilyin", "MVD 782-2000: ь → ', ьи → yi"),
    ("Артём", "Artyem", "MVD 782-2000: ё after a consonant → ye"),
    ("Васильева", "Vasilyeva", "MVD 310-1997: ье → ye"),
    ("Евгений", "Yevgeny", "Wikipedia: initial е → ye, ий → y"),
    ("Ильинский", "Ilyinsky", "Wikipedia (iuliia sample)"),
    ("Великий", "Veliky", "Wikipedia: ий → y"),
    ("Фёдор", "Fyodor", "everyday: ё → yo"),
    ("Пётр", "Pyotr", "everyday: ё → yo"),
    ("Алексей", "Alexey", "everyday: кс → x"),
    ("Ксения", "Xenia", "everyday: кс → x"),
    ("Васильев", "Vasiliev", "everyday: ье → ie"),
    ("Щербаков", "Scherbakov", "everyday: щ → sch"),
    ("Щербаков", "Sherbakov", "everyday: щ → sh"),
    ("Хабаров", "Habarov", "everyday: х → h"),
    ("Михаил", "Mihail", "everyday: х → h"),
    ("Юлия", "Yulia", "everyday: я → a after и"),
    ("Сергей", "Sergei", "ICAO 9303 and habit: й → i"),
    // Mongolian: MNS 5217:2012 (passports), BGN/PCGN Mongolian, habit.
    ("Дорж", "Dorj", "MNS 5217:2012: ж → j"),
    ("Дорж", "Dorzh", "BGN/PCGN Mongolian: ж → zh"),
    ("Пүрэв", "Pürev", "MNS 5217:2012: ү → ü"),
    ("Пүрэв", "Purev", "MNS 5217:2012 ü; everyday u"),
    ("Өлзий", "Ölzii", "MNS 5217:2012: ө → ö, ий → ii"),
    ("Өлзий", "Ulzii", "everyday: ө → u"),
    ("Өлзий", "Olzii", "everyday: ө → o"),
    ("Өлзий", "Ulzi", "everyday: ий → i"),
    ("Мөнхбат", "Mönkhbat", "MNS 5217:2012: ө → ö, х → kh"),
    ("Мөнхбат", "Munkhbat", "everyday: ө → u"),
    ("Мөнхбат", "Monkhbat", "everyday: ө → o"),
    ("Мөнхбат", "Munhbat", "everyday: х → h"),
    ("Хүрэлсүх", "Khürelsükh", "MNS 5217:2012"),
    ("Хүрэлсүх", "Khurelsukh", "everyday: ү → u"),
    ("Хүрэлсүх", "Hurelsuh", "everyday: х → h"),
    (
        "Сүхбаатар",
        "Sühbaatar",
        "BGN/PCGN Mongolian 1964: х → h, ү → ü",
    ),
    ("Цэрэнцоо", "Tserentsoo", "MNS 5217:2012: ц → ts, э → e"),
    ("Батцэцэг", "Battsetseg", "MNS 5217:2012"),
    ("Жаргал", "Jargal", "MNS 5217:2012: ж → j"),
    ("Жаргал", "Zhargal", "BGN/PCGN Mongolian: ж → zh"),
    ("Ёндон", "Yondon", "MNS 5217:2012: ё → yo"),
    ("Энхбаяр", "Enkhbayar", "MNS 5217:2012: я → ya"),
    ("Энхбаяр", "Enhbayar", "everyday: х → h"),
    ("Баярсайхан", "Bayarsaikhan", "MNS 5217:2012: й → i"),
    ("Баярсайхан", "Bayarsaykhan", "BGN/PCGN Mongolian: й → y"),
    ("Лхагвасүрэн", "Lhagvasuren", "everyday: х → h, ү → u"),
    ("Тэмүүжин", "Temüüjin", "MNS 5217:2012: үү → üü"),
    ("Тэмүүжин", "Temuujin", "everyday"),
    ("Чингис", "Chinggis", "MNS 5217:2012 habit: нг → ngg"),
    ("Нямдорж", "Niamdorj", "ICAO-like: я → ia"),
    ("Оюунчимэг", "Oyuunchimeg", "MNS 5217:2012: ю → yu"),
    ("Ганхуяг", "Ganhuyag", "everyday: х → h"),
    // Kazakh: passports (ICAO-like), BGN/PCGN 1979, the Latin alphabet of 2021.
    ("Қайрат", "Kairat", "Kazakh passports: қ → k, й → i"),
    ("Қайрат", "Qairat", "Kazakh Latin 2021: қ → q"),
    ("Қайрат", "Qayrat", "BGN/PCGN Kazakh: қ → q, й → y"),
    ("Нұрлан", "Nurlan", "Kazakh passports: ұ → u"),
    ("Нұрлан", "Nūrlan", "Kazakh Latin 2021: ұ → ū"),
    ("Әлия", "Aliya", "everyday: ә → a"),
    ("Әлия", "Äliia", "Kazakh Latin 2021: ә → ä, я → ia"),
    ("Ғалым", "Galym", "Kazakh passports: ғ → g"),
    ("Ғалым", "Ğalym", "Kazakh Latin 2021: ғ → ğ"),
    ("Ғалым", "Ghalym", "BGN/PCGN Kazakh: ғ → gh"),
    ("Жаңабек", "Zhanabek", "Kazakh passports: ң → n"),
    ("Жаңабек", "Zhangabek", "BGN/PCGN Kazakh: ң → ng"),
    ("Жаңабек", "Jañabek", "Kazakh Latin 2021: ж → j, ң → ñ"),
    ("Өмірзақ", "Omirzak", "Kazakh passports: ө → o, і → i"),
    ("Өмірзақ", "Ömirzaq", "Kazakh Latin 2021: ө → ö, қ → q"),
    ("Қаһарман", "Qaharman", "Kazakh Latin 2021: һ → h"),
    ("Айгүл", "Aigul", "Kazakh passports: ү → u"),
    ("Айгүл", "Aygül", "BGN/PCGN Kazakh: ү → ü"),
    ("Ерлан", "Yerlan", "Kazakh passports: initial е → ye"),
    ("Ерлан", "Erlan", "Kazakh Latin 2021: е → e"),
    // Kyrgyz: passports, BGN/PCGN 1979, habit.
    ("Жээнбеков", "Jeenbekov", "Kyrgyz passports: ж → j"),
    ("Жээнбеков", "Zheenbekov", "BGN/PCGN Kyrgyz: ж → zh"),
    ("Айжан", "Aizhan", "Kyrgyz passports: й → i"),
    ("Айжан", "Ayjan", "everyday: ж → j"),
    ("Бакыт", "Bakyt", "BGN/PCGN Kyrgyz: ы → y"),
    ("Бакыт", "Bakit", "everyday: ы → i"),
    ("Абдырахманова", "Abdirahmanova", "everyday: ы → i, х → h"),
    ("Жаңыл", "Zhangyl", "BGN/PCGN Kyrgyz: ң → ng"),
    ("Жаңыл", "Janyl", "everyday: ң → n"),
    ("Өмүрбек", "Omurbek", "Kyrgyz passports: ө → o, ү → u"),
    ("Өмүрбек", "Ömürbek", "BGN/PCGN Kyrgyz: ө → ö, ү → ü"),
    // Ukrainian: the national system of 2010.
    (
        "Юлія",
        "Yuliia",
        "Ukrainian 2010: ю → yu, я → ia after a consonant",
    ),
    ("Олексій", "Oleksii", "Ukrainian 2010: ій → ii"),
    ("Їжак", "Yizhak", "Ukrainian 2010: ї → yi"),
    // Latin stored, Cyrillic typed.
    ("Haddad", "Хаддад", "Russian for a Latin name: h → х"),
    ("Carter", "Картер", "Russian for a Latin name: c → к"),
    ("Kelly", "Келли", "Russian for a Latin name: y → и"),
    ("Reynolds", "Рейнольдс", "Russian for a Latin name: ey → ей"),
    ("Lindqvist", "Линдквист", "Russian for a Latin name: q → к"),
    ("Washington", "Вашингтон", "Russian for a Latin name: w → в"),
    ("Wolfgang", "Вольфганг", "Russian for a Latin name: w → в"),
    ("Max", "Макс", "Russian for a Latin name: x → кс"),
    (
        "Tserendorj",
        "Цэрэндорж",
        "Mongolian typed for MNS 5217 stored",
    ),
    (
        "Jargalsaikhan",
        "Жаргалсайхан",
        "Mongolian typed for MNS 5217 stored",
    ),
    ("Dashdorj", "Дашдорж", "Mongolian typed for MNS 5217 stored"),
];

/// What typing `typed` finds among one person called `stored`.
fn search(stored: &str, typed: &str) -> Hits {
    Searcher::default().rank(typed, &[search_key([stored])], 0..1)
}

fn found(stored: &str, typed: &str) -> Result<(), String> {
    let hits = search(stored, typed);
    if hits.indices != [0] {
        return Err("not found".into());
    }
    if hits.fuzzy {
        return Err("found only as a close spelling".into());
    }
    Ok(())
}

#[test]
fn every_romanization_finds_the_name() {
    assert!(SPELLINGS.len() >= 80, "{} rows", SPELLINGS.len());
    let failures: Vec<String> = SPELLINGS
        .iter()
        .filter_map(|(stored, typed, source)| {
            found(stored, typed).err().map(|why| {
                format!(
                    "{typed:?} → {stored:?} ({source}): {why}; skeletons {:?} and {:?}",
                    skeleton(typed),
                    skeleton(stored)
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_other_way_round_too() {
    // A romanization stored (as imports often have it), the name typed in Cyrillic or
    // in another romanization.
    let failures: Vec<String> = SPELLINGS
        .iter()
        .filter_map(|(stored, typed, source)| {
            found(typed, stored)
                .err()
                .map(|why| format!("{stored:?} → {typed:?} ({source}): {why}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn different_names_stay_apart() {
    for (stored, typed) in [
        ("Иванов", "Petrov"),
        ("Дорж", "Bold"),
        ("Haddad", "Хадид"),
        ("Батцэцэг", "Batsaikhan"),
        ("Шагдар", "Chagdar"),
        ("Жаргал", "Dargal"),
    ] {
        let hits = search(stored, typed);
        assert!(
            hits.indices.is_empty() || hits.fuzzy,
            "{typed:?} found {stored:?} literally"
        );
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        rng_seed: RngSeed::Fixed(5217),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Names as they are written: Latin with the letters the rules are about, Russian,
/// Mongolian, Kazakh and Kyrgyz letters, and the marks that come between them.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z]{0,3}[cdghijknostuyzCDHKSYZ'’· -]{0,10}",
        3 => "[абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКХЦЧШЩЭЮЯөүңәғқұһіӨҮ -]{0,12}",
        2 => "[a-zабвгджзийкхцчшщъыьёеюяөүң'ʼ·-]{0,12}",
        1 => "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_skeleton_is_lower_case_ascii_words_and_its_own_skeleton(s in name()) {
        let once = skeleton(&s);
        prop_assert!(
            once.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '),
            "{once:?}"
        );
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        prop_assert_eq!(skeleton(&once), once.clone(), "skeleton of {:?}", s);
    }

    /// Typed one letter at a time, a name is found at every letter: "lk" finds Lkhagva
    /// although the skeleton of "lkh" is "lh".
    #[test]
    fn every_beginning_of_a_name_finds_it(s in name()) {
        let keys = [search_key([s.as_str()])];
        let mut searcher = Searcher::default();
        let mut typed = String::new();
        for c in s.chars() {
            typed.push(c);
            let hits = searcher.rank(&typed, &keys, 0..1);
            prop_assert!(
                hits.indices == [0] && !hits.fuzzy,
                "{:?} does not find {:?} ({:?} in {:?})",
                typed, s, skeleton(&typed), skeleton(&s)
            );
        }
    }
}
