//! The person card: one person, read-only — every field as the person form names it,
//! their delegation, and their check-in on each day of the event. Drawn over the
//! screens; scrolls when it does not fit.

use crate::domain::{Attendee, CheckIn, Event, inert};
use crate::ui::action::Action;
use crate::ui::forms::{
    ACCESS, BADGE, CONSENT, COUNTRY, DELEGATION, DIET, EMAIL, FAMILY, GENDER, GIVEN, HEAD,
    HONORIFIC, NATIVE, NOTES, ORGANISATION, PHONE, POSITION, RANK, ROLE, STATUS,
};
use crate::ui::keymap::{Context, Key, Keymap};
use crate::ui::theme::{Theme, symbol};
use crate::ui::widgets::table::fit;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The card is at most this wide; the rest of the screen stays visible around it.
const WIDTH: u16 = 78;
/// The label column: the longest label ("Published in the list") and a space.
const LABEL: usize = CONSENT.len() + 1;
/// What an empty field shows (dimmed).
const EMPTY: &str = "—";

pub struct PersonCard {
    person: Attendee,
    /// Their delegation's name, when they are in one.
    delegation: Option<String>,
    /// Each day of the event (and any other day they were checked in for), first to
    /// last.
    days: Vec<Day>,
    /// Lines scrolled past.
    pub scroll: u16,
}

struct Day {
    date: NaiveDate,
    /// "day 1" is the event's first day.
    number: i64,
    check_in: Option<CheckIn>,
}

impl PersonCard {
    pub fn new(
        person: Attendee,
        delegation: Option<String>,
        event: &Event,
        check_ins: Vec<CheckIn>,
    ) -> PersonCard {
        let mut days: Vec<Day> = event
            .days()
            .map(|date| Day {
                date,
                number: event.day_number(date),
                check_in: None,
            })
            .collect();
        for c in check_ins {
            match days.iter_mut().find(|d| d.date == c.day) {
                Some(day) => day.check_in = Some(c),
                // The event's dates were changed after the check-in: still shown.
                None => days.push(Day {
                    date: c.day,
                    number: event.day_number(c.day),
                    check_in: Some(c),
                }),
            }
        }
        days.sort_by_key(|d| d.date);
        PersonCard {
            person,
            delegation,
            days,
            scroll: 0,
        }
    }

    /// Scroll by a movement key, within what the card needs in `area`.
    pub fn apply(&mut self, action: Action, area: Rect) {
        let (popup, lines) = self.layout(&Theme::mono(), area);
        let max = max_scroll(popup, lines.len());
        let page = popup.height.saturating_sub(2).max(1);
        self.scroll = match action {
            Action::MoveDown => self.scroll.saturating_add(1),
            Action::MoveUp => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll.saturating_add(page),
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::First => 0,
            Action::Last => max,
            _ => self.scroll,
        }
        .min(max);
    }

