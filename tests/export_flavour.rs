//! Exports that open without surprise: the CSV for Excel (UTF-16LE after its
//! byte-order mark, tab-separated) for files people open, plain RFC 4180 for programs,
//! every flavour read back by `rollcall import`; file names that say what they hold;
//! counts that say who was left out and why.

mod common;

use common::{EVENT, arg, assert_ok, demo_scratch, one_line_failure, rollcall, text};
use rollcall::transfer::export::Format;
use std::path::{Path, PathBuf};

/// `rollcall export` of the sample seminar with `args`, expected to succeed: stdout.
fn export(db: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["export", "--db", arg(db), "--event", EVENT];
    all.extend_from_slice(args);
    let out = rollcall(&all);
    assert_ok(&out);
    out.stdout
}

/// UTF-16LE after its byte-order mark, as text; fails on anything else.
fn utf16le(bytes: &[u8]) -> String {
    assert_eq!(
        &bytes[..2],
        b"\xFF\xFE",
        "starts with the UTF-16LE byte-order mark"
    );
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).expect("whole UTF-16")
}

/// Header and rows of delimited `text`.
fn table(text: &str, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap();
    &row[i]
}

#[test]
fn a_csv_file_is_for_excel_utf16_with_tabs_and_every_letter_right() {
    let (dir, db) = demo_scratch("demo.db");
    let file = dir.path().join("roster.csv");
    let said = text(&export(
        &db,
        &["--format", "csv", "--status", "all", "-o", arg(&file)],
    ));
    assert!(said.contains("(csv: excel)"), "{said}");

    let (header, rows) = table(&utf16le(&std::fs::read(&file).unwrap()), b'\t');
    assert_eq!(header[..3], ["badge", "honorific", "given_name"]);
    assert_eq!(rows.len(), 71);
    assert!(rows.iter().all(|r| r.len() == header.len()), "in columns");
    let first = &rows[0];
    assert_eq!(cell(&header, first, "native_name"), "Батмөнхийн Батцэцэг");
    assert_eq!(
        cell(&header, first, "delegation"),
        "Mongolia – state agencies"
    );
    let text = utf16le(&std::fs::read(&file).unwrap());
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), 72, "header + 71 people");
    assert!(lines.iter().all(|l| l.ends_with('\r')), "CRLF line ends");
}

#[test]
fn programs_get_plain_rfc_4180_and_bom_keeps_its_meaning() {
    let (dir, db) = demo_scratch("demo.db");
    // Standard output is read by programs: plain.
    let plain = export(&db, &["--format", "csv", "--status", "all"]);
    assert!(plain.starts_with(b"badge,honorific,"), "{}", text(&plain));
    let (header, rows) = table(std::str::from_utf8(&plain).unwrap(), b',');
    assert_eq!(rows.len(), 71);
    assert_eq!(
        cell(&header, &rows[0], "native_name"),
        "Батмөнхийн Батцэцэг"
    );

    // --csv plain to a file: the same bytes.
    let file = dir.path().join("plain.csv");
    export(
        &db,
        &[
            "--format",
            "csv",
            "--status",
            "all",
            "--csv",
            "plain",
            "-o",
            arg(&file),
        ],
    );
    assert_eq!(std::fs::read(&file).unwrap(), plain);

    // --bom: plain after a UTF-8 byte-order mark.
    let bom = export(&db, &["--format", "csv", "--status", "all", "--bom"]);
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom[3..], &plain[..]);

    // --csv excel to standard output, when asked.
    let excel = export(
        &db,
        &["--format", "csv", "--status", "all", "--csv", "excel"],
    );
    assert!(utf16le(&excel).starts_with("badge\thonorific\t"));

    let refused = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--format",
        "csv",
        "--csv",
        "excel",
        "--bom",
    ]);
    let line = one_line_failure(&refused, "--bom with the excel flavour");
    assert!(line.contains("--bom"), "{line}");
    let refused = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--format",
        "json",
        "--csv",
        "plain",
    ]);
    let line = one_line_failure(&refused, "--csv with json");
    assert!(line.contains("--csv applies to csv only"), "{line}");
}

