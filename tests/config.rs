//! The user's config file (keys and colours): a remap is what the keys do and what
//! the status bar and help say; a bad entry is named by file and line while the rest
//! applies; NO_COLOR wins over `[theme]`; `rollcall config` reads back to the keys in
//! force; the binary reads the file `ROLLCALL_CONFIG` names.

mod common;

use common::app::*;
use common::tmux::{self, Tmux};
use common::{BIN, EVENT, arg, assert_ok, rollcall_cmd, text};
use crossterm::event::KeyCode;
use ratatui::style::Color;
use rollcall::store::Store;
use rollcall::ui::action::Action;
use rollcall::ui::app::{App, Options};
use rollcall::ui::config::{Config, Problem};
use rollcall::ui::keymap::{Context, Keymap};
use std::path::{Path, PathBuf};
use std::process::Output;

/// `text` saved as config.toml in `dir`, and read back as rollcall reads it.
fn config_file(dir: &Path, text: &str, no_color: bool) -> (PathBuf, Config) {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    let config = Config::load(&path, no_color);
    (path, config)
}

/// An App on a fresh copy of the sample seminar with `config` in force, as `rollcall`
/// builds it. The directory must outlive the App.
fn app_with(config: &Config) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&common::registry(dir.path(), "config.db", 0)).unwrap();
    let options = Options {
        desk: "desk-1".into(),
        desk_mode: false,
        clock: rollcall::clock::Clock::from_fn(nine_twelve),
        theme: config.theme_in_use(),
        keymap: config.keymap.clone(),
    };
    (App::new(store, options).unwrap(), dir)
}

fn status_bar(app: &App) -> String {
    lines(&draw(app, 120, 24)).pop().unwrap()
}

/// `rollcall ARGS` with the config file at `config`.
fn rollcall_with(config: &Path, args: &[&str]) -> Output {
    rollcall_cmd(args)
        .env("ROLLCALL_CONFIG", config)
        .output()
        .expect("the binary runs")
}

