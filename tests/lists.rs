//! The lists organisers ask for, driven like a user on `TestBackend`: Attendees
//! sorted (`s`) and narrowed (`f`) with the filter named in the title, the not-arrived
//! list following another desk's check-ins, the day-by-day view, and the Delegations
//! tree saying who of each delegation is here.

mod common;

use chrono::NaiveDateTime;
use common::app::*;
use crossterm::event::KeyCode;
use rollcall::domain::CheckIn;
use rollcall::store::{Presence, RosterFilter};
use rollcall::ui::app::App;

fn demo_app() -> (App, tempfile::TempDir) {
    sample_app("desk-1", false, &TestClock::new(nine_twelve()))
}

fn snapshot(name: &str, app: &App) {
    let terminal = draw(app, 80, 24);
    insta::assert_snapshot!(name, terminal.backend());
}

/// The title line of the list (the third line of the screen).
fn title(app: &App) -> String {
    screen_text(app)
        .lines()
        .nth(2)
        .unwrap_or_default()
        .to_string()
}

/// The badge number on a line of the Attendees list (after the presence mark).
fn badge_of(line: &str) -> Option<u32> {
    let badge: String = line
        .trim_start_matches('│')
        .chars()
        .skip(1)
        .take(3)
        .collect();
    badge.trim().parse().ok()
}

/// The badge numbers of the list's lines on screen, top first.
fn badges_shown(app: &App) -> Vec<u32> {
    screen_text_at(app, 80, 40)
        .lines()
        .skip(4)
        .filter_map(badge_of)
        .collect()
}

/// Check in `badges` from another desk, in that order, on `day`, a minute apart from
/// `from`.
fn check_in_elsewhere(app: &App, badges: &[u32], day: chrono::NaiveDate, from: NaiveDateTime) {
    let mut other = other_desk(app, "desk-2");
    let check_ins: Vec<CheckIn> = badges
        .iter()
        .enumerate()
        .map(|(i, &badge)| CheckIn {
            attendee: badge_id(app, badge),
            day,
            at: from + chrono::Duration::minutes(i as i64),
            desk: "desk-2".into(),
        })
        .collect();
    other.record_check_ins(&check_ins).unwrap();
}

#[test]
fn f_lists_who_has_not_arrived_and_another_desks_check_in_takes_them_off() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('f'));
    // 71 people, 2 of them cancelled: 69 are expected, none has come yet.
    assert!(
        title(&app).contains("Attendees · not arrived today · 69 · by name"),
        "{}",
        title(&app)
    );
    let first = badges_shown(&app)[0];
    assert_eq!(first, 57, "Abdyrakhmanova heads the list by name");
    check_in_elsewhere(&app, &[57], day_one(), nine_twelve());
    app.tick();
    assert!(
        title(&app).contains("not arrived today · 68"),
        "another desk's check-in counts at once: {}",
        title(&app)
    );
    assert!(!badges_shown(&app).contains(&57));
    snapshot("lists_not_arrived_after_another_desk", &app);
}

#[test]
fn f_cycles_everyone_not_arrived_present_invited_cancelled() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    check_in_elsewhere(&app, &[3, 12], day_one(), nine_twelve());
    app.tick();
    let mut titles = Vec::new();
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('f'));
        titles.push(title(&app));
    }
    let want = [
        "not arrived today · 67",
        "present today · 2",
        "invited · ",
        "cancelled · 2",
        "Attendees · 71 · by name",
    ];
    for (title, want) in titles.iter().zip(want) {
        assert!(title.contains(want), "{want:?} in {title}");
    }
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('f'));
    let mut present = badges_shown(&app);
    present.sort();
    assert_eq!(present, [3, 12]);
}

