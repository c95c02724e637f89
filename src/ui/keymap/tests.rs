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

fn resolve(contexts: &[Context], event: KeyEvent) -> Option<Action> {
    Keymap::default().resolve(contexts, event)
}

fn remap(context: Option<Context>, name: &str, keys: &[&str]) -> Remap {
    Remap {
        context,
        name: name.into(),
        keys: keys.iter().map(|k| k.parse().unwrap()).collect(),
    }
}

#[test]
fn specific_contexts_win() {
    let list = screen(Context::Delegations, false);
    assert_eq!(resolve(&list, key(KeyCode::Enter)), Some(Action::Open));
    assert_eq!(
        resolve(&list, key(KeyCode::Char('j'))),
        Some(Action::MoveDown)
    );
    assert_eq!(resolve(&list, key(KeyCode::Char('q'))), Some(Action::Quit));
    assert_eq!(
        resolve(&list, key(KeyCode::Char('2'))),
        Some(Action::Show(ScreenId::Attendees))
    );
}

#[test]
fn text_fields_take_printable_keys() {
    let typing = screen(Context::Attendees, true);
    for c in ['q', '1', 'Б'] {
        assert_eq!(
            resolve(&typing, key(KeyCode::Char(c))),
            Some(Action::Input(c))
        );
    }
    assert_eq!(resolve(&typing, key(KeyCode::Esc)), Some(Action::Back));
    assert_eq!(
        resolve(&typing, KeyEvent::new(KeyCode::Char('c'), CTRL)),
        Some(Action::Quit)
    );
}

#[test]
fn shifted_letters_resolve() {
    let list = screen(Context::Attendees, false);
    assert_eq!(
        resolve(&list, KeyEvent::new(KeyCode::Char('G'), SHIFT)),
        Some(Action::Last)
    );
    assert_eq!(
        resolve(&list, KeyEvent::new(KeyCode::Char('?'), SHIFT)),
        Some(Action::Help)
    );
    assert_eq!(
        resolve(&list, KeyEvent::new(KeyCode::BackTab, SHIFT)),
        Some(Action::PrevScreen)
    );
}

#[test]
fn the_desk_input_checks_in_on_enter_and_types_digits() {
    let desk = contexts(Focus::DeskInput);
    assert_eq!(resolve(&desk, key(KeyCode::Enter)), Some(Action::CheckIn));
    assert_eq!(
        resolve(&desk, key(KeyCode::Char('4'))),
        Some(Action::Input('4'))
    );
    assert_eq!(
        resolve(&desk, key(KeyCode::Backspace)),
        Some(Action::Backspace)
    );
    assert_eq!(resolve(&desk, key(KeyCode::F(2))), Some(Action::WalkIn));
    assert_eq!(resolve(&desk, key(KeyCode::Tab)), Some(Action::NextScreen));
    assert_eq!(
        resolve(&desk, KeyEvent::new(KeyCode::Char('z'), CTRL)),
        Some(Action::Undo)
    );
}

#[test]
fn forms_take_tab_and_ctrl_s() {
    let form = contexts(Focus::Form);
    assert_eq!(resolve(&form, key(KeyCode::Tab)), Some(Action::NextField));
    assert_eq!(
        resolve(&form, key(KeyCode::Char('q'))),
        Some(Action::Input('q'))
    );
    assert_eq!(
        resolve(&form, KeyEvent::new(KeyCode::Char('s'), CTRL)),
        Some(Action::Save)
    );
}

