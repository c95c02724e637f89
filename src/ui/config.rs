//! The user's TOML file (keys, theme) over the defaults. Each entry that cannot
//! apply is named with the file, line and what is wrong, and the rest of the file
//! still applies; a file that is not TOML at all leaves the defaults in force. A
//! bad config never stops rollcall: it only warns.

use super::keymap::{Context, Key, Keymap, Remap};
use super::theme::{self, Theme};
use ratatui::style::{Color, Modifier, Style};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The environment variable that names the config file, over the platform's place.
pub const PATH_VARIABLE: &str = "ROLLCALL_CONFIG";

/// The configuration in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub keymap: Keymap,
    /// The theme as configured; [`Config::theme_in_use`] is what is drawn.
    pub theme: Theme,
    /// NO_COLOR was set: no colour at all, whatever `[theme]` says.
    pub no_color: bool,
    /// What in the file could not apply, in the order of the file.
    pub problems: Vec<Problem>,
}

/// One thing wrong in the file: `config.toml:7: keys.quit: "ctrl-" is not a key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// Where in the file (none when the file as a whole cannot be read).
    pub line: Option<usize>,
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.what),
            None => write!(f, "{}: {}", self.file.display(), self.what),
        }
    }
}

/// Where the config file is looked for: `$ROLLCALL_CONFIG`, else config.toml in the
/// platform's config folder (None: no home folder to look in).
pub fn location() -> Option<PathBuf> {
    match std::env::var_os(PATH_VARIABLE) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => directories::ProjectDirs::from("", "", "rollcall")
            .map(|dirs| dirs.config_dir().join("config.toml")),
    }
}

impl Config {
    /// The defaults, with no file.
    pub fn defaults(no_color: bool) -> Config {
        Config {
            keymap: Keymap::default(),
            theme: Theme::colour(),
            no_color,
            problems: Vec::new(),
        }
    }

    /// The file at [`location`] over the defaults, with NO_COLOR from the environment.
    pub fn from_env() -> Config {
        let no_color = theme::no_color_requested();
        match location() {
            Some(path) => Config::load(&path, no_color),
            None => Config::defaults(no_color),
        }
    }

    /// The file at `path` over the defaults; a missing file is no problem.
    pub fn load(path: &Path, no_color: bool) -> Config {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text, no_color),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::defaults(no_color),
            // A folder on the way is closed to this user (another user's home, under
            // sudo): no file can be seen there, which is no file at all. A file that
            // is seen but cannot be read is a problem, below.
            Err(_) if std::fs::symlink_metadata(path).is_err() => Config::defaults(no_color),
            Err(e) => {
                let mut config = Config::defaults(no_color);
                config.problems.push(Problem {
                    file: path.to_path_buf(),
                    line: None,
                    what: format!("cannot be read ({e}); the defaults apply"),
                });
                config
            }
        }
    }

    /// `text` (the contents of `file`) over the defaults.
    pub fn parse(file: &Path, text: &str, no_color: bool) -> Config {
        let mut reader = Reader {
            file,
            text,
            problems: Vec::new(),
        };
        let mut config = Config::defaults(no_color);
        let document = match DeTable::parse(text) {
            Ok(document) => document,
            Err(e) => {
                let line = e.span().map(|span| reader.line(span));
                let what = format!("not valid TOML, so none of it applies: {}", e.message());
                reader.problem(line, what.trim_end().to_string());
                config.problems = reader.problems;
                return config;
            }
        };
        for (name, value) in document.get_ref() {
            match name.get_ref().as_ref() {
                "keys" => config.keymap = reader.keys(value),
                "theme" => reader.theme(value, &mut config.theme),
                other => reader.wrong(
                    name.span(),
                    other,
                    "not a setting rollcall reads (the file has [keys] and [theme])",
                ),
            }
        }
        reader.problems.sort_by_key(|p| p.line);
        config.problems = reader.problems;
        config
    }

    /// What is drawn: the configured theme, or no colour at all under NO_COLOR.
    pub fn theme_in_use(&self) -> Theme {
        if self.no_color {
            Theme::mono()
        } else {
            self.theme
        }
    }

    /// One line for the status bar naming the first problem, if any.
    pub fn summary(&self) -> Option<String> {
        let first = self.problems.first()?;
        Some(match self.problems.len() {
            1 => format!("config: {first}"),
            n => format!("config: {first} (and {} more)", n - 1),
        })
    }
}

/// Reads one file's tables, collecting what is wrong in it.
struct Reader<'a> {
    file: &'a Path,
    text: &'a str,
    problems: Vec<Problem>,
}

/// A `[keys]` entry on its way to the keymap: where it was, for its problem.
struct Entry {
    remap: Remap,
    setting: String,
    span: Range<usize>,
}