#[test]
fn s_sorts_by_delegation_badge_status_and_arrival() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    // Arrivals in this order: 40, then 3, then 12.
    check_in_elsewhere(&app, &[40, 3, 12], day_one(), nine_twelve());
    app.tick();
    press(&mut app, KeyCode::Char('s'));
    assert!(title(&app).contains("by delegation"), "{}", title(&app));
    snapshot("lists_by_delegation", &app);
    press(&mut app, KeyCode::Char('s'));
    assert!(title(&app).contains("by badge"), "{}", title(&app));
    // The selected person stays selected across sorts: back to the top to read.
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(badges_shown(&app)[..5], [1, 2, 3, 4, 5]);
    press(&mut app, KeyCode::Char('s'));
    assert!(title(&app).contains("by status"), "{}", title(&app));
    press(&mut app, KeyCode::Char('s'));
    assert!(title(&app).contains("by arrival today"), "{}", title(&app));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(
        badges_shown(&app)[..3],
        [40, 3, 12],
        "who came first on top"
    );
    press(&mut app, KeyCode::Char('s'));
    assert!(title(&app).contains("by name"), "{}", title(&app));
}

#[test]
fn the_text_filter_narrows_within_the_chosen_list_and_keeps_its_order() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    check_in_elsewhere(&app, &[54], day_one(), nine_twelve());
    app.tick();
    // Not arrived, by badge, "kyrgyzstan": the Kyrgyz delegation but Asanov (54).
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    type_text(&mut app, "/kyrgyzstan");
    press(&mut app, KeyCode::Enter);
    assert!(
        title(&app).contains("not arrived today · 3 of 68 · by badge"),
        "{}",
        title(&app)
    );
    let shown = badges_shown(&app);
    assert!(!shown.contains(&54), "{shown:?}");
    assert!(shown.windows(2).all(|w| w[0] < w[1]), "by badge: {shown:?}");
    snapshot("lists_not_arrived_kyrgyzstan_by_badge", &app);
}

#[test]
fn p_shows_presence_day_by_day_with_a_total_per_day() {
    let clock = TestClock::new(at(2017, 7, 6, 9, 30, 0));
    let (mut app, _dir) = sample_app("desk-1", false, &clock);
    // Day 1: 1, 2, 3 came; day 2 (today): 2 and 5 so far.
    check_in_elsewhere(&app, &[1, 2, 3], day(5), at(2017, 7, 5, 8, 30, 0));
    check_in_elsewhere(&app, &[2, 5], day(6), at(2017, 7, 6, 8, 30, 0));
    app.tick();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('p'));
    let text = screen_text(&app);
    assert!(text.contains("Day 1 Day 2"), "{text}");
    assert!(text.contains("Present that day"), "the totals line: {text}");
    let row = |badge: u32| {
        text.lines()
            .find(|l| badge_of(l) == Some(badge))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        row(2).matches('✓').count() >= 3,
        "badge 2 came both days: {}",
        row(2)
    );
    assert!(row(4).matches('✓').count() == 0, "{}", row(4));
    // Live: a check-in here today shows in today's column and total at once.
    let before = text
        .lines()
        .find(|l| l.contains("Present that day"))
        .unwrap()
        .to_string();
    assert!(before.contains('3') && before.contains('2'), "{before}");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('c'));
    let text = screen_text(&app);
    let after = text
        .lines()
        .find(|l| l.contains("Present that day"))
        .unwrap();
    assert!(after.contains('3'), "today's total went up: {after}");
    snapshot("lists_day_by_day", &app);
    press(&mut app, KeyCode::Char('p'));
    assert!(!screen_text(&app).contains("Day 1"));
}

#[test]
fn the_delegations_tree_says_who_of_each_delegation_is_here() {
    let (mut app, _dir) = demo_app();
    // Two of Kyrgyzstan's four (Asanov 54, Abdyrakhmanova 57).
    check_in_elsewhere(&app, &[54, 57], day_one(), nine_twelve());
    app.tick();
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "/kyrgyz");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("2/4 here"), "{text}");
    assert_eq!(
        text.matches("not here").count(),
        2,
        "the two not arrived are marked in words: {text}"
    );
    snapshot("lists_delegation_missing", &app);
}

/// Another desk's changes at `at`, with its clock set there.
fn other_desk_at(app: &App, at: NaiveDateTime) -> rollcall::store::Store {
    let mut other = other_desk(app, "desk-2");
    other.set_clock(TestClock::new(at).clock());
    other
}

