//! The roster as JSON, streamed one participant per line:
//!
//! ```json
//! {"format":"rollcall-participants","version":1,
//! "event":{"code":…,"title":…,"kind":…,"venue":…,"city":…,"country":…,
//!          "start_date":"2017-07-05","end_date":"2017-07-06","organiser":…},
//! "status":"registered","columns":["badge",…],
//! "participants":[
//! {"badge":1,"honorific":"Ms",…,"head":true,"rank":1,"days_present":[1,2],…},
//! …
//! ]}
//! ```
//! Field names are the column names; `badge` and `rank` are numbers (`rank` may be
//! null), `head` and `consent` booleans, `days_present` an array of day numbers, the
//! rest strings ("" when empty).

use super::{Cell, Column, Counter, ExportError, Roster, StatusFilter, safe};
use crate::store::RosterEntry;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::io::Write;

/// Bumped only when a field changes meaning or disappears.
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Header<'a> {
    format: &'static str,
    version: u32,
    event: EventOut<'a>,
    status: String,
    columns: Vec<&'static str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    code: &'a str,
    title: &'a str,
    kind: &'static str,
    venue: &'a str,
    city: &'a str,
    country: Option<&'a str>,
    start_date: chrono::NaiveDate,
    end_date: chrono::NaiveDate,
    organiser: &'a str,
}

struct Participant<'a> {
    entry: &'a RosterEntry,
    roster: &'a Roster<'a>,
}

impl Serialize for Participant<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let columns: &[Column] = &self.roster.columns;
        let mut map = s.serialize_map(Some(columns.len()))?;
        for column in columns {
            let name = column.name();
            match self.roster.cell(*column, self.entry) {
                Cell::Text(t) => map.serialize_entry(name, &t)?,
                Cell::Number(n) => map.serialize_entry(name, &n)?,
                Cell::Flag(b) => map.serialize_entry(name, &b)?,
                Cell::Days(d) => map.serialize_entry(name, &d)?,
            }
        }
        map.end()
    }
}

/// Write `roster` (chosen by `status`) as JSON; the people written.
pub(super) fn write(
    roster: &Roster<'_>,
    status: StatusFilter,
    out: &mut dyn Write,
    counter: &mut Counter<'_, '_>,
) -> Result<u64, ExportError> {
    let columns = &roster.columns;
    let e = &roster.event.details;
    let header = Header {
        format: "rollcall-participants",
        version: FORMAT_VERSION,
        event: EventOut {
            code: &e.code,
            title: &e.title,
            kind: e.kind.as_str(),
            venue: &e.venue,
            city: &e.city,
            country: e.country.as_deref(),
            start_date: e.start_date,
            end_date: e.end_date,
            organiser: &e.organiser,
        },
        status: status.to_string(),
        columns: columns.iter().map(|c| c.name()).collect(),
    };
    let mut head = safe::json_text(serde_json::to_string(&header)?);
    // Open the object again to append the participants array.
    head.pop();
    out.write_all(head.as_bytes())?;
    out.write_all(b",\n\"participants\":[")?;
    let mut first = true;
    let written = roster.each(counter, |entry| {
        let line = serde_json::to_string(&Participant { entry, roster })?;
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        out.write_all(safe::json_text(line).as_bytes())?;
        Ok(())
    })?;
    out.write_all(b"\n]}\n")?;
    Ok(written)
}
