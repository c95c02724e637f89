//! The checker on hand-made snapshots: no database, no files.

use super::*;
use crate::domain::{
    AttendeeId, Category, Delegation, DelegationId, Gender, NewEvent, Role, Status,
};
use crate::store::ExistingPerson;
use chrono::NaiveDate;

fn snapshot() -> ImportSnapshot {
    let event = Event::with_default_order(
        EventId(1),
        NewEvent {
            country: Some("MN".into()),
            ..NewEvent::new(
                "test-2017",
                "Test",
                NaiveDate::from_ymd_opt(2017, 7, 5).unwrap(),
                NaiveDate::from_ymd_opt(2017, 7, 6).unwrap(),
            )
        },
    );
    let canada = Delegation {
        id: DelegationId(10),
        event_id: EventId(1),
        details: NewDelegation {
            name: "Canada".into(),
            category: Category::ParticipatingState,
            sort_key: "Canada".into(),
            country: Some("CA".into()),
        },
    };
    let head = ExistingPerson {
        id: AttendeeId(100),
        badge: 7,
        given_name: "Emily".into(),
        family_name: "Tremblay".into(),
        email: "E.Tremblay@example.ca".into(),
        delegation: Some(DelegationId(10)),
        is_head: true,
    };
    ImportSnapshot {
        event,
        delegations: vec![canada],
        people: vec![head],
        records: Vec::new(),
    }
}

fn run(csv: &str, options: &ImportOptions) -> Result<ImportPlan, ImportError> {
    check("t.csv", csv.as_bytes(), &snapshot(), options, &mut |_| {})
}

/// The refusal of a file checked with the default options.
fn refused(csv: &str) -> ImportError {
    run(csv, &ImportOptions::default()).unwrap_err()
}

fn lines(e: &ImportError) -> Vec<String> {
    e.problems().iter().map(|p| p.line("t.csv")).collect()
}

