//! Tables of queries and the people they must find, in the order a volunteer expects.

use super::query::Query;
use super::*;
use crate::domain::fold::fold;

fn keys() -> Vec<Box<str>> {
    [
        vec![
            "Battsetseg",
            "Batmunkh",
            "Батмөнхийн Батцэцэг",
            "Ministry of Foreign Affairs",
            "Mongolia – state agencies",
            "1",
        ],
        vec![
            "Nurlan",
            "Asanov",
            "Асанов Нурлан",
            "Ministry of Internal Affairs",
            "Kyrgyzstan",
            "40",
        ],
        vec!["José", "García", "", "Guardia Civil", "Spain", "55"],
        vec!["Kelly", "Murray", "", "RCMP", "Canada", "60"],
    ]
    .into_iter()
    .map(search_key)
    .collect()
}

fn names(query: &str) -> (Vec<u32>, bool) {
    let keys = keys();
    let hits = Searcher::default().rank(query, &keys, 0..keys.len() as u32);
    (hits.indices, hits.fuzzy)
}

#[test]
fn matching_table() {
    let cases: &[(&str, &[u32], bool)] = &[
        ("battsetseg", &[0], false),
        ("Батцэцэг", &[0], false),
        ("asanov", &[1], false),
        ("Асанов", &[1], false),
        ("jose", &[2], false),
        ("JOSÉ garc", &[2], false),
        ("kyr", &[1], false),
        ("batsetseg", &[0], true),
        ("55", &[2], false),
        ("zzzz", &[], true),
        // Romanized and Cyrillic spellings of the same names.
        ("batmonkh", &[0], false),
        ("Батмунх", &[0], false),
        ("Kirgizstan", &[1], false),
        ("Келли", &[3], false),
    ];
    for (query, want, fuzzy) in cases {
        assert_eq!(names(query), (want.to_vec(), *fuzzy), "query {query:?}");
    }
}

#[test]
fn empty_query_keeps_everyone_in_order() {
    assert_eq!(names("  "), (vec![0, 1, 2, 3], false));
    assert_eq!(names("'’ь"), (vec![0, 1, 2, 3], false));
}

fn ranked(keys: &[&str], query: &str) -> Vec<u32> {
    let keys: Vec<Box<str>> = keys.iter().map(|k| search_key([*k])).collect();
    let hits = Searcher::default().rank(query, &keys, 0..keys.len() as u32);
    assert!(!hits.fuzzy, "{query:?} matched literally");
    hits.indices
}

#[test]
fn word_starts_rank_first() {
    assert_eq!(
        ranked(&["Sivanova Anna", "Ivanov Petr"], "ivan"),
        vec![1, 0],
        "a word that starts with the query wins"
    );
    assert_eq!(
        ranked(&["Ivanova Anna", "Ivan Petrov"], "ivan"),
        vec![1, 0],
        "a whole word beats a word start"
    );
}

#[test]
fn every_word_counts_in_the_rank() {
    // The sum of the words' tiers: two whole words (0 + 0) before a whole word and
    // a word start (0 + 1), before two word starts (1 + 1).
    let keys = ["Boldbaatar Dorjsuren", "Bold Dorjsuren", "Bold Dorj"];
    assert_eq!(ranked(&keys, "bold dorj"), vec![2, 1, 0]);
}

#[test]
fn live_search_narrows_and_widens() {
    let keys = keys();
    let mut searcher = Searcher::default();
    let mut live = LiveSearch::default();
    live.update("m", &keys, &mut searcher);
    let broad = live.hits().indices.len();
    live.update("mu", &keys, &mut searcher);
    // u and o are one letter to the skeleton (ө is written either way), so "mu"
    // starts Mongolia as it starts Murray: both word starts, in list order.
    assert_eq!(live.hits().indices, vec![0, 3]);
    live.update("mur", &keys, &mut searcher);
    assert_eq!(live.hits().indices, vec![3]);
    // Deleting a character widens the search again.
    live.update("m", &keys, &mut searcher);
    assert_eq!(live.hits().indices.len(), broad);
}

