//! The List of Participants: one self-contained HTML page, printable on A4.
//!
//! Delegations appear as sections in protocol order under their category's heading;
//! inside each, the head of delegation first, then by rank, then by family name; each
//! person as "Honorific Given FAMILY", position, organisation. People without a
//! delegation come last. The caller passes only the people to publish (consenting, not
//! cancelled). A closing summary counts them by category and gender.

use super::template::{self, LOP_CSS, text};
use super::{Counter, Printed};
use crate::domain::{Category, Event, Gender, MonthStyle, date_range, full_date};
use crate::store::RosterEntry;
use maud::{Markup, html};
use strum::IntoEnumIterator;

/// The heading of the people without a delegation, and their summary row.
const UNASSIGNED: &str = "Other participants";

/// The page, issued on the day it is printed.
pub(super) fn render(printed: &Printed<'_>, counter: &mut Counter<'_, '_>) -> String {
    let Printed { event, people, now } = *printed;
    let e = &event.details;
    let place = template::place(event);
    let mut categories = Vec::new();
    // Runs of delegations of one category (the roster is in protocol order).
    let runs: Vec<&[RosterEntry]> = template::delegation_runs(people).collect();
    for run in runs.chunk_by(|a, b| category(a) == category(b)) {
        let mut delegations = Vec::with_capacity(run.len());
        for people in run {
            delegations.push(delegation(people));
            people.iter().for_each(|_| counter.tick());
        }
        let (slug, label) = match category(run[0]) {
            Some(c) => (c.as_str(), c.label()),
            None => ("none", UNASSIGNED),
        };
        categories.push(html! {
            section.category data-category=(slug) {
                h2 { (text(label)) }
                @for d in &delegations { (d) }
            }
        });
    }
    let body = html! {
        header.lop-head {
            p.kind {
                (text(e.kind.label()))
                @if !e.organiser.trim().is_empty() { " · " (text(&e.organiser)) }
            }
            h1 { (text(&e.title)) }
            p.when { (text(&date_range(e.start_date, e.end_date, MonthStyle::Long))) }
            @if !place.is_empty() { p.where { (text(&place)) } }
            p.doc-title { "List of Participants" }
            p.issued { "Issued " (text(&full_date(now.date(), MonthStyle::Long))) }
        }
        main {
            @if people.is_empty() { p.empty { "No participants to list." } }
            @for c in &categories { (c) }
            (summary(event, people))
        }
    };
    let title = format!("List of Participants — {}", e.title);
    template::page(&title, "lop", LOP_CSS, body).into_string()
}

/// The category of a run's delegation (`None`: the people without one).
fn category(run: &[RosterEntry]) -> Option<Category> {
    run[0].delegation.as_ref().map(|d| d.details.category)
}

/// One delegation's section (or the people without a delegation).
fn delegation(people: &[RosterEntry]) -> Markup {
    let list = html! {
        ul.people { @for entry in people { (person(entry)) } }
    };
    match &people[0].delegation {
        Some(d) => html! { section.delegation { h3 { (text(&d.details.name)) } (list) } },
        None => html! { section.delegation.unassigned { (list) } },
    }
}

fn person(entry: &RosterEntry) -> Markup {
    let p = &entry.attendee.details;
    html! {
        li.person.head[p.is_head] {
            p.name {
                (text(&p.protocol_name()))
                @if !p.native_name.trim().is_empty() {
                    " " span.native { (text(&p.native_name)) }
                }
            }
            @if p.is_head { p.head-label { "Head of Delegation" } }
            @for (class, value) in [("position", &p.position), ("organisation", &p.organisation)] {
                @if !value.trim().is_empty() { p class=(class) { (text(value)) } }
            }
        }
    }
}

/// Totals by category (rows) and gender (columns), with the grand total.
fn summary(event: &Event, people: &[RosterEntry]) -> Markup {
    let genders: Vec<Gender> = Gender::iter()
        .filter(|g| {
            matches!(g, Gender::Female | Gender::Male)
                || people.iter().any(|p| p.attendee.details.gender == *g)
        })
        .collect();
    let mut rows: Vec<(Option<Category>, Vec<u32>)> = event
        .category_order
        .iter()
        .map(|c| (Some(*c), vec![0; genders.len()]))
        .collect();
    rows.push((None, vec![0; genders.len()]));
    for p in people {
        let category = p.delegation.as_ref().map(|d| d.details.category);
        let g = genders
            .iter()
            .position(|g| *g == p.attendee.details.gender)
            .unwrap_or(0);
        if let Some((_, counts)) = rows.iter_mut().find(|(c, _)| *c == category) {
            counts[g] += 1;
        }
    }
    rows.retain(|(_, counts)| counts.iter().sum::<u32>() > 0);
    let totals: Vec<u32> = (0..genders.len())
        .map(|g| rows.iter().map(|(_, counts)| counts[g]).sum())
        .collect();
    html! {
        section.summary {
            h2 { "Summary" }
            table {
                thead { tr { th { "Category" } @for g in &genders { th { (text(g.label())) } } th { "Total" } } }
                tbody {
                    @for (category, counts) in &rows {
                        tr {
                            td { (text(category.map_or(UNASSIGNED, |c| c.label()))) }
                            @for n in counts { td { (n) } }
                            td { (counts.iter().sum::<u32>()) }
                        }
                    }
                }
                tfoot { tr { td { "Total" } @for t in &totals { td { (t) } } td { (totals.iter().sum::<u32>()) } } }
            }
        }
    }
}
