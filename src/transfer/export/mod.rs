//! Exports of an event's people: the roster as CSV, XLSX or JSON, the printable
//! List of Participants, badges and paper check-in sheets; the event report (its
//! pictures: categories, delegations, balance, days, arrivals); and the statistics.
//!
//! Exports read the people and change nothing about them — badges record each print in
//! the audit log so that a reprint shows as one, and an export to a file or standard
//! output is noted in the registry's list of copies (so that an erasure can name the
//! files that may still hold someone). Files are written private (0600) and replace an
//! existing file atomically; never the registry's own files (see [`output`]).
//!
//! ```text
//! export(store, event, &options, &mut out, &mut progress)     → any Write (a buffer)
//! export_to_file(store, event, &options, path, &mut progress) → a file, FIFO or device
//! export_to_stdout(store, event, &options, &mut progress)     → standard output
//! ```

mod badges;
mod columns;
mod csv;
mod html;
mod json;
pub mod output;
mod report;
pub mod safe;
mod sheets;
pub mod stats;
mod subset;
mod template;
mod words;
mod xlsx;

pub use columns::{Cell, Column, Days};
pub use csv::CsvFlavour;
pub use subset::BadgeSubset;

use crate::domain::{AttendeeId, Event};
use crate::store::{Presence, RosterEntry, RosterFilter, Store, StoreError};
use chrono::NaiveDateTime;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to export. Its [`as_str`](Format::as_str) is what `--format` takes; `--help`
/// lists them in this order (strum's `EnumIter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
    Json,
    Html,
    Badges,
    Sheets,
    Report,
}

impl Format {
    /// The format's stable name: `--format` value, registry's list of copies.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// What the format is, in a line (`--help`).
    pub fn description(self) -> &'static str {
        match self {
            Format::Csv => "CSV: for Excel (UTF-16, tabs) or plain (--csv plain: RFC 4180, UTF-8)",
            Format::Xlsx => "An Excel workbook (needs a file)",
            Format::Json => "An object with the event and a \"participants\" array",
            Format::Html => "The List of Participants: printable HTML, consenting people only",
            Format::Badges => "Printable badges, 8 per A4 page, with a QR code of the badge number",
            Format::Sheets => "Paper check-in sheets, one per delegation, a tick box per day",
            Format::Report => {
                "The event report: printable HTML with charts of categories, delegations, \
                 gender and role balance, attendance and arrivals per day (everyone)"
            }
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::Html | Format::Badges | Format::Sheets | Format::Report => "html",
        }
    }

    /// The name a file of this export gets unless the user names it:
    /// `ulaanbaatar-2017-list-of-participants.html`, `ulaanbaatar-2017-participants.csv`.
    pub fn file_name(self, code: &str) -> String {
        let what = match self {
            Format::Html => "list-of-participants",
            Format::Csv | Format::Xlsx | Format::Json => "participants",
            Format::Badges => "badges",
            Format::Sheets => "check-in-sheets",
            Format::Report => "report",
        };
        format!("{code}-{what}.{}", self.extension())
    }

    /// Whether the output is binary (and so never goes to a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }

    /// Whether the export takes a choice of columns.
    pub fn has_columns(self) -> bool {
        matches!(self, Format::Csv | Format::Xlsx | Format::Json)
    }
}

/// Whom to export, as the command line spells it: `all`, `registered`, `attended`
/// (checked in at least once) or `day:N` (checked in on day N, 1 = the first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    All,
    Registered,
    Attended,
    Day(u32),
}

impl std::str::FromStr for StatusFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "all" => Ok(StatusFilter::All),
            "registered" => Ok(StatusFilter::Registered),
            "attended" => Ok(StatusFilter::Attended),
            other => other
                .strip_prefix("day:")
                .and_then(|n| n.trim().parse::<u32>().ok())
                .filter(|n| *n >= 1)
                .map(StatusFilter::Day)
                .ok_or_else(|| {
                    format!("unknown status {s:?}: use all, registered, attended or day:N")
                }),
        }
    }
}

