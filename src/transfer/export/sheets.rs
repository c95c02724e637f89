//! Paper check-in sheets, the fallback when the desks are down: one section per
//! delegation (each starting a new page), people by family name, a tick box per event
//! day (already recorded check-ins are ticked), blank rows for walk-ins.

use super::template::{self, SHEETS_CSS};
use super::{Counter, safe::html};
use crate::domain::{Event, Status, fold::fold};
use crate::store::RosterEntry;
use chrono::NaiveDate;
use std::fmt::Write;

/// Blank rows at the end of each sheet for people who turn up unannounced.
const BLANK_ROWS: usize = 3;

pub(super) fn render(
    event: &Event,
    people: &[RosterEntry],
    counter: &mut Counter<'_, '_>,
) -> String {
    let e = &event.details;
    let days: Vec<NaiveDate> = event.days().collect();
    let event_line = {
        let mut line = format!(
            "{} · {}",
            e.title,
            template::date_range(e.start_date, e.end_date)
        );
        let place = template::place(event);
        if !place.is_empty() {
            line.push_str(" · ");
            line.push_str(&place);
        }
        line
    };
    let printed = chrono::Local::now().naive_local().format("%Y-%m-%d %H:%M");
    let mut body = String::with_capacity(2048 + people.len() * 600);
    if people.is_empty() {
        body.push_str("<p class=\"empty\">No one to list.</p>\n");
    }
    let mut i = 0;
    while i < people.len() {
        let id = people[i].delegation.as_ref().map(|d| d.id);
        let end = people[i..]
            .iter()
            .position(|p| p.delegation.as_ref().map(|d| d.id) != id)
            .map_or(people.len(), |n| i + n);
        let mut group: Vec<&RosterEntry> = people[i..end].iter().collect();
        group.sort_by_cached_key(|p| {
            let a = &p.attendee.details;
            (fold(&a.family_name), fold(&a.given_name), p.attendee.badge)
        });
        let (name, category) = match &people[i].delegation {
            Some(d) => (d.details.name.as_str(), d.details.category.label()),
            None => ("Without delegation", ""),
        };
        let _ = write!(
            body,
            "<section class=\"sheet\">\n<header class=\"sheet-head\"><div>\
             <p class=\"event\">{event}</p><h1>{name}</h1><p class=\"category\">{category}</p>\
             </div><p class=\"count\">{n} {people_word}</p></header>\n\
             <p class=\"hint\">Paper check-in: tick the box of the day when the person arrives; \
             enter the ticks into rollcall when the desk is back. Printed {printed}.</p>\n\
             <table class=\"checkin\">\n<thead><tr><th>#</th><th>Badge</th><th>Name</th>\
             <th>Organisation</th>",
            event = html(&event_line),
            name = html(name),
            category = html(category),
            n = group.len(),
            people_word = if group.len() == 1 { "person" } else { "people" },
        );
        for (n, day) in days.iter().enumerate() {
            let _ = write!(
                body,
                "<th class=\"day\">Day {}<br>{}</th>",
                n + 1,
                html(&template::short_day(*day))
            );
        }
        body.push_str("<th>Signature / note</th></tr></thead>\n<tbody>\n");
        for (n, entry) in group.iter().enumerate() {
            let a = &entry.attendee;
            let p = &a.details;
            // Family name first: that is what the eye looks for on paper.
            let _ = write!(
                body,
                "<tr><td class=\"no\">{}</td><td class=\"badge\">{}</td><td class=\"name\">\
                 <span class=\"family\">{}</span>, {}",
                n + 1,
                a.badge,
                html(&p.family_name.to_uppercase()),
                html(&p.given_name),
            );
            if !p.honorific.trim().is_empty() {
                let _ = write!(
                    body,
                    " <span class=\"honorific\">{}</span>",
                    html(&p.honorific)
                );
            }
            if p.status != Status::Registered {
                let _ = write!(
                    body,
                    " <span class=\"status\">{}</span>",
                    html(p.status.label())
                );
            }
            let _ = write!(
                body,
                "</td><td class=\"org\">{}</td>",
                html(&p.organisation)
            );
            for day in &days {
                let tick = if entry.days.contains(day) { "✓" } else { "" };
                let _ = write!(
                    body,
                    "<td class=\"day\"><span class=\"box\">{tick}</span></td>"
                );
            }
            body.push_str("<td class=\"sign\"></td></tr>\n");
            counter.tick();
        }
        for _ in 0..BLANK_ROWS {
            body.push_str("<tr class=\"blank\"><td></td><td></td><td></td><td></td>");
            for _ in &days {
                body.push_str("<td class=\"day\"><span class=\"box\"></span></td>");
            }
            body.push_str("<td class=\"sign\"></td></tr>\n");
        }
        body.push_str("</tbody>\n</table>\n</section>\n");
        i = end;
    }
    template::page(
        &format!("Check-in sheets — {}", e.title),
        "sheets",
        SHEETS_CSS,
        &body,
    )
}