    /// The bottom border names the card's keys in `keymap`, the keys in force.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &Keymap) {
        let (popup, lines) = self.layout(theme, area);
        if popup.is_empty() {
            return;
        }
        let max = max_scroll(popup, lines.len());
        let scroll = self.scroll.min(max);
        frame.render_widget(Clear, popup);
        let d = &self.person.details;
        let title = format!("{} · badge {}", d.protocol_name(), self.person.badge);
        let title = fit(&inert(&title), popup.width.saturating_sub(4));
        let key = |action, usual| keymap.key_named(Context::Card, action, usual);
        let (up, down) = (
            key(Action::MoveUp, Key::UP),
            key(Action::MoveDown, Key::DOWN),
        );
        let close = key(Action::Back, Key::ESC);
        let keys = if max > 0 {
            let more = if scroll < max {
                format!("{down} more · ")
            } else {
                String::new()
            };
            format!(" {more}{up}/{down} scroll · {close} closes ")
        } else {
            format!(" {close} closes ")
        };
        let block = Block::bordered()
            .border_style(theme.key)
            .padding(Padding::horizontal(1))
            .title(Span::styled(format!(" {title} "), theme.title))
            .title_bottom(Line::from(Span::styled(keys, theme.key)).right_aligned());
        frame.render_widget(
            Paragraph::new(lines).block(block).scroll((scroll, 0)),
            popup,
        );
    }

    /// Where the card goes in `area`, and its lines at that width.
    fn layout(&self, theme: &Theme, area: Rect) -> (Rect, Vec<Line<'static>>) {
        // The whole height if need be: a person has many fields. Where the list would
        // show only a sliver either side, the card covers it all (no double borders).
        let width = if area.width < WIDTH + 4 {
            area.width
        } else {
            WIDTH
        };
        // Borders and padding take two columns each side.
        let lines = self.lines(theme, width.saturating_sub(4) as usize);
        let height = (lines.len() as u16).saturating_add(2).min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(width)])
            .flex(Flex::Center)
            .areas(popup);
        (popup, lines)
    }

    /// Every field with its label, then the days, wrapped to `width` columns.
    fn lines(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let d = &self.person.details;
        let yes_no = |yes: bool| if yes { "yes" } else { "no" };
        let country = d
            .country
            .as_deref()
            .map(|code| match crate::domain::country::name(code) {
                Some(name) => format!("{code} — {name}"),
                None => code.to_string(),
            });
        let head = if d.is_head && !d.leads() {
            "yes, but cancelled: not shown as head".to_string()
        } else if d.is_head {
            format!("{} yes", symbol::HEAD)
        } else {
            "no".to_string()
        };
        let fields: [(&str, String); 20] = [
            (BADGE, self.person.badge.to_string()),
            (HONORIFIC, d.honorific.clone()),
            (GIVEN, d.given_name.clone()),
            (FAMILY, d.family_name.clone()),
            (NATIVE, d.native_name.clone()),
            (GENDER, d.gender.label().to_string()),
            (POSITION, d.position.clone()),
            (ORGANISATION, d.organisation.clone()),
            (DELEGATION, self.delegation.clone().unwrap_or_default()),
            (HEAD, head),
            (RANK, d.rank.map(|r| r.to_string()).unwrap_or_default()),
            (COUNTRY, country.unwrap_or_default()),
            (EMAIL, d.email.clone()),
            (PHONE, d.phone.clone()),
            (ROLE, d.role.label().to_string()),
            (STATUS, d.status.label().to_string()),
            (DIET, d.diet.clone()),
            (ACCESS, d.access.clone()),
            (NOTES, d.notes.clone()),
            (CONSENT, yes_no(d.consent).to_string()),
        ];
        let label_width = LABEL.min(width / 2);
        let mut lines = Vec::new();
        for (label, value) in fields {
            let value = inert(value.trim()).into_owned();
            let (value, style) = if value.is_empty() {
                (EMPTY.to_string(), theme.dim)
            } else {
                (value, Style::new())
            };
            let label = Span::styled(fit(label, label_width as u16), theme.dim);
            lines.extend(labelled(label, label_width, &value, style, width));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Check-ins", theme.header)));
        // "2017-07-05  day 1 " then what happened, under each other.
        let widest = self.days.iter().map(|d| d.number.to_string().len()).max();
        let day_width = 10 + 2 + "day ".len() + widest.unwrap_or(1) + 2;
        for day in &self.days {
            let label = format!(
                "{}  day {:<w$}",
                day.date,
                day.number,
                w = widest.unwrap_or(1)
            );
            let (text, style) = match &day.check_in {
                Some(c) => {
                    // A check-in made outside the event's dates counts for its first day.
                    let when = if c.at.date() == day.date {
                        c.at.format("%H:%M").to_string()
                    } else {
                        c.at.format("%Y-%m-%d %H:%M").to_string()
                    };
                    let desk = inert(&c.desk);
                    (
                        format!("{} checked in {when} by {desk}", symbol::PRESENT),
                        theme.present,
                    )
                }
                None => (format!("{} not checked in", symbol::ABSENT), theme.dim),
            };
            let label = Span::raw(fit(&label, day_width.min(width) as u16));
            lines.extend(labelled(label, day_width, &text, style, width));
        }
        if self.days.is_empty() {
            lines.push(Line::from(Span::styled(EMPTY, theme.dim)));
        }
        lines
    }
}

/// How far a card of `lines` lines can scroll in `popup` (0 when it all fits).
fn max_scroll(popup: Rect, lines: usize) -> u16 {
    (lines as u16).saturating_sub(popup.height.saturating_sub(2))
}

/// `label` padded to `label_width`, then `value` wrapped in what is left of `width`;
/// further lines start under the value.
fn labelled(
    label: Span<'static>,
    label_width: usize,
    value: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'static>> {
    let room = width.saturating_sub(label_width).max(1);
    let pad = label_width.saturating_sub(label.content.width());
    wrap(value, room)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 {
                vec![label.clone(), Span::raw(" ".repeat(pad))]
            } else {
                vec![Span::raw(" ".repeat(label_width))]
            };
            let mut spans = lead;
            spans.push(Span::styled(part, style));
            Line::from(spans)
        })
        .collect()
}

/// `text` broken into lines of at most `width` terminal columns, between words where
/// it can (a word longer than a line is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for ch in word.chars() {
            let cw = ch.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(ch);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_between_words_and_cuts_long_ones() {
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("step-free route", 20), ["step-free route"]);
        assert_eq!(
            wrap("Step-free route from the hotel", 12),
            ["Step-free", "route from", "the hotel"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("Батмөнхийн Батцэцэг", 12), ["Батмөнхийн", "Батцэцэг"]);
        assert_eq!(wrap("東京都庁", 5), ["東京", "都庁"]);
    }
}
