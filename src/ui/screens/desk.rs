//! The Desk: one input line that always has the keyboard. Type a name or a badge
//! number; Enter checks in the highlighted line and nothing else — the owner of a
//! typed badge is highlighted at once, so a badge scanner (which types the number and
//! Enter) needs no key at all, while close spellings are only listed until ↓ picks
//! one. After every Enter the input is empty again. The answer is shown large: who,
//! which delegation, when, and what they need; or why not.

mod keys;

use crate::domain::{AttendeeId, inert};
use crate::search::{LiveSearch, Searcher};
use crate::store::AttendeeRow;
use crate::ui::action::Action;
use crate::ui::command::{Command, Effect, FormRequest};
use crate::ui::keymap::Keymap;
use crate::ui::registry::Registry;
use crate::ui::strings;
use crate::ui::theme::{Theme, symbol};
use crate::ui::widgets::list::Cursor;
use crate::ui::widgets::table::{self, fit, highlighted};
use crate::ui::widgets::text_field::TextField;
use keys::DeskKeys;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row, Table, TableState};

/// What the last Enter (or undo) at this desk did, as the queue should see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    CheckedIn {
        name: String,
        about: String,
        /// "09:12 · day 2 (Thu 6 Jul)".
        when: String,
        /// What the desk must do or know: role, diet, access needs, notes.
        needs: String,
    },
    AlreadyIn {
        name: String,
        about: String,
        time: String,
        desk: String,
        needs: String,
    },
    Cancelled {
        name: String,
    },
    NotFound {
        query: String,
    },
    /// Only close spellings: no one was checked in.
    NoExactMatch {
        query: String,
    },
    NoBadge {
        badge: String,
    },
    /// The store refused or failed: nothing was saved.
    NotSaved {
        reason: String,
    },
    /// The server could not be reached: nothing was saved (`undo`: nothing was
    /// undone), and the App retries by itself.
    Unreachable {
        undo: bool,
    },
    Undone {
        name: String,
    },
    WalkInUndone {
        name: String,
    },
    NothingToUndo,
}

impl Answer {
    /// Headline, details, and whether it is good news; `keys` for the details that
    /// say what to press next.
    fn parts(&self, keys: &DeskKeys) -> (String, Vec<String>, Tone) {
        let with_needs = |mut lines: Vec<String>, needs: &str| {
            if !needs.is_empty() {
                lines.push(needs.to_string());
            }
            lines
        };
        match self {
            Answer::CheckedIn {
                name,
                about,
                when,
                needs,
            } => (
                format!("{} CHECKED IN", symbol::PRESENT),
                with_needs(vec![name.clone(), about.clone(), when.clone()], needs),
                Tone::Good,
            ),
            Answer::AlreadyIn {
                name,
                about,
                time,
                desk,
                needs,
            } => (
                "● ALREADY CHECKED IN".to_string(),
                with_needs(
                    vec![
                        name.clone(),
                        about.clone(),
                        format!("checked in at {time} by {desk}"),
                    ],
                    needs,
                ),
                Tone::Warn,
            ),
            Answer::Cancelled { name } => (
                "✗ REGISTRATION CANCELLED".to_string(),
                vec![name.clone(), "see the organisers".to_string()],
                Tone::Bad,
            ),
            Answer::NotFound { query } => (
                "✗ NOT FOUND".to_string(),
                vec![
                    format!("no one matches “{query}”"),
                    format!("{} registers a walk-in", keys.walk_in),
                ],
                Tone::Bad,
            ),
            Answer::NoExactMatch { query } => (
                "✗ NO ONE CHECKED IN".to_string(),
                vec![
                    format!("no exact match for “{query}”"),
                    format!(
                        "pick a close spelling with {} first, then {}",
                        keys.pick, keys.check_in
                    ),
                ],
                Tone::Bad,
            ),
            Answer::NoBadge { badge } => (
                "✗ NOT FOUND".to_string(),
                vec![format!("no one with badge {badge}")],
                Tone::Bad,
            ),
            Answer::NotSaved { reason } => (
                "✗ NOT SAVED".to_string(),
                vec![reason.clone(), "nothing was recorded".to_string()],
                Tone::Bad,
            ),
            Answer::Unreachable { undo } => (
                "✗ NOT SAVED".to_string(),
                vec![
                    strings::UNREACHABLE.to_string(),
                    if *undo {
                        "nothing was undone".to_string()
                    } else {
                        "no one was checked in — try again once the server is back".to_string()
                    },
                ],
                Tone::Bad,
            ),
            Answer::Undone { name } => (
                "↶ CHECK-IN UNDONE".to_string(),
                vec![name.clone()],
                Tone::Warn,
            ),
            Answer::WalkInUndone { name } => (
                "↶ WALK-IN UNDONE".to_string(),
                vec![name.clone(), "removed from the registry".to_string()],
                Tone::Warn,
            ),
            Answer::NothingToUndo => (
                "NOTHING TO UNDO".to_string(),
                vec!["this desk has nothing left to undo".to_string()],
                Tone::Warn,
            ),
        }
    }

