//! Seminars: every event with its dates and counts; Enter makes one current.

use crate::domain::{MonthStyle, date_range, inert};
use crate::search::{Hits, Searcher, search_key};
use crate::store::EventSummary;
use crate::ui::action::Action;
use crate::ui::command::{Effect, FormRequest, Request};
use crate::ui::strings;
use crate::ui::theme::Theme;
use crate::ui::widgets::list::{Cursor, FilterLine, ListKey, list_key};
use crate::ui::widgets::table::{self, fit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row};

#[derive(Default)]
pub struct SeminarsScreen {
    events: Vec<EventSummary>,
    keys: Vec<Box<str>>,
    hits: Hits,
    /// The widest code and date range (or their headers): they are shown whole.
    code_width: u16,
    dates_width: u16,
    pub cursor: Cursor,
    pub filter: FilterLine,
}

impl SeminarsScreen {
    /// New data from the store; the selection stays on the same event if it can.
    pub fn set_events(&mut self, mut events: Vec<EventSummary>, searcher: &mut Searcher) {
        let selected = self.selected().map(|s| s.event.id);
        for e in &mut events {
            let d = &mut e.event.details;
            d.title = inert(&d.title).into_owned();
            d.city = inert(&d.city).into_owned();
        }
        self.keys = events
            .iter()
            .map(|s| {
                let d = &s.event.details;
                search_key([d.code.as_str(), &d.title, &d.city, &d.venue, &d.organiser])
            })
            .collect();
        let details = || events.iter().map(|s| &s.event.details);
        self.code_width = widest("Code", details().map(|d| d.code.chars().count()));
        self.dates_width = widest(
            "Dates",
            details().map(|d| {
                date_range(d.start_date, d.end_date, MonthStyle::Short)
                    .chars()
                    .count()
            }),
        );
        self.events = events;
        self.refilter(searcher);
        let position = selected.and_then(|id| self.visible().position(|s| s.event.id == id));
        if let Some(pos) = position {
            self.cursor.selected = pos;
        }
    }

    pub fn events(&self) -> &[EventSummary] {
        &self.events
    }

    fn visible(&self) -> impl Iterator<Item = &EventSummary> {
        self.hits.indices.iter().map(|&i| &self.events[i as usize])
    }

    pub fn selected(&self) -> Option<&EventSummary> {
        let i = *self.hits.indices.get(self.cursor.selected)?;
        self.events.get(i as usize)
    }

    fn refilter(&mut self, searcher: &mut Searcher) {
        self.hits = searcher.rank(self.filter.text(), &self.keys, 0..self.keys.len() as u32);
        self.cursor.clamp(self.hits.indices.len());
    }

