//! Exports and statistics, through the real binary (`rollcall demo`, `rollcall export`,
//! `rollcall stats`) and through the library the TUI calls.

mod common;
use calamine::{Data, Reader, Xlsx, open_workbook};
use rollcall::domain::{Category, Gender, NewAttendee, NewDelegation, Role, Status};
use rollcall::store::{DelegationRef, Presence, RosterFilter, Store};
use rollcall::transfer::export::{self, Column, ExportOptions, Format, StatusFilter};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EVENT: &str = "ulaanbaatar-2017";
const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

fn rollcall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Run the binary, insist on success, return stdout.
fn ok(args: &[&str]) -> Vec<u8> {
    let out = rollcall(args);
    assert!(
        out.status.success(),
        "rollcall {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A fresh demo registry in a temporary folder.
struct Demo {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.db");
        ok(&["demo", "--db", db.to_str().unwrap()]);
        Demo { dir, db }
    }

    fn db(&self) -> &str {
        self.db.to_str().unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `rollcall export --db … --event … <args>`, stdout.
    fn export(&self, args: &[&str]) -> Vec<u8> {
        let mut all = vec!["export", "--db", self.db(), "--event", EVENT];
        all.extend_from_slice(args);
        ok(&all)
    }

    fn export_text(&self, args: &[&str]) -> String {
        String::from_utf8(self.export(args)).expect("exports are UTF-8")
    }

    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    /// Add one registered person without delegation.
    fn add_person(&self, given: &str, family: &str, organisation: &str) {
        let mut store = self.store();
        let event = store.event_by_code(EVENT).unwrap();
        let person = NewAttendee {
            honorific: "Mr".into(),
            given_name: given.into(),
            family_name: family.into(),
            organisation: organisation.into(),
            gender: Gender::Male,
            role: Role::Observer,
            status: Status::Registered,
            consent: true,
            ..NewAttendee::default()
        };
        store
            .import_people(event.id, &[], &[(DelegationRef::None, person)])
            .unwrap();
    }

    /// Check the people with these badges in on `day` (1-based).
    fn check_in(&self, badges: &[u32], day: u32) {
        let mut store = self.store();
        let event = store.event_by_code(EVENT).unwrap();
        let date = event.days().nth(day as usize - 1).unwrap();
        for badge in badges {
            let person = store.attendee_by_badge(event.id, *badge).unwrap().unwrap();
            store
                .check_in(person.id, date, date.and_hms_opt(9, 0, 0).unwrap(), "test")
                .unwrap();
        }
    }

    /// Every row of every table, as text: what "the database did not change" compares.
    fn contents(&self) -> Vec<String> {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let tables = column_of(
            &conn,
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
        );
        let mut all = Vec::new();
        for table in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
                .unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                let values: Vec<String> = (0..columns)
                    .map(|i| match row.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                all.push(format!("{table}: {}", values.join(" | ")));
            }
        }
        all
    }
}

/// The first column of every row `sql` gives, as text.
fn column_of(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

fn column<'a>(headers: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"));
    &row[i]
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn csv_has_named_columns_intact_cyrillic_and_the_registered_people() {
    let demo = Demo::new();
    let out = demo.export(&["--format", "csv"]);
    assert!(
        !out.starts_with("\u{feff}".as_bytes()),
        "no BOM unless asked"
    );
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 lines end in CRLF");
    let (headers, rows) = read_csv(&out);
    for name in Column::defaults().map(Column::name) {
        assert!(headers.iter().any(|h| h == name), "header lacks {name}");
    }
    assert!(
        !headers.iter().any(|h| h == "phone"),
        "phone is not a default column"
    );
    // No check-ins yet: the default is `registered`.
    assert_eq!(rows.len(), 64);
    assert!(
        rows.iter()
            .all(|r| column(&headers, r, "status") == "registered")
    );
    let batmunkh = rows
        .iter()
        .find(|r| column(&headers, r, "family_name") == "Batmunkh")
        .unwrap();
    assert_eq!(
        column(&headers, batmunkh, "native_name"),
        "Батмөнхийн Батцэцэг"
    );
    assert_eq!(column(&headers, batmunkh, "head"), "yes");
    assert_eq!(column(&headers, batmunkh, "category"), "host_state");
    // Protocol order: the host state's head first.
    assert_eq!(column(&headers, &rows[0], "badge"), "1");
}

#[test]
fn csv_columns_and_bom_on_request() {
    let demo = Demo::new();
    let out = demo.export(&[
        "--format",
        "csv",
        "--bom",
        "--columns",
        "badge,family_name,phone",
        "--status",
        "all",
    ]);
    assert!(out.starts_with("\u{feff}".as_bytes()));
    let (headers, rows) = read_csv(&out[3..]);
    assert_eq!(headers, ["badge", "family_name", "phone"]);
    assert_eq!(rows.len(), 71);
    // Phone numbers begin with '+': neutralised like any formula start.
    assert!(rows.iter().any(|r| r[2] == "'+1 613 555 0178"), "{rows:?}");

    let bad = rollcall(&[
        "export",
        "--db",
        demo.db(),
        "--event",
        EVENT,
        "--format",
        "csv",
        "--columns",
        "badge,shoe_size",
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("shoe_size") && err.contains("given_name"),
        "{err}"
    );
}

#[test]
fn a_formula_name_is_text_in_csv_and_xlsx() {
    let demo = Demo::new();
    demo.add_person(FORMULA, "Formula", "@SUM(A1:A9)");

    let (headers, rows) = read_csv(&demo.export(&["--format", "csv"]));
    let row = rows
        .iter()
        .find(|r| column(&headers, r, "family_name") == "Formula")
        .expect("the person is exported");
    assert_eq!(column(&headers, row, "given_name"), format!("'{FORMULA}"));
    assert_eq!(column(&headers, row, "organisation"), "'@SUM(A1:A9)");

    let xlsx = demo.path("roster.xlsx");
    demo.export(&["--format", "xlsx", "-o", xlsx.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let formulas = book.worksheet_formula("Participants").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    let range = book.worksheet_range("Participants").unwrap();
    let cells: Vec<String> = range
        .used_cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(cells.contains(&format!("'{FORMULA}")), "{cells:?}");
    assert!(!cells.iter().any(|c| c.starts_with('=')));
}

#[test]
fn xlsx_reads_back_with_calamine() {
    let demo = Demo::new();
    let xlsx = demo.path("roster.xlsx");
    let printed =
        String::from_utf8(demo.export(&["--format", "xlsx", "-o", xlsx.to_str().unwrap()]))
            .unwrap();
    assert!(printed.contains("wrote 64 people"), "{printed}");
    assert_eq!(mode(&xlsx), 0o600);

    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Participants"]);
    let range = book.worksheet_range("Participants").unwrap();
    assert_eq!(range.height(), 65, "header + 64 registered people");
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        Column::defaults()
            .map(|c| c.name().to_string())
            .collect::<Vec<_>>()
    );
    let first: Vec<&Data> = range.rows().nth(1).unwrap().iter().collect();
    assert_eq!(first[0], &Data::Float(1.0), "badge is a number");
    assert_eq!(first[3], &Data::String("Batmunkh".into()));
    assert_eq!(first[4], &Data::String("Батмөнхийн Батцэцэг".into()));

    let bad = rollcall(&[
        "export",
        "--db",
        demo.db(),
        "--event",
        EVENT,
        "--format",
        "xlsx",
    ]);
    assert!(!bad.status.success(), "xlsx needs -o");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("-o FILE"));
}

#[test]
fn json_has_the_event_and_stable_participant_fields() {
    let demo = Demo::new();
    demo.check_in(&[1], 2);
    let out = demo.export_text(&["--format", "json", "--status", "registered"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["format"], "rollcall-participants");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["event"]["code"], EVENT);
    assert_eq!(doc["event"]["start_date"], "2017-07-05");
    assert_eq!(doc["status"], "registered");
    let people = doc["participants"].as_array().unwrap();
    assert_eq!(people.len(), 64);
    for p in people {
        let fields: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want: Vec<&str> = Column::all().map(Column::name).collect();
        want.sort_unstable();
        let mut got = fields.clone();
        got.sort_unstable();
        assert_eq!(got, want);
    }
    let first = &people[0];
    assert_eq!(first["badge"], 1);
    assert_eq!(first["head"], true);
    assert_eq!(first["rank"], 1);
    assert_eq!(first["consent"], true);
    assert_eq!(first["days_present"], serde_json::json!([2]));
    assert_eq!(first["native_name"], "Батмөнхийн Батцэцэг");
    assert_eq!(first["gender"], "female");

    let some = demo.export_text(&["--format", "json", "--columns", "badge,email"]);
    let doc: serde_json::Value = serde_json::from_str(&some).unwrap();
    assert_eq!(doc["columns"], serde_json::json!(["badge", "email"]));
    let keys: Vec<&String> = doc["participants"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 2);
}

/// The text of the first element matching `css` under `el`.
fn text_of(el: scraper::ElementRef<'_>, css: &str) -> String {
    el.select(&Selector::parse(css).unwrap())
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

#[test]
fn the_list_of_participants_is_in_protocol_order_heads_first_consenting_only() {
    let demo = Demo::new();
    demo.add_person(
        "<script>alert(1)</script>",
        "Injected",
        "<img src=x onerror=alert(2)> & Co",
    );
    let page = demo.export_text(&["--format", "html"]);
    let doc = Html::parse_document(&page);

    // Self-contained: no scripts, no external resources.
    assert_eq!(doc.select(&Selector::parse("script").unwrap()).count(), 0);
    assert_eq!(doc.select(&Selector::parse("img").unwrap()).count(), 0);
    assert_eq!(doc.select(&Selector::parse("link").unwrap()).count(), 0);
    assert!(
        page.contains("@page") && page.contains("A4"),
        "print CSS for A4"
    );
    let title = text_of(doc.root_element(), "h1");
    assert!(title.starts_with("National seminar on a community-policing"));
    let head = text_of(doc.root_element(), "header.lop-head");
    assert!(head.contains("5–6 July 2017"), "{head}");
    assert!(head.contains("Conference hall, Ulaanbaatar"), "{head}");

    let delegations: Vec<String> = doc
        .select(&Selector::parse("section.delegation > h3").unwrap())
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        delegations,
        [
            "Mongolia – state agencies",
            "Mongolia – civil society",
            "Canada",
            "Denmark",
            "Estonia",
            "Finland",
            "Kyrgyzstan",
            "The Netherlands",
            "Spain",
            "United States of America",
            "OSCE Office for Democratic Institutions and Human Rights",
            "OSCE Secretariat – Action against Terrorism Unit, Transnational Threats Department",
        ]
    );
    let categories: Vec<String> = doc
        .select(&Selector::parse("section.category > h2").unwrap())
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        categories,
        [
            "Host country – state agencies",
            "Host country – civil society",
            "Participating States",
            "International organisations",
            "Other participants",
        ]
    );

    // The head of delegation first wherever the head is listed; then by rank.
    let person = Selector::parse("li.person").unwrap();
    let mut heads = 0;
    for section in doc.select(&Selector::parse("section.delegation").unwrap()) {
        let people: Vec<_> = section.select(&person).collect();
        assert!(!people.is_empty());
        for (i, p) in people.iter().enumerate() {
            let is_head = p.value().classes().any(|c| c == "head");
            if is_head {
                assert_eq!(i, 0, "head not first in {}", text_of(section, "h3"));
                heads += 1;
            }
        }
    }
    // Estonia's head did not consent to publication.
    assert_eq!(heads, 11);
    let names: Vec<String> = doc
        .select(&Selector::parse("li.person .name").unwrap())
        .map(|n| n.text().collect())
        .collect();
    assert!(
        names[0].starts_with("Ms Battsetseg BATMUNKH"),
        "{}",
        names[0]
    );
    let kg: Vec<String> = names
        .iter()
        .filter(|n| {
            n.contains("ASANOV") || n.contains("TOKTOGULOVA") || n.contains("ABDYRAKHMANOVA")
        })
        .cloned()
        .collect();
    assert!(
        kg[0].contains("ASANOV") && kg[1].contains("TOKTOGULOVA"),
        "{kg:?}"
    );

    // Not consenting, cancelled, invited or no-show: absent.
    for absent in [
        "GANKHUYAG",    // registered, no consent
        "DUGAR",        // registered, no consent
        "LEPP",         // Estonia's head, no consent
        "SYDYKOV",      // registered, no consent
        "KHURELBAATAR", // cancelled
        "TOGTOKH",      // cancelled
        "KIM",          // invited
    ] {
        assert!(
            !names.iter().any(|n| n.contains(&format!(" {absent}"))),
            "{absent} must not be listed"
        );
    }
    assert_eq!(
        names.len(),
        61,
        "60 consenting registered + the injected one"
    );

    // Escaped, and listed last, without a delegation.
    let last = names.last().unwrap();
    assert_eq!(last, "Mr <script>alert(1)</script> INJECTED");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &amp; Co"));

    // The summary: totals by category and gender.
    let summary = doc
        .select(&Selector::parse("section.summary").unwrap())
        .next()
        .expect("a closing summary");
    let total: Vec<String> = summary
        .select(&Selector::parse("tfoot td").unwrap())
        .map(|td| td.text().collect())
        .collect();
    // Female, Male, Total.
    assert_eq!(total, ["Total", "28", "33", "61"]);
}

#[test]
fn badges_are_eight_per_page_with_qr_codes_and_count_reprints() {
    let demo = Demo::new();
    let first = demo.export_text(&["--format", "badges"]);
    let doc = Html::parse_document(&first);
    let sheets: Vec<_> = doc
        .select(&Selector::parse("section.sheet").unwrap())
        .collect();
    assert_eq!(sheets.len(), 8, "64 badges, 8 per page");
    let badge = Selector::parse("article.badge").unwrap();
    assert!(sheets.iter().all(|s| s.select(&badge).count() == 8));
    let one = doc.select(&badge).next().unwrap();
    assert_eq!(text_of(one, ".family"), "BATMUNKH");
    assert_eq!(text_of(one, ".affiliation"), "Mongolia – state agencies");
    assert_eq!(text_of(one, ".role"), "Speaker");
    assert!(
        one.select(&Selector::parse(".qr svg path").unwrap())
            .next()
            .is_some()
    );
    assert!(!first.contains("reprint #"), "a first print is no reprint");
    assert!(!first.contains("<?xml"));

    let again = demo.export_text(&["--format", "badges", "--status", "all"]);
    let doc = Html::parse_document(&again);
    let reprints: Vec<String> = doc
        .select(&Selector::parse(".reprint").unwrap())
        .map(|r| r.text().collect())
        .collect();
    assert_eq!(reprints.len(), 64, "everyone printed before");
    assert!(reprints.iter().all(|r| r == "reprint #2"));
    // `all` still leaves out the two cancelled registrations: 69 badges.
    assert_eq!(doc.select(&badge).count(), 69);

    let conn = rusqlite::Connection::open(&demo.db).unwrap();
    let rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'badge_printed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 64 + 69);
    let max: String = conn
        .query_row(
            "SELECT max(detail) FROM audit WHERE action = 'badge_printed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(max, "2");
}

#[test]
fn sheets_have_a_section_per_delegation_and_a_box_per_day() {
    let demo = Demo::new();
    demo.check_in(&[22], 1);
    let page = demo.export_text(&["--format", "sheets"]);
    let doc = Html::parse_document(&page);
    let sheets: Vec<_> = doc
        .select(&Selector::parse("section.sheet").unwrap())
        .collect();
    assert_eq!(sheets.len(), 12);
    assert_eq!(text_of(sheets[0], "h1"), "Mongolia – state agencies");
    let days: Vec<String> = sheets[0]
        .select(&Selector::parse("th.day").unwrap())
        .map(|d| d.text().collect())
        .collect();
    assert_eq!(days, ["Day 1Wed 5 Jul", "Day 2Thu 6 Jul"]);
    let first_row = sheets[0]
        .select(&Selector::parse("tbody tr").unwrap())
        .next()
        .unwrap();
    // Alphabetical by family name; Amarsanaa (badge 22) is checked in on day 1.
    assert_eq!(text_of(first_row, ".family"), "AMARSANAA");
    let boxes: Vec<String> = first_row
        .select(&Selector::parse("td.day .box").unwrap())
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(boxes, ["✓", ""]);
    assert!(page.contains("break-after: page"));
}

#[test]
fn export_files_are_private_and_replace_the_old_one_atomically() {
    use std::os::unix::fs::PermissionsExt;
    let demo = Demo::new();
    let target = demo.path("roster.csv");
    std::fs::write(&target, "old content").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();

    demo.export(&["--format", "csv", "-o", target.to_str().unwrap()]);
    assert_eq!(mode(&target), 0o600);
    // A file is the CSV for Excel: UTF-16LE after its byte-order mark.
    let bytes = std::fs::read(&target).unwrap();
    assert!(
        bytes.starts_with(b"\xFF\xFEb\0a\0d\0g\0e\0\t\0"),
        "{bytes:?}"
    );

    // A failing export leaves the old file, and no temporary file behind.
    let before = std::fs::read(&target).unwrap();
    let bad = rollcall(&[
        "export",
        "--db",
        demo.db(),
        "--event",
        EVENT,
        "--format",
        "csv",
        "--status",
        "day:3",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("day:3"));
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(demo.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rollcall-export"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    for (format, name) in [
        ("html", "lop.html"),
        ("json", "r.json"),
        ("sheets", "s.html"),
    ] {
        let path = demo.path(name);
        demo.export(&["--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!(mode(&path), 0o600, "{format}");
    }
}

#[test]
fn exports_leave_the_database_unchanged() {
    let demo = Demo::new();
    demo.check_in(&[1, 2], 1);
    let before = demo.contents();
    for format in ["csv", "json", "html", "sheets"] {
        demo.export(&["--format", format]);
    }
    let xlsx = demo.path("r.xlsx");
    demo.export(&["--format", "xlsx", "-o", xlsx.to_str().unwrap()]);
    ok(&["stats", "--db", demo.db(), "--event", EVENT]);
    ok(&["stats", "--db", demo.db(), "--event", EVENT, "--json"]);
    // Each export adds its line to the list of copies, and nothing else.
    let after = demo.contents();
    let added: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
    assert_eq!(added.len(), 5, "{added:?}");
    assert!(added.iter().all(|r| r.starts_with("copies:")), "{added:?}");
    assert!(before.iter().all(|r| after.contains(r)));
    let before = after;

    // Badges add audit rows (and their copy), and nothing else.
    demo.export(&["--format", "badges"]);
    let after = demo.contents();
    let added: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
    assert_eq!(added.len(), 65);
    assert!(
        added.iter().all(|r| r.starts_with("copies:")
            || (r.starts_with("audit:") && r.contains("badge_printed"))),
        "{added:?}"
    );
    assert!(before.iter().all(|r| after.contains(r)));
}

#[test]
fn status_filters_follow_check_ins() {
    let demo = Demo::new();
    let count = |args: &[&str]| {
        let mut all = vec!["--format", "csv"];
        all.extend_from_slice(args);
        read_csv(&demo.export(&all)).1.len()
    };
    assert_eq!(count(&[]), 64, "no check-ins: registered");
    // Badge 23 is invited: a check-in makes them registered.
    demo.check_in(&[1, 2, 3], 1);
    demo.check_in(&[1, 23], 2);
    assert_eq!(count(&[]), 4, "check-ins: attended by default");
    assert_eq!(count(&["--status", "attended"]), 4);
    assert_eq!(count(&["--status", "registered"]), 65);
    assert_eq!(count(&["--status", "all"]), 71);
    assert_eq!(count(&["--status", "day:1"]), 3);
    assert_eq!(count(&["--status", "day:2"]), 2);

    let (headers, rows) = read_csv(&demo.export(&["--format", "csv", "--status", "day:2"]));
    let days: Vec<&str> = rows
        .iter()
        .map(|r| column(&headers, r, "days_present"))
        .collect();
    assert!(days.contains(&"1 2"), "{days:?}");

    for bad in ["day:3", "day:0", "present"] {
        let out = rollcall(&[
            "export",
            "--db",
            demo.db(),
            "--event",
            EVENT,
            "--format",
            "csv",
            "--status",
            bad,
        ]);
        assert!(!out.status.success(), "--status {bad} must fail");
    }
}

#[test]
fn stats_of_the_demo() {
    let demo = Demo::new();
    let json = String::from_utf8(ok(&[
        "stats",
        "--db",
        demo.db(),
        "--event",
        EVENT,
        "--json",
    ]))
    .unwrap();
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(s["people"], 71);
    assert_eq!(s["registered"], 64);
    assert_eq!(s["attended"], 0);
    let gender = |name: &str| {
        s["by_gender"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()["people"]
            .clone()
    };
    assert_eq!(gender("female"), 31);
    assert_eq!(gender("male"), 40);
    assert_eq!(
        s["by_status"][0],
        serde_json::json!({"status": "invited", "count": 4})
    );
    assert_eq!(s["by_delegation"].as_array().unwrap().len(), 12);
    assert_eq!(
        s["by_delegation"][0]["delegation"],
        "Mongolia – state agencies"
    );
    let categories: u64 = s["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["people"].as_u64().unwrap())
        .sum();
    assert_eq!(categories, 71);
    let roles: u64 = s["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["people"].as_u64().unwrap())
        .sum();
    assert_eq!(roles, 71);

    demo.check_in(&[1, 2, 3], 1);
    demo.check_in(&[1], 2);
    let json = String::from_utf8(ok(&[
        "stats",
        "--db",
        demo.db(),
        "--event",
        EVENT,
        "--json",
    ]))
    .unwrap();
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(s["attended"], 3);
    assert_eq!(
        s["present_by_day"],
        serde_json::json!([
            {"day": 1, "date": "2017-07-05", "present": 3},
            {"day": 2, "date": "2017-07-06", "present": 1}
        ])
    );

    let text = String::from_utf8(ok(&["stats", "--db", demo.db(), "--event", EVENT])).unwrap();
    assert!(text.contains("Registered"), "{text}");
    let registered = text.lines().find(|l| l.starts_with("Registered")).unwrap();
    assert!(registered.trim_end().ends_with("64"), "{registered}");
    let present = text
        .lines()
        .find(|l| l.starts_with("Present day 1"))
        .unwrap();
    assert!(present.trim_end().ends_with('3'), "{present}");
    // Aligned: every number of the overview ends in the same column.
    let overview: Vec<usize> = text
        .lines()
        .skip(3)
        .take_while(|l| !l.is_empty())
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert!(overview.windows(2).all(|w| w[0] == w[1]), "{text}");
}

#[test]
fn the_library_exports_to_any_writer_with_progress() {
    let demo = Demo::new();
    demo.add_person("Esc\u{1b}[2J", "Control\u{7}", "Org\u{202e}reversed");
    let mut store = demo.store();
    let event = store.event_by_code(EVENT).unwrap();

    let mut calls = Vec::new();
    let mut out = Vec::new();
    let options = ExportOptions {
        status: Some(StatusFilter::All),
        ..ExportOptions::new(Format::Csv, common::seminar_morning())
    };
    let summary = export::export(
        &mut store,
        &event,
        &options,
        &mut out,
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(summary.people, 72);
    assert_eq!(summary.status, StatusFilter::All);
    assert_eq!(calls.first(), Some(&(0, 72)));
    assert_eq!(calls.last(), Some(&(72, 72)));
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'));
    assert!(text.contains("Esc␛[2J"), "control characters made visible");

    // JSON keeps the exact data, escaped.
    let mut out = Vec::new();
    let options = ExportOptions {
        status: Some(StatusFilter::All),
        ..ExportOptions::new(Format::Json, common::seminar_morning())
    };
    export::export(&mut store, &event, &options, &mut out, &mut |_, _| {}).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    assert!(!text.contains('\u{202e}'));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let person = doc["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["organisation"] == "Org\u{202e}reversed")
        .expect("the exact organisation survives");
    assert_eq!(person["given_name"], "Esc\u{1b}[2J");

    // To a file, with the default status.
    let path = demo.path("lib.csv");
    let options = ExportOptions::new(Format::Csv, common::seminar_morning());
    let summary =
        export::export_to_file(&mut store, &event, &options, &path, &mut |_, _| {}).unwrap();
    assert_eq!(summary.status, StatusFilter::Registered);
    assert_eq!(summary.people, 65);
    assert_eq!(mode(&path), 0o600);

    let day3 = ExportOptions {
        status: Some(StatusFilter::Day(3)),
        ..ExportOptions::new(Format::Html, common::seminar_morning())
    };
    let err =
        export::export(&mut store, &event, &day3, &mut Vec::new(), &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("day:3"), "{err}");
}

/// The List is written as it goes, delegation by delegation: with nobody to list it
/// says so, and the summary counts everyone it listed, by category.
#[test]
fn the_list_of_participants_summary_counts_what_it_lists_and_an_empty_list_says_so() {
    let demo = Demo::new();
    let empty = demo.export_text(&["--format", "html", "--status", "day:1"]);
    let doc = Html::parse_document(&empty);
    assert_eq!(
        text_of(doc.root_element(), "p.empty"),
        "No participants to list."
    );
    assert_eq!(
        doc.select(&Selector::parse("li.person").unwrap()).count(),
        0
    );
    assert!(empty.trim_end().ends_with("</html>"), "{empty}");

    let page = demo.export_text(&["--format", "html", "--status", "all"]);
    let doc = Html::parse_document(&page);
    assert_eq!(doc.select(&Selector::parse("p.empty").unwrap()).count(), 0);
    let section = Selector::parse("section.category").unwrap();
    let person = Selector::parse("li.person").unwrap();
    let listed: Vec<(String, usize)> = doc
        .select(&section)
        .map(|s| (text_of(s, "h2"), s.select(&person).count()))
        .collect();
    let row = Selector::parse("section.summary tbody tr").unwrap();
    let cell = Selector::parse("td").unwrap();
    let summed: Vec<(String, usize)> = doc
        .select(&row)
        .map(|r| {
            let cells: Vec<String> = r.select(&cell).map(|c| c.text().collect()).collect();
            (cells[0].clone(), cells.last().unwrap().parse().unwrap())
        })
        .collect();
    assert_eq!(listed, summed);
    let total: usize = listed.iter().map(|(_, n)| n).sum();
    assert_eq!(total, doc.select(&person).count());
    assert!(total > 0);
}

/// The CSV writer writes each kind of cell — text that needs quoting, formulas, control
/// characters, numbers, an absent rank, flags, days — exactly so, field by field.
#[test]
fn csv_cells_of_every_kind_are_written_exactly() {
    let demo = Demo::new();
    let mut store = demo.store();
    let event = store.event_by_code(EVENT).unwrap();
    let person = NewAttendee {
        honorific: "@Dr".into(),
        given_name: "=1+2".into(),
        family_name: "O'Brien, \"Jr\"".into(),
        native_name: "Line\nbreak".into(),
        gender: Gender::Male,
        position: "-lead".into(),
        organisation: "tab\there".into(),
        email: "o.brien@example.org".into(),
        phone: "+976 11".into(),
        role: Role::Observer,
        status: Status::Registered,
        rank: Some(3),
        notes: "x\u{85}y\u{2066}z – ok".into(),
        consent: false,
        ..NewAttendee::default()
    };
    store
        .import_people(event.id, &[], &[(DelegationRef::None, person)])
        .unwrap();
    let badge = store
        .roster(&event, RosterFilter::new(Presence::All))
        .unwrap()
        .into_iter()
        .find(|e| e.attendee.details.family_name.starts_with("O'Brien"))
        .unwrap()
        .attendee
        .badge;
    drop(store);
    demo.check_in(&[badge], 1);
    demo.check_in(&[badge], 2);

    let csv = demo.export_text(&["--format", "csv", "--status", "all", "--columns", "all"]);
    let line = csv
        .split("\r\n")
        .find(|l| l.contains("O'Brien"))
        .expect("the person is exported");
    assert_eq!(
        line,
        format!(
            "{badge},'@Dr,'=1+2,\"O'Brien, \"\"Jr\"\"\",Line␊break,male,'-lead,tab␉here,,,,\
             o.brien@example.org,\
             '+976 11,observer,registered,no,3,1 2,,,x\u{fffd}y\u{fffd}z – ok,no"
        )
    );
}

/// The roster (every export) lists delegations in the order of the Delegations screen:
/// the event's category order, then the folded sort key, then the name.
#[test]
fn the_roster_orders_delegations_as_the_delegations_screen_does() {
    let demo = Demo::new();
    let mut store = demo.store();
    let event = store.event_by_code(EVENT).unwrap();
    let mut order = Category::default_order();
    order.reverse();
    store.set_category_order(event.id, &order).unwrap();
    let delegation = |name: &str, category, sort_key: &str| NewDelegation {
        name: name.into(),
        category,
        sort_key: sort_key.into(),
        country: None,
    };
    let delegations = [
        delegation("Zebra B", Category::ParticipatingState, "Zebra"),
        delegation("Åland", Category::ParticipatingState, "Åland"),
        delegation("Zebra A", Category::ParticipatingState, "Zebra"),
        delegation("adorra", Category::ParticipatingState, "adorra"),
        delegation("Austria", Category::ParticipatingState, "Austria"),
        delegation("Other body", Category::Other, "Other body"),
        delegation("Host body", Category::HostState, "Host body"),
    ];
    let people: Vec<(DelegationRef, NewAttendee)> = (0..delegations.len())
        .map(|i| {
            let person = NewAttendee {
                given_name: format!("Person{i}"),
                family_name: "Member".into(),
                gender: Gender::Female,
                role: Role::Participant,
                status: Status::Registered,
                ..NewAttendee::default()
            };
            (DelegationRef::New(i), person)
        })
        .collect();
    store
        .import_people(event.id, &delegations, &people)
        .unwrap();
    let event = store.event_by_code(EVENT).unwrap();

    let screen: Vec<String> = store
        .list_delegations(&event, event.details.start_date)
        .unwrap()
        .into_iter()
        .filter(|row| row.members > 0)
        .map(|row| row.delegation.details.name)
        .collect();
    let mut roster: Vec<String> = store
        .roster(&event, RosterFilter::new(Presence::All))
        .unwrap()
        .into_iter()
        .filter_map(|e| e.delegation.map(|d| d.details.name))
        .collect();
    roster.dedup();
    assert_eq!(roster, screen);
    let ours: Vec<&str> = roster
        .iter()
        .map(String::as_str)
        .filter(|n| delegations.iter().any(|d| d.name == *n))
        .collect();
    assert_eq!(
        ours,
        [
            "Other body",
            "adorra",
            "Åland",
            "Austria",
            "Zebra A",
            "Zebra B",
            "Host body"
        ]
    );
}

/// A printed page says when it was made, and that time is the caller's clock (the
/// TUI's, here a fixed one), not whatever the machine's clock says.
#[test]
fn printed_pages_carry_the_callers_time() {
    let demo = Demo::new();
    let mut store = demo.store();
    let event = store.event_by_code(EVENT).unwrap();
    let page = |store: &mut Store, format| {
        let options = ExportOptions::new(format, common::seminar_morning());
        let mut out = Vec::new();
        export::export(store, &event, &options, &mut out, &mut |_, _| {}).unwrap();
        String::from_utf8(out).unwrap()
    };
    let list = Html::parse_document(&page(&mut store, Format::Html));
    assert_eq!(
        text_of(list.root_element(), ".issued"),
        "Issued 5 July 2017"
    );
    let sheets = Html::parse_document(&page(&mut store, Format::Sheets));
    let hint = text_of(sheets.root_element(), ".hint");
    assert!(hint.ends_with("Printed 2017-07-05 08:30."), "{hint}");
    page(&mut store, Format::Badges);
    let conn = rusqlite::Connection::open(&demo.db).unwrap();
    let times = column_of(
        &conn,
        "SELECT DISTINCT at FROM audit WHERE action = 'badge_printed'",
    );
    assert_eq!(times, ["2017-07-05 08:30:00"]);
}

#[test]
fn a_missing_registry_is_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    for args in [
        vec![
            "export",
            "--db",
            db.to_str().unwrap(),
            "--event",
            EVENT,
            "--format",
            "csv",
        ],
        vec!["stats", "--db", db.to_str().unwrap(), "--event", EVENT],
    ] {
        let out = rollcall(&args);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("no registry"));
        assert!(!db.exists(), "{args:?} created the file");
    }
    let demo = Demo::new();
    let out = rollcall(&["stats", "--db", demo.db(), "--event", "nowhere-1999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere-1999"));
}