impl std::fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusFilter::All => f.write_str("all"),
            StatusFilter::Registered => f.write_str("registered"),
            StatusFilter::Attended => f.write_str("attended"),
            StatusFilter::Day(n) => write!(f, "day:{n}"),
        }
    }
}

impl StatusFilter {
    /// `n` of the people this filter takes, named by it: "1 present person",
    /// "2 registered people", "1 person present on day 2".
    pub fn people(self, n: u64) -> String {
        let who = if n == 1 { "person" } else { "people" };
        match self {
            StatusFilter::All => format!("{n} {who}"),
            StatusFilter::Registered => format!("{n} registered {who}"),
            StatusFilter::Attended => format!("{n} present {who}"),
            StatusFilter::Day(day) => format!("{n} {who} present on day {day}"),
        }
    }

    /// The export default: `attended` once the event has check-ins, else `registered`.
    pub fn default_for(store: &Store, event: &Event) -> Result<StatusFilter, StoreError> {
        Ok(if store.has_check_ins(event)? {
            StatusFilter::Attended
        } else {
            StatusFilter::Registered
        })
    }

    /// The store's presence filter; `day:N` must be a day of the event.
    pub fn presence(self, event: &Event) -> Result<Presence, ExportError> {
        Ok(match self {
            StatusFilter::All => Presence::All,
            StatusFilter::Registered => Presence::Registered,
            StatusFilter::Attended => Presence::Attended,
            StatusFilter::Day(n) => {
                let days = event.days().count();
                let day = event
                    .days()
                    .nth((n as usize).saturating_sub(1))
                    .filter(|_| n >= 1)
                    .ok_or(ExportError::NoSuchDay { day: n, days })?;
                Presence::OnDay(day)
            }
        })
    }
}

/// How to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// `None`: the format's default — `attended` once the event has check-ins, else
    /// `registered`; badges print `registered`; sheets list everyone not cancelled.
    pub status: Option<StatusFilter>,
    /// For csv, xlsx and json; `None`: [`Column::defaults`] (json: [`Column::all`]).
    pub columns: Option<Vec<Column>>,
    /// How a CSV is written. [`CsvFlavour::Plain`] unless the caller says: the
    /// command line and the TUI choose Excel's for the files people open.
    pub csv: CsvFlavour,
    /// Badges only: print these people's only (`None`: everyone the status takes).
    pub only: Option<BadgeSubset>,
    /// Recorded with each badge print (the caller's desk name; empty by default).
    pub desk: String,
    /// The time of the export, from the caller's clock: the List's "Issued" date, the
    /// sheets' "Printed" time, the time of each badge print.
    pub now: NaiveDateTime,
}

impl ExportOptions {
    /// The defaults for `format`, exported at `now` (the caller's clock).
    pub fn new(format: Format, now: NaiveDateTime) -> ExportOptions {
        ExportOptions {
            format,
            status: None,
            columns: None,
            csv: CsvFlavour::Plain,
            only: None,
            desk: String::new(),
            now,
        }
    }

    /// The columns a tabular export writes.
    pub fn columns(&self) -> Vec<Column> {
        match &self.columns {
            Some(c) if !c.is_empty() => c.clone(),
            _ if self.format == Format::Json => Column::all().collect(),
            _ => Column::defaults().collect(),
        }
    }
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub format: Format,
    /// The status filter applied (the default resolved).
    pub status: StatusFilter,
    /// People written.
    pub people: u64,
    /// Badge exports: how many of the badges were reprints.
    pub reprints: u64,
    /// Who matched the status but was left out by the format's own rules, and why.
    pub left_out: LeftOut,
    /// The badges' subset, when not everyone's were printed.
    pub only: Option<BadgeSubset>,
    /// Why the copy is missing from the registry's list of copies (a read-only
    /// registry, a disk error), if it is: the export itself was written.
    pub not_listed: Option<String>,
}

/// People who matched the status filter but whom the format leaves out: the List of
/// Participants publishes only those who consented, and no printed page (List, badges,
/// sheets) has cancelled registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeftOut {
    pub without_consent: u64,
    pub cancelled: u64,
}

