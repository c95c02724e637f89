//! The List of Participants: one self-contained HTML page, printable on A4, in the
//! event's language (country names, headings, dates; see `words`).
//!
//! Delegations appear as sections in protocol order under their category's heading;
//! inside each, the head of delegation first, then by rank, then by family name; each
//! person as "Honorific Given FAMILY", position, organisation. People without a
//! delegation come last. The caller passes only the people to publish (consenting, not
//! cancelled). A closing summary counts them by category and gender.

use super::template::{self, LOP_CSS, text};
use super::words::{self, Words};
use super::{Counter, ExportError};
use crate::domain::{Category, DelegationId, Event, Gender, Language};
use crate::store::{RosterEntry, RosterFilter, Store};
use chrono::NaiveDateTime;
use maud::{Markup, html};
use std::collections::HashMap;
use std::io::Write;
use strum::IntoEnumIterator;

/// Write the page of the people of `filter`, issued on the day of `now`, to `out` as it
/// goes: one delegation's people in memory at a time (100,000 people at once took
/// ~150 MB); the people written.
pub(super) fn write(
    store: &Store,
    event: &Event,
    filter: RosterFilter,
    now: NaiveDateTime,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    let e = &event.details;
    let language = e.language;
    let w = words::words(language);
    let title = format!("{} — {}", w.list_of_participants, e.title);
    let (page_start, page_end) = template::page_in_around_body(language, &title, "lop", LOP_CSS);
    let (main_start, main_end) = template::around_hole(html! {
        (template::event_head(event, language, "lop-head", w.list_of_participants, w.issued, now.date()))
        main { (template::hole()) }
    });
    out.write_all(page_start.as_bytes())?;
    out.write_all(main_start.as_bytes())?;
    let mut sections = Sections {
        language,
        out,
        open: None,
        totals: HashMap::new(),
        written: 0,
    };
    // The roster is in protocol order: each delegation's people come together.
    let mut run: Vec<RosterEntry> = Vec::new();
    store.for_each_in_roster(event, filter, |entry| {
        if run
            .first()
            .is_some_and(|first| delegation_id(first) != delegation_id(&entry))
        {
            sections.delegation(&run, counter)?;
            run.clear();
        }
        run.push(entry);
        Ok::<(), ExportError>(())
    })?;
    if !run.is_empty() {
        sections.delegation(&run, counter)?;
    }
    let Sections {
        language: _,
        out,
        open,
        totals,
        written,
    } = sections;
    if let Some((_, category_end)) = open {
        out.write_all(category_end.as_bytes())?;
    }
    if written == 0 {
        out.write_all(html! { p.empty { (w.nobody) } }.0.as_bytes())?;
    }
    out.write_all(summary(event, &totals).0.as_bytes())?;
    out.write_all(main_end.as_bytes())?;
    out.write_all(page_end.as_bytes())?;
    Ok(written)
}

/// The page's sections as they are written: the category open, the counts so far.
struct Sections<'o> {
    language: Language,
    out: &'o mut dyn Write,
    /// The category whose section is open, and the HTML that closes it.
    open: Option<(Option<Category>, String)>,
    /// People by category (`None`: without a delegation) and gender, for the summary.
    totals: HashMap<(Option<Category>, Gender), u32>,
    written: u64,
}

impl Sections<'_> {
    /// Write one delegation's people (or those without one), under their category's
    /// heading: the category's section is opened at its first delegation.
    fn delegation(
        &mut self,
        people: &[RosterEntry],
        counter: &mut Counter<'_, '_>,
    ) -> Result<(), ExportError> {
        let category = category(people);
        if self.open.as_ref().is_none_or(|(open, _)| *open != category) {
            if let Some((_, end)) = self.open.take() {
                self.out.write_all(end.as_bytes())?;
            }
            let (slug, label) = match category {
                Some(c) => (c.as_str(), words::category(self.language, c)),
                None => ("none", words::words(self.language).unassigned),
            };
            let (start, end) = template::around_hole(html! {
                section.category data-category=(slug) {
                    h2 { (text(label)) }
                    (template::hole())
                }
            });
            self.out.write_all(start.as_bytes())?;
            self.open = Some((category, end));
        }
        self.out
            .write_all(delegation(self.language, people).0.as_bytes())?;
        for p in people {
            *self
                .totals
                .entry((category, p.attendee.details.gender))
                .or_default() += 1;
            self.written += 1;
            counter.tick();
        }
        Ok(())
    }
}