#[test]
fn the_activity_log_speaks_in_words_with_whole_names() {
    let (mut app, _dir) = demo_app();
    let event = app.current_event().unwrap();
    let lkhagva = badge_id(&app, 37);
    let mut other = other_desk_at(&app, at(2017, 7, 5, 9, 14, 0));
    let kyrgyzstan = delegation_named(&other, "Kyrgyzstan")
        .unwrap()
        .delegation
        .id;
    other.move_attendee(lkhagva, Some(kyrgyzstan)).unwrap();
    let sydykov = other.attendee_by_badge(event, 56).unwrap().unwrap();
    let mut cancelled = sydykov.details.clone();
    cancelled.status = rollcall::domain::Status::Cancelled;
    other.update_attendee(sydykov.id, &cancelled).unwrap();
    let asanov = other.attendee_by_badge(event, 54).unwrap().unwrap();
    let mut promoted = asanov.details.clone();
    promoted.position = "Head of the Main Department".into();
    other.update_attendee(asanov.id, &promoted).unwrap();
    other
        .check_in(asanov.id, day_one(), at(2017, 7, 5, 8, 55, 0), "desk-1")
        .unwrap();

    let sentences: Vec<String> = app
        .store()
        .recent_activity(event, 10)
        .unwrap()
        .iter()
        .map(|a| a.sentence())
        .collect();
    for want in [
        "Erdenechimeg LKHAGVA moved from Mongolia – civil society to Kyrgyzstan (desk-2, 09:14)",
        "Bakyt SYDYKOV cancelled (desk-2, 09:14)",
        "Nurlan ASANOV position changed to “Head of the Main Department” (desk-2, 09:14)",
        "Nurlan ASANOV checked in (desk-1, 08:55, day 1)",
    ] {
        assert!(
            sentences.iter().any(|s| s == want),
            "{want:?} in {sentences:#?}"
        );
    }

    app.tick();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('a'));
    let text = screen_text_at(&app, 100, 20);
    assert!(
        text.contains("Dr Erdenechimeg LKHAGVA (badge 37)"),
        "the Who column holds the whole name: {text}"
    );
    assert!(!text.contains("null"), "{text}");
    // The selected line is written out whole under the table.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
    }
    let text = screen_text_at(&app, 100, 20);
    assert!(
        text.contains(
            "Erdenechimeg LKHAGVA moved from Mongolia – civil society to Kyrgyzstan (desk-2, 09:14)"
        ),
        "{text}"
    );
    let terminal = draw(&app, 100, 20);
    insta::assert_snapshot!("lists_activity_in_words", terminal.backend());
}

#[test]
fn a_new_head_says_whom_they_replace_and_the_old_one_loses_the_star() {
    let (mut app, _dir) = demo_app();
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/sydykov");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    // Honorific … organisation, delegation, then "Head of delegation": No → Yes.
    for _ in 0..8 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Down);
    let form = screen_text_at(&app, 120, 40);
    assert!(form.contains("Head of delegation: ◂ Yes ▸"), "{form}");
    // A long organisation without focus shows its start.
    assert!(
        form.contains("Organisation: State Commission for Religious Affairs o…"),
        "{form}"
    );
    ctrl(&mut app, 's');
    let text = screen_text_at(&app, 120, 24);
    assert!(
        text.contains("Bakyt SYDYKOV replaces Nurlan ASANOV as head of Kyrgyzstan"),
        "{text}"
    );
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "/kyrgyz");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert_eq!(text.matches('★').count(), 1, "{text}");
    let starred = text.lines().find(|l| l.contains('★')).unwrap();
    assert!(starred.contains("SYDYKOV"), "{text}");
    // The log says it of the old head too.
    let event = app.current_event().unwrap();
    let log = app.store().recent_activity(event, 5).unwrap();
    assert!(
        log.iter()
            .any(|a| a.name == "Nurlan ASANOV" && a.what == "no longer head of delegation"),
        "{log:#?}"
    );
}