impl ExportSummary {
    /// "wrote 9 people (attended) to `to`", and, when someone was left out, who and
    /// why: "; left out 1 present person without consent to be listed".
    pub fn said(&self, to: &str) -> String {
        let whom = match &self.only {
            Some(only) => format!("{}; {only}", self.status),
            None => self.status.to_string(),
        };
        let mut line = format!("wrote {} ({whom}) to {to}", people(self.people));
        let LeftOut {
            without_consent,
            cancelled,
        } = self.left_out;
        let mut reasons = Vec::new();
        if without_consent > 0 {
            reasons.push(format!(
                "{} without consent to be listed",
                self.status.people(without_consent)
            ));
        }
        if cancelled > 0 {
            let who = if reasons.is_empty() {
                self.status.people(cancelled)
            } else {
                cancelled.to_string()
            };
            reasons.push(format!("{who} whose registration is cancelled"));
        }
        if !reasons.is_empty() {
            line.push_str("; left out ");
            line.push_str(&reasons.join(" and "));
        }
        line
    }
}

/// "1 person", "9 people".
fn people(n: u64) -> String {
    format!("{n} {}", if n == 1 { "person" } else { "people" })
}

/// Those whom `filter`'s own rules (consent, cancelled) leave out of what its presence
/// alone would give: two or three indexed counts.
fn left_out(store: &Store, event: &Event, filter: RosterFilter) -> Result<LeftOut, ExportError> {
    let count = |exclude_cancelled, consent_only| {
        store.roster_count(
            event,
            RosterFilter {
                exclude_cancelled,
                consent_only,
                ..filter
            },
        )
    };
    let mut left_out = LeftOut::default();
    if filter.exclude_cancelled {
        left_out.cancelled = count(false, false)? - count(true, false)?;
    }
    if filter.consent_only {
        let not_cancelled = filter.exclude_cancelled;
        left_out.without_consent = count(not_cancelled, false)? - count(not_cancelled, true)?;
    }
    Ok(left_out)
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("cannot write the export: {0}")]
    Io(std::io::Error),
    #[error("{} is a terminal: a {format} file is binary; write it to a file", target.display())]
    BinaryToTerminal {
        target: PathBuf,
        format: &'static str,
    },
    #[error("cannot write the CSV: {0}")]
    Csv(::csv::Error),
    #[error("cannot write the workbook: {0}")]
    Xlsx(rust_xlsxwriter::XlsxError),
    #[error("cannot write the JSON: {0}")]
    Json(serde_json::Error),
    #[error("day:{day} is not a day of the event (it has {days} day(s): day:1 … day:{days})")]
    NoSuchDay { day: u32, days: usize },
    #[error("no delegation \"{name}\" in {event}")]
    NoSuchDelegation { name: String, event: String },
    #[error("a subset (--only) is for badges, not {0}")]
    SubsetNotBadges(&'static str),
    #[error(
        "the report counts everyone on the list: whom (--status) is for the lists of people, not the report"
    )]
    StatusNotForReport,
    #[error("cannot make a QR code for badge {0}")]
    Qr(u32),
}

// The causes are part of the messages (not `source`), so that one line — in the TUI's
// status bar or the CLI's `{:#}` — says everything once.
impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

impl From<::csv::Error> for ExportError {
    fn from(e: ::csv::Error) -> Self {
        ExportError::Csv(e)
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e)
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> Self {
        ExportError::Json(e)
    }
}

/// Progress of a long export: `(done, total)` people; called now and then, and once
/// at the end with `done == total`.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// How often (in people) progress is reported.
const PROGRESS_STEP: u64 = 1000;

