//! Property tests (proptest, seeded and bounded) over the code that takes anything a
//! person types or a file holds: the matcher's query path, name folding, the inert
//! text filter, and the import parser — with arbitrary bytes, Windows-1252 and UTF-16
//! files, which must be refused with a clear error, never imported as mojibake.

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use rollcall::domain::fold::fold;
use rollcall::search::{LiveSearch, Searcher, search_key};
use rollcall::store::{ImportSnapshot, Store};
use rollcall::transfer::import::{self, ImportError, ImportOptions};
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        rng_seed: RngSeed::Fixed(2017),
        // Failures are reported in the output; no files are written beside the tests.
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    }
}

/// Text as people type it: mostly from a few letters (so that queries and keys meet),
/// sometimes any printable Unicode, sometimes anything at all (controls included).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[abctsx ]{0,10}",
        3 => "\\PC{0,16}",
        2 => any::<String>(),
        1 => "[Бaтцэéß'·\u{301}\u{200d}🇲🇳 -]{0,8}",
    ]
}

/// Search keys as the app builds them, from one to three fields.
fn keys() -> impl Strategy<Value = Vec<Box<str>>> {
    prop::collection::vec(prop::collection::vec(text(), 1..4), 0..12).prop_map(|records| {
        records
            .iter()
            .map(|fields| search_key(fields.iter().map(String::as_str)))
            .collect()
    })
}

/// The characters a terminal could act on or that reorder text.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'
            | '\u{061c}' | '\u{2028}' | '\u{2029}')
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rank_returns_a_subset_of_the_candidates(
        query in text(),
        keys in keys(),
        picked in prop::collection::btree_set(0u32..16, 0..16),
    ) {
        let mut searcher = Searcher::default();
        // Candidates may name rows past the end (a list that just shrank).
        let candidates: Vec<u32> = picked.iter().copied().collect();
        let hits = searcher.rank(&query, &keys, candidates.iter().copied());
        let unique: BTreeSet<u32> = hits.indices.iter().copied().collect();
        prop_assert_eq!(unique.len(), hits.indices.len(), "a row listed twice");
        prop_assert!(unique.is_subset(&picked), "{:?} ⊄ {:?}", hits.indices, picked);
        if fold(&query).is_empty() {
            prop_assert_eq!(&hits.indices, &candidates, "an empty query keeps the list");
        } else {
            prop_assert!(hits.indices.iter().all(|i| (*i as usize) < keys.len()));
        }
    }

    #[test]
    fn rank_never_panics_on_raw_unicode_keys(
        query in text(),
        keys in prop::collection::vec(text(), 0..10),
    ) {
        // Keys are meant to be folded (ASCII); raw ones must still not crash anything.
        let mut searcher = Searcher::default();
        let hits = searcher.rank(&query, &keys, 0..keys.len() as u32);
        prop_assert!(hits.indices.iter().all(|i| (*i as usize) < keys.len()));
    }

    #[test]
    fn live_search_agrees_with_a_fresh_search_whenever_something_matches_literally(
        typed in text(),
        keys in keys(),
    ) {
        let mut searcher = Searcher::default();
        let mut live = LiveSearch::default();
        let mut query = String::new();
        for c in typed.chars() {
            query.push(c);
            live.update(&query, &keys, &mut searcher);
            let fresh = searcher.rank(&query, &keys, 0..keys.len() as u32);
            prop_assert!(live.hits().indices.iter().all(|i| (*i as usize) < keys.len()));
            if !fresh.fuzzy {
                prop_assert_eq!(&live.hits().indices, &fresh.indices, "query {:?}", query);
            }
        }
    }

    #[test]
    fn highlight_positions_are_chars_of_the_text_in_order(
        query in text(),
        shown in text(),
        fuzzy in any::<bool>(),
    ) {
        let mut searcher = Searcher::default();
        let positions = searcher.highlight(&query, &shown, fuzzy);
        let chars = shown.chars().count();
        prop_assert!(positions.iter().all(|p| *p < chars), "{positions:?} in {chars} chars");
        prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }

    #[test]
    fn fold_gives_lower_case_ascii_words_and_is_idempotent(s in text()) {
        let folded = fold(&s);
        prop_assert!(
            folded.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '),
            "{folded:?}"
        );
        prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "));
        prop_assert_eq!(fold(&folded), folded.clone());
    }

    #[test]
    fn inert_text_holds_nothing_a_terminal_acts_on(s in any::<String>()) {
        let safe = rollcall::inert(&s);
        prop_assert!(!safe.chars().any(is_unsafe), "{safe:?}");
        // One character for one: columns stay where they were.
        prop_assert_eq!(safe.chars().count(), s.chars().count());
        let again = rollcall::inert(&safe).into_owned();
        prop_assert_eq!(again.as_str(), safe.as_ref());
        if !s.chars().any(is_unsafe) {
            prop_assert_eq!(safe.as_ref(), s.as_str());
        }
    }
}