#[test]
fn a_cancelled_head_is_no_longer_starred_nor_listed_first() {
    let (mut app, _dir) = demo_app();
    let event = app.current_event().unwrap();
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "/kyrgyz");
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("★ Col. Nurlan ASANOV"));
    // Another desk cancels him while the tree is shown.
    let mut other = other_desk_at(&app, nine_twelve());
    let asanov = other.attendee_by_badge(event, 54).unwrap().unwrap();
    let mut cancelled = asanov.details.clone();
    cancelled.status = rollcall::domain::Status::Cancelled;
    other.update_attendee(asanov.id, &cancelled).unwrap();
    app.tick();
    let text = screen_text(&app);
    assert!(!text.contains('★'), "{text}");
    let group = text.lines().find(|l| l.contains("▾ Kyrgyzstan")).unwrap();
    assert!(!group.contains("ASANOV"), "no head shown: {group}");
    assert!(group.contains("0/3 here"), "{group}");
    let members: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("│      ") && l.chars().any(char::is_alphabetic))
        .collect();
    assert!(
        members.last().is_some_and(|l| l.contains("ASANOV")),
        "the cancelled head after the others: {text}"
    );
    snapshot("lists_cancelled_head", &app);

    // The same rule on the person card and in the List of Participants of everyone.
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "/asanov");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let card = screen_text(&app);
    assert!(card.contains("yes, but cancelled"), "{card}");
    let event = other.event(event).unwrap();
    let roster = other
        .roster(&event, RosterFilter::new(Presence::All))
        .unwrap();
    let kyrgyzstan: Vec<&str> = roster
        .iter()
        .filter(|e| {
            e.delegation
                .as_ref()
                .is_some_and(|d| d.details.name == "Kyrgyzstan")
        })
        .map(|e| e.attendee.details.family_name.as_str())
        .collect();
    assert_eq!(kyrgyzstan.last(), Some(&"Asanov"), "{kyrgyzstan:?}");
    let db = app.store().path().to_str().unwrap().to_string();
    let out = common::rollcall(&[
        "export",
        "--db",
        &db,
        "--event",
        common::EVENT,
        "--format",
        "html",
        "--status",
        "all",
        "-o",
        "-",
    ]);
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains(">Kyrgyzstan<"), "{html}");
    assert!(
        !html.contains("ASANOV"),
        "a cancelled person is not on the List"
    );
}

on_both_engines! {
    /// What the lists and the activity log read from the store, the same on SQLite and
    /// PostgreSQL: the day's arrival order, and the log in words (a move named by
    /// delegation names, the old head's demotion noted).
    fn arrivals_and_the_log_in_words_read_the_same_on_both_engines(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        store.set_clock(TestClock::new(at(2017, 7, 5, 9, 14, 0)).clock());
        store.set_desk("desk-2");
        let event = store.event_by_code(common::EVENT).unwrap();
        let person = |store: &rollcall::store::Store, badge| {
            store.attendee_by_badge(event.id, badge).unwrap().unwrap()
        };
        for (badge, minute) in [(40, 30), (3, 10), (12, 20)] {
            store
                .check_in(person(&store, badge).id, day_one(), at(2017, 7, 5, 8, minute, 0), "desk-1")
                .unwrap();
        }
        let order: Vec<u32> = store
            .arrival_order(event.id, day_one())
            .unwrap()
            .into_iter()
            .map(|id| store.attendee(id).unwrap().badge)
            .collect();
        assert_eq!(order, [3, 12, 40]);
        let standing = store.standing(event.id, day_one()).unwrap();
        assert_eq!(standing.arrived.len(), 3);

        let kyrgyzstan = delegation_named(&store, "Kyrgyzstan").unwrap().delegation.id;
        store.move_attendee(person(&store, 37).id, Some(kyrgyzstan)).unwrap();
        let sydykov = person(&store, 56);
        let mut head = sydykov.details.clone();
        head.is_head = true;
        store.update_attendee(sydykov.id, &head).unwrap();
        let sentences: Vec<String> = store
            .recent_activity(event.id, 10)
            .unwrap()
            .iter()
            .map(|a| a.sentence())
            .collect();
        for want in [
            "Erdenechimeg LKHAGVA moved from Mongolia – civil society to Kyrgyzstan (desk-2, 09:14)",
            "Nurlan ASANOV no longer head of delegation (desk-2, 09:14)",
            "Bakyt SYDYKOV named head of delegation (desk-2, 09:14)",
            "Batbold SUKHBAATAR checked in (desk-1, 08:10, day 1)",
        ] {
            assert!(sentences.iter().any(|s| s == want), "{want:?} in {sentences:#?}");
        }
    }
}