/// Export `event` as `options` say into `out`. Badges record their prints once they
/// are written: if writing fails, no print is counted.
pub fn export(
    store: &mut Store,
    event: &Event,
    options: &ExportOptions,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> Result<ExportSummary, ExportError> {
    let (status, filter) = resolve(store, event, options)?;
    let total = store.roster_count(event, filter)?;
    progress(0, total);
    let mut summary = ExportSummary {
        format: options.format,
        status,
        people: 0,
        reprints: 0,
        // Of a subset, who else was left out says nothing.
        left_out: match options.only {
            Some(_) => LeftOut::default(),
            None => left_out(store, event, filter)?,
        },
        only: options.only.clone(),
        not_listed: None,
    };
    let mut counter = Counter {
        done: 0,
        total,
        progress,
    };
    if options.format == Format::Report {
        // Counts, not people: the whole report comes from two aggregate reads.
        let stats = store.event_stats(event)?;
        let attendance = store.attendance(event)?;
        out.write_all(
            report::render(event, &stats, &attendance, options.now)
                .0
                .as_bytes(),
        )?;
        summary.people = u64::from(stats.total.people);
    } else if options.format == Format::Html {
        summary.people = html::write(store, event, filter, options.now, out, &mut counter)?;
    } else if options.format.has_columns() {
        let roster = Roster {
            store,
            event,
            filter,
            columns: options.columns(),
        };
        summary.people = match options.format {
            Format::Xlsx => xlsx::write(&roster, out, &mut counter)?,
            Format::Json => json::write(&roster, status, out, &mut counter)?,
            Format::Csv => csv::write(&roster, options.csv, out, &mut counter)?,
            Format::Html | Format::Badges | Format::Sheets | Format::Report => {
                unreachable!("no columns")
            }
        };
    } else {
        let mut people = store.roster(event, filter)?;
        if let Some(only) = &options.only {
            people = only.pick(store, event, people)?;
        }
        summary.people = people.len() as u64;
        let printed = Printed {
            event,
            people: &people,
            now: options.now,
        };
        match options.format {
            Format::Badges => {
                // Render without holding the write lock (100,000 badges take a while);
                // record the prints in one short transaction once they are written.
                let counts = store.badge_print_counts(event)?;
                let prints: Vec<(AttendeeId, u32)> = people
                    .iter()
                    .map(|p| {
                        let id = p.attendee.id;
                        (id, counts.get(&id).copied().unwrap_or(0) + 1)
                    })
                    .collect();
                let numbers: Vec<u32> = prints.iter().map(|(_, n)| *n).collect();
                badges::write(&printed, &numbers, out, &mut counter)?;
                out.flush()?;
                store.record_badge_prints(&prints, options.now, &options.desk)?;
                summary.reprints = numbers.iter().filter(|n| **n > 1).count() as u64;
            }
            Format::Sheets => out.write_all(sheets::render(&printed, &mut counter).as_bytes())?,
            Format::Html | Format::Report => unreachable!("written above"),
            Format::Csv | Format::Xlsx | Format::Json => unreachable!("columns"),
        }
    }
    out.flush()?;
    counter.finish();
    Ok(summary)
}

/// Export into `path`: a regular file is written to a private (0600) temporary file
/// beside it (beside the file a symlink points to), synced, then renamed over it, so
/// it is never half-written and on failure is left as it was; a FIFO or a character
/// device is written into. The registry's own files are refused before anything is
/// written. Once written, the copy is noted in the registry's list of copies.
pub fn export_to_file(
    store: &mut Store,
    event: &Event,
    options: &ExportOptions,
    path: &Path,
    progress: Progress<'_>,
) -> Result<ExportSummary, ExportError> {
    let target = output::Target::new(path, store.file())?;
    export_to(store, event, options, &target, progress)
}

/// Export to standard output (refused if the shell pointed it at the registry), and
/// note the copy.
pub fn export_to_stdout(
    store: &mut Store,
    event: &Event,
    options: &ExportOptions,
    progress: Progress<'_>,
) -> Result<ExportSummary, ExportError> {
    let target = output::Target::stdout(store.file())?;
    export_to(store, event, options, &target, progress)
}

fn export_to(
    store: &mut Store,
    event: &Event,
    options: &ExportOptions,
    target: &output::Target,
    progress: Progress<'_>,
) -> Result<ExportSummary, ExportError> {
    let mut out = target.open()?;
    if options.format.is_binary() && out.is_terminal() {
        return Err(ExportError::BinaryToTerminal {
            target: target.shown().to_path_buf(),
            format: options.format.as_str(),
        });
    }
    let mut summary = export(store, event, options, out.writer(), progress)?;
    out.commit()?;
    summary.not_listed = note_copy(store, target, |store, written_to| {
        store.record_export(
            written_to,
            event.id,
            summary.format.as_str(),
            summary.people,
            &options.desk,
        )
    });
    Ok(summary)
}

/// Add a written copy (an export, a backup) to the registry's list of copies by
/// `record`, given where it was written; why not, if it could not be. A discarded copy
/// (`/dev/null`) holds no one and is not listed.
pub fn note_copy(
    store: &mut Store,
    target: &output::Target,
    record: impl FnOnce(&mut Store, &str) -> crate::store::Result<()>,
) -> Option<String> {
    if target.is_discarded() {
        return None;
    }
    if store.is_read_only() {
        return Some("the registry is read-only".into());
    }
    record(store, &target.written_to())
        .err()
        .map(|e| e.to_string())
}

/// The status filter and the store's roster filter for `options`.
fn resolve(
    store: &Store,
    event: &Event,
    options: &ExportOptions,
) -> Result<(StatusFilter, RosterFilter), ExportError> {
    if options.only.is_some() && options.format != Format::Badges {
        return Err(ExportError::SubsetNotBadges(options.format.as_str()));
    }
    // The report counts everyone on the list, each by their status: a filter would
    // make its shares lie.
    if options.format == Format::Report && options.status.is_some_and(|s| s != StatusFilter::All) {
        return Err(ExportError::StatusNotForReport);
    }
    let status = match (options.status, options.format) {
        (Some(s), _) => s,
        (None, Format::Badges) => StatusFilter::Registered,
        (None, Format::Sheets | Format::Report) => StatusFilter::All,
        (None, _) => StatusFilter::default_for(store, event)?,
    };
    let mut filter = RosterFilter::new(status.presence(event)?);
    match options.format {
        Format::Html => {
            filter.consent_only = true;
            filter.exclude_cancelled = true;
        }
        Format::Badges | Format::Sheets => filter.exclude_cancelled = true,
        Format::Csv | Format::Xlsx | Format::Json | Format::Report => {}
    }
    Ok((status, filter))
}

/// Counts people written and reports progress now and then.
struct Counter<'a, 'b> {
    done: u64,
    total: u64,
    progress: &'a mut (dyn FnMut(u64, u64) + 'b),
}