#[test]
fn a_clean_file_becomes_a_plan() {
    let plan = run(
        "Title,First name,Last name,Delegation,Country,Gender,Role,Status,Badge,Head,Rank,Consent\n\
         Ms,Anna,Berg,Canada,CA,F,Speaker,invited,12,no,2,no\n\
         Mr,Jan,de Vries,The Netherlands,Netherlands,male,,,,yes,,\n\
         Dr,Mia,Ode,Friends of Seminars,,,,No-show,,,,\n",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(plan.rows, vec![2, 3, 4]);
    assert_eq!(plan.delegations.len(), 2);
    let nl = &plan.delegations[0];
    assert_eq!(
        (nl.name.as_str(), nl.category, nl.sort_key.as_str()),
        (
            "The Netherlands",
            Category::ParticipatingState,
            "Netherlands"
        )
    );
    assert_eq!(nl.country.as_deref(), Some("NL"));
    assert_eq!(plan.delegations[1].category, Category::Other);
    assert_eq!(plan.delegations[1].country, None);

    let (d, anna) = &plan.people[0];
    assert_eq!(*d, DelegationRef::Existing(DelegationId(10)));
    assert_eq!(anna.honorific, "Ms");
    assert_eq!(anna.gender, Gender::Female);
    assert_eq!(anna.role, Role::Speaker);
    assert_eq!(anna.status, Status::Invited);
    assert_eq!(
        (anna.badge, anna.rank, anna.consent),
        (Some(12), Some(2), false)
    );
    let (d, jan) = &plan.people[1];
    assert_eq!(*d, DelegationRef::New(0));
    assert!(jan.is_head && jan.consent);
    assert_eq!(jan.country.as_deref(), Some("NL"));
    assert_eq!(plan.people[2].1.status, Status::NoShow);
    assert_eq!(
        plan.report(false).to_string(),
        "imported 3 people into test-2017, created 2 delegations"
    );
}

#[test]
fn every_problem_names_row_and_column() {
    let e = refused(
        "First name,Last name,E-mail,Role,Badge,Head,Delegation,Country,Gender\n\
         Anna,,anna@x.org,,,,,,\n\
         Bob,Brown,bob@x,captain,0,,,,\n\
         Cy,Cole,,,7,,,Atlantis,yes\n\
         Di,Dunn,,,,yes,,,\n\
         Ed,Eck,,,,yes,Canada,,\n",
    );
    assert_eq!(
        lines(&e),
        vec![
            "t.csv:2: Last name: required",
            "t.csv:3: E-mail: \"bob@x\" is not an email address",
            "t.csv:3: Role: unknown role \"captain\"; use one of: participant, speaker, \
             moderator, expert, observer, organiser, interpreter, press",
            "t.csv:3: Badge: numbers start at 1",
            "t.csv:4: Badge: 7 is already taken in test-2017 by Emily Tremblay",
            "t.csv:4: Country: unknown country \"Atlantis\"; use the two-letter ISO code (MN) \
             or a name (Mongolia, Mongolie)",
            "t.csv:4: Gender: unknown gender \"yes\"; use F, M, other or leave it empty",
            "t.csv:5: Head: yes, but the row names no delegation to head",
            "t.csv:6: Head: Canada already has a head: Emily Tremblay",
        ]
    );
    assert_eq!(
        e.to_string(),
        "t.csv: 9 problems in 5 of 5 rows; nothing was imported"
    );
}

#[test]
fn duplicates_are_refused_or_skipped() {
    let csv = "First name,Last name,Email,Delegation\n\
               Emily,Tremblay,,canada\n\
               Em,T,e.tremblay@EXAMPLE.ca,\n\
               Ann,Lee,ann@x.org,\n\
               Ann,Lee,,\n\
               Other,Person,ANN@x.org,\n";
    let e = run(csv, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        lines(&e),
        vec![
            "t.csv:2: duplicate: Emily Tremblay (badge 7) is already in test-2017 with this \
             name and delegation",
            "t.csv:3: Email: duplicate: Emily Tremblay (badge 7) is already in test-2017 with \
             this email",
            "t.csv:5: duplicate of row 4 (same name and delegation)",
            "t.csv:6: Email: duplicate of row 4 (same email)",
        ]
    );
    assert!(e.to_string().contains("4 duplicates"), "{e}");
    let plan = run(
        csv,
        &ImportOptions {
            skip_duplicates: true,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(plan.rows, vec![4]);
    assert_eq!(plan.skipped.len(), 4);
    assert!(plan.delegations.is_empty());
    assert_eq!(
        plan.report(true).to_string(),
        "would import 1 person into test-2017, create 0 delegations; would skip 4 duplicates"
    );
}

#[test]
fn badges_and_heads_clash_within_the_file() {
    let e = refused(
        "First name,Last name,Badge,Head,Delegation,Category\n\
         A,One,20,yes,Finland,\n\
         B,Two,20,yes,finland,partner\n\
         C,Three,,,Finland,other\n",
    );
    assert_eq!(
        lines(&e),
        vec![
            "t.csv:3: Badge: 20 is also on row 2",
            "t.csv:3: Head: row 2 is already the head of finland",
            "t.csv:4: Category: other differs from partner given for Finland on row 3",
        ]
    );
}

#[test]
fn header_rows_title_rows_and_ragged_rows() {
    // A title above the header; an unnamed column with data; a short row (Excel drops
    // trailing empty cells); a row with one cell too many.
    let e = refused(
        "Participants 2017\n\
         \n\
         First name;Last name;Organisation;\n\
         Anna;Berg;OSCE;x\n\
         Bo;Ek\n\
         Cy;Cole;Ministry of Foreign Affairs; Mongolia;extra\n",
    );
    assert_eq!(
        lines(&e),
        vec![
            "t.csv:6: 5 cells, but the header row has 4 columns: a separator inside a value \
             that is not in quotes?"
        ]
    );
    let plan = run(
        "Participants 2017\n\nFirst name;Last name;Organisation;\nAnna;Berg;OSCE;x\nBo;Ek\n",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(plan.rows, vec![4, 5]);
    assert_eq!(plan.ignored_columns, vec!["column 4 (no header)"]);
    assert_eq!(plan.notes.len(), 1, "{:?}", plan.notes);
}

#[test]
fn missing_columns_and_maps() {
    let e = refused("Name,E-mail\nAnna Berg,a@b.org\n");
    let ImportError::Columns { message, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(
        message.contains("given name") && message.contains("family name"),
        "{e}"
    );
    let e = refused("First name,E-mail\nAnna,a@b.org\n");
    assert!(
        e.to_string()
            .starts_with("t.csv: no column for the family name"),
        "{e}"
    );

    let options = ImportOptions {
        map: vec![
            "Vorname=given_name".parse().unwrap(),
            "Zuname=family_name".parse().unwrap(),
            "Memo=ignore".parse().unwrap(),
        ],
        ..ImportOptions::default()
    };
    let plan = run("Vorname,Zuname,Memo,Foo\nAnna,Berg,x,y\n", &options).unwrap();
    assert_eq!(plan.people[0].1.full_name(), "Anna Berg");
    assert_eq!(plan.ignored_columns, vec!["Foo"]);
}

#[test]
fn header_only_imports_nothing_with_a_note() {
    let plan = run("First name,Last name\r\n", &ImportOptions::default()).unwrap();
    assert!(plan.people.is_empty());
    assert_eq!(
        plan.notes,
        vec!["the file has a header row but no rows to import"]
    );
    assert!(matches!(
        run("", &ImportOptions::default()),
        Err(ImportError::Empty { .. })
    ));
}

#[test]
fn control_characters_are_refused_and_line_breaks_joined() {
    let e =
        refused("First name,Last name,Notes\n\"An\nna\",Berg,\"two\nlines\"\nEvil\u{1b}[2J,Doe,\n");
    assert_eq!(
        lines(&e),
        vec![
            "t.csv:3: First name: contains the control character U+001B, which has no place \
             in a name or text"
        ]
    );
    let plan = run(
        "First name,Last name,Notes\n\"An\nna\",Berg,\"two\r\nlines\"\n",
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(plan.people[0].1.given_name, "An na");
    assert_eq!(plan.people[0].1.notes, "two\nlines");
}