    pub fn update(&mut self, action: Action, searcher: &mut Searcher) -> Option<Effect> {
        let len = self.hits.indices.len();
        match list_key(&mut self.filter, &mut self.cursor, action, len) {
            ListKey::Refilter => {
                self.refilter(searcher);
                return None;
            }
            ListKey::Filtered | ListKey::Moved => return None,
            ListKey::Other => {}
        }
        match action {
            Action::Open => self
                .selected()
                .map(|s| Request::OpenEvent(s.event.id).into()),
            Action::New => Some(FormRequest::NewEvent.into()),
            Action::Edit => self
                .selected()
                .map(|s| FormRequest::EditEvent(s.event.id).into()),
            Action::Delete => self
                .selected()
                .map(|s| FormRequest::DeleteEvent(s.event.id).into()),
            _ => None,
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        current: Option<crate::domain::EventId>,
    ) {
        if self.events.is_empty() {
            table::empty(frame, area, theme, " Seminars ", strings::NO_EVENTS);
            return;
        }
        let header = Row::new([
            "", "Code", "Dates", "Seminar", "Deleg.", "People", "Present",
        ]);
        // Dates are shown whole, and codes too where they fit (the title takes what is
        // left); on a screen too narrow for both, the code is cut with an ellipsis.
        let numbers = 1 + 6 + 6 + 7 + 6; // the mark, three counts, the spaces between
        let room = (area.width.saturating_sub(2)).saturating_sub(numbers + self.dates_width);
        let code_width = self.code_width.min(room.max(MIN_CODE));
        let widths = [
            Constraint::Length(1),
            Constraint::Length(code_width),
            Constraint::Length(self.dates_width),
            Constraint::Fill(1),
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(7),
        ];
        let rows = |range: std::ops::Range<usize>, fits: &[u16]| {
            self.hits.indices[range]
                .iter()
                .map(|&i| {
                    let s = &self.events[i as usize];
                    let d = &s.event.details;
                    let mark = if Some(s.event.id) == current {
                        "●"
                    } else {
                        " "
                    };
                    let dates = date_range(d.start_date, d.end_date, MonthStyle::Short);
                    Row::new([
                        Cell::from(mark),
                        Cell::from(fit(&d.code, fits[1])),
                        Cell::from(dates),
                        Cell::from(fit(&format!("{} · {}", d.city, d.title), fits[3])),
                        Cell::from(Line::from(s.delegations.to_string()).right_aligned()),
                        Cell::from(Line::from(s.people.to_string()).right_aligned()),
                        Cell::from(Line::from(s.present.to_string()).right_aligned()),
                    ])
                })
                .collect::<Vec<_>>()
        };
        table::render(
            frame,
            area,
            theme,
            table::Spec {
                title: " Seminars ",
                header,
                widths: &widths,
                len: self.hits.indices.len(),
                count: table::count(&self.filter, self.hits.indices.len(), self.events.len()),
                cursor: &self.cursor,
                filter: &self.filter,
                fuzzy: self.hits.fuzzy,
            },
            rows,
        );
    }
}

/// The narrowest a code is cut to.
const MIN_CODE: u16 = 8;

/// The width of a column: its widest text (`widths` in chars) or its `header`.
fn widest(header: &str, widths: impl Iterator<Item = usize>) -> u16 {
    widths.fold(header.len(), usize::max) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Event, EventId, NewEvent};
    use chrono::NaiveDate;
    use ratatui::{Terminal, backend::TestBackend};

    fn seminar(id: i64, code: &str, start: (i32, u32, u32), end: (i32, u32, u32)) -> EventSummary {
        let date = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        EventSummary {
            event: Event::with_default_order(
                EventId(id),
                NewEvent {
                    city: "Vienna".into(),
                    ..NewEvent::new(
                        code,
                        "National seminar on a community-policing approach",
                        date(start),
                        date(end),
                    )
                },
            ),
            delegations: 12,
            registered: 64,
            people: 71,
            present: 0,
        }
    }

    fn screen_lines(screen: &SeminarsScreen, width: u16) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(width, 8)).unwrap();
        terminal
            .draw(|f| screen.render(f, f.area(), &Theme::mono(), None))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn dates_are_shown_whole_however_long() {
        let mut screen = SeminarsScreen::default();
        let events = vec![
            seminar(1, "vienna-2026", (2026, 3, 14), (2026, 3, 15)),
            seminar(2, "ulaanbaatar-2017", (2017, 7, 5), (2017, 7, 6)),
            seminar(3, "new-year-2026", (2026, 12, 30), (2027, 1, 2)),
            seminar(
                4,
                "a-seminar-with-a-long-code-2026",
                (2026, 6, 30),
                (2026, 7, 2),
            ),
        ];
        screen.set_events(events, &mut Searcher::default());
        for width in [60, 80, 120] {
            let text = screen_lines(&screen, width).join("\n");
            for dates in [
                "14–15 Mar 2026",
                "5–6 Jul 2017",
                "30 Dec 2026 – 2 Jan 2027",
                "30 Jun – 2 Jul 2026",
            ] {
                assert!(text.contains(dates), "{dates} whole at {width}:\n{text}");
            }
            // Codes are whole where they fit; one cut for room says so.
            let long = "a-seminar-with-a-long-code-2026";
            if width >= 120 {
                assert!(text.contains(long), "{long} whole at {width}:\n{text}");
            } else {
                assert!(text.contains("a-semin") && text.contains('…'), "{text}");
            }
        }
    }
}
