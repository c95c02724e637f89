//! The Desk: one input line, always focused. Type a name or a badge number; Enter
//! checks in the picked match — or at once the person whose badge was typed, so a
//! badge scanner (which types the number and Enter) needs no key at all. The answer
//! is shown large: who, which delegation, when; or why not.

use crate::domain::AttendeeId;
use crate::search::{LiveSearch, Searcher};
use crate::store::AttendeeRow;
use crate::ui::action::{Action, Effect};
use crate::ui::registry::Registry;
use crate::ui::theme::{Theme, symbol};
use crate::ui::widgets::list::Cursor;
use crate::ui::widgets::table::{fit, highlighted};
use crate::ui::widgets::text_field::TextField;
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
        time: String,
        day: i64,
    },
    AlreadyIn {
        name: String,
        about: String,
        time: String,
        desk: String,
    },
    Cancelled {
        name: String,
    },
    NotFound {
        query: String,
    },
    NoBadge {
        badge: String,
    },
    Undone {
        name: String,
    },
    NothingToUndo,
}

impl Answer {
    /// Headline, details, and whether it is good news.
    fn parts(&self) -> (String, Vec<String>, Tone) {
        match self {
            Answer::CheckedIn {
                name,
                about,
                time,
                day,
            } => (
                format!("{} CHECKED IN", symbol::PRESENT),
                vec![name.clone(), about.clone(), format!("{time} · day {day}")],
                Tone::Good,
            ),
            Answer::AlreadyIn {
                name,
                about,
                time,
                desk,
            } => (
                "● ALREADY CHECKED IN".to_string(),
                vec![
                    name.clone(),
                    about.clone(),
                    format!("checked in at {time} by {desk}"),
                ],
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
                    "F2 registers a walk-in".to_string(),
                ],
                Tone::Bad,
            ),
            Answer::NoBadge { badge } => (
                "✗ NOT FOUND".to_string(),
                vec![format!("no one with badge {badge}")],
                Tone::Bad,
            ),
            Answer::Undone { name } => (
                "↶ CHECK-IN UNDONE".to_string(),
                vec![name.clone()],
                Tone::Warn,
            ),
            Answer::NothingToUndo => (
                "NOTHING TO UNDO".to_string(),
                vec!["this desk has no check-in left to undo".to_string()],
                Tone::Warn,
            ),
        }
    }

    /// One line for the status bar of the other screens.
    pub fn summary(&self) -> String {
        let (headline, details, _) = self.parts();
        let mut line = headline;
        for d in details.iter().filter(|d| !d.is_empty()) {
            line.push_str(" — ");
            line.push_str(d);
        }
        line
    }

    pub fn is_error(&self) -> bool {
        matches!(self.parts().2, Tone::Bad)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Good,
    Warn,
    Bad,
}

pub struct DeskScreen {
    pub input: TextField,
    pub focused: bool,
    search: LiveSearch,
    cursor: Cursor,
    pub answer: Option<Answer>,
    /// Show no names until something is typed (the queue can read the screen).
    pub private: bool,
}

impl Default for DeskScreen {
    fn default() -> Self {
        DeskScreen {
            input: TextField::default(),
            focused: true,
            search: LiveSearch::default(),
            cursor: Cursor::default(),
            answer: None,
            private: false,
        }
    }
}

impl DeskScreen {
    pub fn refresh(&mut self, registry: &Registry, searcher: &mut Searcher) {
        self.search
            .refresh(self.input.value(), &registry.keys, searcher);
        self.cursor.clamp(self.visible_len());
    }

    fn visible_len(&self) -> usize {
        if self.private && self.input.value().trim().is_empty() {
            0
        } else {
            self.search.hits().indices.len()
        }
    }