#[test]
fn an_unfinished_spelling_narrows_only_when_it_can() {
    let keys: Vec<Box<str>> = ["Lkhagva", "Lkoy", "Sukhbat", "Sukbat"]
        .into_iter()
        .map(|k| search_key([k]))
        .collect();
    let mut searcher = Searcher::default();
    let mut live = LiveSearch::default();
    for (query, want) in [
        ("l", vec![0, 1]),
        // "lk" may become "lkh", whose skeleton is "lh": Lkhagva stays.
        ("lk", vec![1, 0]),
        ("lkh", vec![0]),
        ("lkha", vec![0]),
        ("su", vec![2, 3]),
        ("suk", vec![3, 2]),
        ("sukh", vec![2]),
    ] {
        live.update(query, &keys, &mut searcher);
        assert_eq!(live.hits().indices, want, "live {query:?}");
        let fresh = searcher.rank(query, &keys, 0..keys.len() as u32);
        assert_eq!(live.hits(), &fresh, "fresh {query:?}");
    }
}

#[test]
fn highlight_maps_back_to_the_original_script() {
    let mut s = Searcher::default();
    assert_eq!(s.highlight("batts", "Батцэцэг", false), vec![0, 1, 2, 3]);
    assert_eq!(s.highlight("jose", "José García", false), vec![0, 1, 2, 3]);
    assert_eq!(s.highlight("", "José", false), Vec::<usize>::new());
    assert_eq!(
        s.highlight("haddad", "Хаддад", false),
        vec![0, 1, 2, 3, 4, 5]
    );
    // kh → h: the h of the skeleton lights both letters.
    assert_eq!(
        s.highlight("haddad", "Amir Khaddad", false),
        vec![5, 6, 7, 8, 9, 10, 11]
    );
    assert_eq!(
        s.highlight("Хаддад", "Haddad", false),
        vec![0, 1, 2, 3, 4, 5]
    );
    // The whole word, not the first place the letters occur.
    assert_eq!(
        s.highlight("dorj", "Tserendorj Dorj", false),
        vec![11, 12, 13, 14]
    );
    // Each word where it is best seen.
    assert_eq!(s.highlight("b d", "Bold Dorj", false), vec![0, 5]);
}

#[test]
fn live_search_highlights_as_a_fresh_highlight() {
    let keys = keys();
    let mut searcher = Searcher::default();
    let mut live = LiveSearch::default();
    for query in [
        "",
        "batts",
        "jose garc",
        "batsetseg",
        "zzzz",
        "b m",
        "Асанов",
    ] {
        live.update(query, &keys, &mut searcher);
        let fuzzy = live.hits().fuzzy;
        for text in ["Батцэцэг Batmunkh", "José García", "Nurlan ASANOV", "RCMP"] {
            assert_eq!(
                live.highlight(&mut searcher, text),
                searcher.highlight(query, text, fuzzy),
                "{query:?} in {text:?}"
            );
            assert_eq!(
                live.highlight_literally(text),
                searcher.highlight(query, text, false),
                "{query:?} in {text:?}"
            );
        }
    }
}

fn matches_literally(query: &str, text: &str) -> bool {
    Query::parse(query).matches_literally(text)
}

#[test]
fn matches_literally_tells_which_field_matched() {
    assert!(matches_literally("dorj", "Дорж"));
    assert!(matches_literally("police dorj", "Toronto Police Service"));
    assert!(matches_literally("0042", "badge 0042"));
    assert!(!matches_literally("dorj", "Toronto Police Service"));
    assert!(!matches_literally("", "anything"));
}

