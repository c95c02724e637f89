use super::*;
use crate::ui::ScreenId;

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, NONE)
}

fn screen(screen: Context, filtering: bool) -> Vec<Context> {
    contexts(Focus::Screen { screen, filtering })
}

fn remap(context: Option<Context>, name: &str, keys: &[&str]) -> Remap {
    Remap {
        context,
        name: name.into(),
        keys: keys.iter().map(|k| k.parse().unwrap()).collect(),
    }
}

/// Each key of `cases` means its action in `contexts` by default (None: nothing).
#[track_caller]
fn assert_means(contexts: &[Context], cases: &[(KeyEvent, Option<Action>)]) {
    assert_means_in(&Keymap::default(), contexts, cases);
}

/// Each key of `cases` means its action in `contexts` with `keymap`.
#[track_caller]
fn assert_means_in(keymap: &Keymap, contexts: &[Context], cases: &[(KeyEvent, Option<Action>)]) {
    for &(event, action) in cases {
        let got = keymap.resolve(contexts, event);
        assert_eq!(got, action, "{event:?} in {contexts:?}");
    }
}

/// The keymap of `remaps`, all of which apply.
#[track_caller]
fn remapped(remaps: &[Remap]) -> Keymap {
    let (keymap, refused) = Keymap::with_remaps(remaps);
    assert_eq!(refused, [], "{remaps:?}");
    keymap
}

