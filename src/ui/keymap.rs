//! THE key table: (context, key) → action, with the hint text. The handlers, the
//! status-bar hints and the help overlay all read one [`Keymap`]: the default table
//! (keymap/defaults.rs) with the user's remaps over it, so they cannot disagree.
//! A Keymap is a value carried by the App, never global state: two Apps (or two
//! tests) can hold different ones.

mod defaults;
mod key;

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use defaults::{BINDINGS, DefaultBinding, QUIT_AT_ONCE};
pub use key::{Key, NotAKey};

/// Where a key is pressed. Resolution tries the most specific context first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    /// Every list screen.
    List,
    Seminars,
    Attendees,
    Delegations,
    /// The Stats screen (its own scroll keys: no filter, nothing to open).
    Stats,
    /// The Desk's input line: it has the keyboard whenever the Desk is shown.
    DeskInput,
    /// A yes/no question.
    Confirm,
    /// A form (walk-in, person, seminar, delegation).
    Form,
    /// The editing keys of any focused text field (filter line, Desk, form).
    TextInput,
    Help,
    /// The person card over Attendees.
    Card,
}

impl Context {
    /// Every context, in the order `rollcall config` writes them.
    pub const ALL: [Context; 12] = [
        Context::Global,
        Context::List,
        Context::Seminars,
        Context::Attendees,
        Context::Delegations,
        Context::Stats,
        Context::DeskInput,
        Context::TextInput,
        Context::Form,
        Context::Confirm,
        Context::Help,
        Context::Card,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists",
            Context::Seminars => "Seminars",
            Context::Attendees => "Attendees",
            Context::Delegations => "Delegations",
            Context::Stats => "Stats",
            Context::DeskInput => "Desk",
            Context::Confirm => "Question",
            Context::Form => "Forms",
            Context::TextInput => "While typing",
            Context::Help => "Help",
            Context::Card => "Person card",
        }
    }

    /// The name of its table in the config file: `[keys.desk]`.
    pub fn config_name(self) -> &'static str {
        match self {
            Context::Global => "everywhere",
            Context::List => "lists",
            Context::Seminars => "seminars",
            Context::Attendees => "attendees",
            Context::Delegations => "delegations",
            Context::Stats => "stats",
            Context::DeskInput => "desk",
            Context::Confirm => "question",
            Context::Form => "forms",
            Context::TextInput => "typing",
            Context::Help => "help",
            Context::Card => "card",
        }
    }

    pub fn from_config_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.config_name() == name)
    }

    /// Contexts in which an unbound printable character types itself.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Context::TextInput | Context::DeskInput | Context::Form
        )
    }
}

/// One line of the table in force: a default binding, its keys perhaps remapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    /// The action's name in the config file ("quit", "check_in").
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub action: Action,
    pub hint: &'static str,
    /// Shown in the status bar (the rest only in help).
    pub in_bar: bool,
}

impl Binding {
    /// How the keys are written in hints and help: "j/↓", or "x" after a remap.
    pub fn label(&self) -> String {
        label_of_keys(&self.keys)
    }
}

/// "j/↓": keys as hints and help write them.
fn label_of_keys(keys: &[Key]) -> String {
    let labels: Vec<String> = keys.iter().map(|k| k.label()).collect();
    labels.join("/")
}

/// A binding as a list of keys shows it: only the keys that do its action there
/// (those a more specific context holds are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown<'a> {
    pub binding: &'a Binding,
    /// "j", where "j/↓" is the binding's whole label but ↓ does something else here.
    pub label: String,
}

impl From<&DefaultBinding> for Binding {
    fn from(d: &DefaultBinding) -> Binding {
        Binding {
            context: d.context,
            name: d.name,
            keys: d.keys.to_vec(),
            action: d.action,
            hint: d.hint,
            in_bar: d.in_bar,
        }
    }
}

/// The keys in force: the default table with the user's remaps applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS.iter().map(Binding::from).collect(),
        }
    }
}

/// The user's keys for one action: in every context where it is bound
/// (`context: None`, a top-level `[keys]` entry), or in one (`[keys.desk]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    pub context: Option<Context>,
    pub name: String,
    pub keys: Vec<Key>,
}

