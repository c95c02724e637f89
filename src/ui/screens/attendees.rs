//! Attendees: everyone in the current event as one filterable table, sorted and
//! narrowed the ways organisers ask for (order.rs), with a day-by-day view of presence.

mod order;
pub use order::{Show, Sort};

use crate::domain::AttendeeId;
use crate::search::{LiveSearch, Searcher};
use crate::store::AttendeeRow;
use crate::ui::action::Action;
use crate::ui::command::{Command, Effect, FormRequest, Request};
use crate::ui::registry::Registry;
use crate::ui::strings;
use crate::ui::theme::{Theme, symbol};
use crate::ui::widgets::list::{Cursor, FilterLine, ListKey, list_key};
use crate::ui::widgets::table::{self, fit, highlighted};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

#[derive(Default)]
pub struct AttendeesScreen {
    search: LiveSearch,
    pub cursor: Cursor,
    pub filter: FilterLine,
    pub sort: Sort,
    pub show: Show,
    /// A column per day of the event (✓ or ·) with the day's total under it.
    pub days: bool,
    /// Who `show` admits, in `sort` order (indices into the registry's people):
    /// derived once per change of either or of the registry.
    order: Vec<u32>,
    /// The lines shown: `order`, narrowed to the filter's hits while there is one.
    lines: Vec<u32>,
    /// The registry generation `order` was derived from.
    derived: u64,
}

impl AttendeesScreen {
    /// The registry was (re)loaded or changed: search again from scratch, and keep the
    /// person who was selected in `old` selected in `new`.
    /// What to keep selected across a change of `registry` (indices move, ids stay).
    pub fn keep(&self, registry: &Registry) -> Option<AttendeeId> {
        self.selected(registry).map(|p| p.id)
    }

    /// The registry was (re)loaded or changed in place: search again, keeping `keep`
    /// (from [`AttendeesScreen::keep`] before the change) selected.
    pub fn refresh(&mut self, keep: Option<AttendeeId>, new: &Registry, searcher: &mut Searcher) {
        self.search.refresh(self.filter.text(), &new.keys, searcher);
        self.derive(new);
        if let Some(id) = keep {
            self.select(new, id);
        }
    }

    /// Follow a change of presence or status made in place (another desk's check-in,
    /// a check-in here, another day shown): who is "not arrived" changes, the people
    /// and their search keys do not. Nothing to do when the registry is as derived.
    /// Returns whether the lines were derived again.
    pub fn follow(&mut self, registry: &Registry, searcher: &mut Searcher) -> bool {
        if registry.generation == self.derived {
            return false;
        }
        if self
            .lines
            .iter()
            .any(|&i| i as usize >= registry.people.len())
        {
            // People came or went without a refresh: search again from scratch.
            self.refresh(None, registry, searcher);
            return true;
        }
        let keep = self.keep(registry);
        self.derive(registry);
        if let Some(id) = keep {
            self.select(registry, id);
        }
        true
    }

    /// Derive `order` from the registry, then the lines.
    fn derive(&mut self, registry: &Registry) {
        self.order = order::order(registry, self.sort, self.show);
        self.derived = registry.generation;
        self.narrow(registry);
    }

    /// The lines: `order` while nothing is typed in the filter; else the hits, best
    /// first, when sorting by name (the search's own order), or in the chosen order.
    /// One pass over the hits or the order, never a sort.
    fn narrow(&mut self, registry: &Registry) {
        let hits = &self.search.hits().indices;
        self.lines = if self.filter.text().trim().is_empty() {
            self.order.clone()
        } else if self.sort == Sort::Name {
            let people = &registry.people;
            hits.iter()
                .copied()
                .filter(|&i| self.show.admits(&people[i as usize]))
                .collect()
        } else {
            let mut hit = vec![false; registry.people.len()];
            for &i in hits {
                hit[i as usize] = true;
            }
            self.order
                .iter()
                .copied()
                .filter(|&i| hit[i as usize])
                .collect()
        };
        self.cursor.clamp(self.lines.len());
    }

