//! Delegations: a tree in protocol order — category headings, delegations with their
//! counts, and (expanded) their members, head first.

use crate::domain::{AttendeeId, Category, DelegationId, Status};
use crate::search::{Hits, LiveSearch, Searcher};
use crate::ui::action::Action;
use crate::ui::command::{Command, Effect, FormRequest};
use crate::ui::registry::{Registry, leads};
use crate::ui::strings;
use crate::ui::theme::{Theme, symbol};
use crate::ui::widgets::list::{Cursor, FilterLine, ListKey, list_key};
use crate::ui::widgets::table::{self, fit, highlighted};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use std::collections::HashSet;

/// A group of people: a delegation, or those in none.
type Group = Option<DelegationId>;

/// One visible line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TreeLine {
    Category(Category),
    /// Index into `registry.delegations`, or `None` for people in no delegation.
    Group(Option<u32>),
    /// Index into `registry.people`.
    Member(u32),
}

#[derive(Default)]
pub struct DelegationsScreen {
    lines: Vec<TreeLine>,
    expanded: HashSet<Group>,
    /// With a filter: the delegations and people it matched.
    matched_groups: Option<HashSet<u32>>,
    /// The people search behind the filter (read only while `matched_groups` is set).
    people: LiveSearch,
    pub cursor: Cursor,
    pub filter: FilterLine,
}

impl DelegationsScreen {
    /// What to keep selected across a change of `registry` (a category, delegation or
    /// person: indices move, these stay).
    pub fn keep(&self, registry: &Registry) -> Option<Kept> {
        Some(Kept(identity(registry, self.selected_line()?)))
    }

    /// The registry was (re)loaded or changed: search again from scratch, and keep
    /// the line `keep` names (from [`DelegationsScreen::keep`] before the change).
    pub fn refresh(&mut self, keep: Option<Kept>, new: &Registry, searcher: &mut Searcher) {
        let keep = keep.map(|k| k.0);
        self.people = LiveSearch::default();
        self.refilter(new, searcher);
        if let Some(id) = keep
            && let Some(pos) = self.lines.iter().position(|&l| identity(new, l) == id)
        {
            self.cursor.selected = pos;
        }
        self.skip_heading(Action::MoveDown);
    }

    fn selected_line(&self) -> Option<TreeLine> {
        self.lines.get(self.cursor.selected).copied()
    }

    /// Search delegations and people for the filter (people narrowing as it grows).
    fn refilter(&mut self, registry: &Registry, searcher: &mut Searcher) {
        let text = self.filter.text();
        if text.trim().is_empty() {
            self.matched_groups = None;
        } else {
            let groups = searcher.rank(
                text,
                &registry.delegation_keys,
                0..registry.delegation_keys.len() as u32,
            );
            self.matched_groups = Some(groups.indices.into_iter().collect());
            self.people.update(text, &registry.keys, searcher);
        }
        self.rebuild(registry);
    }

    /// The people the filter matched, while there is one.
    fn matched_people(&self) -> Option<&Hits> {
        self.matched_groups.as_ref().map(|_| self.people.hits())
    }

    /// Flatten the tree into the lines to show.
    fn rebuild(&mut self, registry: &Registry) {
        let people_hit: Option<HashSet<u32>> = self
            .matched_people()
            .map(|h| h.indices.iter().copied().collect());
        let filtering = self.matched_groups.is_some();
        let mut lines = Vec::new();
        let mut last_category = None;
        let groups = (0..registry.delegations.len() as u32)
            .map(Some)
            .chain(std::iter::once(None));
        for g in groups {
            let members = group_members(registry, g);
            if g.is_none() && members.is_empty() {
                continue;
            }
            let group_hit =
                g.is_some_and(|i| self.matched_groups.as_ref().is_some_and(|m| m.contains(&i)));
            // Filtering keeps the tree: a delegation that matched shows all its members,
            // otherwise only the members that matched, under it.
            let shown: Vec<u32> = match (&people_hit, group_hit) {
                (Some(hit), false) => members
                    .iter()
                    .copied()
                    .filter(|i| hit.contains(i))
                    .collect(),
                _ => members.to_vec(),
            };
            if filtering && !group_hit && shown.is_empty() {
                continue;
            }
            let category = g.map(|i| registry.delegations[i as usize].delegation.details.category);
            if category != last_category {
                if let Some(c) = category {
                    lines.push(TreeLine::Category(c));
                }
                last_category = category;
            }
            lines.push(TreeLine::Group(g));
            if filtering || self.expanded.contains(&group_id(registry, g)) {
                lines.extend(shown.into_iter().map(TreeLine::Member));
            }
        }
        self.lines = lines;
        self.cursor.clamp(self.lines.len());
    }