/// A remap left out, and why (its index in the list given to [`Keymap::with_remaps`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub index: usize,
    pub why: String,
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The defaults with `remaps` over them. A remap that cannot apply (unknown name,
    /// a printable key where it would type, a key another action holds in the same
    /// context) is refused whole and the rest still apply. Top-level remaps go first,
    /// so a per-context one wins where both name the same binding.
    pub fn with_remaps(remaps: &[Remap]) -> (Keymap, Vec<Refused>) {
        let mut refused = Vec::new();
        let mut accepted = Vec::new();
        for (index, remap) in remaps.iter().enumerate() {
            match check(remap) {
                Ok(()) => accepted.push(index),
                Err(why) => refused.push(Refused { index, why }),
            }
        }
        // Collisions are judged on the final table, so that swapping two keys works;
        // each round refuses one culprit and tries again (the defaults never collide).
        loop {
            let (keymap, source) = apply(remaps, &accepted);
            let refusal = keymap
                .first_collision(&source)
                .or_else(|| keymap.first_shadow(&source));
            match refusal {
                None => {
                    refused.sort_by_key(|r| r.index);
                    return (keymap, refused);
                }
                Some(refusal) => {
                    accepted.retain(|&i| i != refusal.index);
                    refused.push(refusal);
                }
            }
        }
    }

    /// Two bindings of one context sharing a key, where at least one was remapped:
    /// the remap to refuse (the later one when both were).
    fn first_collision(&self, source: &[Option<usize>]) -> Option<Refused> {
        for (i, a) in self.bindings.iter().enumerate() {
            for (j, b) in self.bindings.iter().enumerate().skip(i + 1) {
                if a.context != b.context || source[i].is_none() && source[j].is_none() {
                    continue;
                }
                let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) else {
                    continue;
                };
                let (culprit, other) = if source[i] > source[j] {
                    (i, b)
                } else {
                    (j, a)
                };
                return Some(Refused {
                    index: source[culprit]?,
                    why: format!(
                        "{:?} is already {} in [keys.{}]",
                        key.config_name(),
                        other.name,
                        other.context.config_name()
                    ),
                });
            }
        }
        None
    }

    /// A remapped key that a more specific context holds for another action in one
    /// of the chains its binding is looked up in: the remap could never be reached
    /// there (`quit = ["c"]` on Attendees, where c checks in). Text contexts do not
    /// count: while a field has the keyboard, the keys under it are suspended by
    /// design, as printable characters type.
    fn first_shadow(&self, source: &[Option<usize>]) -> Option<Refused> {
        let chains: Vec<Vec<Context>> = every_focus().into_iter().map(contexts).collect();
        for (b, from) in self.bindings.iter().zip(source) {
            let Some(index) = *from else {
                continue;
            };
            for chain in &chains {
                let Some(at) = chain.iter().position(|&c| c == b.context) else {
                    continue;
                };
                for &nearer in chain[..at].iter().filter(|c| !c.is_text()) {
                    for &key in &b.keys {
                        let Some(holder) = self.find(nearer, key) else {
                            continue;
                        };
                        if holder.action != b.action {
                            return Some(Refused {
                                index,
                                why: format!(
                                    "{:?} is {} on {}",
                                    key.config_name(),
                                    holder.name,
                                    nearer.title()
                                ),
                            });
                        }
                    }
                }
            }
        }
        None
    }

    /// What `key` means in `contexts`. In a text field an unbound printable character
    /// becomes [`Action::Input`]; Ctrl-C quits from anywhere.
    pub fn resolve(&self, contexts: &[Context], key: KeyEvent) -> Option<Action> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Quit);
        }
        let key = Key::from_event(key);
        for &context in contexts {
            if let Some(b) = self.find(context, key) {
                return Some(b.action);
            }
            // Inside a text field an unbound character types itself: 'q' is a q.
            if context.is_text()
                && key.is_printable()
                && let KeyCode::Char(c) = key.code
            {
                return Some(Action::Input(c));
            }
        }
        None
    }

    fn find(&self, context: Context, key: Key) -> Option<&Binding> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.keys.contains(&key))
    }

    /// The bindings to list for `contexts`, most specific first, each with only the
    /// keys that reach it there: a key a more specific context already binds does
    /// that context's action, so listing it again would say something false.
    pub fn visible(&self, contexts: &[Context]) -> Vec<Shown<'_>> {
        let mut taken: Vec<Key> = Vec::new();
        let mut out = Vec::new();
        for &context in contexts {
            for b in self.bindings.iter().filter(|b| b.context == context) {
                let keys: Vec<Key> = b
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| !taken.contains(k))
                    .collect();
                taken.extend(&keys);
                if !keys.is_empty() {
                    out.push(Shown {
                        binding: b,
                        label: label_of_keys(&keys),
                    });
                }
            }
        }
        out
    }

    /// The one key a text names for `action` in `context` ("Esc closes", where the
    /// whole label is "Esc/?/q"): `usual`, the key the text names by default, while
    /// it is still bound there, else the first key the user gave the action. So the
    /// default texts read as they always did and a remap shows in them.
    pub fn key_named(&self, context: Context, action: Action, usual: Key) -> String {
        let keys = self
            .bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map_or(&[][..], |b| &b.keys[..]);
        match keys.first() {
            Some(first) if !keys.contains(&usual) => first.label(),
            _ => usual.label(),
        }
    }

    /// How the keys doing `action` in `context` are written ("j/↓"), if any do.
    pub fn label_of(&self, context: Context, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(Binding::label)
    }
}