/// The sample seminar's people as the registry lists them (by family name), with
/// their keys: names, then organisation, delegation, badge and e-mail.
fn sample(extra: &[[&str; 3]]) -> (Vec<String>, Vec<Box<str>>) {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("../../assets/demo/ulaanbaatar-2017.json"))
            .expect("sample");
    let delegations: std::collections::HashMap<&str, &str> = json["delegations"]
        .as_array()
        .expect("delegations")
        .iter()
        .map(|d| (d["key"].as_str().unwrap(), d["name"].as_str().unwrap()))
        .collect();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let mut people: Vec<[String; 7]> = json["attendees"]
        .as_array()
        .expect("attendees")
        .iter()
        .map(|a| {
            let delegation = a["delegation"].as_str().unwrap_or("");
            [
                text(&a["given_name"]),
                text(&a["family_name"]),
                text(&a["native_name"]),
                text(&a["organisation"]),
                delegations
                    .get(delegation)
                    .copied()
                    .unwrap_or("")
                    .to_string(),
                a["badge"]
                    .as_u64()
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                text(&a["email"]),
            ]
        })
        .collect();
    for (n, [given, family, native]) in extra.iter().enumerate() {
        people.push([
            given.to_string(),
            family.to_string(),
            native.to_string(),
            String::new(),
            String::new(),
            (900 + n).to_string(),
            String::new(),
        ]);
    }
    people.sort_by_key(|p| (fold(&p[1]), fold(&p[0])));
    let names = people
        .iter()
        .map(|p| format!("{} {}", p[0], p[1].to_uppercase()))
        .collect();
    let keys = people
        .iter()
        .map(|p| {
            person_search_key(
                p[..3].iter().map(String::as_str),
                p[3..].iter().map(String::as_str),
            )
        })
        .collect();
    (names, keys)
}

fn sample_hits(extra: &[[&str; 3]], query: &str) -> Vec<String> {
    let (names, keys) = sample(extra);
    let hits = Searcher::default().rank(query, &keys, 0..keys.len() as u32);
    assert!(!hits.fuzzy, "{query:?} matched literally");
    hits.indices
        .iter()
        .map(|&i| names[i as usize].clone())
        .collect()
}

fn position(hits: &[String], name: &str) -> usize {
    hits.iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{name} not in {hits:?}"))
}

#[test]
fn a_family_name_beats_a_given_name_that_starts_with_it() {
    let hits = sample_hits(&[], "lkhagva");
    assert_eq!(hits[0], "Erdenechimeg LKHAGVA", "{hits:?}");
    assert!(position(&hits, "Lkhagvasuren ENKHBOLD") > 0);
    let hits = sample_hits(&[], "purev");
    assert_eq!(hits[0], "Sukhbat PUREV", "{hits:?}");
    assert!(position(&hits, "Purevdorj GANKHUYAG") > 0);
}

#[test]
fn a_name_beats_an_organisation() {
    let hits = sample_hits(&[], "gene");
    assert_eq!(hits[0], "Geneviève TREMBLAY", "{hits:?}");
    // Everyone else matched by "General …" alone.
    assert!(hits.len() > 5, "{hits:?}");
    let hits = sample_hits(&[], "police");
    assert!(hits.len() > 5, "{hits:?}");
}

#[test]
fn dorj_finds_the_cyrillic_name_as_a_whole_word_first() {
    let hits = sample_hits(&[["Болд", "Дорж", ""]], "dorj");
    assert_eq!(hits[0], "Болд ДОРЖ", "{hits:?}");
    for name in [
        "Ganbaatar TSERENDORJ",
        "Erdenebileg DASHDORJ",
        "Otgonbayar NYAMDORJ",
        "Purevdorj GANKHUYAG",
    ] {
        position(&hits, name);
    }
    // And the other way round: Cyrillic typed, Latin stored.
    let hits = sample_hits(&[], "Цэрэндорж");
    assert_eq!(hits[0], "Ganbaatar TSERENDORJ", "{hits:?}");
}

#[test]
fn cyrillic_typed_finds_a_latin_name() {
    assert_eq!(sample_hits(&[], "хаддад"), vec!["Amir HADDAD"]);
    assert_eq!(sample_hits(&[], "Картер"), vec!["Denise CARTER"]);
    assert_eq!(sample_hits(&[], "Khaddad"), vec!["Amir HADDAD"]);
}