// ---- the import parser ----

/// The sample seminar's import snapshot (taken once; plain data).
fn snapshot() -> &'static ImportSnapshot {
    static SNAPSHOT: OnceLock<ImportSnapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create_or_open(&dir.path().join("fuzz.db")).unwrap();
        rollcall::demo::write_sample(&mut store).unwrap();
        let event = store.event_by_code("ulaanbaatar-2017").unwrap();
        store.import_snapshot(event.id).unwrap()
    })
}

fn check(name: &str, bytes: &[u8]) -> Result<import::ImportPlan, ImportError> {
    import::check(
        name,
        bytes,
        snapshot(),
        &ImportOptions::default(),
        &mut |_| {},
    )
}

/// A refusal is one line that names the file.
fn one_line_naming(e: &ImportError, name: &str) -> Result<(), TestCaseError> {
    let message = e.to_string();
    prop_assert!(message.contains(name), "{message}");
    prop_assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{message:?}"
    );
    Ok(())
}

/// Windows-1252 letters a European file holds, with their byte.
const CP1252: &[(char, u8)] = &[
    ('é', 0xE9),
    ('è', 0xE8),
    ('ü', 0xFC),
    ('ö', 0xF6),
    ('ñ', 0xF1),
    ('ç', 0xE7),
    ('å', 0xE5),
    ('ø', 0xF8),
    ('ß', 0xDF),
    ('Ž', 0x8E),
    ('š', 0x9A),
    ('’', 0x92),
    ('–', 0x96),
    ('€', 0x80),
    ('Ã', 0xC3),
    ('Â', 0xC2),
];

/// A name with Windows-1252 letters, each followed by an ASCII letter (as in real
/// names: "Renée", "Müller"), as (text, cp1252 bytes).
fn cp1252_name() -> impl Strategy<Value = (String, Vec<u8>)> {
    prop::collection::vec(
        (
            "[A-Za-z]{0,3}",
            prop::option::of(prop::sample::select(CP1252)),
            "[a-z]",
        ),
        1..4,
    )
    .prop_map(|parts| {
        let mut text = String::new();
        let mut bytes = Vec::new();
        for (ascii, special, after) in parts {
            text.push_str(&ascii);
            bytes.extend_from_slice(ascii.as_bytes());
            if let Some((c, b)) = special {
                text.push(c);
                bytes.push(b);
            }
            text.push_str(&after);
            bytes.extend_from_slice(after.as_bytes());
        }
        (text, bytes)
    })
}

