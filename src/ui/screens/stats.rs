//! Stats: a picture of the seminar's days — arrivals per quarter hour, present against
//! registered per delegation in protocol order, gender and role balance, day against
//! day. Everything is drawn from the figures kept beside the registry
//! (`Registry::figures`), never from its people: a redraw costs the delegations and
//! the quarter hours, not 100,000 rows. Every bar has its number beside it, and what
//! matters is said in words, never by colour alone.

use crate::domain::attendance::{DayAttendance, SLOT_MINUTES, slot_start};
use crate::domain::{DelegationId, Event};
use crate::store::Tally;
use crate::ui::action::Action;
use crate::ui::registry::{Figures, Registry};
use crate::ui::theme::Theme;
use crate::ui::widgets::table::{self, fit};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use std::cell::Cell;
use unicode_width::UnicodeWidthStr;

/// Below this width the panels go one under another.
const WIDE: u16 = 120;
/// The longest span of one column of the arrival curve, in quarter hours (two hours).
const MAX_SPAN: usize = 8;
/// The narrowest an arrivals chart is drawn side by side with another day's.
const CHART_MIN_WIDTH: u16 = 56;
/// The shortest and longest delegation bar.
const BAR_MIN: usize = 10;
const BAR_MAX: usize = 40;
/// The widest a delegation's name is written (longer ones end in "…").
const NAME_MAX: usize = 48;
/// What a delegation with nobody present on the day says beside its bar.
pub const NONE_HERE: &str = "none here";

#[derive(Default)]
pub struct StatsScreen {
    /// The day shown, chosen with ←/→; `None` follows the day check-ins count for.
    day: Option<NaiveDate>,
    /// The first delegation line shown.
    scroll: usize,
    /// How many delegation lines the last frame showed (a page).
    page: Cell<usize>,
}

/// One line of the delegation bars: a delegation, or the people in none.
struct GroupLine<'a> {
    name: &'a str,
    present: u32,
    registered: u32,
}

impl StatsScreen {
    /// The day shown: the one chosen, or the day check-ins count for.
    pub fn day(&self, registry: &Registry) -> NaiveDate {
        self.day
            .filter(|d| registry.event.contains(*d))
            .unwrap_or(registry.day)
    }