    pub fn update(
        &mut self,
        action: Action,
        registry: &Registry,
        searcher: &mut Searcher,
    ) -> Option<Effect> {
        match list_key(&mut self.filter, &mut self.cursor, action, self.lines.len()) {
            ListKey::Refilter => {
                self.refilter(registry, searcher);
                self.skip_heading(Action::MoveDown);
                return None;
            }
            ListKey::Filtered => return None,
            ListKey::Moved => {
                self.skip_heading(action);
                return None;
            }
            ListKey::Other => {}
        }
        let line = self.selected_line()?;
        if let Some(request) = edit_request(registry, action, line) {
            return Some(request.into());
        }
        match (action, line) {
            (Action::Expand, TreeLine::Group(g)) => {
                self.expanded.insert(group_id(registry, g));
                self.rebuild(registry);
            }
            (Action::Open, TreeLine::Group(g)) => {
                let id = group_id(registry, g);
                if !self.expanded.remove(&id) {
                    self.expanded.insert(id);
                }
                self.rebuild(registry);
            }
            (Action::Collapse, TreeLine::Group(g)) => {
                self.expanded.remove(&group_id(registry, g));
                self.rebuild(registry);
            }
            (Action::CategoryEarlier | Action::CategoryLater, line) => {
                let category = self.category_of(registry, line)?;
                let mut order = registry.event.category_order.clone();
                let at = order.iter().position(|c| *c == category)?;
                let to = if action == Action::CategoryEarlier {
                    at.checked_sub(1)?
                } else {
                    (at + 1 < order.len()).then_some(at + 1)?
                };
                order.swap(at, to);
                let event = registry.event.id;
                return Some(Command::SetCategoryOrder { event, order }.into());
            }
            (Action::Collapse, TreeLine::Member(_)) => {
                // Back to the member's delegation line.
                if let Some(pos) = self.lines[..self.cursor.selected]
                    .iter()
                    .rposition(|l| matches!(l, TreeLine::Group(_)))
                {
                    self.cursor.selected = pos;
                }
            }
            _ => {}
        }
        None
    }

    /// The category a line belongs to (a member's is their delegation's).
    fn category_of(&self, registry: &Registry, line: TreeLine) -> Option<Category> {
        let group = match line {
            TreeLine::Category(c) => return Some(c),
            TreeLine::Group(g) => g,
            TreeLine::Member(p) => {
                let id = registry.people[p as usize].delegation?;
                registry
                    .delegations
                    .iter()
                    .position(|d| d.delegation.id == id)
                    .map(|i| i as u32)
            }
        };
        group.map(|i| registry.delegations[i as usize].delegation.details.category)
    }