impl Reader<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        let start = span.start.min(self.text.len());
        self.text[..start].matches('\n').count() + 1
    }

    fn problem(&mut self, line: Option<usize>, what: String) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line,
            what,
        });
    }

    /// `setting` (e.g. "keys.quit") at `span` is wrong: `what`.
    fn wrong(&mut self, span: Range<usize>, setting: &str, what: &str) {
        let line = self.line(span);
        self.problem(Some(line), format!("{setting}: {what}"));
    }

    /// `[keys]`: top-level names and per-context tables, then the keymap they make.
    fn keys(&mut self, value: &Spanned<DeValue>) -> Keymap {
        let mut entries = Vec::new();
        let Some(table) = self.table(value, "keys") else {
            return Keymap::default();
        };
        for (name, value) in table {
            let name_text = name.get_ref().as_ref();
            let DeValue::Table(inner) = value.get_ref() else {
                entries.extend(self.entry(None, name, value, format!("keys.{name_text}")));
                continue;
            };
            let Some(context) = Context::from_config_name(name_text) else {
                let tables: Vec<&str> = Context::ALL.iter().map(|c| c.config_name()).collect();
                let what = format!("not a table of keys (those are {})", tables.join(", "));
                self.wrong(name.span(), &format!("keys.{name_text}"), &what);
                continue;
            };
            for (action, keys) in inner {
                let setting = format!("keys.{name_text}.{}", action.get_ref());
                entries.extend(self.entry(Some(context), action, keys, setting));
            }
        }
        let remaps: Vec<Remap> = entries.iter().map(|e| e.remap.clone()).collect();
        let (keymap, refused) = Keymap::with_remaps(&remaps);
        for refusal in refused {
            let entry = &entries[refusal.index];
            self.wrong(entry.span.clone(), &entry.setting, &refusal.why);
        }
        keymap
    }

    /// One action's keys: a list of key spellings (or one spelling alone).
    fn entry(
        &mut self,
        context: Option<Context>,
        name: &Spanned<std::borrow::Cow<str>>,
        value: &Spanned<DeValue>,
        setting: String,
    ) -> Option<Entry> {
        let spellings: Vec<&Spanned<DeValue>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::String(_) => vec![value],
            _ => {
                self.wrong(
                    value.span(),
                    &setting,
                    "expected a list of keys, like [\"x\"]",
                );
                return None;
            }
        };
        let mut keys = Vec::new();
        for spelling in spellings {
            let parsed = match spelling.get_ref() {
                DeValue::String(text) => text.parse::<Key>().map_err(|e| e.to_string()),
                _ => Err("expected a key in quotes, like \"x\"".to_string()),
            };
            match parsed {
                Ok(key) => keys.push(key),
                Err(why) => {
                    self.wrong(spelling.span(), &setting, &why);
                    return None;
                }
            }
        }
        Some(Entry {
            remap: Remap {
                context,
                name: name.get_ref().to_string(),
                keys,
            },
            setting,
            span: name.span(),
        })
    }

    /// `value` as a table, or a problem saying it should be one.
    fn table<'v, 'i>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        setting: &str,
    ) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong(
                    value.span(),
                    setting,
                    &format!("expected a table, [{setting}]"),
                );
                None
            }
        }
    }

    /// `[theme]`: each slot a colour (its text) or a table of fg, bg, bold, underlined,
    /// reversed. A slot with anything wrong keeps its default.
    fn theme(&mut self, value: &Spanned<DeValue>, theme: &mut Theme) {
        let Some(table) = self.table(value, "theme") else {
            return;
        };
        for (name, value) in table {
            let setting = format!("theme.{}", name.get_ref());
            let Some(slot) = theme.slot_mut(name.get_ref()) else {
                let what = format!("not a slot (those are {})", Theme::SLOTS.join(", "));
                self.wrong(name.span(), &setting, &what);
                continue;
            };
            match style(*slot, value) {
                Ok(style) => *slot = style,
                Err((span, why)) => self.wrong(span, &setting, &why),
            }
        }
    }
}

/// The flags a theme slot may set, by name.
const FLAGS: [(&str, Modifier); 3] = [
    ("bold", Modifier::BOLD),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
];

/// A slot's style from the file: a colour alone changes the text colour of `default`;
/// a table is the whole style (what it leaves out is off).
fn style(default: Style, value: &Spanned<DeValue>) -> Result<Style, (Range<usize>, String)> {
    let table = match value.get_ref() {
        DeValue::String(_) => return Ok(default.fg(colour(value)?)),
        DeValue::Table(table) => table,
        _ => {
            let why =
                "expected a colour like \"cyan\" or a table like { fg = \"cyan\", bold = true }";
            return Err((value.span(), why.into()));
        }
    };
    let mut style = Style::new();
    for (field, value) in table {
        let flag = FLAGS
            .iter()
            .find(|(name, _)| *name == field.get_ref().as_ref());
        match (field.get_ref().as_ref(), value.get_ref(), flag) {
            ("fg", _, _) => style = style.fg(colour(value)?),
            ("bg", _, _) => style = style.bg(colour(value)?),
            (_, DeValue::Boolean(true), Some((_, m))) => style = style.add_modifier(*m),
            (_, DeValue::Boolean(false), Some(_)) => {}
            (name, _, Some(_)) => {
                return Err((value.span(), format!("{name}: expected true or false")));
            }
            (name, _, None) => {
                let why = format!("{name:?} is not a field (fg, bg, bold, underlined, reversed)");
                return Err((field.span(), why));
            }
        }
    }
    Ok(style)
}

/// A colour: a name ("cyan", "light-red"), "#rrggbb", or a terminal index 0–255.
fn colour(value: &Spanned<DeValue>) -> Result<Color, (Range<usize>, String)> {
    let not = |shown: String| {
        let why = format!("{shown} is not a colour (a name like \"cyan\", \"#rrggbb\" or 0–255)");
        (value.span(), why)
    };
    match value.get_ref() {
        DeValue::String(text) => text.parse().map_err(|_| not(format!("{text:?}"))),
        DeValue::Integer(n) => n
            .as_str()
            .parse::<u8>()
            .map(Color::Indexed)
            .map_err(|_| not(n.to_string())),
        _ => Err(not("this".into())),
    }
}

mod print;
pub use print::to_toml;
