//! `rollcall import --update`: a second version of a list updates the people it
//! describes (matched by e-mail, else badge, else name in the delegation) and adds the
//! others, in one transaction; a row that could mean two people, or that would take
//! someone else's e-mail or badge, refuses the file and nothing is written. The store's
//! part runs on both engines.

mod common;

use common::rollcall;
use rollcall::domain::{AttendeeId, NewAttendee, Status};
use rollcall::store::{Store, StoreError};
use rollcall::transfer::import::{ImportError, ImportOptions, import_file, plan};
use std::path::{Path, PathBuf};

const EVENT: &str = "ulaanbaatar-2017";

fn updating() -> ImportOptions {
    ImportOptions {
        update: true,
        ..ImportOptions::default()
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn person(store: &Store, badge: u32) -> (AttendeeId, NewAttendee) {
    let event = store.event_by_code(EVENT).unwrap();
    let a = store.attendee_by_badge(event.id, badge).unwrap().unwrap();
    (a.id, a.details)
}

fn delegation_of(store: &Store, badge: u32) -> String {
    let (_, p) = person(store, badge);
    store
        .delegation(p.delegation.unwrap())
        .unwrap()
        .details
        .name
}

fn people(store: &Store) -> usize {
    let event = store.event_by_code(EVENT).unwrap();
    store.event_contents(event.id).unwrap().people as usize
}

on_both_engines! {
    /// The organiser's second version of the list: new positions and addresses, one
    /// person moved, one new; empty cells keep what the registry has.
    fn a_second_version_updates_moves_and_adds(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let before = people(&store);
        let file = write(
            reg.scratch(),
            "v2.csv",
            "E-mail,Badge,First name,Last name,Position,Organisation,Delegation\n\
             g.tserendorj@nctcc.gov.mn.example,,Ganbaatar,Tserendorj,Secretary General,,\n\
             ,3,Batbold,Sukhbaatar,,,\n\
             ,,Erdenebileg,Dashdorj,Adviser,,Mongolia – state agencies\n\
             kadri.magi@politsei.ee.example,,Kadri,Mägi,,,Kyrgyzstan\n\
             anna@example.ee,,Anna,Newcomer,Analyst,Police,Estonia\n",
        );
        let imported = import_file(&mut store, event.id, &file, &updating(), false, &mut |_| {})
            .unwrap();
        assert_eq!(
            imported.report.to_string(),
            "updated 3, added 1, unchanged 1 in ulaanbaatar-2017; created 0 delegations"
        );
        let (_, ganbaatar) = person(&store, 2);
        assert_eq!(ganbaatar.position, "Secretary General", "matched by e-mail");
        assert!(
            !ganbaatar.organisation.is_empty(),
            "an empty cell keeps the organisation"
        );
        assert_eq!(person(&store, 5).1.position, "Adviser", "matched by name");
        assert_eq!(delegation_of(&store, 51), "Kyrgyzstan", "moved");
        assert_eq!(people(&store), before + 1);

        // The changes, field by field, in the order of the file's columns.
        let lines: Vec<String> = imported.updates.iter().map(|u| u.to_string()).collect();
        assert!(
            lines.contains(
                &"row 2: Ganbaatar Tserendorj (badge 2): Position: \"Head of the Secretariat\" \
                  → \"Secretary General\""
                    .to_string()
            ),
            "{lines:#?}"
        );
        assert!(
            lines.contains(
                &"row 5: Kadri Mägi (badge 51): Delegation: \"Estonia\" → \"Kyrgyzstan\"".to_string()
            ),
            "{lines:#?}"
        );

        // The same file again changes nothing.
        let again = import_file(&mut store, event.id, &file, &updating(), false, &mut |_| {})
            .unwrap();
        assert_eq!(
            again.report.to_string(),
            "updated 0, added 0, unchanged 5 in ulaanbaatar-2017; created 0 delegations",
            "Anna Newcomer is found by her e-mail now"
        );
    }

    /// A row whose e-mail is one person's and badge another's is not guessed: the file
    /// is refused with both named, and nothing changes.
    fn a_row_that_means_two_people_refuses_the_file(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let file = write(
            reg.scratch(),
            "two.csv",
            "Email,Badge,Given name,Family name,Position\n\
             g.tserendorj@nctcc.gov.mn.example,2,Ganbaatar,Tserendorj,Secretary General\n\
             batbold.s@police.gov.mn.example,4,Batbold,Sukhbaatar,Inspector\n",
        );
        let err = import_file(&mut store, event.id, &file, &updating(), false, &mut |_| {})
            .unwrap_err();
        let problems: Vec<String> = err.problems().iter().map(|p| p.line("two.csv")).collect();
        assert_eq!(
            problems,
            [
                "two.csv:3: matches two people: Batbold Sukhbaatar (badge 3) by e-mail and \
                 Oyunchimeg Ganbold (badge 4) by badge — which one does this row update?"
            ]
        );
        assert_ne!(person(&store, 2).1.position, "Secretary General", "nothing written");
    }

    /// Two rows for one person; a row whose e-mail is one person's and name or badge
    /// another's (an update cannot give someone another's e-mail or badge): each named
    /// on its row; nothing written.
    fn updates_keep_emails_badges_and_rows_apart(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let file = write(
            reg.scratch(),
            "bad.csv",
            "Email,Badge,Given name,Family name\n\
             g.tserendorj@nctcc.gov.mn.example,,Ganbaatar,Tserendorj\n\
             g.tserendorj@nctcc.gov.mn.example,,Ganbaatar,Tserendorj\n\
             oyunchimeg.g@mfa.gov.mn.example,,Batbold,Sukhbaatar\n\
             kadri.magi@politsei.ee.example,1,Kadri,Mägi\n",
        );
        let err = import_file(&mut store, event.id, &file, &updating(), true, &mut |_| {})
            .unwrap_err();
        let problems: Vec<String> = err.problems().iter().map(|p| p.line("bad.csv")).collect();
        assert_eq!(
            problems,
            [
                "bad.csv:3: Email: row 2 already updates Ganbaatar Tserendorj (badge 2) (same \
                 e-mail)",
                "bad.csv:4: matches two people: Oyunchimeg Ganbold (badge 4) by e-mail and \
                 Batbold Sukhbaatar (badge 3) by name — which one does this row update?",
                "bad.csv:5: matches two people: Kadri Mägi (badge 51) by e-mail and \
                 Battsetseg Batmunkh (badge 1) by badge — which one does this row update?",
            ]
        );
    }

    /// A head named by the file takes over from the delegation's head, as the forms do.
    fn a_new_head_takes_over(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let file = write(
            reg.scratch(),
            "head.csv",
            "Badge,Given name,Family name,Head\n55,Aizhan,Toktogulova,yes\n",
        );
        import_file(&mut store, event.id, &file, &updating(), false, &mut |_| {}).unwrap();
        assert!(person(&store, 55).1.is_head);
        assert!(!person(&store, 54).1.is_head, "Nurlan Asanov steps aside");
    }

    /// Another desk changes a person between the check and the write, in a field the
    /// file changes too: nothing is written, and the message says who and what.
    fn a_change_made_meanwhile_stops_the_update(engine: Engine) {
        let Some((reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(EVENT).unwrap();
        let file = write(
            reg.scratch(),
            "v2.csv",
            "Badge,Given name,Family name,Position,Status\n\
             2,Ganbaatar,Tserendorj,Secretary General,\n\
             3,Batbold,Sukhbaatar,,cancelled\n",
        );
        let checked = plan(&store, event.id, &file, &updating(), &mut |_| {}).unwrap();
        let (id, before) = person(&store, 2);
        let theirs = NewAttendee {
            position: "Chief of Staff".into(),
            ..before.clone()
        };
        store.edit_attendee(id, &before, &theirs).unwrap();
        let err = checked.apply(&mut store).unwrap_err();
        assert!(
            matches!(err, ImportError::Store(StoreError::ChangedMeanwhile { .. })),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "Ganbaatar Tserendorj (badge 2) was changed at another desk while the file was \
             checked (Position): nothing was imported — run the import again"
        );
        assert_eq!(person(&store, 2).1.position, "Chief of Staff");
        assert_eq!(person(&store, 3).1.status, Status::Registered, "all or nothing");
    }
}

/// The command line: a dry run lists each change and writes nothing; the real run says
/// what it did; without `--update` the same file is refused as duplicates, with the
/// way out named.
#[test]
fn the_command_line_shows_each_change_before_it_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let db = db.to_str().unwrap();
    assert!(rollcall(&["demo", "--db", db]).status.success());
    let file = write(
        dir.path(),
        "v2.csv",
        "Email,First name,Last name,Position,Status\n\
         g.tserendorj@nctcc.gov.mn.example,Ganbaatar,Tserendorj,Secretary General,cancelled\n",
    );
    let file = file.to_str().unwrap();
    let import = |extra: &[&str]| {
        let mut args = vec!["import", "--db", db, "--event", EVENT, file];
        args.extend_from_slice(extra);
        rollcall(&args)
    };

    let dry = import(&["--update", "--dry-run"]);
    assert!(dry.status.success());
    assert_eq!(
        String::from_utf8_lossy(&dry.stdout),
        "row 2: Ganbaatar Tserendorj (badge 2): Position: \"Head of the Secretariat\" → \
         \"Secretary General\"; Status: \"Registered\" → \"Cancelled\"\n\
         would update 1, add 0, leave 0 unchanged in ulaanbaatar-2017; create 0 delegations\n"
    );
    let store = Store::open(Path::new(db)).unwrap();
    assert_eq!(person(&store, 2).1.status, Status::Registered, "a dry run");

    let plain = import(&[]);
    assert!(!plain.status.success());
    assert!(
        String::from_utf8_lossy(&plain.stderr).contains("--update updates those people"),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );

    let run = import(&["--update"]);
    assert!(run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stdout).ends_with(
            "updated 1, added 0, unchanged 0 in ulaanbaatar-2017; created 0 delegations\n"
        )
    );
    assert_eq!(person(&store, 2).1.status, Status::Cancelled);
}