    /// Category headings are labels, not places to stand: step past them in the
    /// direction of travel (up at the very top goes back down).
    fn skip_heading(&mut self, action: Action) {
        let on_heading = |s: &Self| matches!(s.selected_line(), Some(TreeLine::Category(_)));
        if !on_heading(self) {
            return;
        }
        let up = matches!(action, Action::MoveUp | Action::PageUp);
        if up && self.cursor.selected > 0 {
            self.cursor.selected -= 1;
        } else if self.cursor.selected + 1 < self.lines.len() {
            self.cursor.selected += 1;
        }
        if on_heading(self) && self.cursor.selected + 1 < self.lines.len() {
            self.cursor.selected += 1;
        }
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        registry: &Registry,
        searcher: &mut Searcher,
    ) {
        let header = Row::new([
            Cell::from("Delegation / member"),
            Cell::from("Head / position"),
            Cell::from("People"),
            Cell::from("Reg."),
            Cell::from(Line::from("Here today").right_aligned()),
        ]);
        let widths = [
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(6),
            Constraint::Length(4),
            Constraint::Length(10),
        ];
        // The filter's query, as the people search read it (none without a filter).
        let search = self.matched_people().map(|_| &self.people);
        let people_fuzzy = self.matched_people().is_some_and(|h| h.fuzzy);
        let number = |n: u32| Cell::from(Line::from(n.to_string()).right_aligned());
        let rows = |range: std::ops::Range<usize>, fits: &[u16]| {
            self.lines[range]
                .iter()
                .map(|&line| match line {
                    TreeLine::Category(c) => {
                        Row::new([Cell::from(Span::styled(c.label(), theme.category))])
                    }
                    TreeLine::Group(g) => {
                        let open = self.filter.is_active()
                            || self.expanded.contains(&group_id(registry, g));
                        let arrow = if open {
                            symbol::EXPANDED
                        } else {
                            symbol::COLLAPSED
                        };
                        let (name, head, people, registered, _) = match g {
                            Some(i) => {
                                let d = &registry.delegations[i as usize];
                                let head = group_members(registry, g)
                                    .first()
                                    .map(|&p| &registry.people[p as usize])
                                    .filter(|p| leads(p))
                                    .map(|p| {
                                        format!(
                                            "{} {} {}",
                                            p.honorific,
                                            p.given_name(),
                                            p.family_name().to_uppercase()
                                        )
                                    })
                                    .unwrap_or_default();
                                (
                                    d.delegation.details.name.clone(),
                                    head,
                                    d.members,
                                    d.registered,
                                    d.present,
                                )
                            }
                            None => {
                                let members = group_members(registry, None);
                                let count = |f: &dyn Fn(&crate::store::AttendeeRow) -> bool| {
                                    members
                                        .iter()
                                        .filter(|&&i| f(&registry.people[i as usize]))
                                        .count() as u32
                                };
                                (
                                    strings::UNASSIGNED.to_string(),
                                    String::new(),
                                    members.len() as u32,
                                    count(&|p| p.status == Status::Registered),
                                    count(&|p| p.present),
                                )
                            }
                        };
                        let name = fit(&name, fits[0].saturating_sub(2));
                        let lit = search.map_or_else(Vec::new, |s| s.highlight_literally(&name));
                        let mut label = highlighted(&name, &lit, theme.highlight);
                        label.spans.insert(0, Span::raw(format!("{arrow} ")));
                        let here = here(registry, group_members(registry, g));
                        Row::new([
                            Cell::from(label),
                            Cell::from(fit(head.trim(), fits[1])),
                            number(people),
                            number(registered),
                            Cell::from(Line::from(here).right_aligned()),
                        ])
                    }
                    TreeLine::Member(i) => {
                        let p = &registry.people[i as usize];
                        // Indent, head mark and honorific come before the name.
                        let before = 6 + p.honorific.chars().count() as u16 + 1;
                        let name = fit(
                            &format!("{} {}", p.given_name(), p.family_name().to_uppercase()),
                            fits[0].saturating_sub(before),
                        );
                        let lit = search.map_or_else(Vec::new, |s| s.highlight(searcher, &name));
                        let mut label = highlighted(&name, &lit, theme.highlight);
                        let head = if leads(p) { symbol::HEAD } else { " " };
                        label.spans.insert(0, Span::raw(format!("    {head} ")));
                        if !p.honorific.is_empty() {
                            label
                                .spans
                                .insert(1, Span::raw(format!("{} ", p.honorific)));
                        }
                        // Who is still awaited says so in words, not by colour alone.
                        let mark = if p.present {
                            Span::styled(symbol::PRESENT, theme.present)
                        } else if p.status == Status::Cancelled {
                            Span::styled(symbol::ABSENT, theme.dim)
                        } else {
                            Span::styled(strings::NOT_HERE, theme.warning)
                        };
                        // What they do there: the position, else the organisation.
                        let about = if p.position.is_empty() {
                            &p.organisation
                        } else {
                            &p.position
                        };
                        // Status is spelled out only when it is not the usual one.
                        let (registered, about) = if p.status == Status::Registered {
                            (
                                Span::styled(symbol::PRESENT, theme.dim),
                                Line::from(fit(about, fits[1])),
                            )
                        } else {
                            let status = format!("({}) ", p.status.label());
                            let rest = fits[1].saturating_sub(status.chars().count() as u16);
                            (
                                Span::styled(symbol::ABSENT, theme.dim),
                                Line::from(vec![
                                    Span::styled(status, theme.status(p.status)),
                                    Span::raw(fit(about, rest)),
                                ]),
                            )
                        };
                        Row::new([
                            Cell::from(label),
                            Cell::from(about),
                            Cell::from(""),
                            Cell::from(Line::from(registered).right_aligned()),
                            Cell::from(Line::from(mark).right_aligned()),
                        ])
                    }
                })
                .collect::<Vec<_>>()
        };
        table::render(
            frame,
            area,
            theme,
            table::Spec {
                title: " Delegations ",
                header,
                widths: &widths,
                len: self.lines.len(),
                count: table::count(
                    &self.filter,
                    self.lines
                        .iter()
                        .filter(|l| matches!(l, TreeLine::Group(Some(_))))
                        .count(),
                    registry.delegations.len(),
                ),
                cursor: &self.cursor,
                filter: &self.filter,
                fuzzy: people_fuzzy,
            },
            rows,
        );
    }
}

