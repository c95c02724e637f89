//! `rollcall import` on the real binary, and the import library: real-world files
//! (European Excel CSV, XLSX), hostile files that must be refused with row-numbered
//! problems and no writes, and a bounded fuzz run of the parser.

use rollcall::domain::{Category, Event, EventKind, Gender, NewEvent, Role};
use rollcall::store::{DelegationRef, Store};
use rollcall::transfer::import::{self, ImportError, ImportOptions, Progress, Stage};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EVENT: &str = "ulaanbaatar-2017";

struct Registry {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Registry {
    /// A fresh registry holding the demo seminar (71 people, 12 delegations).
    fn demo() -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("registry.db");
        let out = rollcall(&["demo", "--db", db.to_str().unwrap()]);
        assert!(out.status.success(), "demo: {}", stderr(&out));
        Registry { dir, db }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&self, file: &Path, extra: &[&str]) -> Output {
        let mut args = vec![
            "import",
            "--db",
            self.db.to_str().unwrap(),
            "--event",
            EVENT,
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        rollcall(&args)
    }

    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    fn event(&self) -> Event {
        self.store().event_by_code(EVENT).unwrap()
    }

    /// (people, delegations) in the event.
    fn counts(&self) -> (usize, usize) {
        let store = self.store();
        let event = store.event_by_code(EVENT).unwrap();
        let day = event.details.start_date;
        (
            store.attendee_rows(event.id, day).unwrap().len(),
            store.list_delegations(&event, day).unwrap().len(),
        )
    }

    /// The person with this family name, with their delegation's name.
    fn person(&self, family: &str) -> (rollcall::domain::Attendee, String) {
        let store = self.store();
        let event = store.event_by_code(EVENT).unwrap();
        let row = store
            .attendee_rows(event.id, event.details.start_date)
            .unwrap()
            .into_iter()
            .find(|r| r.family_name() == family)
            .unwrap_or_else(|| panic!("{family} was not imported"));
        (
            store.attendee(row.id).unwrap(),
            row.delegation_name.to_string(),
        )
    }
}

fn rollcall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args(args)
        .output()
        .expect("run rollcall")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The import failed, wrote nothing, and said `expected` on stderr.
#[track_caller]
fn refused(reg: &Registry, out: &Output, before: (usize, usize), expected: &[&str]) {
    let err = stderr(out);
    assert!(
        !out.status.success(),
        "should fail; stdout: {}",
        stdout(out)
    );
    assert!(stdout(out).is_empty(), "stdout: {}", stdout(out));
    for e in expected {
        assert!(err.contains(e), "stderr lacks {e:?}:\n{err}");
    }
    assert_eq!(reg.counts(), before, "nothing may be written");
}

#[test]
fn a_european_excel_csv_imports_with_cyrillic_and_accents_intact() {
    let reg = Registry::demo();
    let before = reg.counts();
    let bytes = include_bytes!("fixtures/import/european_excel.csv");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFTitle;"),
        "BOM and semicolons"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF");
    let file = reg.file("participants.csv", bytes);

    let out = reg.import(&file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "imported 6 people into ulaanbaatar-2017, created 1 delegation; \
         ignored columns: Shoe size\n"
    );
    assert_eq!(reg.counts(), (before.0 + 6, before.1 + 1));

    let (aigerim, delegation) = reg.person("Сейткали");
    let a = &aigerim.details;
    assert_eq!(a.given_name, "Айгерим");
    assert_eq!(a.native_name, "Сейткали Айгерим Болатқызы");
    assert_eq!(a.honorific, "Ms");
    assert_eq!(a.gender, Gender::Female);
    assert_eq!(a.role, Role::Speaker);
    assert_eq!(a.country.as_deref(), Some("KZ"));
    assert_eq!(
        a.notes, "Arrives 4 July;\nleaves 7 July",
        "quoted line break"
    );
    assert_eq!(delegation, "Kazakhstan");
    let kz = reg.store().delegation(a.delegation.unwrap()).unwrap();
    assert_eq!(kz.details.category, Category::ParticipatingState);
    assert_eq!(kz.details.country.as_deref(), Some("KZ"));

    let (jose, delegation) = reg.person("Núñez Peña");
    assert_eq!(jose.details.given_name, "José María");
    assert_eq!(jose.details.country.as_deref(), Some("ES"));
    assert_eq!(delegation, "Spain", "an existing delegation");
    let (soren, _) = reg.person("Kierkegård");
    assert_eq!(soren.details.given_name, "Søren");
    assert_eq!(soren.details.role, Role::Expert);
    assert_eq!(
        reg.person("Mägi-Õun").0.details.country.as_deref(),
        Some("EE")
    );
    let (nurlan, delegation) = reg.person("Жумабеков");
    assert_eq!(
        nurlan.details.organisation,
        "State Committee; National Security"
    );
    assert_eq!(delegation, "Kyrgyzstan");
    let (zoe, delegation) = reg.person("Ľubomírová");
    assert_eq!(zoe.details.given_name, "Zoë");
    assert_eq!(zoe.details.delegation, None);
    assert_eq!(delegation, "");
    assert_eq!(
        zoe.badge, 77,
        "numbered after the demo's 71 and the five above"
    );
}

#[test]
fn one_bad_row_among_a_thousand_imports_nothing_and_names_it() {
    let reg = Registry::demo();
    let before = reg.counts();
    let mut csv = String::from("First name,Last name,Organisation,Email,Notes\r\n");
    for i in 1..=1000 {
        let email = if i == 617 {
            "person617@example".to_string()
        } else {
            format!("person{i}@example.org")
        };
        // Row 10's note spans three lines: the rows below keep their spreadsheet number.
        let notes = if i == 10 {
            "\"line one\r\nline two\nline three\""
        } else {
            ""
        };
        csv.push_str(&format!(
            "Given{i},Family{i},\"Agency {i}, Ulaanbaatar\",{email},{notes}\r\n"
        ));
    }
    let file = reg.file("big.csv", csv.as_bytes());
    let out = reg.import(&file, &[]);
    refused(
        &reg,
        &out,
        before,
        &[&format!(
            "{}:618: Email: \"person617@example\" is not an email address\n",
            file.display()
        )],
    );
    let err = stderr(&out);
    assert_eq!(
        err.lines().count(),
        2,
        "one problem and the summary:\n{err}"
    );
    assert!(
        err.ends_with("1 problem in 1 of 1000 rows; nothing was imported\n"),
        "{err}"
    );

    // The same thousand without the typo go in, in one piece.
    let good = csv.replace("person617@example,", "person617@example.org,");
    let out = reg.import(&reg.file("good.csv", good.as_bytes()), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(reg.counts().0, before.0 + 1000);
    assert_eq!(
        reg.person("Family10").0.details.notes,
        "line one\nline two\nline three"
    );
}

#[test]
fn hostile_files_are_refused_with_row_numbers_and_nothing_written() {
    let reg = Registry::demo();
    let before = reg.counts();
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "missing_family_name.csv",
            b"First name,Last name,Email\nAnna,Berg,anna@example.org\nBo,,bo@example.org\n"
                .to_vec(),
            vec!["missing_family_name.csv:3: Last name: required"],
        ),
        (
            "no_family_name_column.csv",
            b"First name,Email\nAnna,anna@example.org\n".to_vec(),
            vec![
                "no_family_name_column.csv: no column for the family name",
                "the columns are: First name, Email",
            ],
        ),
        (
            "bad_email.csv",
            b"Given name;Surname;E-mail\nAnna;Berg;anna@example.org\nBo;Ek;bo(at)example.org\n"
                .to_vec(),
            vec!["bad_email.csv:3: E-mail: \"bo(at)example.org\" is not an email address"],
        ),
        (
            "unknown_role.csv",
            b"First name,Last name,Role\nAnna,Berg,Speaker\nBo,Ek,Captain\n".to_vec(),
            vec![
                "unknown_role.csv:3: Role: unknown role \"Captain\"; use one of: participant, \
                 speaker",
            ],
        ),
        (
            "unknown_country.csv",
            b"First name,Last name,Country\nAnna,Berg,Atlantis\n".to_vec(),
            vec!["unknown_country.csv:2: Country: unknown country \"Atlantis\""],
        ),
        (
            "windows1252.csv",
            include_bytes!("fixtures/import/windows1252.csv").to_vec(),
            vec![
                "windows1252.csv: not UTF-8 text: line 2 has the byte 0xE9",
                "Windows-1252",
                "CSV UTF-8",
            ],
        ),
        (
            "duplicate_rows.csv",
            "First name,Last name,Delegation,Email\n\
             Anna,Berg,Canada,anna@example.org\n\
             ANNA,berg,canada,\n\
             Bo,Ek,,ANNA@example.org\n\
             Geneviève,Tremblay,Canada,\n"
                .as_bytes()
                .to_vec(),
            vec![
                "duplicate_rows.csv:3: duplicate of row 2 (same name and delegation)",
                "duplicate_rows.csv:4: Email: duplicate of row 2 (same email)",
                "duplicate_rows.csv:5: duplicate: Geneviève Tremblay (badge 45) is already in \
                 ulaanbaatar-2017 with this name and delegation",
                "3 duplicates — --skip-duplicates leaves those rows out",
            ],
        ),
        (
            "ragged_rows.csv",
            b"First name,Last name,Organisation\n\
              Anna,Berg,OSCE\n\
              Bo,Ek,Ministry of Justice, Mongolia\n"
                .to_vec(),
            vec![
                "ragged_rows.csv:3: 4 cells, but the header row has 3 columns: a separator \
                 inside a value that is not in quotes?",
            ],
        ),
        (
            "badge_clash.csv",
            b"First name,Last name,Badge\nAnna,Berg,1\nBo,Ek,500\nCy,Cole,500\n".to_vec(),
            vec![
                "badge_clash.csv:2: Badge: 1 is already taken in ulaanbaatar-2017 by \
                 Battsetseg Batmunkh",
                "badge_clash.csv:4: Badge: 500 is also on row 3",
            ],
        ),
        (
            "second_head.csv",
            b"First name,Last name,Delegation,Head\nAnna,Berg,Canada,yes\n".to_vec(),
            vec!["second_head.csv:2: Head: Canada already has a head: Geneviève Tremblay"],
        ),
        (
            "escape_sequences.csv",
            b"First name,Last name\n\"\x1b]0;pwned\x07\",Berg\n".to_vec(),
            vec!["escape_sequences.csv:2: First name: contains the control character U+001B"],
        ),
        (
            "empty.csv",
            Vec::new(),
            vec!["empty.csv is empty: it has no header row and nothing to import"],
        ),
        (
            "not_a_workbook.xlsx",
            b"First name,Last name\n".to_vec(),
            vec!["not_a_workbook.xlsx is not a spreadsheet workbook"],
        ),
        (
            "broken_workbook.xlsx",
            b"PK\x03\x04 this zip ends here".to_vec(),
            vec!["broken_workbook.xlsx is not a readable workbook"],
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = reg.file(name, &bytes);
        let out = reg.import(&file, &[]);
        let expected: Vec<String> = expected
            .iter()
            .map(|e| e.replace(name, &file.display().to_string()))
            .collect();
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        refused(&reg, &out, before, &expected);
        // Mojibake never reaches the screen.
        assert!(!stderr(&out).contains('Ã'), "{name}: {}", stderr(&out));
    }
}

#[test]
fn unknown_columns_are_named_not_fatal() {
    let reg = Registry::demo();
    let file = reg.file(
        "extra.csv",
        b"First name,Last name,Shoe size,Favourite colour,\nAnna,Berg,38,green,\n",
    );
    let out = reg.import(&file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "imported 1 person into ulaanbaatar-2017, created 0 delegations; \
         ignored columns: Shoe size, Favourite colour\n"
    );
}

#[test]
fn the_problem_list_stops_at_fifty() {
    let reg = Registry::demo();
    let before = reg.counts();
    let mut csv = String::from("First name,Last name\n");
    for i in 0..60 {
        csv.push_str(&format!("Given{i},\n"));
    }
    let out = reg.import(&reg.file("sixty.csv", csv.as_bytes()), &[]);
    refused(
        &reg,
        &out,
        before,
        &["… and 10 more\n", "60 problems in 60 of 60 rows"],
    );
    assert_eq!(stderr(&out).lines().count(), 52);
}

#[test]
fn dry_run_writes_nothing() {
    let reg = Registry::demo();
    let before = reg.counts();
    let file = reg.file(
        "dry.csv",
        "First name;Last name;Delegation\nAnna;Berg;Kazakhstan\nBo;Ek;Canada\n".as_bytes(),
    );
    let db_before = std::fs::read(&reg.db).unwrap();
    let out = reg.import(&file, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "would import 2 people into ulaanbaatar-2017, create 1 delegation\n"
    );
    assert_eq!(reg.counts(), before);
    assert_eq!(std::fs::read(&reg.db).unwrap(), db_before);

    // A dry run reports problems like the real thing.
    let bad = reg.file("dry_bad.csv", b"First name,Last name\nAnna,\n");
    refused(
        &reg,
        &reg.import(&bad, &["--dry-run"]),
        before,
        &["dry_bad.csv:2: Last name: required"],
    );
}

#[test]
fn skip_duplicates_leaves_them_out_and_says_how_many() {
    let reg = Registry::demo();
    let before = reg.counts();
    let csv = "First name,Last name,Email,Delegation\n\
               Ryan,MacDonald,,Canada\n\
               Someone,Else,mnh@uim.dk.example,\n\
               Anna,Berg,anna@example.org,Kazakhstan\n\
               Anna,Berg,,Kazakhstan\n";
    let file = reg.file("dups.csv", csv.as_bytes());
    refused(
        &reg,
        &reg.import(&file, &[]),
        before,
        &[
            "dups.csv:2: duplicate: Ryan MacDonald (badge 46)",
            "dups.csv:3: Email: duplicate: Mette Nørgaard Holm (badge 49)",
            "dups.csv:5: duplicate of row 4 (same name and delegation)",
        ],
    );
    let out = reg.import(&file, &["--skip-duplicates"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "imported 1 person into ulaanbaatar-2017, created 1 delegation; skipped 3 duplicates\n"
    );
    assert!(stderr(&out).contains("skipped "), "{}", stderr(&out));
    assert_eq!(reg.counts(), (before.0 + 1, before.1 + 1));
}

#[test]
fn header_only_imports_nobody_and_says_so() {
    let reg = Registry::demo();
    let before = reg.counts();
    let out = reg.import(&reg.file("header.csv", b"First name;Last name\r\n"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "imported 0 people into ulaanbaatar-2017, created 0 delegations\n"
    );
    assert!(
        stderr(&out).contains("no rows to import"),
        "{}",
        stderr(&out)
    );
    assert_eq!(reg.counts(), before);
}

#[test]
fn map_overrides_and_refuses_what_it_cannot_find() {
    let reg = Registry::demo();
    let file = reg.file(
        "german.csv",
        "Anrede,Vorname,Nachname,Dienststelle\nFrau,Anna,Berg,BKA\n".as_bytes(),
    );
    let out = reg.import(
        &file,
        &[
            "--map",
            "Anrede=honorific",
            "--map",
            "Dienststelle=organisation",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (anna, _) = reg.person("Berg");
    assert_eq!(anna.details.honorific, "Frau");
    assert_eq!(anna.details.organisation, "BKA");

    let out = reg.import(&file, &["--map", "Abteilung=organisation"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("there is no column \"Abteilung\""),
        "{}",
        stderr(&out)
    );
    let out = reg.import(&file, &["--map", "Anrede=shoe_size"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("unknown field"), "{}", stderr(&out));
}

#[test]
fn a_missing_file_is_named_once() {
    let reg = Registry::demo();
    let missing = reg.dir.path().join("missing.csv");
    let out = reg.import(&missing, &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(
        err,
        format!(
            "rollcall: cannot read {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}

#[test]
fn a_missing_registry_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let file = dir.path().join("a.csv");
    std::fs::write(&file, "First name,Last name\nAnna,Berg\n").unwrap();
    let out = rollcall(&[
        "import",
        "--db",
        db.to_str().unwrap(),
        "--event",
        EVENT,
        file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no registry at"), "{}", stderr(&out));
    assert!(!db.exists());
}

#[test]
fn an_xlsx_round_trip() {
    let reg = Registry::demo();
    let before = reg.counts();
    let path = reg.dir.path().join("people.xlsx");
    {
        use rust_xlsxwriter::Workbook;
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let header = [
            "Title",
            "First name",
            "Last name",
            "Native name",
            "Delegation",
            "Badge",
            "Head",
            "Consent",
        ];
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        let people = [
            (
                "Ms",
                "Айгерим",
                "Сейткали",
                "Сейткали Айгерим",
                "Kazakhstan",
                301.0,
                true,
                true,
            ),
            (
                "Mr",
                "Ерлан",
                "Нұрланұлы",
                "",
                "Kazakhstan",
                302.0,
                false,
                false,
            ),
            ("Dr", "Zoë", "Ľubomírová", "", "", 303.0, false, true),
        ];
        for (r, p) in people.iter().enumerate() {
            let r = r as u32 + 1;
            sheet.write_string(r, 0, p.0).unwrap();
            sheet.write_string(r, 1, p.1).unwrap();
            sheet.write_string(r, 2, p.2).unwrap();
            sheet.write_string(r, 3, p.3).unwrap();
            sheet.write_string(r, 4, p.4).unwrap();
            sheet.write_number(r, 5, p.5).unwrap();
            sheet.write_boolean(r, 6, p.6).unwrap();
            sheet.write_boolean(r, 7, p.7).unwrap();
        }
        book.save(&path).unwrap();
    }
    let out = reg.import(&path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "imported 3 people into ulaanbaatar-2017, created 1 delegation\n"
    );
    assert_eq!(reg.counts(), (before.0 + 3, before.1 + 1));
    let (aigerim, delegation) = reg.person("Сейткали");
    assert_eq!(aigerim.badge, 301, "a number cell, not \"301.0\"");
    assert!(aigerim.details.is_head);
    assert_eq!(aigerim.details.native_name, "Сейткали Айгерим");
    assert_eq!(delegation, "Kazakhstan");
    let (erlan, _) = reg.person("Нұрланұлы");
    assert_eq!((erlan.badge, erlan.details.consent), (302, false));
    assert_eq!(reg.person("Ľubomírová").0.details.given_name, "Zoë");

    // A workbook's problems name the sheet's row numbers too.
    let bad = reg.dir.path().join("bad.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["First name", "Last name", "Email"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "Anna").unwrap();
        sheet.write_string(1, 1, "Berg").unwrap();
        // Row 3 left blank, as people do.
        sheet.write_string(3, 0, "Bo").unwrap();
        sheet.write_string(3, 1, "Ek").unwrap();
        sheet.write_string(3, 2, "bo@").unwrap();
        book.save(&bad).unwrap();
    }
    let after = reg.counts();
    refused(
        &reg,
        &reg.import(&bad, &[]),
        after,
        &[&format!(
            "{}:4: Email: \"bo@\" is not an email address",
            bad.display()
        )],
    );

    // Only the first sheet is read, and an empty one is said to be so.
    let two = reg.dir.path().join("two_sheets.xlsx");
    {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet();
        let second = book.add_worksheet();
        second.write_string(0, 0, "First name").unwrap();
        second.write_string(0, 1, "Last name").unwrap();
        second.write_string(1, 0, "Anna").unwrap();
        second.write_string(1, 1, "Berg").unwrap();
        book.save(&two).unwrap();
    }
    refused(
        &reg,
        &reg.import(&two, &[]),
        after,
        &["two_sheets.xlsx has nothing on its first sheet"],
    );
}

#[test]
fn an_export_imports_again_as_the_same_people() {
    let reg = Registry::demo();
    let store = reg.store();
    let demo = reg.event();
    let exported = reg.dir.path().join("roster.csv");
    let out = rollcall(&[
        "export",
        "--db",
        reg.db.to_str().unwrap(),
        "--event",
        EVENT,
        "--format",
        "csv",
        "--status",
        "all",
        "--columns",
        "all",
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "export: {}", stderr(&out));

    let mut copy = demo.details.clone();
    copy.code = "copy-2017".into();
    drop(store);
    let mut store = reg.store();
    let copy = store.create_event(&copy).unwrap();
    let plan = import::plan(
        &store,
        copy.id,
        &exported,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(plan.ignored_columns, vec!["days_present"]);
    plan.apply(&mut store).unwrap();

    let people = |event: &Event| {
        let mut list: Vec<_> = store
            .attendee_rows(event.id, event.details.start_date)
            .unwrap()
            .into_iter()
            .map(|r| {
                let mut a = store.attendee(r.id).unwrap().details;
                a.delegation = None;
                (a, r.delegation_name)
            })
            .collect();
        list.sort_by_key(|(a, _)| a.badge);
        list
    };
    let original = people(&demo);
    let copied = people(&copy);
    assert_eq!(original.len(), 71);
    assert_eq!(original, copied);
    let delegations = |event: &Event| {
        store
            .list_delegations(event, event.details.start_date)
            .unwrap()
            .into_iter()
            .map(|d| (d.delegation.details.name, d.delegation.details.category))
            .collect::<Vec<_>>()
    };
    assert_eq!(delegations(&demo), delegations(&copy));
}

#[test]
fn the_library_plans_reports_progress_and_applies() {
    let reg = Registry::demo();
    let mut store = reg.store();
    let event = store.event_by_code(EVENT).unwrap();
    let mut csv = String::from("First name,Last name,Delegation\n");
    for i in 0..3000 {
        csv.push_str(&format!("G{i},F{i},Team {}\n", i % 3));
    }
    let file = reg.file("many.csv", csv.as_bytes());
    let mut seen: Vec<Progress> = Vec::new();
    let plan = import::plan(
        &store,
        event.id,
        &file,
        &ImportOptions::default(),
        &mut |p| seen.push(p),
    )
    .unwrap();
    assert_eq!(plan.people.len(), 3000);
    assert_eq!(plan.rows[0], 2);
    assert_eq!(plan.delegations.len(), 3);
    assert!(
        plan.delegations
            .iter()
            .all(|d| d.category == Category::Other)
    );
    assert!(matches!(plan.people[0].0, DelegationRef::New(0)));
    let last = |stage| {
        seen.iter()
            .rev()
            .find(|p| p.stage == stage)
            .copied()
            .unwrap()
    };
    let checked = last(Stage::Checking);
    assert_eq!((checked.done, checked.total), (3000, 3000));
    let read = last(Stage::Reading);
    assert_eq!(read.done, read.total);
    assert!(seen.iter().filter(|p| p.stage == Stage::Checking).count() > 2);

    let report = plan.apply(&mut store).unwrap();
    assert_eq!(
        report.to_string(),
        "imported 3000 people into ulaanbaatar-2017, created 3 delegations"
    );
    assert_eq!(reg.counts().0, 71 + 3000);

    // Checked again, every row is now a duplicate: a typed error that counts them all
    // and keeps the first ones with their reasons.
    let err = import::plan(
        &store,
        event.id,
        &file,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Rows { total: 3000, .. }));
    assert_eq!(err.problems().len(), import::MAX_KEPT);
    assert!(
        err.to_string()
            .contains("3000 problems in 3000 of 3000 rows"),
        "{err}"
    );
}

/// xorshift64*: a tiny deterministic generator, so the fuzz run is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn the_parser_never_panics_on_random_input() {
    let reg = Registry::demo();
    let store = reg.store();
    let snapshot = store.import_snapshot(reg.event().id).unwrap();
    let pieces: &[&[u8]] = &[
        b"First name",
        b"Last name",
        b"Email",
        b"Delegation",
        b"Role",
        b"Badge",
        b"Head",
        b"Country",
        b"Gender",
        b"Rank",
        b"Consent",
        b"Shoe",
        b",",
        b";",
        b"\t",
        b"\"",
        b"\"\"",
        b"\r\n",
        b"\n",
        b"\r",
        b"Anna",
        b"Berg",
        b"a@b.org",
        b"@",
        b"Canada",
        b"Kazakhstan",
        b"yes",
        b"no",
        b"0",
        b"1",
        b"4294967296",
        b"-1",
        b"speaker",
        b"F",
        b"MN",
        b"'=1+1",
        "Батцэцэг".as_bytes(),
        "José".as_bytes(),
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\x00",
        b"\xE9",
        b"\x1b[2J",
        b"   ",
        b"PK\x03\x04",
    ];
    let workbook = {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["First name", "Last name", "Email", "Badge"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..20u32 {
            sheet.write_string(r, 0, "Анна").unwrap();
            sheet.write_string(r, 1, format!("Berg{r}")).unwrap();
            sheet
                .write_string(r, 2, format!("a{r}@example.org"))
                .unwrap();
            sheet.write_number(r, 3, f64::from(r + 500)).unwrap();
        }
        book.save_to_buffer().unwrap()
    };
    // The unflipped workbook itself imports.
    let plan = import::check(
        "w.xlsx",
        &workbook,
        &snapshot,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(plan.people.len(), 19);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = (0, 0);
    for i in 0..200 {
        let mut bytes = Vec::new();
        match i % 4 {
            // Raw random bytes.
            0 => {
                for _ in 0..rng.below(300) {
                    bytes.push(rng.next() as u8);
                }
            }
            // Random CSV-ish text from the pieces.
            1 | 2 => {
                if i % 8 == 1 {
                    bytes.extend_from_slice(b"First name,Last name,Email,Delegation,Head,Badge\n");
                }
                for _ in 0..rng.below(80) {
                    let piece: &[u8] = pieces[rng.below(pieces.len())];
                    bytes.extend_from_slice(piece);
                }
            }
            // A valid CSV or workbook with a few bytes flipped.
            _ => {
                if i % 8 == 3 {
                    bytes.extend_from_slice(&workbook);
                } else {
                    bytes.extend_from_slice(include_bytes!("fixtures/import/european_excel.csv"));
                }
                for _ in 0..1 + rng.below(6) {
                    let at = rng.below(bytes.len());
                    bytes[at] = rng.next() as u8;
                }
            }
        }
        let name = if i % 10 == 0 { "fuzz.xlsx" } else { "fuzz.csv" };
        let result = std::panic::catch_unwind(|| {
            import::check(
                name,
                &bytes,
                &snapshot,
                &ImportOptions::default(),
                &mut |_| {},
            )
            .map(|plan| plan.people.len())
        });
        match result {
            Ok(Ok(_)) => outcomes.0 += 1,
            Ok(Err(e)) => {
                // Every refusal is one readable line naming the file.
                assert!(e.to_string().contains("fuzz."), "{e}");
                assert!(!e.to_string().contains('\n'), "{e}");
                outcomes.1 += 1;
            }
            Err(_) => panic!("the parser panicked on input #{i}: {bytes:?}"),
        }
    }
    eprintln!("fuzz: {} accepted, {} refused", outcomes.0, outcomes.1);
    assert_eq!(outcomes.0 + outcomes.1, 200);
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
}

#[test]
fn a_new_event_is_imported_into_with_the_library() {
    // The plan speaks domain types: an event made here, a file from memory.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("r.db")).unwrap();
    let event = store
        .create_event(&NewEvent {
            code: "vienna-2024".into(),
            title: "Workshop".into(),
            kind: EventKind::Workshop,
            venue: String::new(),
            city: "Vienna".into(),
            country: Some("AT".into()),
            start_date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            end_date: chrono::NaiveDate::from_ymd_opt(2024, 3, 2).unwrap(),
            organiser: String::new(),
            description: String::new(),
            language: Default::default(),
        })
        .unwrap();
    let snapshot = store.import_snapshot(event.id).unwrap();
    let plan = import::check(
        "list.csv",
        "Nom,Prénom,Pays,Délégation,Sexe\nDupont,Émile,France,France,M\n".as_bytes(),
        &snapshot,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let report = plan.apply(&mut store).unwrap();
    assert_eq!(
        report.to_string(),
        "imported 1 person into vienna-2024, created 1 delegation"
    );
    let rows = store
        .attendee_rows(event.id, event.details.start_date)
        .unwrap();
    assert_eq!(rows[0].given_name(), "Émile");
    assert_eq!(rows[0].badge, 1);
    assert_eq!(&*rows[0].delegation_name, "France");
}