/// The people of `code` as the JSON export lists them: (badge, family, native name).
fn people(db: &Path, code: &str) -> Vec<(String, String)> {
    let out = rollcall(&[
        "export",
        "--db",
        arg(db),
        "--event",
        code,
        "--format",
        "json",
        "--status",
        "all",
    ]);
    assert_ok(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut people: Vec<(String, String)> = doc["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["family_name"].as_str().unwrap().to_string(),
                p["native_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    people.sort();
    people
}

fn new_event(db: &Path, code: &str) {
    assert_ok(&rollcall(&[
        "event",
        "new",
        "--db",
        arg(db),
        "--code",
        code,
        "--title",
        "Copy",
        "--start",
        "2017-07-05",
    ]));
}

fn import(db: &Path, code: &str, file: &Path) -> String {
    let out = rollcall(&["import", "--db", arg(db), "--event", code, arg(file)]);
    assert_ok(&out);
    text(&out.stdout)
}

#[test]
fn every_flavour_imports_back_as_the_same_people() {
    let (dir, db) = demo_scratch("demo.db");
    let original = people(&db, EVENT);
    assert_eq!(original.len(), 71);
    let flavours: [(&str, &[&str]); 3] = [
        ("excel", &[]),
        ("plain", &["--csv", "plain"]),
        ("bom", &["--bom"]),
    ];
    for (name, flavour) in flavours {
        let file: PathBuf = dir.path().join(format!("{name}.csv"));
        let mut args = vec!["--format", "csv", "--status", "all", "--columns", "all"];
        args.extend_from_slice(flavour);
        args.extend_from_slice(&["-o", arg(&file)]);
        export(&db, &args);
        let code = format!("copy-{name}");
        new_event(&db, &code);
        let said = import(&db, &code, &file);
        assert!(said.contains("imported 71 people"), "{name}: {said}");
        assert_eq!(people(&db, &code), original, "{name}: the same people");
    }
}

#[test]
fn excels_unicode_text_imports_and_a_broken_one_is_refused_in_one_line() {
    let (dir, db) = demo_scratch("demo.db");
    new_event(&db, "vienna-2026");
    // Saved by Excel as "Unicode Text": UTF-16LE, tabs, Cyrillic names.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/utf16.csv");
    let said = import(&db, "vienna-2026", &fixture);
    assert!(said.contains("imported 1 person"), "{said}");
    let out = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        "vienna-2026",
        "--format",
        "json",
        "--status",
        "all",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let person = &doc["participants"][0];
    assert_eq!(person["given_name"], "Анна");
    assert_eq!(person["family_name"], "Иванова");

    // Half of a surrogate pair on line 2: refused, naming the file and the line.
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Given name\tFamily name\r\nAnna\t"
        .encode_utf16()
        .chain([0xD800])
        .chain("Berg\r\n".encode_utf16())
    {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, &bytes).unwrap();
    let before = people(&db, "vienna-2026");
    let out = rollcall(&[
        "import",
        "--db",
        arg(&db),
        "--event",
        "vienna-2026",
        arg(&broken),
    ]);
    let line = one_line_failure(&out, "a broken UTF-16 file");
    assert!(line.contains("broken.csv"), "{line}");
    assert!(line.contains("line 2") && line.contains("UTF-16"), "{line}");
    assert_eq!(people(&db, "vienna-2026"), before, "nothing imported");
}

#[test]
fn file_names_say_what_the_file_holds() {
    let names: Vec<String> = [
        Format::Html,
        Format::Csv,
        Format::Xlsx,
        Format::Json,
        Format::Badges,
        Format::Sheets,
    ]
    .iter()
    .map(|f| f.file_name("ulaanbaatar-2017"))
    .collect();
    assert_eq!(
        names,
        [
            "ulaanbaatar-2017-list-of-participants.html",
            "ulaanbaatar-2017-participants.csv",
            "ulaanbaatar-2017-participants.xlsx",
            "ulaanbaatar-2017-participants.json",
            "ulaanbaatar-2017-badges.html",
            "ulaanbaatar-2017-check-in-sheets.html",
        ]
    );
}

#[test]
fn the_count_says_who_was_left_out_and_why() {
    let (dir, db) = demo_scratch("demo.db");
    // Who the List would leave out, counted from the JSON export of everyone.
    let out = rollcall(&[
        "export",
        "--db",
        arg(&db),
        "--event",
        EVENT,
        "--format",
        "json",
        "--status",
        "all",
        "--columns",
        "badge,status,consent",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = doc["participants"].as_array().unwrap();
    let cancelled = all.iter().filter(|p| p["status"] == "cancelled").count();
    let without_consent = all
        .iter()
        .filter(|p| p["status"] != "cancelled" && p["consent"] == false)
        .count();
    assert!(cancelled > 0 && without_consent > 0, "the sample has both");
    let listed = all.len() - cancelled - without_consent;

    let list = dir.path().join("list.html");
    let said = text(&export(
        &db,
        &["--format", "html", "--status", "all", "-o", arg(&list)],
    ));
    assert_eq!(
        said.trim(),
        format!(
            "wrote {listed} people (all) to {}; left out {without_consent} people without \
             consent to be listed and {cancelled} whose registration is cancelled",
            list.display()
        )
    );

    // Present people: the List of those checked in, one of whom did not consent.
    let badge_of = |wanted: bool| {
        all.iter()
            .find(|p| p["status"] == "registered" && p["consent"] == wanted)
            .expect("the sample has one")["badge"]
            .to_string()
    };
    let (badge, consenting) = (badge_of(false), badge_of(true));
    for b in [&badge, &consenting] {
        assert_ok(&rollcall(&[
            "check-in",
            "--db",
            arg(&db),
            "--event",
            EVENT,
            "--badge",
            b,
            "--day",
            "2017-07-05",
        ]));
    }
    let said = text(&export(&db, &["--format", "html", "-o", arg(&list)]));
    assert_eq!(
        said.trim(),
        format!(
            "wrote 1 person (attended) to {}; left out 1 present person without consent to \
             be listed",
            list.display()
        )
    );
}