/// What n / e / d / m mean on a line of the tree: on a delegation, the delegation;
/// on a member, the person (a new person joins that member's delegation).
fn edit_request(registry: &Registry, action: Action, line: TreeLine) -> Option<FormRequest> {
    let delegation_at = |i: u32| registry.delegations[i as usize].delegation.id;
    Some(match (action, line) {
        (Action::New, TreeLine::Member(p)) => {
            FormRequest::NewPerson(registry.people[p as usize].delegation)
        }
        (Action::New, _) => FormRequest::NewDelegation,
        (Action::Edit, TreeLine::Group(Some(i))) => FormRequest::EditDelegation(delegation_at(i)),
        (Action::Delete, TreeLine::Group(Some(i))) => {
            FormRequest::DeleteDelegation(delegation_at(i))
        }
        (Action::Edit, TreeLine::Member(p)) => {
            FormRequest::EditPerson(registry.people[p as usize].id)
        }
        (Action::Delete, TreeLine::Member(p)) => {
            FormRequest::DeletePerson(registry.people[p as usize].id)
        }
        (Action::Move, TreeLine::Member(p)) => {
            FormRequest::MovePerson(registry.people[p as usize].id)
        }
        _ => return None,
    })
}

/// What a line shows, stable across reloads (indices are not).
fn identity(registry: &Registry, line: TreeLine) -> Identity {
    match line {
        TreeLine::Category(c) => Identity::Category(c),
        TreeLine::Group(g) => Identity::Group(group_id(registry, g)),
        TreeLine::Member(i) => Identity::Person(registry.people[i as usize].id),
    }
}

/// A selected line, as [`DelegationsScreen::keep`] remembers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept(Identity);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    Category(Category),
    Group(Group),
    Person(AttendeeId),
}

fn group_id(registry: &Registry, g: Option<u32>) -> Group {
    g.map(|i| registry.delegations[i as usize].delegation.id)
}

/// "4/6 here": who of a group is present today, of those expected (everyone but the
/// cancelled).
fn here(registry: &Registry, members: &[u32]) -> String {
    let (mut present, mut expected) = (0, 0);
    for &i in members {
        let p = &registry.people[i as usize];
        present += u32::from(p.present);
        expected += u32::from(p.status != Status::Cancelled);
    }
    format!("{present}/{expected} here")
}

/// A group's members in protocol order (indices into `registry.people`).
fn group_members(registry: &Registry, g: Option<u32>) -> &[u32] {
    registry.members_of(group_id(registry, g))
}
