//! The TUI driven like a user, without a terminal: an `App` on a temporary store with
//! the sample seminar, fed key events, drawn on ratatui's `TestBackend`. Every screen
//! state a user would see is snapshotted as text (tests/snapshots/ui__*.snap); the
//! behaviour behind it is also asserted plainly.

mod common;

use chrono::NaiveDateTime;
use common::app::*;
use crossterm::event::KeyCode;
use rollcall::ui::ScreenId;
use rollcall::ui::app::App;

/// The moment the tests live in: day 1 of the sample seminar, 09:12.
fn now() -> NaiveDateTime {
    nine_twelve()
}

/// An App at desk-1 on a fresh temporary registry holding the sample seminar. The
/// directory must outlive the App.
fn demo_app() -> (App, tempfile::TempDir) {
    sample_app("desk-1", false, &TestClock::new(now()))
}

fn snapshot(name: &str, app: &App) {
    snapshot_at(name, app, 80, 24);
}

fn snapshot_at(name: &str, app: &App, width: u16, height: u16) {
    let terminal = draw(app, width, height);
    insta::assert_snapshot!(name, terminal.backend());
}

// ---------------------------------------------------------------------------------
// Snapshots: one per screen state.

#[test]
fn seminars_list() {
    let (app, _dir) = demo_app();
    assert_eq!(app.screen, ScreenId::Seminars);
    snapshot("seminars_list", &app);
}

#[test]
fn attendees_list() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.screen, ScreenId::Attendees);
    let text = screen_text(&app);
    assert!(
        text.contains(" 71 "),
        "the title counts all 71 people:\n{text}"
    );
    snapshot("attendees_list", &app);
}

#[test]
fn attendees_filtered_jose() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/jose");
    let text = screen_text(&app);
    assert!(
        text.contains("/ jose"),
        "the filter line shows the query:\n{text}"
    );
    assert!(
        text.contains("of 71"),
        "the title counts the matches:\n{text}"
    );
    snapshot("attendees_filtered_jose", &app);
}

#[test]
fn delegations_collapsed() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.screen, ScreenId::Delegations);
    let text = screen_text(&app);
    assert!(
        text.contains(" 12 "),
        "the title counts 12 delegations:\n{text}"
    );
    snapshot("delegations_collapsed", &app);
}

#[test]
fn delegations_filtered_kyr() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "/kyr");
    let rows = lines(&draw(&app, 80, 24));
    let text = rows.join("\n");
    assert!(text.contains("1 of 12"), "Kyrgyzstan alone:\n{text}");
    let at = rows
        .iter()
        .position(|r| r.contains("▾ Kyrgyzstan"))
        .unwrap_or_else(|| panic!("Kyrgyzstan is shown, expanded:\n{text}"));
    assert_eq!(
        rows.iter()
            .filter(|r| r.contains('▾') || r.contains('▸'))
            .count(),
        1,
        "no other delegation:\n{text}"
    );
    // Its four members, head (★) first, then by rank; nothing after them.
    let members = &rows[at + 1..at + 5];
    for (row, name) in members
        .iter()
        .zip(["ASANOV", "TOKTOGULOVA", "SYDYKOV", "ABDYRAKHMANOVA"])
    {
        assert!(row.contains(name), "expected {name} in order:\n{text}");
    }
    assert!(members[0].contains("★ Col. Nurlan ASANOV"), "{text}");
    assert!(members[1..].iter().all(|r| !r.contains('★')), "{text}");
    assert!(rows[at + 5].trim_matches(['│', ' ']).is_empty(), "{text}");
    snapshot("delegations_filtered_kyr", &app);
}