fn delegation_id(entry: &RosterEntry) -> Option<DelegationId> {
    entry.delegation.as_ref().map(|d| d.id)
}

/// The category of a run's delegation (`None`: the people without one).
fn category(run: &[RosterEntry]) -> Option<Category> {
    run[0].delegation.as_ref().map(|d| d.details.category)
}

/// One delegation's section (or the people without a delegation).
fn delegation(language: Language, people: &[RosterEntry]) -> Markup {
    let w = words::words(language);
    let list = html! {
        ul.people { @for entry in people { (person(w, entry)) } }
    };
    match &people[0].delegation {
        Some(d) => html! {
            section.delegation { h3 { (text(&d.details.name_in(language))) } (list) }
        },
        None => html! { section.delegation.unassigned { (list) } },
    }
}

fn person(w: &Words, entry: &RosterEntry) -> Markup {
    let p = &entry.attendee.details;
    let head = p.leads();
    html! {
        li.person.head[head] {
            p.name {
                (text(&p.protocol_name()))
                @if !p.native_name.trim().is_empty() {
                    " " span.native { (text(&p.native_name)) }
                }
            }
            @if head { p.head-label { (w.head_of_delegation) } }
            @for (class, value) in [("position", &p.position), ("organisation", &p.organisation)] {
                @if !value.trim().is_empty() { p class=(class) { (text(value)) } }
            }
        }
    }
}

/// Totals by category (rows) and gender (columns), with the grand total, from the
/// people counted by category and gender.
fn summary(event: &Event, totals: &HashMap<(Option<Category>, Gender), u32>) -> Markup {
    let genders: Vec<Gender> = Gender::iter()
        .filter(|g| {
            matches!(g, Gender::Female | Gender::Male)
                || totals.iter().any(|((_, gender), n)| gender == g && *n > 0)
        })
        .collect();
    let mut rows: Vec<(Option<Category>, Vec<u32>)> = event
        .category_order
        .iter()
        .map(|c| (Some(*c), vec![0; genders.len()]))
        .collect();
    rows.push((None, vec![0; genders.len()]));
    for (&(category, gender), n) in totals {
        let g = genders.iter().position(|g| *g == gender).unwrap_or(0);
        if let Some((_, counts)) = rows.iter_mut().find(|(c, _)| *c == category) {
            counts[g] += n;
        }
    }
    rows.retain(|(_, counts)| counts.iter().sum::<u32>() > 0);
    let totals: Vec<u32> = (0..genders.len())
        .map(|g| rows.iter().map(|(_, counts)| counts[g]).sum())
        .collect();
    let language = event.details.language;
    let w = words::words(language);
    let category_name =
        |c: &Option<Category>| c.map_or(w.unassigned, |c| words::category(language, c));
    html! {
        section.summary {
            h2 { (w.summary) }
            table {
                thead { tr { th { (w.category) } @for g in &genders { th { (words::gender(language, *g)) } } th { (w.total) } } }
                tbody {
                    @for (category, counts) in &rows {
                        tr {
                            td { (category_name(category)) }
                            @for n in counts { td { (n) } }
                            td { (counts.iter().sum::<u32>()) }
                        }
                    }
                }
                tfoot { tr { td { (w.total) } @for t in &totals { td { (t) } } td { (totals.iter().sum::<u32>()) } } }
            }
        }
    }
}