#[test]
fn a_badge_number_finds_its_person_first() {
    let hits = sample_hits(&[], "4");
    assert_eq!(hits[0], "Oyunchimeg GANBOLD", "badge 4: {hits:?}");
    let hits = sample_hits(&[], "45");
    assert_eq!(hits, vec!["Geneviève TREMBLAY"]);
    let hits = sample_hits(&[], "1");
    assert_eq!(
        hits[0], "Battsetseg BATMUNKH",
        "badge 1 before 10–19: {hits:?}"
    );
    assert!(hits.len() > 10);
}

#[test]
fn typing_a_name_letter_by_letter_never_loses_the_person() {
    let (names, keys) = sample(&[["Болд", "Дорж", ""]]);
    let mut searcher = Searcher::default();
    for (typed, who) in [
        ("Lkhagvasuren", "Lkhagvasuren ENKHBOLD"),
        ("Khurelbaatar", "Munkhbayar KHURELBAATAR"),
        ("Хүрэлбаатар", "Munkhbayar KHURELBAATAR"),
        ("Zhargalsaikhan", "Khishigbayar JARGALSAIKHAN"),
        ("Dzhargalsaikhan", "Khishigbayar JARGALSAIKHAN"),
        ("Byambadorzh", "Byambadorj TUMENDELGER"),
        ("Shcherbakov", "no one"),
        ("Dorzh", "Болд ДОРЖ"),
        ("Tsetsegmaa", "Tsetsegmaa DAVAA"),
        ("Yadam", "Oyuntsetseg YADAM"),
        ("Ölziimaa", "Ulziimaa DUGAR"),
    ] {
        let mut live = LiveSearch::default();
        let mut query = String::new();
        let mut found = true;
        for c in typed.chars() {
            query.push(c);
            live.update(&query, &keys, &mut searcher);
            let fresh = searcher.rank(&query, &keys, 0..keys.len() as u32);
            assert_eq!(live.hits(), &fresh, "{query:?}: live and fresh differ");
            let hit = live
                .hits()
                .indices
                .iter()
                .any(|&i| names[i as usize] == who);
            if who != "no one" {
                assert!(hit && !live.hits().fuzzy, "{query:?} lost {who}");
            }
            found &= hit;
        }
        assert!(found || who == "no one");
    }
}

/// Not a test of speed (no clock is asserted): prints how long ranking 100,000
/// generated keys takes. `cargo test --lib search::tests::timing -- --ignored
/// --nocapture` (a debug build: an optimised one is many times faster).
#[test]
#[ignore]
fn timing() {
    let syllables = [
        "bat", "dorj", "khu", "tse", "gan", "erd", "ene", "sukh", "bayar", "maa", "tog", "ochir",
        "nyam", "jav", "lkha", "gva", "sur", "en", "bold", "munkh",
    ];
    let mut seed = 2017u32;
    let mut word = |n: usize| {
        let mut w = String::new();
        for _ in 0..n {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            w.push_str(syllables[(seed >> 16) as usize % syllables.len()]);
        }
        w
    };
    let started = std::time::Instant::now();
    let keys: Vec<Box<str>> = (0..100_000)
        .map(|i| {
            let (given, family) = (word(3), word(2));
            let native = format!("Батмөнхийн {given}");
            let badge = i.to_string();
            let email = format!("{given}.{family}@police.gov.mn");
            person_search_key(
                [given.as_str(), family.as_str(), native.as_str()],
                [
                    "General Police Department of Mongolia",
                    "Mongolia – state agencies",
                    badge.as_str(),
                    email.as_str(),
                ],
            )
        })
        .collect();
    println!("100,000 keys built in {:?}", started.elapsed());
    let mut searcher = Searcher::default();
    for query in [
        "a",
        "b",
        "ba",
        "bat",
        "lkhagva",
        "dorj bat",
        "хаддад",
        "12345",
        "zzqx",
    ] {
        let started = std::time::Instant::now();
        let hits = searcher.rank(query, &keys, 0..keys.len() as u32);
        println!(
            "{query:>10}: {:>6} hits{} in {:?}",
            hits.indices.len(),
            if hits.fuzzy { " (fuzzy)" } else { "" },
            started.elapsed()
        );
    }
}
