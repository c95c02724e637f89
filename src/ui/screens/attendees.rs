//! Attendees: everyone in the current event as one filterable table.

use crate::domain::AttendeeId;
use crate::search::{Hits, Searcher};
use crate::store::AttendeeRow;
use crate::ui::action::{Action, EditRequest, Effect};
use crate::ui::registry::Registry;
use crate::ui::theme::{Theme, symbol};
use crate::ui::widgets::list::{Cursor, FilterChange, FilterLine};
use crate::ui::widgets::table::{self, highlighted};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

#[derive(Default)]
pub struct AttendeesScreen {
    hits: Hits,
    pub cursor: Cursor,
    pub filter: FilterLine,
}

impl AttendeesScreen {
    /// The registry was (re)loaded: filter again, keep the same person selected.
    pub fn refresh(&mut self, registry: &Registry, searcher: &mut Searcher) {
        let keep = self.selected_id(registry);
        self.refilter(registry, searcher);
        if let Some(id) = keep {
            self.select(registry, id);
        }
    }

    pub fn selected<'r>(&self, registry: &'r Registry) -> Option<&'r AttendeeRow> {
        let i = *self.hits.indices.get(self.cursor.selected)?;
        registry.people.get(i as usize)
    }

    fn selected_id(&self, registry: &Registry) -> Option<AttendeeId> {
        self.selected(registry).map(|p| p.id)
    }

    fn select(&mut self, registry: &Registry, id: AttendeeId) {
        if let Some(pos) = self
            .hits
            .indices
            .iter()
            .position(|&i| registry.people[i as usize].id == id)
        {
            self.cursor.selected = pos;
        }
    }

    fn refilter(&mut self, registry: &Registry, searcher: &mut Searcher) {
        self.hits = searcher.rank(
            self.filter.text(),
            &registry.keys,
            0..registry.keys.len() as u32,
        );
        self.cursor.clamp(self.hits.indices.len());
    }

    pub fn update(
        &mut self,
        action: Action,
        registry: &Registry,
        searcher: &mut Searcher,
    ) -> Option<Effect> {
        match self.filter.apply(action) {
            FilterChange::Changed => {
                self.refilter(registry, searcher);
                self.cursor.selected = 0;
                return None;
            }
            FilterChange::Kept => return None,
            FilterChange::Ignored => {}
        }
        if self.cursor.apply(action, self.hits.indices.len()) {
            return None;
        }
        let selected = self.selected(registry).map(|p| p.id);
        let request = match action {
            Action::New => EditRequest::NewPerson(None),
            Action::Edit => EditRequest::EditPerson(selected?),
            Action::Delete => EditRequest::DeletePerson(selected?),
            Action::Move => EditRequest::MovePerson(selected?),
            _ => return None,
        };
        Some(Effect::Edit(request))
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
        let wide = area.width >= 120;
        let narrow = area.width < 100;
        let mut header = vec!["", "#", "Name"];
        let mut widths = vec![
            Constraint::Length(1),
            Constraint::Length(5),
            Constraint::Fill(3),
        ];
        if wide {
            header.push("Native name");
            widths.push(Constraint::Fill(2));
        }
        header.push("Delegation");
        widths.push(Constraint::Fill(2));
        if !narrow {
            header.push("Organisation");
            widths.push(Constraint::Fill(3));
        }
        header.extend(["Role", "Status"]);
        widths.extend([Constraint::Length(11), Constraint::Length(10)]);
        let query = self.filter.text();
        let fuzzy = self.hits.fuzzy;
        let rows = |range: std::ops::Range<usize>| {
            self.hits.indices[range]
                .iter()
                .map(|&i| {
                    let p = &registry.people[i as usize];
                    let name = p.sort_name();
                    let lit = searcher.highlight(query, &name, fuzzy);
                    let name = highlighted(&name, &lit, theme.highlight);
                    let mark = if p.present {
                        Span::styled(symbol::PRESENT, theme.present)
                    } else {
                        Span::styled(symbol::ABSENT, theme.dim)
                    };
                    let mut cells = vec![
                        Cell::from(mark),
                        Cell::from(Line::from(p.badge.to_string()).right_aligned()),
                        Cell::from(name),
                    ];
                    if wide {
                        let lit = searcher.highlight(query, &p.native_name, fuzzy);
                        cells.push(Cell::from(highlighted(
                            &p.native_name,
                            &lit,
                            theme.highlight,
                        )));
                    }
                    cells.push(Cell::from(p.delegation_name.clone()));
                    if !narrow {
                        cells.push(Cell::from(p.organisation.clone()));
                    }
                    cells.extend([
                        Cell::from(p.role.label()),
                        Cell::from(Span::styled(p.status.label(), theme.status(p.status))),
                    ]);
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
                header: Row::new(header),
                widths: &widths,
                len: self.hits.indices.len(),
                count: table::count(&self.filter, self.hits.indices.len(), registry.people.len()),
                cursor: &self.cursor,
                filter: &self.filter,
                fuzzy,
            },
            rows,
        );
    }
}