    pub fn update(&mut self, action: Action, registry: &Registry) {
        let days: Vec<NaiveDate> = registry.event.days().collect();
        let at = days
            .iter()
            .position(|d| *d == self.day(registry))
            .unwrap_or(0);
        let lines = group_count(registry);
        let page = self.page.get().max(1);
        let last = lines.saturating_sub(page);
        match action {
            Action::NextDay => self.day = days.get(at + 1).or(days.get(at)).copied(),
            Action::PrevDay => self.day = days.get(at.saturating_sub(1)).copied(),
            Action::MoveDown => self.scroll = (self.scroll + 1).min(last),
            Action::MoveUp => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll = (self.scroll + page).min(last),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::First => self.scroll = 0,
            Action::Last => self.scroll = last,
            _ => {}
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, registry: &Registry) {
        let Some(figures) = registry.figures.as_deref() else {
            return table::empty(frame, area, theme, " Stats ", "Counting…");
        };
        let day = self.day(registry);
        let wide = area.width >= WIDE && area.height >= 30;
        let [summary, charts, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Percentage(if wide { 40 } else { 35 }),
            Constraint::Fill(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(summary_line(theme, registry, figures, day)),
            summary,
        );
        self.render_charts(frame, charts, theme, &registry.event, figures, day);
        let side = if wide { 84 } else { 34 };
        let [groups, balance] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(side)]).areas(rest);
        self.render_groups(frame, groups, theme, registry, figures, day);
        if wide {
            let [gender_role, days] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(balance);
            let block = panel(theme, " Balance: registered and came ");
            frame.render_widget(
                Paragraph::new(balance_lines(theme, figures, true)),
                block.inner(gender_role),
            );
            frame.render_widget(block, gender_role);
            let block = panel(theme, " Day by day ");
            let inner = block.inner(days);
            frame.render_widget(block, days);
            frame.render_widget(
                Paragraph::new(day_lines(theme, &registry.event, figures, inner.width)),
                inner,
            );
        } else {
            // Compact: one panel, the days first, then the balance without the empty
            // rows, as far as it fits.
            let block = panel(theme, " Days · balance ");
            let inner = block.inner(balance);
            frame.render_widget(block, balance);
            let mut lines = day_lines(theme, &registry.event, figures, inner.width);
            lines.extend(balance_lines(theme, figures, false));
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }

    /// The arrival curve of the day shown, and beside it the other days' while there
    /// is room (day 1 against day 2).
    fn render_charts(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        event: &Event,
        figures: &Figures,
        day: NaiveDate,
    ) {
        let days: Vec<&DayAttendance> = figures.attendance.days.iter().collect();
        let at = days.iter().position(|d| d.day == day).unwrap_or(0);
        let fit_in = (area.width / CHART_MIN_WIDTH).max(1) as usize;
        let count = fit_in.min(days.len()).max(1);
        // A window of days that holds the one shown.
        let start = at.min(days.len().saturating_sub(count));
        let shown = &days[start..(start + count).min(days.len())];
        if shown.is_empty() {
            return;
        }
        let areas = Layout::horizontal(vec![Constraint::Fill(1); shown.len()]).split(area);
        for (d, &panel) in shown.iter().zip(areas.iter()) {
            let chosen = d.day == day;
            let marker = if chosen && shown.len() > 1 {
                "▶ "
            } else {
                ""
            };
            let title = format!(
                " {marker}Arrivals · day {} · {} · {} present ",
                event.day_number(d.day),
                d.day.format("%a %-d %b"),
                d.present
            );
            let style = if chosen { theme.title } else { theme.dim };
            let block = Block::bordered()
                .border_style(theme.border)
                .title(Span::styled(title, style));
            let inner = block.inner(panel);
            frame.render_widget(block, panel);
            render_arrivals(frame.buffer_mut(), inner, theme, d);
        }
    }

    fn render_groups(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        registry: &Registry,
        figures: &Figures,
        day: NaiveDate,
    ) {
        let event = &registry.event;
        let mut lines: Vec<GroupLine> = registry
            .delegations
            .iter()
            .map(|d| {
                let id = Some(d.delegation.id);
                GroupLine {
                    name: &d.delegation.details.name,
                    present: figures.present(day, id),
                    registered: figures.registered(id),
                }
            })
            .collect();
        let none: Option<DelegationId> = None;
        if figures
            .by_delegation
            .get(&none)
            .is_some_and(|t| t.people > 0)
        {
            lines.push(GroupLine {
                name: "(no delegation)",
                present: figures.present(day, none),
                registered: figures.registered(none),
            });
        }
        let missing = lines
            .iter()
            .filter(|l| l.present == 0 && l.registered > 0)
            .count();
        let height = area.height.saturating_sub(2) as usize;
        self.page.set(height);
        let first = self.scroll.min(lines.len().saturating_sub(height));
        let end = (first + height).min(lines.len());
        let range = if lines.is_empty() {
            String::new()
        } else {
            format!(" · {}–{} of {}", first + 1, end, lines.len())
        };
        let mut title = format!(
            " Present / registered per delegation · day {} · {missing} with none here{range} ",
            event.day_number(day)
        );
        if title.width() + 2 > area.width as usize {
            title = format!(" Delegations · {missing} none here{range} ");
        }
        let block = Block::bordered()
            .border_style(theme.border)
            .title(Span::styled(
                fit(&title, area.width.saturating_sub(2)),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let numbers = lines
            .iter()
            .map(|l| ratio(l.present, l.registered).len())
            .max()
            .unwrap_or(3);
        // Name, bar, "7/9", " none here": names get what the numbers and a short
        // bar leave, the bar the rest up to BAR_MAX.
        let fixed = numbers + NONE_HERE.len() + 3;
        let room = inner.width as usize;
        let longest = lines.iter().map(|l| l.name.width()).max().unwrap_or(0);
        let name_width = longest
            .min(room.saturating_sub(fixed + BAR_MIN))
            .clamp(6, NAME_MAX);
        let bar_width = room
            .saturating_sub(fixed + name_width)
            .clamp(BAR_MIN.min(4), BAR_MAX);
        let rows: Vec<Line> = lines[first..end]
            .iter()
            .map(|l| {
                let mut spans = vec![
                    Span::raw(format!("{:<name_width$} ", fit(l.name, name_width as u16))),
                    Span::styled(bar(l.present, l.registered, bar_width), theme.present),
                    Span::raw(format!(" {:>numbers$}", ratio(l.present, l.registered))),
                ];
                if l.present == 0 {
                    spans.push(Span::styled(format!(" {NONE_HERE}"), theme.warning));
                }
                Line::from(spans)
            })
            .collect();
        frame.render_widget(Paragraph::new(rows), inner);
    }
}

/// How many lines the delegation bars have.
fn group_count(registry: &Registry) -> usize {
    let none = registry
        .figures
        .as_deref()
        .and_then(|f| f.by_delegation.get(&None))
        .is_some_and(|t| t.people > 0);
    registry.delegations.len() + usize::from(none)
}

/// "Day 1 of 2 · Wed 5 Jul 2017 · 15 present of 27 registered (56%) · 20 came on some day"
fn summary_line<'a>(
    theme: &Theme,
    registry: &Registry,
    figures: &Figures,
    day: NaiveDate,
) -> Line<'a> {
    let event = &registry.event;
    let present = figures.attendance.day(day).map_or(0, |d| d.present);
    let registered = figures.total.registered;
    Line::from(vec![
        Span::styled(
            format!(
                " Day {} of {} · {}",
                event.day_number(day),
                event.days().count(),
                day.format("%a %-d %b")
            ),
            theme.title,
        ),
        Span::raw(format!(
            " · {present} present of {registered} registered ({}) · {} came at all",
            percent(present, registered),
            figures.total.attended
        )),
    ])
}

/// "7/9".
fn ratio(present: u32, registered: u32) -> String {
    format!("{present}/{registered}")
}

/// "56%" (a dash for nothing to divide by).
fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{}%", (part as u64 * 100 + whole as u64 / 2) / whole as u64)
    }
}

