//! `rollcall event new|edit|list`: seminars from the command line, for scripted
//! set-ups. The rules are the seminar form's ([`NewEvent::validate`]); an edit goes
//! through the form's write path, so only the fields given are written.

use crate::domain::{EventKind, Language, NewEvent, date_range, inert, parse_date};
use crate::store::{Edit, EventSummary, Location};
use anyhow::{Context, bail};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, clap::Args)]
pub struct EventArgs {
    #[command(subcommand)]
    pub command: EventCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum EventCommand {
    /// Create a seminar (a missing registry file is created, as `demo` does).
    New(NewArgs),
    /// Change the fields given of a seminar; the others stay as they are.
    Edit(EditArgs),
    /// The seminars: code, dates, city, people, title (or --json).
    List(ListArgs),
}

/// The fields a seminar has besides its code, title and dates, as options.
#[derive(Debug, clap::Args)]
pub struct Details {
    /// seminar, workshop, conference or meeting.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<EventKind>,
    /// The host city.
    #[arg(long, value_name = "TEXT")]
    pub city: Option<String>,
    /// Where in the city (a building, a hotel).
    #[arg(long, value_name = "TEXT")]
    pub venue: Option<String>,
    /// The host country: ISO code (AT) or English name; "" for none.
    #[arg(long, value_name = "COUNTRY", value_parser = parse_country)]
    pub country: Option<HostCountry>,
    /// Who organises it.
    #[arg(long, value_name = "TEXT")]
    pub organiser: Option<String>,
    /// A few words on it, for the organisers.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// The language of its lists (en, fr, ru, es, de): the List of Participants' words,
    /// country names and their order; `export --lang` overrides it.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<Language>,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The seminar's unique code: lower-case letters, digits and '-' (vienna-2026).
    #[arg(long, value_name = "CODE")]
    pub code: String,
    /// The title, as the printed lists show it.
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// The first day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub start: NaiveDate,
    /// The last day (default: the first: a one-day seminar).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    #[command(flatten)]
    pub details: Details,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The code of the seminar to change.
    #[arg(long, value_name = "CODE")]
    pub code: String,
    /// A new code for it.
    #[arg(long, value_name = "CODE")]
    pub new_code: Option<String>,
    /// A new title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// A new first day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// A new last day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    #[command(flatten)]
    pub details: Details,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// JSON instead of a table, with stable field names for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `--country`: a country, or none ("").
#[derive(Debug, Clone)]
pub struct HostCountry(Option<String>);

fn parse_country(text: &str) -> Result<HostCountry, String> {
    if text.trim().is_empty() {
        return Ok(HostCountry(None));
    }
    crate::domain::country::parse(text)
        .map(|code| HostCountry(Some(code.to_string())))
        .ok_or_else(|| {
            "unknown country; use the ISO code (AT) or the English name (Austria)".into()
        })
}

fn parse_kind(text: &str) -> Result<EventKind, String> {
    use strum::IntoEnumIterator;
    EventKind::iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| {
            let names: Vec<_> = EventKind::iter().map(EventKind::as_str).collect();
            format!("use one of {}", names.join(", "))
        })
}

pub fn run(db: &Location, args: &EventArgs) -> anyhow::Result<()> {
    match &args.command {
        EventCommand::New(new) => create(db, new),
        EventCommand::Edit(edit) => change(db, edit),
        EventCommand::List(list) => self::list(db, list),
    }
}

impl Details {
    /// `event` with the fields given here.
    fn apply(&self, event: &mut NewEvent) {
        let text = |field: &mut String, given: &Option<String>| {
            if let Some(given) = given {
                *field = given.trim().to_string();
            }
        };
        text(&mut event.city, &self.city);
        text(&mut event.venue, &self.venue);
        text(&mut event.organiser, &self.organiser);
        text(&mut event.description, &self.description);
        if let Some(kind) = self.kind {
            event.kind = kind;
        }
        if let Some(HostCountry(country)) = &self.country {
            event.country = country.clone();
        }
        if let Some(language) = self.lang {
            event.language = language;
        }
    }
}

/// `rollcall event new`: checked before the registry is opened (or created), so that
/// a refused seminar writes nothing, not even a new file.
fn create(db: &Location, args: &NewArgs) -> anyhow::Result<()> {
    let mut event = NewEvent::new(
        args.code.trim(),
        args.title.trim(),
        args.start,
        args.end.unwrap_or(args.start),
    );
    args.details.apply(&mut event);
    event.validate()?;
    let mut store = super::create_or_open_registry(db)?;
    store.check_damage()?;
    let created = store.create_event(&event)?;
    println!(
        "created {} ({}), {} in {db}",
        created.details.code,
        inert(&created.details.title),
        dates(&created.details),
    );
    Ok(())
}

/// `rollcall event edit`: the fields given, written as the seminar form writes them.
fn change(db: &Location, args: &EditArgs) -> anyhow::Result<()> {
    let mut store = super::open_registry(db)?;
    store.check_damage()?;
    let event = store.event_by_code(&args.code)?;
    let before = event.details.clone();
    let mut after = before.clone();
    if let Some(code) = &args.new_code {
        after.code = code.trim().to_string();
    }
    if let Some(title) = &args.title {
        after.title = title.trim().to_string();
    }
    if let Some(start) = args.start {
        after.start_date = start;
    }
    if let Some(end) = args.end {
        after.end_date = end;
    }
    args.details.apply(&mut after);
    let changed = changed_fields(&before, &after);
    if changed.is_empty() {
        println!("{}: nothing to change", before.code);
        return Ok(());
    }
    after.validate()?;
    match store.edit_event(event.id, &before, &after)? {
        Edit::Saved(saved) => {
            println!("saved {}: {}", saved.details.code, changed.join(", "));
            Ok(())
        }
        Edit::Conflict(_) => bail!(
            "{} was changed by another desk while this edit ran: nothing was saved; try again",
            before.code
        ),
    }
}

/// The names of the fields that differ, in the form's order.
fn changed_fields(before: &NewEvent, after: &NewEvent) -> Vec<&'static str> {
    let pairs = [
        ("code", before.code != after.code),
        ("title", before.title != after.title),
        ("kind", before.kind != after.kind),
        ("start", before.start_date != after.start_date),
        ("end", before.end_date != after.end_date),
        ("city", before.city != after.city),
        ("country", before.country != after.country),
        ("venue", before.venue != after.venue),
        ("organiser", before.organiser != after.organiser),
        ("description", before.description != after.description),
        ("language", before.language != after.language),
    ];
    pairs
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| name)
        .collect()
}