#[test]
fn delegations_expanded_first() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('3'));
    let selected = selected_rows(&draw(&app, 80, 24));
    assert_eq!(selected.len(), 1);
    assert!(
        selected[0].contains("▸ Mongolia – state agencies"),
        "the cursor starts on the first delegation: {selected:?}"
    );
    press(&mut app, KeyCode::Enter);
    let rows = lines(&draw(&app, 80, 24));
    let text = rows.join("\n");
    assert!(
        text.contains("▾ Mongolia – state agencies"),
        "expanded:\n{text}"
    );
    let at = rows.iter().position(|r| r.contains("▾ Mongolia")).unwrap();
    assert!(
        rows[at + 1].contains("★ Ms Battsetseg BATMUNKH"),
        "the head is the first member:\n{text}"
    );
    assert_eq!(
        rows.iter().filter(|r| r.contains('▾')).count(),
        1,
        "only the first delegation is expanded:\n{text}"
    );
    snapshot("delegations_expanded_first", &app);
    // Enter again folds it back.
    press(&mut app, KeyCode::Enter);
    assert!(!screen_text(&app).contains('▾'));
}

#[test]
fn help_overlay_on_attendees() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('?'));
    let text = screen_text(&app);
    assert!(text.contains("Keys"), "{text}");
    assert!(
        text.contains("check in"),
        "Attendees' keys are listed:\n{text}"
    );
    snapshot("help_overlay_attendees", &app);
    press(&mut app, KeyCode::Esc);
    assert!(!screen_text(&app).contains("Keys — Esc closes"));
}

/// The Desk, one person through: typed, checked in, again, undone.
#[test]
fn desk_check_in_journey() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.screen, ScreenId::Desk);
    type_text(&mut app, "battse");
    let text = screen_text(&app);
    assert!(text.contains("BATMUNKH"), "{text}");
    let selected = selected_rows(&draw(&app, 80, 24));
    assert!(
        selected.len() == 1 && selected[0].contains("1 Battsetseg BATMUNKH"),
        "the one match is picked: {selected:?}"
    );
    snapshot("desk_typed_battse", &app);

    let id = badge_id(&app, 1);
    assert!(app.store().check_in_of(id, day_one()).unwrap().is_none());
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("CHECKED IN"), "{text}");
    assert!(!text.contains("ALREADY"), "{text}");
    snapshot("desk_checked_in", &app);
    let check_in = app
        .store()
        .check_in_of(id, day_one())
        .unwrap()
        .expect("the Desk's Enter checked her in");
    assert_eq!(check_in.desk, "desk-1");
    assert_eq!(check_in.at, now());

    type_text(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("ALREADY CHECKED IN"), "{text}");
    assert!(text.contains("desk-1"), "names the desk:\n{text}");
    assert!(text.contains("09:12"), "names the time:\n{text}");
    snapshot("desk_already_checked_in", &app);

    ctrl(&mut app, 'z');
    let text = screen_text(&app);
    assert!(text.contains("UNDONE"), "{text}");
    snapshot("desk_undone", &app);
    assert!(
        app.store().check_in_of(id, day_one()).unwrap().is_none(),
        "Ctrl-Z removed the check-in"
    );
}

#[test]
fn desk_unknown_badge() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('4'));
    type_text(&mut app, "999");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("NOT FOUND"), "{text}");
    assert!(text.contains("999"), "{text}");
    snapshot("desk_badge_999_not_found", &app);
}

#[test]
fn walk_in_empty_names_refused() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::F(2));
    let text = screen_text(&app);
    assert!(
        text.contains("Walk-in"),
        "F2 opens the walk-in form:\n{text}"
    );
    ctrl(&mut app, 's');
    let rows = lines(&draw(&app, 80, 24));
    let given = rows.iter().find(|r| r.contains("Given name:")).unwrap();
    let family = rows.iter().find(|r| r.contains("Family name:")).unwrap();
    let error_beside = |row: &str, label: &str| {
        let after = &row[row.find(label).unwrap() + label.len()..];
        after.trim_end_matches([' ', '│']).trim().len() > 1
    };
    assert!(
        error_beside(given, "Given name:"),
        "an error beside Given name:\n{}",
        rows.join("\n")
    );
    assert!(
        error_beside(family, "Family name:"),
        "an error beside Family name:\n{}",
        rows.join("\n")
    );
    snapshot("walk_in_empty_names", &app);
    // Nothing was saved: still 71 people.
    let event = app.current_event().unwrap();
    let rows = app.store().attendee_rows(event, day_one()).unwrap();
    assert_eq!(rows.len(), 71);
}