/// Whether `remap` can apply at all, before looking at collisions.
fn check(remap: &Remap) -> Result<(), String> {
    let targets: Vec<&DefaultBinding> = BINDINGS
        .iter()
        .filter(|b| b.name == remap.name && remap.context.is_none_or(|c| c == b.context))
        .collect();
    if targets.is_empty() {
        let elsewhere = tables_of(BINDINGS.iter().filter(|b| b.name == remap.name));
        return Err(match remap.context {
            Some(c) if !elsewhere.is_empty() => format!(
                "no action {:?} in [keys.{}]; it is in {elsewhere}",
                remap.name,
                c.config_name()
            ),
            _ => format!("no action is called {:?}", remap.name),
        });
    }
    if remap.name == QUIT_AT_ONCE || remap.keys.contains(&Key::ctrl('c')) {
        return Err("Ctrl-C always quits, and only Ctrl-C does that".into());
    }
    // An action without keys could strand the user (a form with no way out).
    if remap.keys.is_empty() {
        return Err("give at least one key".into());
    }
    for b in targets.iter().filter(|b| b.context.is_text()) {
        if let Some(key) = remap.keys.iter().find(|k| k.is_printable()) {
            let others = tables_of(targets.iter().copied().filter(|t| !t.context.is_text()));
            let instead = if others.is_empty() {
                String::new()
            } else {
                format!("; set it in {others} instead")
            };
            return Err(format!(
                "{:?} types into the field in [keys.{}], it cannot be a command there{instead}",
                key.config_name(),
                b.context.config_name()
            ));
        }
    }
    Ok(())
}

/// "[keys.lists], [keys.card]": the tables where these bindings live.
fn tables_of<'a>(bindings: impl Iterator<Item = &'a DefaultBinding>) -> String {
    let tables: Vec<String> = bindings
        .map(|b| format!("[keys.{}]", b.context.config_name()))
        .collect();
    tables.join(", ")
}

/// The defaults with the `accepted` remaps applied (top-level ones first), and for
/// each binding the index of the remap that set its keys.
fn apply(remaps: &[Remap], accepted: &[usize]) -> (Keymap, Vec<Option<usize>>) {
    let mut keymap = Keymap::default();
    let mut source = vec![None; keymap.bindings.len()];
    let top_level_first = accepted
        .iter()
        .filter(|&&i| remaps[i].context.is_none())
        .chain(accepted.iter().filter(|&&i| remaps[i].context.is_some()));
    for &index in top_level_first {
        let remap = &remaps[index];
        for (b, from) in keymap.bindings.iter_mut().zip(source.iter_mut()) {
            if b.name == remap.name && remap.context.is_none_or(|c| c == b.context) {
                b.keys = dedup(&remap.keys);
                *from = Some(index);
            }
        }
    }
    (keymap, source)
}

fn dedup(keys: &[Key]) -> Vec<Key> {
    let mut out: Vec<Key> = Vec::new();
    for &k in keys {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// What has the keyboard: the contexts a key is looked up in follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A list screen (or the Desk outside its input); `filtering` when its filter
    /// line has focus.
    Screen {
        screen: Context,
        filtering: bool,
    },
    DeskInput,
    Form,
    Help,
    /// A yes/no question.
    Confirm,
    /// The person card: its keys only.
    Card,
}

/// Every place the keyboard can be, for judging a remap in each chain it is looked
/// up in. The Desk with no event open is left out: its chain is Global alone, where
/// nothing can shadow anything.
fn every_focus() -> Vec<Focus> {
    let mut all = vec![
        Focus::Help,
        Focus::Confirm,
        Focus::Card,
        Focus::Form,
        Focus::DeskInput,
    ];
    for screen in [Context::Seminars, Context::Attendees, Context::Delegations] {
        for filtering in [false, true] {
            all.push(Focus::Screen { screen, filtering });
        }
    }
    all.push(Focus::Screen {
        screen: Context::Stats,
        filtering: false,
    });
    all
}

/// The contexts a key is looked up in, most specific first.
pub fn contexts(focus: Focus) -> Vec<Context> {
    match focus {
        Focus::Help => vec![Context::Help],
        Focus::Confirm => vec![Context::Confirm],
        Focus::Card => vec![Context::Card],
        Focus::Form => vec![Context::Form, Context::TextInput, Context::Global],
        // No Global: on the Desk 1–4 and q type; the Desk binds the keys that leave.
        Focus::DeskInput => vec![Context::DeskInput, Context::TextInput],
        // The Desk with no seminar open: only the keys that lead elsewhere, no list keys.
        Focus::Screen {
            screen: Context::Global,
            ..
        } => vec![Context::Global],
        // Stats is no list: nothing to filter, open, edit or delete; it scrolls.
        Focus::Screen {
            screen: Context::Stats,
            ..
        } => vec![Context::Stats, Context::Global],
        Focus::Screen {
            screen,
            filtering: true,
        } => {
            vec![Context::TextInput, screen, Context::List, Context::Global]
        }
        Focus::Screen {
            screen,
            filtering: false,
        } => vec![screen, Context::List, Context::Global],
    }
}

#[cfg(test)]
mod tests;