    /// One line for the status bar of the other screens, naming the keys of `keymap`.
    pub fn summary(&self, keymap: &Keymap) -> String {
        let (headline, details, _) = self.parts(&DeskKeys::of(keymap));
        let mut line = headline;
        for d in details.iter().filter(|d| !d.is_empty()) {
            line.push_str(" — ");
            line.push_str(d);
        }
        line
    }

    pub fn is_error(&self) -> bool {
        // The tone does not depend on the keys: the default ones will do.
        matches!(self.parts(&DeskKeys::of(&Keymap::default())).2, Tone::Bad)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Good,
    Warn,
    Bad,
}

#[derive(Default)]
pub struct DeskScreen {
    /// Always has the keyboard: every printable key types here.
    pub input: TextField,
    search: LiveSearch,
    /// The lines shown, best first: the hits of `shown_for`, an exact badge first.
    lines: Vec<u32>,
    /// The query the lines belong to: what is typed, or — after an Enter that found
    /// only close spellings — what was typed then, kept so ↓ can pick among them.
    shown_for: String,
    /// The lines are close spellings: nothing matched literally.
    close: bool,
    cursor: Cursor,
    /// A line is highlighted, and Enter acts on exactly that line. Close spellings
    /// and a bare roster are never highlighted until ↓ picks one.
    picked: bool,
    pub answer: Option<Answer>,
    /// Show no names until something is typed (the queue can read the screen).
    pub private: bool,
}

/// The badge number a query is, if it is only digits.
fn badge_number(query: &str) -> Option<Result<u32, ()>> {
    let typed = query.trim();
    (!typed.is_empty() && typed.chars().all(|c| c.is_ascii_digit()))
        .then(|| typed.parse().map_err(|_| ()))
}

impl DeskScreen {
    /// The registry changed (reloaded, another desk): search again, keeping the
    /// highlighted person highlighted if they are still listed.
    /// What to keep highlighted across a change of `registry` (indices move, ids stay).
    pub fn keep(&self, registry: &Registry) -> Option<AttendeeId> {
        self.highlighted(registry).map(|p| p.id)
    }

    /// The registry was (re)loaded or changed in place: search again, keeping `kept`
    /// (from [`DeskScreen::keep`] before the change) highlighted.
    pub fn refresh(&mut self, kept: Option<AttendeeId>, new: &Registry, searcher: &mut Searcher) {
        let query = match self.input.value() {
            "" => self.shown_for.clone(),
            typed => typed.to_string(),
        };
        self.search.refresh(&query, &new.keys, searcher);
        self.show_hits(&query, new);
        // The line ↓ picked stays picked (another desk's edit must not move Enter to
        // someone else); if that person is gone, nothing is highlighted.
        if let Some(id) = kept {
            let at = new
                .index_of(id)
                .and_then(|i| self.lines.iter().position(|&l| l == i));
            self.picked = at.is_some();
            self.cursor.selected = at.unwrap_or(0);
        }
    }

    /// Search for what is typed now.
    fn search_again(&mut self, registry: &Registry, searcher: &mut Searcher) {
        let query = self.input.value().to_string();
        self.search.update(&query, &registry.keys, searcher);
        self.show_hits(&query, registry);
    }

    fn show_hits(&mut self, query: &str, registry: &Registry) {
        let hits = self.search.hits();
        self.close = hits.fuzzy;
        self.lines.clear();
        self.lines.extend_from_slice(&hits.indices);
        self.shown_for = query.to_string();
        self.cursor.selected = 0;
        self.picked = false;
        if query.trim().is_empty() || self.close {
            return;
        }
        match badge_number(query) {
            // A badge number: its owner first and highlighted; none, nothing is.
            Some(Ok(badge)) => {
                if let Some(owner) = registry
                    .by_badge(badge)
                    .and_then(|p| registry.index_of(p.id))
                {
                    self.lines.retain(|&i| i != owner);
                    self.lines.insert(0, owner);
                    self.picked = true;
                }
            }
            Some(Err(())) => {}
            None => self.picked = !self.lines.is_empty(),
        }
    }

    fn visible_len(&self) -> usize {
        if self.private && self.shown_for.trim().is_empty() {
            0
        } else {
            self.lines.len()
        }
    }