#[test]
fn too_small_terminal() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    let text = lines(&draw(&app, 30, 6)).join("\n");
    assert!(text.contains("too small"), "{text}");
    snapshot_at("too_small_30x6", &app, 30, 6);
}

#[test]
fn attendees_wide_200x50() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    let text = lines(&draw(&app, 200, 50)).join("\n");
    assert!(
        text.contains("Native name"),
        "wide screens add native names:\n{text}"
    );
    assert!(text.contains("Organisation"), "{text}");
    snapshot_at("attendees_200x50", &app, 200, 50);
}

// ---------------------------------------------------------------------------------
// Behaviour, asserted plainly.

#[test]
fn q_quits_from_a_list() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn ctrl_c_quits_from_the_desk_input() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('4'));
    type_text(&mut app, "q");
    assert!(!app.quit, "q types into the Desk input");
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn q_in_the_filter_is_a_letter() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/q");
    assert!(!app.quit, "q typed into the filter must not quit");
    let text = screen_text(&app);
    assert!(text.contains("/ q"), "the q is in the filter line:\n{text}");
    // Digits type too, instead of switching screens.
    type_text(&mut app, "3");
    assert_eq!(app.screen, ScreenId::Attendees);
    assert!(screen_text(&app).contains("/ q3"));
}

#[test]
fn esc_clears_the_filter() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/jose");
    assert!(screen_text(&app).contains("of 71"));
    press(&mut app, KeyCode::Esc);
    let text = screen_text(&app);
    assert!(!text.contains("of 71"), "all 71 shown again:\n{text}");
    assert!(!text.contains("/ jose"), "the filter line is gone:\n{text}");
    assert!(!app.quit);

    // A kept filter (Enter) is cleared by Esc too.
    type_text(&mut app, "/jose");
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("of 71"));
    press(&mut app, KeyCode::Esc);
    assert!(!screen_text(&app).contains("of 71"));
}

#[test]
fn status_bar_hints_come_from_the_keymap() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    let rows = lines(&draw(&app, 200, 24));
    // Written out as a user reads it, so that a wrong key table fails here.
    assert_eq!(
        rows.last().unwrap().trim_end(),
        " c check in  u undo last check-in  w walk-in  / filter  ?/F1 help  q quit"
    );
}

#[test]
fn checking_in_from_attendees_reports_in_the_status_line() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/battse");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('c'));
    let id = badge_id(&app, 1);
    assert!(app.store().check_in_of(id, day_one()).unwrap().is_some());
    let toast = app.toast.clone().expect("a status message");
    assert!(toast.text.contains("CHECKED IN"), "{toast:?}");
    assert!(!toast.is_error);
    press(&mut app, KeyCode::Char('u'));
    assert!(app.store().check_in_of(id, day_one()).unwrap().is_none());
}

#[test]
fn tab_cycles_the_screens() {
    let (mut app, _dir) = demo_app();
    let mut seen = vec![app.screen];
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
        seen.push(app.screen);
    }
    assert_eq!(
        seen,
        [
            ScreenId::Seminars,
            ScreenId::Attendees,
            ScreenId::Delegations,
            ScreenId::Desk,
            ScreenId::Stats,
            ScreenId::Seminars
        ]
    );
}

/// After a reload that shifts the list (a walk-in sorted before everyone), the same
/// person stays selected on Attendees and on the Delegations tree.
#[test]
fn the_selection_follows_the_person_when_the_list_reloads() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    for _ in 0..6 {
        press(&mut app, KeyCode::Char('j'));
    }
    let before = selected_rows(&draw(&app, 80, 24));
    assert!(before[0].contains("Batmunkh, Battsetseg"), "{before:?}");
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('j'));
    let member = selected_rows(&draw(&app, 80, 24));
    assert!(member[0].contains("BATMUNKH"), "{member:?}");

    // A walk-in named Aaberg sorts first and reloads the registry.
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('w'));
    type_text(&mut app, "Mr");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Aaron");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Aaberg");
    ctrl(&mut app, 's');
    assert!(
        screen_text(&app).contains("Aaberg"),
        "the walk-in was saved"
    );

    let after = selected_rows(&draw(&app, 80, 24));
    assert!(after[0].contains("Batmunkh, Battsetseg"), "{after:?}");
    press(&mut app, KeyCode::Char('3'));
    let member_after = selected_rows(&draw(&app, 80, 24));
    assert!(member_after[0].contains("BATMUNKH"), "{member_after:?}");
}