/// A bar `width` wide, filled for `part` of `whole`: "█████░░░░░" (the rest shows the
/// whole without colour).
fn bar(part: u32, whole: u32, width: usize) -> String {
    let filled = if whole == 0 {
        0
    } else {
        ((part.min(whole) as u64 * width as u64 + whole as u64 / 2) / whole as u64) as usize
    };
    // Someone present is never drawn as nobody.
    let filled = if part > 0 { filled.max(1) } else { filled };
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// A bordered panel titled `title`.
fn panel<'a>(theme: &Theme, title: &'a str) -> Block<'a> {
    Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(title, theme.title))
}

/// Gender and role balance: registered and came (on some day), counts and
/// percentages; `all` rows, or only those with someone in them.
fn balance_lines<'a>(theme: &Theme, figures: &Figures, all: bool) -> Vec<Line<'a>> {
    // As wide as the largest count (a conference of 100,000 has six digits).
    let n = figures.total.people.to_string().len().max(3);
    let header = |what: &str| {
        Line::from(vec![
            Span::styled(format!("{what:<12}"), theme.header),
            Span::styled(
                format!("{:>w$}{:>w2$}", "reg. %", "came %", w = n + 6, w2 = n + 7),
                theme.header,
            ),
        ])
    };
    let row = |label: &str, t: &Tally, total: &Tally| {
        Line::from(format!(
            "{:<12}{:>n1$} {:>4}{:>n2$} {:>4}",
            fit(label, 11),
            t.registered,
            percent(t.registered, total.registered),
            t.attended,
            percent(t.attended, total.attended),
            n1 = n + 1,
            n2 = n + 2,
        ))
    };
    let mut lines = vec![header("Gender")];
    for (gender, t) in &figures.by_gender {
        if all || t.people > 0 {
            lines.push(row(gender.label(), t, &figures.total));
        }
    }
    lines.push(header("Role"));
    for (role, t) in &figures.by_role {
        if all || t.people > 0 {
            lines.push(row(role.label(), t, &figures.total));
        }
    }
    lines
}

/// Day against day: present each day, as bars of the registered, `width` wide.
fn day_lines<'a>(theme: &Theme, event: &Event, figures: &Figures, width: u16) -> Vec<Line<'a>> {
    let registered = figures.total.registered;
    let numbers = ratio(registered, registered).len();
    let labels: Vec<String> = figures
        .attendance
        .days
        .iter()
        .map(|d| {
            format!(
                "Day {} {} ",
                event.day_number(d.day),
                d.day.format("%a %-d %b")
            )
        })
        .collect();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let bar_width = (width as usize)
        .saturating_sub(label_width + numbers + 1)
        .clamp(3, BAR_MAX);
    let mut lines: Vec<Line> = figures
        .attendance
        .days
        .iter()
        .zip(&labels)
        .map(|(d, label)| {
            Line::from(vec![
                Span::raw(format!("{label:<label_width$}")),
                Span::styled(bar(d.present, registered, bar_width), theme.present),
                Span::raw(format!(" {:>numbers$}", ratio(d.present, registered))),
            ])
        })
        .collect();
    if let [first, second, ..] = figures.attendance.days.as_slice() {
        let change = second.present as i64 - first.present as i64;
        lines.push(Line::styled(
            format!("Day 2 against day 1: {change:+}"),
            theme.dim,
        ));
    }
    lines
}