    pub fn selected<'r>(&self, registry: &'r Registry) -> Option<&'r AttendeeRow> {
        let i = *self.lines.get(self.cursor.selected)?;
        registry.people.get(i as usize)
    }

    fn select(&mut self, registry: &Registry, id: AttendeeId) {
        if let Some(pos) = self
            .lines
            .iter()
            .position(|&i| registry.people[i as usize].id == id)
        {
            self.cursor.selected = pos;
        }
    }

    /// The filter changed: a query that only grew narrows within the previous hits.
    fn refilter(&mut self, registry: &Registry, searcher: &mut Searcher) {
        self.search
            .update(self.filter.text(), &registry.keys, searcher);
        self.narrow(registry);
    }

    /// Another sort or group: derived again, the selected person kept in view when
    /// still listed (else the top).
    fn rearrange(&mut self, registry: &Registry, change: impl FnOnce(&mut Self)) {
        let keep = self.keep(registry);
        change(self);
        self.cursor.selected = 0;
        self.derive(registry);
        if let Some(id) = keep {
            self.select(registry, id);
        }
    }

    /// "Attendees · not arrived today · 12 · by delegation": what is shown, how many,
    /// in which order.
    fn title(&self, total: usize) -> String {
        let count = table::count(&self.filter, self.lines.len(), total);
        let mut parts = vec!["Attendees"];
        if self.show != Show::Everyone {
            parts.push(self.show.label());
        }
        parts.push(&count);
        parts.push(self.sort.label());
        format!(" {} ", parts.join(" · "))
    }

    pub fn update(
        &mut self,
        action: Action,
        registry: &Registry,
        searcher: &mut Searcher,
    ) -> Option<Effect> {
        // The Desk's own keys work here too, on the selected person.
        match action {
            Action::CheckIn => {
                return self
                    .selected(registry)
                    .map(|p| Command::CheckIn(p.id).into());
            }
            Action::Undo => return Some(Command::Undo.into()),
            Action::WalkIn => return Some(FormRequest::WalkIn.into()),
            Action::CycleSort => {
                self.rearrange(registry, |s| s.sort = s.sort.next());
                return None;
            }
            Action::CycleFilter => {
                self.rearrange(registry, |s| s.show = s.show.next());
                return None;
            }
            Action::ToggleDays => {
                // The App reads the other days' presence when it sees this on.
                self.days = !self.days;
                return None;
            }
            _ => {}
        }
        let len = self.lines.len();
        match list_key(&mut self.filter, &mut self.cursor, action, len) {
            ListKey::Refilter => {
                self.refilter(registry, searcher);
                return None;
            }
            ListKey::Filtered | ListKey::Moved => return None,
            ListKey::Other => {}
        }
        let selected = self.selected(registry).map(|p| p.id);
        let request = match action {
            Action::Open => return selected.map(|id| Request::ShowPerson(id).into()),
            Action::New => FormRequest::NewPerson(None),
            Action::Edit => FormRequest::EditPerson(selected?),
            Action::Delete => FormRequest::DeletePerson(selected?),
            Action::Move => FormRequest::MovePerson(selected?),
            _ => return None,
        };
        Some(request.into())
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        registry: &Registry,
        searcher: &mut Searcher,
    ) {
        // Narrow terminals drop the organisation, wide ones add the native name; the
        // day-by-day view gives their room to a column per day.
        let days: Vec<chrono::NaiveDate> = if self.days {
            registry.event.days().collect()
        } else {
            Vec::new()
        };
        let columns: Vec<Column> = <Column as strum::IntoEnumIterator>::iter()
            .filter(|c| match c {
                Column::Native => !self.days && area.width >= 120,
                Column::Organisation => !self.days && area.width >= 100,
                Column::Role => !self.days,
                Column::Days => false,
                _ => true,
            })
            .flat_map(|c| {
                // The day columns stand before the status.
                let before = (c == Column::Status).then(|| days.iter().map(|_| Column::Days));
                before.into_iter().flatten().chain([c])
            })
            .collect();
        let mut day_titles = days
            .iter()
            .map(|d| format!("Day {}", registry.event.day_number(*d)));
        let header = Row::new(columns.iter().map(|c| match c {
            Column::Badge => Cell::from(Line::from(c.title()).right_aligned()),
            Column::Days => Cell::from(day_titles.next().unwrap_or_default()),
            _ => Cell::from(c.title()),
        }));
        // Badges whole; then the name gets its room before the long texts share the
        // rest (inside the list's borders).
        let badge = table::badge_width(registry.largest_badge, Column::Badge.title());
        let widths: Vec<Constraint> = columns.iter().map(|c| c.width(badge)).collect();
        let name = columns.iter().position(|c| *c == Column::Name);
        let widths = match name {
            Some(name) => table::name_first(
                &widths,
                name,
                registry.longest_name,
                area.width.saturating_sub(2),
            ),
            None => widths,
        };
        let fuzzy = self.search.hits().fuzzy;
        let rows = |range: std::ops::Range<usize>, fits: &[u16]| {
            self.lines[range]
                .iter()
                .map(|&i| {
                    let p = &registry.people[i as usize];
                    let mut day = days.iter();
                    let cells = columns.iter().zip(fits).map(|(column, &width)| {
                        let mut lit = |text: &str| {
                            let text = fit(text, width);
                            let positions = self.search.highlight(searcher, &text);
                            Cell::from(highlighted(&text, &positions, theme.highlight))
                        };
                        let mark = |present: bool| {
                            if present {
                                Span::styled(symbol::PRESENT, theme.present)
                            } else {
                                Span::styled(symbol::ABSENT, theme.dim)
                            }
                        };
                        match column {
                            Column::Mark => Cell::from(mark(p.present)),
                            Column::Badge => {
                                Cell::from(Line::from(p.badge.to_string()).right_aligned())
                            }
                            Column::Name => lit(&p.sort_name()),
                            Column::Native => lit(p.native_name()),
                            Column::Delegation => Cell::from(fit(&p.delegation_name, width)),
                            Column::Organisation => Cell::from(fit(&p.organisation, width)),
                            Column::Role => Cell::from(p.role.label()),
                            Column::Days => {
                                let present =
                                    day.next().is_some_and(|d| registry.present_on_day(p, *d));
                                Cell::from(Line::from(mark(present)).centered())
                            }
                            Column::Status => {
                                Cell::from(Span::styled(p.status.label(), theme.status(p.status)))
                            }
                        }
                    });
                    Row::new(cells)
                })
                .collect::<Vec<_>>()
        };
        let total = if self.show == Show::Everyone {
            registry.total
        } else {
            self.order.len()
        };
        let title = self.title(total);
        let spec = table::Spec {
            title: &title,
            header,
            widths: &widths,
            len: self.lines.len(),
            // The title holds the count.
            count: String::new(),
            cursor: &self.cursor,
            filter: &self.filter,
            fuzzy,
        };
        if days.is_empty() {
            return table::render(frame, area, theme, spec, rows);
        }
        // Under each day, how many were present that day (everyone, whatever is shown).
        let mut totals = days.iter().map(|d| registry.present_on(*d));
        let footer = Row::new(columns.iter().map(|c| match c {
            Column::Name => Cell::from(strings::PRESENT_EACH_DAY),
            Column::Days => {
                Cell::from(Line::from(totals.next().unwrap_or_default().to_string()).centered())
            }
            _ => Cell::from(""),
        }));
        table::render_with_footer(frame, area, theme, spec, footer, rows);
    }
}

/// The columns of the people table, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
enum Column {
    Mark,
    Badge,
    Name,
    Native,
    Delegation,
    Organisation,
    Role,
    /// One of the day-by-day view's columns, in the event's order.
    Days,
    Status,
}

impl Column {
    fn title(self) -> &'static str {
        match self {
            Column::Mark => "",
            Column::Badge => "#",
            Column::Name => "Name",
            Column::Native => "Native name",
            Column::Delegation => "Delegation",
            Column::Organisation => "Organisation",
            Column::Role => "Role",
            Column::Days => "Day",
            Column::Status => "Status",
        }
    }

    /// The badge column is `badge` wide and the name column sized by what it holds
    /// (see `render`); the long texts share the rest.
    fn width(self, badge: u16) -> Constraint {
        match self {
            Column::Mark => Constraint::Length(1),
            Column::Badge => Constraint::Length(badge),
            Column::Name => Constraint::Fill(2),
            Column::Native => Constraint::Max(26),
            Column::Delegation => Constraint::Fill(2),
            Column::Organisation => Constraint::Fill(3),
            Column::Role => Constraint::Length(11),
            Column::Days => Constraint::Length(5),
            Column::Status => Constraint::Length(10),
        }
    }
}
