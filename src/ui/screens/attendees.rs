//! Attendees: everyone in the current event as one filterable table.

use crate::domain::AttendeeId;
use crate::search::{LiveSearch, Searcher};
use crate::store::AttendeeRow;
use crate::ui::action::Action;
use crate::ui::command::{Command, Effect, FormRequest, Request};
use crate::ui::registry::Registry;
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
        self.cursor.clamp(self.search.hits().indices.len());
        if let Some(id) = keep {
            self.select(new, id);
        }
    }

    pub fn selected<'r>(&self, registry: &'r Registry) -> Option<&'r AttendeeRow> {
        let i = *self.search.hits().indices.get(self.cursor.selected)?;
        registry.people.get(i as usize)
    }

    fn select(&mut self, registry: &Registry, id: AttendeeId) {
        if let Some(pos) = self
            .search
            .hits()
            .indices
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
        self.cursor.clamp(self.search.hits().indices.len());
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
            _ => {}
        }
        let len = self.search.hits().indices.len();
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
        // Narrow terminals drop the organisation, wide ones add the native name.
        let columns: Vec<Column> = <Column as strum::IntoEnumIterator>::iter()
            .filter(|c| match c {
                Column::Native => area.width >= 120,
                Column::Organisation => area.width >= 100,
                _ => true,
            })
            .collect();
        let header = Row::new(columns.iter().map(|c| match c {
            Column::Badge => Cell::from(Line::from(c.title()).right_aligned()),
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
            self.search.hits().indices[range]
                .iter()
                .map(|&i| {
                    let p = &registry.people[i as usize];
                    let cells = columns.iter().zip(fits).map(|(column, &width)| {
                        let mut lit = |text: &str| {
                            let text = fit(text, width);
                            let positions = self.search.highlight(searcher, &text);
                            Cell::from(highlighted(&text, &positions, theme.highlight))
                        };
                        match column {
                            Column::Mark if p.present => {
                                Cell::from(Span::styled(symbol::PRESENT, theme.present))
                            }
                            Column::Mark => Cell::from(Span::styled(symbol::ABSENT, theme.dim)),
                            Column::Badge => {
                                Cell::from(Line::from(p.badge.to_string()).right_aligned())
                            }
                            Column::Name => lit(&p.sort_name()),
                            Column::Native => lit(p.native_name()),
                            Column::Delegation => Cell::from(fit(&p.delegation_name, width)),
                            Column::Organisation => Cell::from(fit(&p.organisation, width)),
                            Column::Role => Cell::from(p.role.label()),
                            Column::Status => {
                                Cell::from(Span::styled(p.status.label(), theme.status(p.status)))
                            }
                        }
                    });
                    Row::new(cells)
                })
                .collect::<Vec<_>>()
        };
        table::render(
            frame,
            area,
            theme,
            table::Spec {
                title: " Attendees ",
                header,
                widths: &widths,
                len: self.search.hits().indices.len(),
                count: table::count(
                    &self.filter,
                    self.search.hits().indices.len(),
                    registry.total,
                ),
                cursor: &self.cursor,
                filter: &self.filter,
                fuzzy,
            },
            rows,
        );
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
            Column::Status => Constraint::Length(10),
        }
    }
}