fn dates(event: &NewEvent) -> String {
    date_range(
        event.start_date,
        event.end_date,
        crate::domain::MonthStyle::Short,
    )
}

/// `rollcall event list`: newest first, as the Seminars screen lists them.
fn list(db: &Location, args: &ListArgs) -> anyhow::Result<()> {
    let store = super::open_registry(db)?;
    let today = crate::clock::Clock::system().now().date();
    let events = store.list_events(today)?;
    let text = if args.json {
        to_json(&events)?
    } else {
        to_table(&events)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(())
}

/// Aligned columns; the title last, as long as it is.
fn to_table(events: &[EventSummary]) -> String {
    if events.is_empty() {
        return "no seminars yet: add one with `rollcall event new`\n".to_string();
    }
    let header = ["CODE", "DATES", "CITY", "PEOPLE", "TITLE"].map(str::to_string);
    let rows: Vec<[String; 5]> = events
        .iter()
        .map(|s| {
            let e = &s.event.details;
            [
                inert(&e.code).into_owned(),
                dates(e),
                inert(&e.city).into_owned(),
                s.people.to_string(),
                inert(&e.title).into_owned(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[i].width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (i, cell) in row.iter().enumerate() {
            match i {
                // Numbers right-aligned.
                3 => text.push_str(&format!("{}{cell}  ", " ".repeat(widths[i] - cell.width()))),
                4 => text.push_str(cell),
                _ => text.push_str(&format!("{cell}{}  ", " ".repeat(widths[i] - cell.width()))),
            }
        }
        text.push('\n');
    }
    text
}

/// `event list --json`: `version` is bumped only when a field changes meaning or goes.
#[derive(Serialize)]
struct EventsOut<'a> {
    format: &'static str,
    version: u32,
    events: Vec<EventOut<'a>>,
}

/// One seminar in `event list --json`.
#[derive(Serialize)]
struct EventOut<'a> {
    code: &'a str,
    title: &'a str,
    kind: &'static str,
    start_date: NaiveDate,
    end_date: NaiveDate,
    city: &'a str,
    venue: &'a str,
    /// ISO 3166-1 alpha-2, or null.
    country: Option<&'a str>,
    organiser: &'a str,
    description: &'a str,
    /// The language of its lists: en, fr, ru, es or de.
    language: &'static str,
    delegations: u32,
    people: u32,
    registered: u32,
}

fn to_json(events: &[EventSummary]) -> anyhow::Result<String> {
    let events: Vec<EventOut> = events
        .iter()
        .map(|s| {
            let e = &s.event.details;
            EventOut {
                code: &e.code,
                title: &e.title,
                kind: e.kind.as_str(),
                start_date: e.start_date,
                end_date: e.end_date,
                city: &e.city,
                venue: &e.venue,
                country: e.country.as_deref(),
                organiser: &e.organiser,
                description: &e.description,
                language: e.language.code(),
                delegations: s.delegations,
                people: s.people,
                registered: s.registered,
            }
        })
        .collect();
    let document = EventsOut {
        format: "rollcall-events",
        version: 1,
        events,
    };
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}
