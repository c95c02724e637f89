//! `rollcall config`: the configuration in force written as TOML, every action with
//! its keys and every theme slot, ready to save as a starting file and to read back.

use super::{Config, FLAGS};
use crate::ui::keymap::{Binding, Context, QUIT_AT_ONCE};
use crate::ui::theme::Theme;
use ratatui::style::{Color, Style};
use std::fmt::Write;

const HEADER: &str = "\
# rollcall configuration. Save it as the file `rollcall config --path` names, and
# keep only what you change: what is left out keeps its default.
#
# [keys]: an action name takes a list of keys. A name directly under [keys]
# (quit = [\"x\"]) applies in every table below where that action is; under
# [keys.<table>] it applies there only. Keys: a character (\"x\", \"?\"), \"ctrl-x\",
# \"alt-x\", \"shift-tab\", \"F1\"…\"F12\", \"enter\", \"esc\", \"tab\", \"backspace\",
# \"delete\", \"up\", \"down\", \"left\", \"right\", \"pgup\", \"pgdn\", \"home\", \"end\",
# \"space\". A character cannot be a command where it types (desk, typing,
# forms), and one key does one thing per table. Ctrl-C always quits.
";

const THEME_HEADER: &str = "\
# [theme]: a slot takes a colour for its text (\"cyan\", \"light-red\", \"#rrggbb\",
# or 0-255), or a table that is its whole style: fg, bg, bold, underlined,
# reversed. NO_COLOR (set and not empty) turns every colour off.
";

/// The configuration in force as TOML.
pub fn to_toml(config: &Config) -> String {
    let mut out = String::from(HEADER);
    for context in Context::ALL {
        let _ = write!(
            out,
            "\n# {}\n[keys.{}]\n",
            context.title(),
            context.config_name()
        );
        for b in config
            .keymap
            .bindings()
            .iter()
            .filter(|b| b.context == context)
        {
            out.push_str(&binding_line(b));
        }
    }
    out.push('\n');
    out.push_str(THEME_HEADER);
    if config.no_color {
        out.push_str("# NO_COLOR is set now: these colours are not shown while it is.\n");
    }
    out.push_str("[theme]\n");
    for &slot in Theme::SLOTS {
        let style = config.theme.slot(slot).unwrap_or_default();
        let _ = writeln!(out, "{slot} = {}", style_table(style));
    }
    out
}

/// `move_down = ["j", "down"]  # down`; Ctrl-C's line is a comment (it is fixed).
fn binding_line(b: &Binding) -> String {
    let keys: Vec<String> = b.keys.iter().map(|k| quoted(&k.config_name())).collect();
    let entry = format!("{} = [{}]", b.name, keys.join(", "));
    if b.name == QUIT_AT_ONCE {
        format!("# {entry:<32} # {} (always)\n", b.hint)
    } else {
        format!("{entry:<34} # {}\n", b.hint)
    }
}

/// A style as the inline table that reads back to exactly it.
fn style_table(style: Style) -> String {
    let mut fields = Vec::new();
    for (name, colour) in [("fg", style.fg), ("bg", style.bg)] {
        if let Some(colour) = colour {
            fields.push(format!("{name} = {}", quoted(&colour_name(colour))));
        }
    }
    // A table is the whole style: flags left out are off, so only those on are written.
    for (name, flag) in FLAGS {
        if style.add_modifier.contains(flag) {
            fields.push(format!("{name} = true"));
        }
    }
    format!("{{ {} }}", fields.join(", "))
}

/// "darkgray", "#1e90ff", "42": a spelling the colour parser reads back.
fn colour_name(colour: Color) -> String {
    colour.to_string().to_lowercase()
}

/// A TOML string, escaped by the toml crate.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