#[test]
fn enter_opens_the_person_card_and_closes_it() {
    let list = screen(Context::Attendees, false);
    assert_eq!(resolve(&list, key(KeyCode::Enter)), Some(Action::Open));
    assert_eq!(resolve(&list, key(KeyCode::Char('e'))), Some(Action::Edit));
    let card = contexts(Focus::Card);
    assert_eq!(resolve(&card, key(KeyCode::Enter)), Some(Action::Back));
    assert_eq!(resolve(&card, key(KeyCode::Esc)), Some(Action::Back));
    assert_eq!(resolve(&card, key(KeyCode::Down)), Some(Action::MoveDown));
    // Nothing under the card answers.
    assert_eq!(resolve(&card, key(KeyCode::Char('c'))), None);
    assert_eq!(resolve(&card, key(KeyCode::Char('2'))), None);
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
    let (keymap, refused) = Keymap::with_remaps(&[remap(None, "quit", &["x"])]);
    assert!(refused.is_empty(), "{refused:?}");
    let list = screen(Context::Seminars, false);
    assert_eq!(
        keymap.resolve(&list, key(KeyCode::Char('x'))),
        Some(Action::Quit)
    );
    assert_eq!(keymap.resolve(&list, key(KeyCode::Char('q'))), None);
    assert_eq!(
        keymap.label_of(Context::Global, Action::Quit).as_deref(),
        Some("x")
    );
}

#[test]
fn a_top_level_name_applies_in_every_context_where_it_is_bound() {
    let (keymap, refused) = Keymap::with_remaps(&[remap(None, "walk_in", &["F5", "ctrl-n"])]);
    assert!(refused.is_empty(), "{refused:?}");
    let desk = contexts(Focus::DeskInput);
    let attendees = screen(Context::Attendees, false);
    for contexts in [&desk, &attendees] {
        assert_eq!(
            keymap.resolve(contexts, key(KeyCode::F(5))),
            Some(Action::WalkIn)
        );
    }
    assert_eq!(keymap.resolve(&desk, key(KeyCode::F(2))), None);
}

#[test]
fn a_context_table_changes_that_context_only() {
    let remaps = [remap(Some(Context::Attendees), "undo", &["U"])];
    let (keymap, refused) = Keymap::with_remaps(&remaps);
    assert!(refused.is_empty(), "{refused:?}");
    let attendees = screen(Context::Attendees, false);
    assert_eq!(
        keymap.resolve(&attendees, key(KeyCode::Char('U'))),
        Some(Action::Undo)
    );
    let desk = contexts(Focus::DeskInput);
    assert_eq!(
        keymap.resolve(&desk, KeyEvent::new(KeyCode::Char('z'), CTRL)),
        Some(Action::Undo)
    );
}

#[test]
fn a_printable_key_cannot_become_a_command_where_it_types() {
    let (keymap, refused) = Keymap::with_remaps(&[remap(None, "undo", &["U"])]);
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].why.contains("\"U\" types into the field in [keys.desk]"),
        "{}",
        refused[0].why
    );
    assert!(refused[0].why.contains("[keys.attendees]"), "{}", refused[0].why);
    assert_eq!(keymap, Keymap::default());
    let desk = contexts(Focus::DeskInput);
    assert_eq!(
        keymap.resolve(&desk, key(KeyCode::Char('U'))),
        Some(Action::Input('U'))
    );
}

#[test]
fn a_key_another_action_holds_is_refused_and_the_rest_applies() {
    let remaps = [
        remap(Some(Context::Global), "help", &["h"]),
        remap(Some(Context::List), "edit", &["n"]),
    ];
    let (keymap, refused) = Keymap::with_remaps(&remaps);
    assert_eq!(
        refused,
        vec![Refused {
            index: 1,
            why: "\"n\" is already new in [keys.lists]".into()
        }]
    );
    let list = screen(Context::Seminars, false);
    assert_eq!(
        keymap.resolve(&list, key(KeyCode::Char('h'))),
        Some(Action::Help)
    );
    assert_eq!(
        keymap.resolve(&list, key(KeyCode::Char('e'))),
        Some(Action::Edit)
    );
    assert_eq!(
        keymap.resolve(&list, key(KeyCode::Char('n'))),
        Some(Action::New)
    );
}

#[test]
fn two_remaps_may_swap_keys() {
    let remaps = [
        remap(None, "move_down", &["k", "down"]),
        remap(None, "move_up", &["j", "up"]),
    ];
    let (keymap, refused) = Keymap::with_remaps(&remaps);
    assert!(refused.is_empty(), "{refused:?}");
    let list = screen(Context::Seminars, false);
    assert_eq!(
        keymap.resolve(&list, key(KeyCode::Char('k'))),
        Some(Action::MoveDown)
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