#[test]
fn quit_remapped_to_x_quits_on_x_and_no_longer_on_q() {
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = config_file(dir.path(), "[keys]\nquit = [\"x\"]\n", false);
    assert_eq!(config.problems, []);
    let (mut app, _db) = app_with(&config);
    assert!(
        status_bar(&app).contains("?/F1 help  x quit"),
        "{}",
        status_bar(&app)
    );
    assert!(!status_bar(&app).contains("q quit"));
    press(&mut app, KeyCode::Char('?'));
    let help = screen_text_at(&app, 80, 60);
    assert!(help.contains("│  x           quit "), "{help}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.quit, "q still quits");
    press(&mut app, KeyCode::Char('x'));
    assert!(app.quit, "x does not quit");
}

#[test]
fn a_bad_entry_is_named_by_line_and_the_rest_of_the_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    let file = "\
# my keys
[keys]
quit = [\"x\"]
new = [\"ctrl-\"]
edit = [\"a\"]

[keys.desk]
check_in = [\"c\"]

[theme]
title = \"blu\"
key = \"#ff0000\"
";
    let (path, config) = config_file(dir.path(), file, false);
    let at = |line: usize, what: &str| Problem {
        file: path.clone(),
        line: Some(line),
        what: what.into(),
    };
    assert_eq!(
        config.problems,
        [
            at(4, "keys.new: \"ctrl-\" is not a key"),
            at(5, "keys.edit: \"a\" is already activity in [keys.lists]"),
            at(
                8,
                "keys.desk.check_in: \"c\" types into the field in [keys.desk], it cannot be a command there"
            ),
            at(
                11,
                "theme.title: \"blu\" is not a colour (a name like \"cyan\", \"#rrggbb\" or 0–255)"
            ),
        ]
    );
    assert_eq!(
        config.problems[0].to_string(),
        format!("{}:4: keys.new: \"ctrl-\" is not a key", path.display())
    );
    // What was right still applies: x quits, and the key colour is red.
    assert_eq!(config.theme.key.fg, Some(Color::Rgb(255, 0, 0)));
    let (mut app, _db) = app_with(&config);
    let bar = status_bar(&app);
    assert!(bar.contains("x quit"), "{bar}");
    assert!(config.summary().unwrap().contains("(and 3 more)"));
    press(&mut app, KeyCode::Char('x'));
    assert!(app.quit);
    // The refused entries left their defaults alone: n is new, e is edit.
    let label = |action| config.keymap.label_of(Context::List, action).unwrap();
    assert_eq!(label(Action::New), "n");
    assert_eq!(label(Action::Edit), "e");
}

#[test]
fn the_desk_keeps_typing_what_a_refused_entry_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (_, config) = config_file(dir.path(), "[keys.desk]\ncheck_in = [\"c\"]\n", false);
    assert_eq!(config.problems.len(), 1);
    let (mut app, _db) = app_with(&config);
    press(&mut app, KeyCode::Char('4'));
    type_text(&mut app, "bac");
    let screen = screen_text(&app);
    assert!(
        screen.contains("Name or badge: bac"),
        "c did not type: {screen}"
    );
}

#[test]
fn a_file_that_is_not_toml_leaves_every_default() {
    let dir = tempfile::tempdir().unwrap();
    let (path, config) = config_file(dir.path(), "[keys]\nquit = [\"x\"\nhelp = 3\n", false);
    assert_eq!(config.keymap, Keymap::default());
    assert_eq!(config.problems.len(), 1, "{:?}", config.problems);
    let problem = config.problems[0].to_string();
    let prefix = format!("{}:", path.display());
    assert!(problem.starts_with(&prefix), "{problem}");
    assert!(
        problem.contains(": not valid TOML, so none of it applies: "),
        "{problem}"
    );
    assert!(
        config.problems[0]
            .line
            .is_some_and(|l| (2..=3).contains(&l))
    );
}

#[test]
fn a_missing_file_is_the_defaults_without_a_word_and_an_unreadable_one_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load(&dir.path().join("none.toml"), false);
    assert_eq!(config, Config::defaults(false));
    // A file that is there but cannot be read is said, and the defaults apply.
    let config = Config::load(dir.path(), false);
    assert_eq!(config.keymap, Keymap::default());
    let problem = config.problems[0].to_string();
    let expected = format!("{}: cannot be read (", dir.path().display());
    assert!(problem.starts_with(&expected), "{problem}");
}

/// Every cell's colours on the Attendees screen.
fn colours(app: &mut App) -> Vec<Color> {
    press(app, KeyCode::Char('2'));
    let terminal = draw(app, 100, 30);
    let buffer = terminal.backend().buffer();
    buffer.content.iter().flat_map(|c| [c.fg, c.bg]).collect()
}

#[test]
fn no_color_wins_over_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    let theme = "[theme]\ntitle = \"#ff0000\"\nkey = { fg = \"#00ff00\", bg = \"#0000ff\" }\n";
    let (_, coloured) = config_file(dir.path(), theme, false);
    let (_, plain) = config_file(dir.path(), theme, true);
    assert_eq!(coloured.problems, []);
    let seen = colours(&mut app_with(&coloured).0);
    assert!(
        seen.contains(&Color::Rgb(0, 255, 0)),
        "the theme is not drawn"
    );
    let seen = colours(&mut app_with(&plain).0);
    assert!(seen.iter().all(|&c| c == Color::Reset), "{seen:?}");
}

#[test]
fn rollcall_config_reads_back_to_the_keys_and_theme_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = "[keys]\nquit = [\"x\"]\nwalk_in = [\"F5\", \"ctrl-n\"]\n\
                [keys.attendees]\nundo = [\"U\"]\n[theme]\nkey = { fg = \"#ff0000\", underlined = true }\n";
    let (path, config) = config_file(dir.path(), file, false);
    assert_eq!(config.problems, []);
    let out = rollcall_with(&path, &["config"]);
    assert_ok(&out);
    let printed = text(&out.stdout);
    assert!(printed.contains("quit = [\"x\"]"), "{printed}");
    assert!(printed.contains("undo = [\"U\"]"), "{printed}");
    let back = Config::parse(Path::new("printed.toml"), &printed, false);
    assert_eq!(back.problems, []);
    assert_eq!(back.keymap, config.keymap);
    assert_ne!(back.keymap, Keymap::default());
    assert_eq!(back.theme, config.theme);
    // With no file at all, the output is the defaults, and reads back to them.
    let out = rollcall_with(&dir.path().join("missing.toml"), &["config"]);
    let back = Config::parse(Path::new("printed.toml"), &text(&out.stdout), false);
    assert_eq!(back, Config::defaults(false));
}

