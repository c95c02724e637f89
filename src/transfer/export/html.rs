//! The List of Participants: one self-contained HTML page, printable on A4.
//!
//! Delegations appear as sections in protocol order under their category's heading;
//! inside each, the head of delegation first, then by rank, then by family name; each
//! person as "Honorific Given FAMILY", position, organisation. People without a
//! delegation come last. The caller passes only the people to publish (consenting, not
//! cancelled). A closing summary counts them by category and gender.

use super::template::{self, LOP_CSS};
use super::{Counter, safe::html};
use crate::domain::{Category, Event, Gender};
use crate::store::RosterEntry;
use std::fmt::Write;
use strum::IntoEnumIterator;

/// The heading of the people without a delegation, and their summary row.
const UNASSIGNED: &str = "Other participants";

pub(super) fn render(
    event: &Event,
    people: &[RosterEntry],
    counter: &mut Counter<'_, '_>,
) -> String {
    let e = &event.details;
    let mut body = String::with_capacity(4096 + people.len() * 400);
    let _ = write!(
        body,
        "<header class=\"lop-head\">\n<p class=\"kind\">{kind}{organiser}</p>\n\
         <h1>{title}</h1>\n<p class=\"when\">{when}</p>\n",
        kind = html(e.kind.label()),
        organiser = if e.organiser.trim().is_empty() {
            String::new()
        } else {
            format!(" · {}", html(&e.organiser))
        },
        title = html(&e.title),
        when = html(&template::date_range(e.start_date, e.end_date)),
    );
    let place = template::place(event);
    if !place.is_empty() {
        let _ = writeln!(body, "<p class=\"where\">{}</p>", html(&place));
    }
    let _ = write!(
        body,
        "<p class=\"doc-title\">List of Participants</p>\n\
         <p class=\"issued\">Issued {}</p>\n</header>\n<main>\n",
        html(&template::long_date(chrono::Local::now().date_naive()))
    );

    if people.is_empty() {
        body.push_str("<p class=\"empty\">No participants to list.</p>\n");
    }

    // Consecutive runs of one delegation (the roster is in protocol order).
    let mut open_category: Option<Option<Category>> = None;
    let mut i = 0;
    while i < people.len() {
        let delegation = people[i].delegation.as_ref();
        let id = delegation.map(|d| d.id);
        let end = people[i..]
            .iter()
            .position(|p| p.delegation.as_ref().map(|d| d.id) != id)
            .map_or(people.len(), |n| i + n);
        let category = delegation.map(|d| d.details.category);
        if open_category != Some(category) {
            if open_category.is_some() {
                body.push_str("</section>\n");
            }
            let (slug, label) = match category {
                Some(c) => (c.as_str(), c.label()),
                None => ("none", UNASSIGNED),
            };
            let _ = writeln!(
                body,
                "<section class=\"category\" data-category=\"{slug}\">\n<h2>{}</h2>",
                html(label)
            );
            open_category = Some(category);
        }
        if let Some(d) = delegation {
            let _ = writeln!(
                body,
                "<section class=\"delegation\">\n<h3>{}</h3>\n<ul class=\"people\">",
                html(&d.details.name)
            );
        } else {
            body.push_str("<section class=\"delegation unassigned\">\n<ul class=\"people\">\n");
        }
        for entry in &people[i..end] {
            person(&mut body, entry);
            counter.tick();
        }
        body.push_str("</ul>\n</section>\n");
        i = end;
    }
    if open_category.is_some() {
        body.push_str("</section>\n");
    }
    summary(&mut body, event, people);
    body.push_str("</main>\n");
    let title = format!("List of Participants — {}", e.title);
    template::page(&title, "lop", LOP_CSS, &body)
}

fn person(body: &mut String, entry: &RosterEntry) {
    let p = &entry.attendee.details;
    let _ = write!(
        body,
        "<li class=\"person{}\">\n<p class=\"name\">{}",
        if p.is_head { " head" } else { "" },
        html(&p.protocol_name())
    );
    if !p.native_name.trim().is_empty() {
        let _ = write!(
            body,
            " <span class=\"native\">{}</span>",
            html(&p.native_name)
        );
    }
    body.push_str("</p>\n");
    if p.is_head {
        body.push_str("<p class=\"head-label\">Head of Delegation</p>\n");
    }
    for (class, text) in [("position", &p.position), ("organisation", &p.organisation)] {
        if !text.trim().is_empty() {
            let _ = writeln!(body, "<p class=\"{class}\">{}</p>", html(text));
        }
    }
    body.push_str("</li>\n");
}

/// Totals by category (rows) and gender (columns), with the grand total.
fn summary(body: &mut String, event: &Event, people: &[RosterEntry]) {
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
    body.push_str(
        "<section class=\"summary\">\n<h2>Summary</h2>\n<table>\n<thead><tr><th>Category</th>",
    );
    for g in &genders {
        let _ = write!(body, "<th>{}</th>", html(g.label()));
    }
    body.push_str("<th>Total</th></tr></thead>\n<tbody>\n");
    let mut totals = vec![0u32; genders.len()];
    for (category, counts) in &rows {
        let sum: u32 = counts.iter().sum();
        if sum == 0 {
            continue;
        }
        let label = category.map_or(UNASSIGNED, |c| c.label());
        let _ = write!(body, "<tr><td>{}</td>", html(label));
        for (t, n) in totals.iter_mut().zip(counts) {
            *t += n;
            let _ = write!(body, "<td>{n}</td>");
        }
        let _ = writeln!(body, "<td>{sum}</td></tr>");
    }
    body.push_str("</tbody>\n<tfoot><tr><td>Total</td>");
    for t in &totals {
        let _ = write!(body, "<td>{t}</td>");
    }
    let _ = writeln!(
        body,
        "<td>{}</td></tr></tfoot>\n</table>\n</section>",
        totals.iter().sum::<u32>()
    );
}