/// Quarter hours (or, when they do not fit, longer spans) of the busy part of a day,
/// drawn as columns with their count above and their start below.
fn render_arrivals(buf: &mut Buffer, area: Rect, theme: &Theme, day: &DayAttendance) {
    let Some(busy) = day.busy_slots() else {
        let text = "Nobody checked in on this day yet.";
        Paragraph::new(fit(text, area.width))
            .style(theme.dim)
            .render(area, buf);
        return;
    };
    if area.height < 4 || area.width < 8 {
        return;
    }
    // A quarter hour of quiet on each side: the rush is seen to start and end.
    let busy = busy.start().saturating_sub(1)..=(busy.end() + 1).min(day.arrivals.len() - 1);
    let counts = &day.arrivals[busy.clone()];
    // Quarter hours as long as each column fits its count; else half hours, hours,
    // two hours (a whole day of check-ins in 80 columns).
    let mut span = 1;
    let (bins, width) = loop {
        let bins: Vec<(usize, u32)> = counts
            .chunks(span)
            .enumerate()
            .map(|(i, c)| (busy.start() + i * span, c.iter().sum()))
            .collect();
        let digits = bins.iter().map(|b| count(b.1).len()).max().unwrap_or(1);
        let width = ((area.width as usize + 1) / bins.len())
            .saturating_sub(1)
            .min(5);
        if width >= digits.max(2) || span >= MAX_SPAN {
            break (bins, width.max(1));
        }
        span *= 2;
    };
    let minutes = span as u32 * SLOT_MINUTES;
    let max = bins.iter().map(|b| b.1).max().unwrap_or(1).max(1) as u64;
    // One row for the times, one for the count above the tallest bar.
    let rows = area.height as u64 - 2;
    let bottom = area.bottom() - 2;
    for (i, &(slot, n)) in bins.iter().enumerate() {
        let x = area.x + (i * (width + 1)) as u16;
        let eighths = if n == 0 {
            0
        } else {
            (n as u64 * rows * 8 / max).max(1)
        };
        let full = (eighths / 8) as u16;
        for r in 0..full {
            buf.set_string(x, bottom - r, "█".repeat(width), theme.present);
        }
        let rest = (eighths % 8) as usize;
        if rest > 0 {
            let part = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"][rest];
            buf.set_string(x, bottom - full, part.repeat(width), theme.present);
        }
        let top = bottom - full - u16::from(rest > 0);
        if n > 0 {
            let number = count(n);
            let pad = width.saturating_sub(number.len()) / 2;
            buf.set_string(x + pad as u16, top, &number, Style::default());
        }
        let label = time_label(slot, width, minutes, i == 0);
        buf.set_string(x, area.bottom() - 1, fit(&label, width as u16), theme.dim);
    }
    let note = match minutes {
        SLOT_MINUTES => String::new(),
        60 => "per hour".to_string(),
        m if m % 60 == 0 => format!("per {} h", m / 60),
        m => format!("per {m} min"),
    };
    if !note.is_empty() && note.len() as u16 <= area.width {
        buf.set_string(area.right() - note.len() as u16, area.y, note, theme.dim);
    }
}

/// A count in at most four columns: "7", "812", "1.2k", "60k".
fn count(n: u32) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=9_949 => format!("{:.1}k", n as f64 / 1000.0),
        _ => format!("{}k", (n + 500) / 1000),
    }
}

/// Under a column: "08:45" when it fits, else "08" on the hour and ":15"/"15" between
/// — but the `first` column names its hour when it can ("7:30"), so the axis never
/// starts with minutes alone.
fn time_label(slot: usize, width: usize, minutes: u32, first: bool) -> String {
    let start = slot_start(slot);
    let text = start.format("%H:%M").to_string();
    if width >= 5 {
        return text;
    }
    let on_the_hour = text.ends_with(":00") || minutes >= 60;
    let short = start.format("%-H:%M").to_string();
    if first && !on_the_hour && short.len() <= width {
        return short;
    }
    match (on_the_hour, width) {
        (true, _) => text[..2].to_string(),
        (false, 3 | 4) => text[2..].to_string(),
        (false, _) => text[3..].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_show_a_share_and_never_hide_someone_present() {
        assert_eq!(bar(7, 9, 9), "███████░░");
        assert_eq!(bar(1, 100, 10), "█░░░░░░░░░");
        assert_eq!(bar(0, 9, 3), "░░░");
        assert_eq!(bar(0, 0, 3), "░░░");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "–");
    }

    #[test]
    fn time_labels_fit_their_column() {
        assert_eq!(time_label(35, 5, 15, false), "08:45");
        assert_eq!(time_label(36, 2, 15, false), "09");
        assert_eq!(time_label(35, 2, 15, false), "45");
        assert_eq!(time_label(35, 3, 15, false), ":45");
        assert_eq!(time_label(36, 3, 120, false), "09");
        assert_eq!(
            time_label(30, 4, 15, true),
            "7:30",
            "the axis starts with its hour"
        );
        assert_eq!(time_label(30, 4, 15, false), ":30");
        assert_eq!(
            [7, 812, 1_234, 9_949, 9_950, 59_953].map(count),
            ["7", "812", "1.2k", "9.9k", "10k", "60k"]
        );
    }
}