#[test]
fn the_binary_reads_the_file_rollcall_config_names_and_only_warns() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = config_file(dir.path(), "[keys]\nquit = [\"ctrl-\"]\n", false);
    let out = rollcall_with(&path, &["config", "--path"]);
    assert_ok(&out);
    assert_eq!(text(&out.stdout), format!("{}\n", path.display()));
    // A subcommand with nothing to do with keys still runs, and warns once.
    let db = common::demo_registry(dir.path(), "warn.db");
    let out = rollcall_with(&path, &["stats", "--db", arg(&db), "--event", EVENT]);
    assert_ok(&out);
    assert_eq!(
        text(&out.stderr),
        format!(
            "rollcall: warning: {}:2: keys.quit: \"ctrl-\" is not a key\n",
            path.display()
        )
    );
}

#[test]
fn the_tui_follows_the_file_and_names_its_problems_at_start() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = config_file(dir.path(), "[keys]\nquit = [\"x\"]\nnew = 5\n", false);
    let db = common::demo_registry(dir.path(), "tui.db");
    let t = Tmux::new(dir.path());
    t.start(
        "s",
        120,
        30,
        &format!(
            "ROLLCALL_CONFIG={} {BIN} --db {}; echo ROLLCALL ENDED; sleep 30",
            path.display(),
            db.display()
        ),
    );
    let start = t.wait_for("s", "keys.new: expected a list of keys");
    assert!(start.contains(&format!("{}:3:", path.display())), "{start}");
    // q is no quit any more: the status bar says x.
    t.keys("s", &["q"]);
    t.wait_for("s", "x quit");
    t.keys("s", &["x"]);
    t.wait_for("s", "ROLLCALL ENDED");
}

#[test]
fn a_remap_a_screen_would_shadow_is_refused_by_line_and_the_rest_applies() {
    let dir = tempfile::tempdir().unwrap();
    let (path, config) = config_file(
        dir.path(),
        "[keys]\nquit = [\"c\"]\nfilter = [\"z\"]\n",
        false,
    );
    assert_eq!(
        config.problems,
        [Problem {
            file: path,
            line: Some(2),
            what: "keys.quit: \"c\" is check_in on Attendees".into(),
        }]
    );
    let (mut app, _db) = app_with(&config);
    press(&mut app, KeyCode::Char('2'));
    let bar = status_bar(&app);
    assert!(bar.contains("z filter") && bar.contains("q quit"), "{bar}");
    press(&mut app, KeyCode::Char('c'));
    assert!(!app.quit, "c quit on Attendees");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit, "q no longer quits");
}

#[test]
fn the_desk_and_the_forms_name_the_remapped_keys() {
    let dir = tempfile::tempdir().unwrap();
    let file = "[keys.desk]\nwalk_in = \"f5\"\n[keys.forms]\nsave = \"ctrl-d\"\n";
    let (_, config) = config_file(dir.path(), file, false);
    assert_eq!(config.problems, []);
    let (mut app, _db) = app_with(&config);
    press(&mut app, KeyCode::Char('4'));
    type_text(&mut app, "qxzqxzqxzqxzqxz");
    let desk = screen_text(&app);
    assert!(desk.contains("F5 registers a walk-in"), "{desk}");
    assert!(!desk.contains("F2"), "{desk}");
    press(&mut app, KeyCode::F(5));
    let form = screen_text(&app);
    assert!(
        form.contains("Tab next field · ↑↓ change a choice · Ctrl-D save · Esc cancel"),
        "{form}"
    );
}

#[test]
fn a_deletion_names_the_remapped_keys_that_answer_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = "[keys.forms]\ncancel = \"ctrl-q\"\n";
    let (_, config) = config_file(dir.path(), file, false);
    assert_eq!(config.problems, []);
    let (mut app, _db) = app_with(&config);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('d'));
    let form = screen_text(&app);
    // The line wraps at 80 columns: its words are what count.
    assert!(form.contains("Ctrl-Q keeps."), "{form}");
    assert!(!form.contains("Esc"), "{form}");
}