    /// The person Enter acts on: the highlighted line, and only that.
    fn highlighted<'r>(&self, registry: &'r Registry) -> Option<&'r AttendeeRow> {
        if !self.picked || self.visible_len() == 0 {
            return None;
        }
        let i = *self.lines.get(self.cursor.selected)?;
        registry.people.get(i as usize)
    }

    pub fn update(
        &mut self,
        action: Action,
        registry: &Registry,
        searcher: &mut Searcher,
    ) -> Option<Effect> {
        match action {
            Action::CheckIn => return self.check_in(registry, searcher),
            Action::Undo => return Some(Command::Undo.into()),
            Action::WalkIn => return Some(FormRequest::WalkIn.into()),
            Action::TogglePrivate => self.private = !self.private,
            Action::Back => {
                self.input.clear();
                self.answer = None;
                self.search_again(registry, searcher);
            }
            // The first ↓ highlights the first line; then the keys move it.
            Action::MoveDown if !self.picked => self.picked = self.visible_len() > 0,
            _ => {
                if self.cursor.apply(action, self.visible_len()) {
                    return None;
                }
                if self.input.apply(action) == Some(true) {
                    self.answer = None;
                    self.search_again(registry, searcher);
                }
            }
        }
        None
    }

    /// `typed` and Enter, as if keyed in now (what was entered while the people were
    /// still being read).
    pub fn enter(
        &mut self,
        typed: &str,
        registry: &Registry,
        searcher: &mut Searcher,
    ) -> Option<Effect> {
        self.input.set(typed);
        self.search_again(registry, searcher);
        self.check_in(registry, searcher)
    }

    /// Enter: check in the highlighted person, or say why no one. Whatever the
    /// answer, the input is empty and ready for the next person (a scanner never
    /// needs a key between scans).
    fn check_in(&mut self, registry: &Registry, searcher: &mut Searcher) -> Option<Effect> {
        let typed = self.input.value().trim().to_string();
        let target = self.highlighted(registry).map(|p| p.id);
        let answer = match (target, badge_number(&typed)) {
            (Some(id), _) => {
                self.input.clear();
                self.search_again(registry, searcher);
                return Some(Command::CheckIn(id).into());
            }
            // A stray Enter (a scanner's double send) with nothing typed does nothing.
            _ if typed.is_empty() => return None,
            (None, Some(_)) => Answer::NoBadge { badge: typed },
            (None, None) if self.close && self.visible_len() > 0 => {
                // Keep the close spellings listed: ↓ picks one, Enter then takes it.
                self.input.clear();
                self.answer = Some(Answer::NoExactMatch {
                    query: inert(&typed).into_owned(),
                });
                return None;
            }
            (None, None) => Answer::NotFound {
                query: inert(&typed).into_owned(),
            },
        };
        self.input.clear();
        self.search_again(registry, searcher);
        self.answer = Some(answer);
        None
    }

    /// The App ran the check-in (or undo): show the answer and get ready for the next
    /// person.
    pub fn show(&mut self, answer: Answer, registry: &Registry, searcher: &mut Searcher) {
        self.answer = Some(answer);
        self.input.clear();
        self.search_again(registry, searcher);
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &DeskView, searcher: &mut Searcher) {
        let DeskView {
            theme,
            keymap,
            registry,
            desk,
            warning,
        } = view;
        let block = Block::bordered()
            .border_style(theme.border)
            .title(Line::from(vec![
                Span::styled(" Desk ", theme.title),
                Span::styled(format!("· {} ", inert(desk)), theme.key),
            ]));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let keys = DeskKeys::of(keymap);
        let answer_height = self
            .answer
            .as_ref()
            .map_or(0, |a| a.parts(&keys).1.len() as u16 + 3);
        let [input_area, warning_area, answer_area, list_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(answer_height),
            Constraint::Fill(1),
        ])
        .areas(inner);

        let prompt = "Name or badge: ";
        let [prompt_area, field_area] =
            Layout::horizontal([Constraint::Length(prompt.len() as u16), Constraint::Fill(1)])
                .areas(input_area);
        frame.render_widget(Span::styled(prompt, theme.key), prompt_area);
        self.input.render(frame, field_area, Style::new(), true);
        if let Some(warning) = warning {
            frame.render_widget(
                Span::styled(fit(warning, warning_area.width), theme.error),
                warning_area,
            );
        }

        if let Some(answer) = &self.answer {
            render_answer(frame, answer_area, theme, answer.parts(&keys));
        }
        self.render_matches(frame, list_area, theme, &keys, registry, searcher);
    }

    fn render_matches(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        keys: &DeskKeys,
        registry: &Registry,
        searcher: &mut Searcher,
    ) {
        let len = self.visible_len();
        if len == 0 {
            let hint = if self.private && self.shown_for.is_empty() {
                format!(
                    "Names are hidden until something is typed ({} shows them).",
                    keys.hide_names
                )
            } else if self.shown_for.is_empty() {
                "Type a name or scan a badge.".to_string()
            } else {
                format!("No one matches. {} registers a walk-in.", keys.walk_in)
            };
            frame.render_widget(Paragraph::new(hint).style(theme.dim), area);
            return;
        }
        let area = if self.close {
            let [note, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
            let text = format!(
                "{} ({} picks one, then {})",
                strings::FUZZY_NOTE,
                keys.pick,
                keys.check_in
            );
            frame.render_widget(Span::styled(fit(&text, note.width), theme.error), note);
            rest
        } else {
            area
        };
        let window = self
            .cursor
            .window(len, area.height.saturating_sub(1) as usize);
        let wide = area.width >= 110;
        // The pick marker takes two columns; the rest are laid out here so that text
        // can be cut with an ellipsis. Badges are shown whole, names get their room
        // before the other columns.
        let [_, columns_area] =
            Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        let widths = table::name_first(
            &[
                Constraint::Length(1),
                Constraint::Length(table::badge_width(registry.largest_badge, "Badge")),
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Fill(if wide { 2 } else { 0 }),
                Constraint::Length(10),
            ],
            2,
            registry.longest_name,
            columns_area.width,
        );
        let fits: Vec<u16> = Layout::horizontal(widths)
            .spacing(1)
            .split(columns_area)
            .iter()
            .map(|r| r.width)
            .collect();
        // The search holds the query of the lines shown (`shown_for`) and whether they
        // are close spellings.
        let mut lit = |text: &str, width: u16| {
            let text = fit(text, width);
            let positions = self.search.highlight(searcher, &text);
            Cell::from(highlighted(&text, &positions, theme.highlight))
        };
        let rows: Vec<Row> = self.lines[window.clone()]
            .iter()
            .map(|&i| {
                let p = &registry.people[i as usize];
                let name = format!("{} {}", p.given_name(), p.family_name().to_uppercase());
                let mark = if p.present {
                    Span::styled(symbol::PRESENT, theme.present)
                } else {
                    Span::styled(symbol::ABSENT, theme.dim)
                };
                Row::new([
                    Cell::from(mark),
                    Cell::from(Line::from(p.badge.to_string()).right_aligned()),
                    lit(&name, fits[2]),
                    lit(p.native_name(), fits[3]),
                    lit(why_listed(p, &self.search), fits[4]),
                    Cell::from(fit(&p.delegation_name, fits[5])),
                    Cell::from(Span::styled(p.status.label(), theme.status(p.status))),
                ])
            })
            .collect();
        let widths = fits.iter().map(|w| Constraint::Length(*w));
        let delegation_header = if wide { "Delegation" } else { "" };
        let table = Table::new(rows, widths)
            .header(
                Row::new([
                    "",
                    "Badge",
                    "Name",
                    "Native name",
                    "Organisation",
                    delegation_header,
                    "Status",
                ])
                .style(theme.header),
            )
            .row_highlight_style(theme.selected)
            .highlight_symbol("▶ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        let picked = self.picked.then(|| self.cursor.selected - window.start);
        let mut state = TableState::default().with_selected(picked);
        frame.render_stateful_widget(table, area, &mut state);
    }
}

/// What the Desk draws beside its own state.
pub struct DeskView<'a> {
    pub theme: &'a Theme,
    /// The keys in force, for the texts that say what to press.
    pub keymap: &'a Keymap,
    pub registry: &'a Registry,
    /// This desk's name, recorded with each check-in.
    pub desk: &'a str,
    /// Said in red under the input: check-ins count for another day than today.
    pub warning: Option<String>,
}

/// Why a person is listed, for the column beside the names: their organisation, or —
/// when the query matched none of their names — the field it did match.
fn why_listed<'p>(p: &'p AttendeeRow, search: &LiveSearch) -> &'p str {
    let in_names = [p.given_name(), p.family_name(), p.native_name()]
        .iter()
        .any(|f| search.matches_literally(f));
    if in_names || search.matches_literally(&p.organisation) {
        return &p.organisation;
    }
    [&*p.delegation_name, p.email()]
        .into_iter()
        .find(|f| search.matches_literally(f))
        .unwrap_or(&p.organisation)
}

fn render_answer(frame: &mut Frame, area: Rect, theme: &Theme, parts: (String, Vec<String>, Tone)) {
    let (headline, details, tone) = parts;
    let style = match tone {
        Tone::Good => theme.answer_good,
        Tone::Warn => theme.answer_warn,
        Tone::Bad => theme.answer_bad,
    };
    let mut lines = vec![Line::from(Span::styled(
        headline,
        style.add_modifier(ratatui::style::Modifier::BOLD),
    ))];
    lines.extend(details.into_iter().map(Line::from));
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(style);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(block)
            .style(style),
        area,
    );
}