#[test]
fn a_click_over_the_activity_log_does_not_reach_the_list_behind() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    // Eight check-ins, so the log has rows where the click lands.
    for _ in 0..8 {
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Home);
    let before = selected_rows(&draw(&app, 80, 24));
    press(&mut app, KeyCode::Char('a'));
    let log = selected_rows(&draw(&app, 80, 24));
    click(&mut app, 8);
    assert_eq!(
        selected_rows(&draw(&app, 80, 24)),
        log,
        "a click is no key: the log's selection stays"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        selected_rows(&draw(&app, 80, 24)),
        before,
        "the click landed on the activity log, not on the list under it"
    );
    // The same click with nothing open picks that row.
    click(&mut app, 8);
    assert_ne!(selected_rows(&draw(&app, 80, 24)), before);
}

/// The File line of the export form, as drawn wide enough for the whole name (an
/// unfocused field shows the start of a longer value).
fn export_file_line(app: &App) -> String {
    let text = screen_text_at(app, 120, 30);
    let line = text.lines().find(|l| l.contains("File:"));
    line.expect("the export form shows File").to_string()
}

#[test]
fn the_export_file_name_follows_the_format_until_the_user_empties_it() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('X'));
    assert!(
        export_file_line(&app).contains("-list-of-participants.html"),
        "{}",
        export_file_line(&app)
    );
    press(&mut app, KeyCode::Down);
    assert!(
        export_file_line(&app).contains("-participants.xlsx"),
        "the suggestion follows the format: {}",
        export_file_line(&app)
    );
    // Format, Whom, Badges, then File.
    tab(&mut app, 3);
    ctrl(&mut app, 'u');
    tab(&mut app, 1);
    press(&mut app, KeyCode::Down);
    assert!(
        !export_file_line(&app).contains("ulaanbaatar"),
        "emptied by the user, the field stays empty: {}",
        export_file_line(&app)
    );
    ctrl(&mut app, 's');
    let text = screen_text(&app);
    assert!(text.contains("required"), "nothing to write to:\n{text}");
    assert!(text.contains(" Export "), "the form stays open:\n{text}");
}

/// A registry in a folder the user cannot write: a form is refused before anything is
/// typed in it, with the header's words and the folder, not a SQLite error after Ctrl-S.
#[test]
fn a_read_only_registry_refuses_a_form_before_it_is_filled_in() {
    use common::tmux::{self, Tmux};
    use common::unprivileged::Sandbox;
    if !tmux::available() {
        return;
    }
    let Some(f) = Sandbox::new("a form on a read-only registry", common::demo_registry) else {
        return;
    };
    f.give_away(&f.db);
    common::set_mode(&f.dir, 0o555);
    let t = Tmux::new(f.root.path());
    let command = format!("{} --db {}; sleep 30", f.command(), f.db.display());
    t.start("s", 220, 40, &command);
    t.wait_for("s", "READ-ONLY");
    t.keys("s", &["n"]);
    let screen = t.wait_for(
        "s",
        "READ-ONLY: nothing can be saved — cannot write: folder",
    );
    assert!(!screen.contains("Ctrl-S"), "a form opened:\n{screen}");
    assert!(f.unchanged(), "the registry was changed");
}

/// The wheel scrolls the help overlay as it scrolls the other popups, and only it:
/// the list under it stays where it was.
#[test]
fn the_mouse_wheel_scrolls_help() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('?'));
    let before = screen_text_at(&app, 80, 20);
    for _ in 0..3 {
        wheel(&mut app, true);
    }
    let scrolled = screen_text_at(&app, 80, 20);
    assert_ne!(scrolled, before, "the wheel scrolls help");
    assert!(scrolled.contains("Keys — Esc closes"), "help stays open");
    for _ in 0..3 {
        wheel(&mut app, false);
    }
    assert_eq!(screen_text_at(&app, 80, 20), before, "and back");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(
        screen_text_at(&app, 80, 20),
        before,
        "the list did not move"
    );
}
