//! Paper check-in sheets, the fallback when the desks are down: one section per
//! delegation (each starting a new page), people by family name, a tick box per event
//! day (already recorded check-ins are ticked), blank rows for walk-ins.

use super::template::{self, SHEETS_CSS, text};
use super::{Counter, Printed};
use crate::domain::{MonthStyle, Status, date_range, fold::fold};
use crate::store::RosterEntry;
use chrono::NaiveDate;
use maud::{Markup, html};

/// Blank rows at the end of each sheet for people who turn up unannounced.
const BLANK_ROWS: usize = 3;

/// The sheets, each saying when it was printed.
pub(super) fn render(printed: &Printed<'_>, counter: &mut Counter<'_, '_>) -> String {
    let Printed { event, people, now } = *printed;
    let e = &event.details;
    let days: Vec<NaiveDate> = event.days().collect();
    let mut event_line = format!(
        "{} · {}",
        e.title,
        date_range(e.start_date, e.end_date, MonthStyle::Long)
    );
    let place = template::place(event);
    if !place.is_empty() {
        event_line.push_str(" · ");
        event_line.push_str(&place);
    }
    let printed = now.format("%Y-%m-%d %H:%M").to_string();
    let mut sheets = Vec::new();
    for run in template::delegation_runs(people) {
        let mut group: Vec<&RosterEntry> = run.iter().collect();
        group.sort_by_cached_key(|p| {
            let a = &p.attendee.details;
            (fold(&a.family_name), fold(&a.given_name), p.attendee.badge)
        });
        let (name, category) = match &run[0].delegation {
            Some(d) => (d.details.name.as_str(), d.details.category.label()),
            None => ("Without delegation", ""),
        };
        let heading = html! {
            header.sheet-head {
                div {
                    p.event { (text(&event_line)) }
                    h1 { (text(name)) }
                    p.category { (text(category)) }
                }
                p.count {
                    (group.len()) " " (if group.len() == 1 { "person" } else { "people" })
                }
            }
            p.hint {
                "Paper check-in: tick the box of the day when the person arrives; enter the \
                 ticks into rollcall when the desk is back. Printed " (printed) "."
            }
        };
        let mut rows = Vec::with_capacity(group.len());
        for (n, entry) in group.iter().enumerate() {
            rows.push(row(n + 1, entry, &days));
            counter.tick();
        }
        sheets.push(html! {
            section.sheet {
                (heading)
                table.checkin {
                    thead {
                        tr {
                            th { "#" } th { "Badge" } th { "Name" } th { "Organisation" }
                            @for (n, day) in days.iter().enumerate() {
                                th.day { "Day " (n + 1) br; (text(&template::short_day(*day))) }
                            }
                            th { "Signature / note" }
                        }
                    }
                    tbody {
                        @for r in &rows { (r) }
                        @for _ in 0..BLANK_ROWS {
                            tr.blank {
                                td {} td {} td {} td {}
                                @for _ in &days { td.day { span.box {} } }
                                td.sign {}
                            }
                        }
                    }
                }
            }
        });
    }
    let body = html! {
        @if people.is_empty() { p.empty { "No one to list." } }
        @for sheet in &sheets { (sheet) }
    };
    let title = format!("Check-in sheets — {}", e.title);
    template::page(&title, "sheets", SHEETS_CSS, body).into_string()
}

/// The `n`th person's row: family name first (what the eye looks for on paper), a box
/// per day, ticked for the days already recorded.
fn row(n: usize, entry: &RosterEntry, days: &[NaiveDate]) -> Markup {
    let a = &entry.attendee;
    let p = &a.details;
    html! {
        tr {
            td.no { (n) }
            td.badge { (a.badge) }
            td.name {
                span.family { (text(&p.family_name.to_uppercase())) } ", " (text(&p.given_name))
                @if !p.honorific.trim().is_empty() {
                    " " span.honorific { (text(&p.honorific)) }
                }
                @if p.status != Status::Registered {
                    " " span.status { (text(p.status.label())) }
                }
            }
            td.org { (text(&p.organisation)) }
            @for day in days {
                td.day { span.box { @if entry.days.contains(day) { "✓" } } }
            }
            td.sign {}
        }
    }
}