impl Counter<'_, '_> {
    fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(PROGRESS_STEP) {
            (self.progress)(self.done, self.total.max(self.done));
        }
    }

    fn finish(&mut self) {
        let total = self.total.max(self.done);
        (self.progress)(total, total);
    }
}

/// What a tabular export (csv, xlsx, json) writes: the people of `filter` in `event`,
/// in `columns`.
struct Roster<'a> {
    store: &'a Store,
    event: &'a Event,
    filter: RosterFilter,
    columns: Vec<Column>,
}

impl Roster<'_> {
    /// Visit the people one at a time, ticking the counter; how many were visited.
    fn each(
        &self,
        counter: &mut Counter<'_, '_>,
        mut visit: impl FnMut(&RosterEntry) -> Result<(), ExportError>,
    ) -> Result<u64, ExportError> {
        let mut written = 0;
        self.store
            .for_each_in_roster(self.event, self.filter, |entry| {
                visit(&entry)?;
                written += 1;
                counter.tick();
                Ok::<(), ExportError>(())
            })?;
        Ok(written)
    }

    /// The cell of `column` for `entry`.
    fn cell<'a>(&'a self, column: Column, entry: &'a RosterEntry) -> Cell<'a> {
        column.cell(entry, self.event)
    }
}

/// What a printed page (badges, sheets) shows: the event, its people in
/// protocol order, and the time it is printed at.
struct Printed<'a> {
    event: &'a Event,
    people: &'a [RosterEntry],
    now: NaiveDateTime,
}