fn with(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn char(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

#[test]
fn specific_contexts_win() {
    assert_means(
        &screen(Context::Delegations, false),
        &[
            (key(KeyCode::Enter), Some(Action::Open)),
            (char('j'), Some(Action::MoveDown)),
            (char('q'), Some(Action::Quit)),
            (char('2'), Some(Action::Show(ScreenId::Attendees))),
        ],
    );
}

#[test]
fn text_fields_take_printable_keys() {
    assert_means(
        &screen(Context::Attendees, true),
        &[
            (char('q'), Some(Action::Input('q'))),
            (char('1'), Some(Action::Input('1'))),
            (char('Б'), Some(Action::Input('Б'))),
            (key(KeyCode::Esc), Some(Action::Back)),
            (with(KeyCode::Char('c'), CTRL), Some(Action::Quit)),
        ],
    );
}

#[test]
fn shifted_letters_resolve() {
    assert_means(
        &screen(Context::Attendees, false),
        &[
            (with(KeyCode::Char('G'), SHIFT), Some(Action::Last)),
            (with(KeyCode::Char('?'), SHIFT), Some(Action::Help)),
            (with(KeyCode::BackTab, SHIFT), Some(Action::PrevScreen)),
        ],
    );
}

#[test]
fn the_desk_input_checks_in_on_enter_and_types_digits() {
    assert_means(
        &contexts(Focus::DeskInput),
        &[
            (key(KeyCode::Enter), Some(Action::CheckIn)),
            (char('4'), Some(Action::Input('4'))),
            (key(KeyCode::Backspace), Some(Action::Backspace)),
            (key(KeyCode::F(2)), Some(Action::WalkIn)),
            (key(KeyCode::Tab), Some(Action::NextScreen)),
            (with(KeyCode::Char('z'), CTRL), Some(Action::Undo)),
        ],
    );
}

#[test]
fn forms_take_tab_and_ctrl_s() {
    assert_means(
        &contexts(Focus::Form),
        &[
            (key(KeyCode::Tab), Some(Action::NextField)),
            (char('q'), Some(Action::Input('q'))),
            (with(KeyCode::Char('s'), CTRL), Some(Action::Save)),
        ],
    );
}

#[test]
fn enter_opens_the_person_card_and_closes_it() {
    assert_means(
        &screen(Context::Attendees, false),
        &[
            (key(KeyCode::Enter), Some(Action::Open)),
            (char('e'), Some(Action::Edit)),
        ],
    );
    assert_means(
        &contexts(Focus::Card),
        &[
            (key(KeyCode::Enter), Some(Action::Back)),
            (key(KeyCode::Esc), Some(Action::Back)),
            (key(KeyCode::Down), Some(Action::MoveDown)),
            // Nothing under the card answers.
            (char('c'), None),
            (char('2'), None),
        ],
    );
}

#[test]
fn no_key_is_bound_twice_in_one_context() {
    let (_, refused) = Keymap::with_remaps(&[]);
    assert!(refused.is_empty());
    let keymap = Keymap::default();
    assert_eq!(keymap.first_collision(&vec![Some(0); BINDINGS.len()]), None);
}

#[test]
fn a_name_means_one_thing_wherever_it_is_bound() {
    for a in BINDINGS {
        for b in BINDINGS.iter().filter(|b| b.name == a.name) {
            assert_eq!(a.action, b.action, "{} means two things", a.name);
            assert!(
                std::ptr::eq(a, b) || a.context != b.context,
                "{} twice in {:?}",
                a.name,
                a.context
            );
        }
    }
}

#[test]
fn a_remap_replaces_the_keys_and_the_label() {
    let keymap = remapped(&[remap(None, "quit", &["x"])]);
    let list = screen(Context::Seminars, false);
    assert_means_in(
        &keymap,
        &list,
        &[(char('x'), Some(Action::Quit)), (char('q'), None)],
    );
    let label = keymap.label_of(Context::Global, Action::Quit);
    assert_eq!(label.as_deref(), Some("x"));
}

#[test]
fn a_top_level_name_applies_in_every_context_where_it_is_bound() {
    let keymap = remapped(&[remap(None, "walk_in", &["F5", "ctrl-n"])]);
    let desk = contexts(Focus::DeskInput);
    let attendees = screen(Context::Attendees, false);
    for contexts in [&desk, &attendees] {
        let cases = [
            (key(KeyCode::F(5)), Some(Action::WalkIn)),
            (with(KeyCode::Char('n'), CTRL), Some(Action::WalkIn)),
        ];
        assert_means_in(&keymap, contexts, &cases);
    }
    assert_means_in(&keymap, &desk, &[(key(KeyCode::F(2)), None)]);
}

#[test]
fn a_context_table_changes_that_context_only() {
    let keymap = remapped(&[remap(Some(Context::Attendees), "undo", &["U"])]);
    let attendees = screen(Context::Attendees, false);
    assert_means_in(&keymap, &attendees, &[(char('U'), Some(Action::Undo))]);
    let desk = contexts(Focus::DeskInput);
    let ctrl_z = with(KeyCode::Char('z'), CTRL);
    assert_means_in(&keymap, &desk, &[(ctrl_z, Some(Action::Undo))]);
}

#[test]
fn a_printable_key_cannot_become_a_command_where_it_types() {
    let (keymap, refused) = Keymap::with_remaps(&[remap(None, "undo", &["U"])]);
    let why = "\"U\" types into the field in [keys.desk], it cannot be a command there; \
               set it in [keys.attendees] instead";
    assert_eq!(
        refused,
        [Refused {
            index: 0,
            why: why.into()
        }]
    );
    assert_eq!(keymap, Keymap::default());
    let desk = contexts(Focus::DeskInput);
    assert_means_in(&keymap, &desk, &[(char('U'), Some(Action::Input('U')))]);
}

#[test]
fn a_key_another_action_holds_is_refused_and_the_rest_applies() {
    let remaps = [
        remap(Some(Context::Global), "help", &["z"]),
        remap(Some(Context::List), "edit", &["n"]),
    ];
    let (keymap, refused) = Keymap::with_remaps(&remaps);
    let why = "\"n\" is already new in [keys.lists]";
    assert_eq!(
        refused,
        [Refused {
            index: 1,
            why: why.into()
        }]
    );
    assert_means_in(
        &keymap,
        &screen(Context::Seminars, false),
        &[
            (char('z'), Some(Action::Help)),
            (char('e'), Some(Action::Edit)),
            (char('n'), Some(Action::New)),
        ],
    );
}

#[test]
fn two_remaps_may_swap_keys() {
    let keymap = remapped(&[
        remap(None, "move_down", &["k", "down"]),
        remap(None, "move_up", &["j", "up"]),
    ]);
    assert_means_in(
        &keymap,
        &screen(Context::Seminars, false),
        &[
            (char('k'), Some(Action::MoveDown)),
            (char('j'), Some(Action::MoveUp)),
        ],
    );
}

#[test]
fn ctrl_c_and_unknown_names_are_refused() {
    let remaps = [
        remap(None, "quit_at_once", &["ctrl-q"]),
        remap(None, "quit", &["ctrl-c"]),
        remap(None, "quitt", &["x"]),
        remap(Some(Context::Help), "check_in", &["x"]),
        remap(None, "save", &[]),
    ];
    let (keymap, refused) = Keymap::with_remaps(&remaps);
    let why: Vec<&str> = refused.iter().map(|r| r.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "Ctrl-C always quits, and only Ctrl-C does that",
            "Ctrl-C always quits, and only Ctrl-C does that",
            "no action is called \"quitt\"",
            "no action \"check_in\" in [keys.help]; it is in [keys.desk], [keys.attendees]",
            "give at least one key",
        ]
    );
    assert_eq!(keymap, Keymap::default());
}

#[test]
fn default_labels_show_every_key() {
    let keymap = Keymap::default();
    let label = |c, a| keymap.label_of(c, a).unwrap();
    assert_eq!(label(Context::List, Action::MoveDown), "j/↓");
    assert_eq!(label(Context::Global, Action::Help), "?/F1");
    assert_eq!(label(Context::Help, Action::Back), "Esc/?/q");
    assert_eq!(label(Context::List, Action::PageDown), "PgDn/Ctrl-F");
    assert_eq!(label(Context::Form, Action::PrevField), "Shift-Tab");
}

#[test]
fn a_remap_a_screen_key_would_hide_is_refused_and_the_rest_applies() {
    let remaps = [
        remap(None, "quit", &["c"]),
        remap(None, "filter", &["z"]),
        remap(Some(Context::Global), "help", &["esc"]),
    ];
    let (keymap, refused) = Keymap::with_remaps(&remaps);
    let why = |index: usize| {
        refused
            .iter()
            .find(|r| r.index == index)
            .map(|r| r.why.clone())
    };
    assert_eq!(why(0).as_deref(), Some("\"c\" is check_in on Attendees"));
    assert_eq!(why(1), None);
    // Esc leaves a list's filter first: a Global help on Esc would never open.
    assert_eq!(why(2).as_deref(), Some("\"esc\" is back on Lists"));
    assert_means_in(
        &keymap,
        &screen(Context::Attendees, false),
        &[
            (char('c'), Some(Action::CheckIn)),
            (char('q'), Some(Action::Quit)),
            (char('z'), Some(Action::StartFilter)),
            (char('f'), Some(Action::CycleFilter)),
        ],
    );
}

#[test]
fn a_specific_remap_may_take_a_key_from_a_general_one() {
    // The user asked for q on Attendees itself: there it checks in, quit stays q
    // everywhere else, and freeing c lets quit have it.
    let keymap = remapped(&[
        remap(Some(Context::Attendees), "check_in", &["x"]),
        remap(None, "quit", &["c"]),
    ]);
    let attendees = screen(Context::Attendees, false);
    assert_means_in(
        &keymap,
        &attendees,
        &[
            (char('x'), Some(Action::CheckIn)),
            (char('c'), Some(Action::Quit)),
        ],
    );
}

#[test]
fn lists_name_only_the_keys_that_reach_the_action() {
    let keymap = Keymap::default();
    let listed = |contexts: &[Context], action| {
        let shown = keymap.visible(contexts);
        let found = shown
            .iter()
            .find(|s| s.binding.context == Context::List && s.binding.action == action);
        found.map(|s| s.label.clone())
    };
    // Typing in the filter, ↓ picks the next match: only j still moves down.
    let filtering = screen(Context::Attendees, true);
    assert_eq!(listed(&filtering, Action::MoveDown).as_deref(), Some("j"));
    assert_eq!(
        listed(&filtering, Action::PageDown).as_deref(),
        Some("Ctrl-F")
    );
    let browsing = screen(Context::Attendees, false);
    assert_eq!(listed(&browsing, Action::MoveDown).as_deref(), Some("j/↓"));
    // A key bound more specifically is not listed again at all.
    let esc = keymap
        .visible(&browsing)
        .into_iter()
        .filter(|s| s.label == "Esc")
        .count();
    assert_eq!(esc, 1);
}

#[test]
fn texts_name_the_usual_key_until_it_is_remapped() {
    let default = Keymap::default();
    let esc = Key::ESC;
    assert_eq!(default.key_named(Context::Help, Action::Back, esc), "Esc");
    let keymap = remapped(&[remap(None, "close_help", &["x", "f9"])]);
    assert_eq!(keymap.key_named(Context::Help, Action::Back, esc), "x");
    let walk_in = remapped(&[remap(Some(Context::DeskInput), "walk_in", &["f5"])]);
    let f2 = Key::plain(KeyCode::F(2));
    assert_eq!(
        walk_in.key_named(Context::DeskInput, Action::WalkIn, f2),
        "F5"
    );
}

#[test]
fn the_texts_of_strings_name_the_keys_in_force() {
    use crate::ui::strings;
    let default = Keymap::default();
    assert_eq!(
        strings::no_event(&default),
        "No seminar chosen — pick one on the Seminars screen (1) and press Enter."
    );
    let keymap = remapped(&[
        remap(None, "show_seminars", &["f7"]),
        remap(Some(Context::DeskInput), "leave_desk", &["f9"]),
    ]);
    assert!(strings::no_event(&keymap).contains("screen (F7)"));
    let refused = strings::desk_mode_desk_only(&keymap);
    assert!(refused.contains("F9 leaves"), "{refused}");
}

/// Every hint fits the help overlay's column beside its key (60 columns, less the
/// borders and the key's 14): a cut hint says half of what a key does.
#[test]
fn every_hint_fits_the_help() {
    use unicode_width::UnicodeWidthStr;
    for b in defaults::BINDINGS {
        assert!(
            b.hint.width() <= 60 - 2 - 14,
            "too long for the help: {:?}",
            b.hint
        );
    }
}