    fn picked<'r>(&self, registry: &'r Registry) -> Option<&'r AttendeeRow> {
        if self.visible_len() == 0 {
            return None;
        }
        let i = *self.search.hits().indices.get(self.cursor.selected)?;
        registry.people.get(i as usize)
    }

    /// The person Enter would check in: the exact badge when a number was typed,
    /// otherwise the picked match.
    fn target(&self, registry: &Registry) -> Result<AttendeeId, Answer> {
        let typed = self.input.value().trim();
        if !typed.is_empty() && typed.chars().all(|c| c.is_ascii_digit()) {
            return match typed.parse().ok().and_then(|b| registry.by_badge(b)) {
                Some(p) => Ok(p.id),
                None => Err(Answer::NoBadge {
                    badge: typed.to_string(),
                }),
            };
        }
        match self.picked(registry) {
            Some(p) if !typed.is_empty() => Ok(p.id),
            _ => Err(Answer::NotFound {
                query: crate::domain::inert(typed).into_owned(),
            }),
        }
    }

    pub fn update(
        &mut self,
        action: Action,
        registry: &Registry,
        searcher: &mut Searcher,
    ) -> Option<Effect> {
        if !self.focused {
            // Outside the field: list keys move the pick, anything else focuses it.
            return match action {
                Action::StartFilter | Action::Open | Action::Accept => {
                    self.focused = true;
                    None
                }
                Action::CheckIn => self.check_in(registry),
                Action::Undo => Some(Effect::UndoCheckIn),
                Action::WalkIn => Some(Effect::OpenWalkIn),
                Action::TogglePrivate => {
                    self.private = !self.private;
                    None
                }
                _ => {
                    self.cursor.apply(action, self.visible_len());
                    None
                }
            };
        }
        match action {
            Action::CheckIn => return self.check_in(registry),
            Action::Undo => return Some(Effect::UndoCheckIn),
            Action::WalkIn => return Some(Effect::OpenWalkIn),
            Action::TogglePrivate => self.private = !self.private,
            Action::Back if !self.input.value().is_empty() => {
                self.input.clear();
                self.search_again(registry, searcher);
            }
            Action::Back => self.focused = false,
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

    fn search_again(&mut self, registry: &Registry, searcher: &mut Searcher) {
        self.search
            .update(self.input.value(), &registry.keys, searcher);
        self.cursor.selected = 0;
    }

    fn check_in(&mut self, registry: &Registry) -> Option<Effect> {
        // A stray Enter (a scanner's double send) with nothing typed does nothing.
        if self.input.value().trim().is_empty() {
            return None;
        }
        match self.target(registry) {
            Ok(id) => Some(Effect::CheckIn(id)),
            Err(answer) => {
                self.answer = Some(answer);
                None
            }
        }
    }

    /// The App ran the check-in: show the answer and get ready for the next person.
    pub fn show(&mut self, answer: Answer, registry: &Registry, searcher: &mut Searcher) {
        self.answer = Some(answer);
        self.input.clear();
        self.focused = true;
        self.search_again(registry, searcher);
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        registry: &Registry,
        desk: &str,
        searcher: &mut Searcher,
    ) {
        let block = Block::bordered()
            .border_style(theme.border)
            .title(Line::from(vec![
                Span::styled(" Desk ", theme.title),
                Span::styled(format!("· {} ", crate::domain::inert(desk)), theme.dim),
            ]))
            .title(
                Line::from(format!(
                    " day {} · {} present of {} ",
                    registry.day_number(),
                    registry.present,
                    registry.registered
                ))
                .right_aligned(),
            );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let answer_height = if self.answer.is_some() { 6 } else { 0 };
        let [input_area, _, answer_area, list_area] = Layout::vertical([
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
        self.input
            .render(frame, field_area, Style::new(), self.focused);

        if let Some(answer) = &self.answer {
            render_answer(frame, answer_area, theme, answer);
        }
        self.render_matches(frame, list_area, theme, registry, searcher);
    }

    fn render_matches(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        registry: &Registry,
        searcher: &mut Searcher,
    ) {
        let len = self.visible_len();
        if len == 0 {
            let hint = if self.private && self.input.value().is_empty() {
                "Names are hidden until something is typed (F3 shows them)."
            } else if self.input.value().is_empty() {
                "Type a name or scan a badge."
            } else {
                "No one matches. F2 registers a walk-in."
            };
            frame.render_widget(Paragraph::new(hint).style(theme.dim), area);
            return;
        }
        let window = self
            .cursor
            .window(len, area.height.saturating_sub(1) as usize);
        let query = self.input.value();
        let fuzzy = self.search.hits().fuzzy;
        let widths = [
            Constraint::Length(1),
            Constraint::Length(6),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(10),
        ];
        // The pick marker takes two columns; the rest are laid out here so that text
        // can be cut with an ellipsis.
        let [_, columns_area] =
            Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        let fits: Vec<u16> = Layout::horizontal(widths)
            .spacing(1)
            .split(columns_area)
            .iter()
            .map(|r| r.width)
            .collect();
        let mut lit = |text: &str, width: u16| {
            let text = fit(text, width);
            let positions = searcher.highlight(query, &text, fuzzy);
            Cell::from(highlighted(&text, &positions, theme.highlight))
        };
        let rows: Vec<Row> = self.search.hits().indices[window.clone()]
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
                    Cell::from(fit(&p.delegation_name, fits[4])),
                    Cell::from(Span::styled(p.status.label(), theme.status(p.status))),
                ])
            })
            .collect();
        let widths = fits.iter().map(|w| Constraint::Length(*w));
        let table = Table::new(rows, widths)
            .header(
                Row::new(["", "Badge", "Name", "Native name", "Delegation", "Status"])
                    .style(theme.header),
            )
            .row_highlight_style(theme.selected)
            .highlight_symbol("▶ ")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        // Nothing typed: a roster to browse, not a pick that Enter would check in.
        let picked = (!query.trim().is_empty()).then(|| self.cursor.selected - window.start);
        let mut state = TableState::default().with_selected(picked);
        frame.render_stateful_widget(table, area, &mut state);
    }
}

fn render_answer(frame: &mut Frame, area: Rect, theme: &Theme, answer: &Answer) {
    let (headline, details, tone) = answer.parts();
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