/// A CSV of people as a UTF-8 string, from names.
fn csv_text(rows: &[(String, String)]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(["First name", "Last name", "Email"])
        .unwrap();
    for (i, (given, family)) in rows.iter().enumerate() {
        w.write_record([
            given.as_str(),
            family.as_str(),
            &format!("p{i}@fuzz.example"),
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// A name as the importer means to keep it: trimmed, without the `'` our exports put
/// before a leading `=`, `+`, `-` or `@`, and on one line (runs of white space, line
/// breaks included, become one space).
fn as_kept(raw: &str) -> String {
    let t = raw.trim();
    let t = match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    };
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for unit in units {
        if little_endian {
            bytes.extend_from_slice(&unit.to_le_bytes());
        } else {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
    }
    bytes
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic_the_parser_and_refusals_are_one_line(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        workbook in any::<bool>(),
    ) {
        let name = if workbook { "fuzz.xlsx" } else { "fuzz.csv" };
        if let Err(e) = import::read_table(name, &bytes, &mut |_| {}) {
            one_line_naming(&e, name)?;
        }
        if let Err(e) = check(name, &bytes)
            && !matches!(e, ImportError::Rows { .. })
        {
            one_line_naming(&e, name)?;
        }
    }

    #[test]
    fn a_windows_1252_file_is_refused_not_imported_as_mojibake(
        names in prop::collection::vec((cp1252_name(), cp1252_name()), 1..6),
    ) {
        let mut bytes = b"First name;Last name\r\n".to_vec();
        let mut any_special = false;
        for ((given, given_bytes), (family, family_bytes)) in &names {
            any_special |= !given.is_ascii() || !family.is_ascii();
            bytes.extend_from_slice(given_bytes);
            bytes.push(b';');
            bytes.extend_from_slice(family_bytes);
            bytes.extend_from_slice(b"\r\n");
        }
        let result = check("people.csv", &bytes);
        if any_special {
            match result {
                Err(ImportError::Encoding { ref message, .. }) => {
                    prop_assert!(message.contains("UTF-8"), "{message}");
                }
                Err(e) => prop_assert!(false, "not called an encoding problem: {e}"),
                Ok(plan) => prop_assert!(
                    false,
                    "imported: {:?}",
                    plan.people.iter().map(|(_, p)| &p.family_name).collect::<Vec<_>>()
                ),
            }
        } else {
            // Plain ASCII is plain UTF-8: it imports, names intact.
            let plan = result.map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(plan.people.len(), names.len());
        }
    }

    /// UTF-16 after its byte-order mark (Excel's "Unicode Text", rollcall's CSV for
    /// Excel) reads exactly as the same text in UTF-8; without the mark it is refused,
    /// never imported as mojibake.
    #[test]
    fn a_utf16_file_reads_as_its_utf8_twin_or_is_refused_without_a_bom(
        rows in prop::collection::vec(("\\PC{1,12}", "\\PC{1,12}"), 1..6),
        little_endian in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let text = csv_text(&rows);
        let bytes = utf16(&text, little_endian, bom);
        let names = |plan: &import::ImportPlan| -> Vec<(String, String)> {
            plan.people
                .iter()
                .map(|(_, p)| (p.given_name.clone(), p.family_name.clone()))
                .collect()
        };
        match (check("unicode.csv", &bytes), bom) {
            (result, true) => match (result, check("unicode.csv", text.as_bytes())) {
                (Ok(a), Ok(b)) => prop_assert_eq!(names(&a), names(&b)),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(
                    false,
                    "UTF-16: {:?}, UTF-8: {:?}",
                    a.map(|p| names(&p)).map_err(|e| e.to_string()),
                    b.map(|p| names(&p)).map_err(|e| e.to_string())
                ),
            },
            (Ok(plan), false) => prop_assert!(false, "imported {} people", plan.people.len()),
            (Err(e @ (ImportError::Encoding { .. } | ImportError::Unreadable { .. })), false) => {
                one_line_naming(&e, "unicode.csv")?;
            }
            (Err(e), false) => prop_assert!(false, "not refused as a file: {e}"),
        }
    }

    #[test]
    fn utf8_names_are_imported_exactly_or_the_row_is_refused(
        rows in prop::collection::vec((text(), text()), 1..8),
    ) {
        // Unique family names, so that no row is a duplicate of another.
        let rows: Vec<(String, String)> = rows
            .into_iter()
            .enumerate()
            .map(|(i, (given, family))| (given, format!("{family} F{i}")))
            .collect();
        let text = csv_text(&rows);
        match check("names.csv", text.as_bytes()) {
            Ok(plan) => {
                prop_assert_eq!(plan.people.len(), rows.len());
                for ((_, person), row) in plan.people.iter().zip(&plan.rows) {
                    let (given, family) = &rows[row - 2];
                    prop_assert_eq!(&person.given_name, &as_kept(given));
                    prop_assert_eq!(&person.family_name, &as_kept(family));
                }
            }
            Err(ImportError::Rows { ref problems, .. }) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.iter().all(|p| p.row >= 2 && p.row < rows.len() + 2));
            }
            Err(e) => prop_assert!(false, "a valid UTF-8 CSV refused as a file: {e}"),
        }
    }
}

// ---- regressions ----

/// Typing a query one key at a time must find, at every key, what the same query finds
/// at once. The Desk narrows from the previous hits when the query grew; but at the key
/// where the query stops matching literally and falls back to fuzzy matching, people
/// outside the previous hits are lost. With a Batsaikhan in the registry, typing
/// "batse" (on the way to the typo "batsetseg" for Battsetseg) narrows to the keys
/// containing "bats" and shows no one, where the same query at once finds Battsetseg.
/// (The next key searches afresh, because the previous hits were fuzzy.)
#[test]
fn typing_a_typo_finds_at_every_key_what_pasting_it_finds() {
    let keys: Vec<Box<str>> = vec![
        search_key(["Battsetseg", "Batmunkh"]),
        search_key(["Batsaikhan", "Dorj"]),
    ];
    let mut searcher = Searcher::default();
    let mut live = LiveSearch::default();
    let mut query = String::new();
    for c in "batsetseg".chars() {
        query.push(c);
        live.update(&query, &keys, &mut searcher);
        let fresh = searcher.rank(&query, &keys, 0..keys.len() as u32);
        assert_eq!(
            live.hits(),
            &fresh,
            "after typing {query:?} the Desk shows {:?}, the same query at once {:?}",
            live.hits().indices,
            fresh.indices
        );
    }
}
