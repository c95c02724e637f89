//! Import of participants from a spreadsheet: CSV (UTF-8, `,` or `;`) or a workbook's
//! first sheet (.xlsx, .xls, .ods). All rows or none.
//!
//! ```text
//! file ──table::stream──▶ one Row at a time (text cells, spreadsheet row number)
//!      ──FileCheck──────▶ the header, then each row: a person, or problems, checked
//!                         against the event and the rows above through an Index
//!      ──ImportSession──▶ written at once, in one transaction, committed after the
//!                         last row only if no row failed
//! ```
//!
//! [`import_file`] is the import: its memory does not grow with the file, because the
//! keys it must remember (e-mail addresses, names, badges, heads, delegations) live in
//! temporary tables of the import's own transaction. [`check`] and [`plan`] hold the
//! whole file and its people in memory instead ([`ImportPlan`]): for small files,
//! previews and tests. A problem names the spreadsheet row (the header is row 1), the
//! column as the file spells it, and the reason; a refused file keeps its first
//! [`MAX_KEPT`] problems and counts the rest.

mod check;
mod columns;
mod csv;
mod index;
mod keys;
mod table;
mod values;
mod xlsx;

pub use check::{Change, MAX_KEPT, Update};
pub use columns::{ColumnMap, ImportField, Mapping};
pub use table::{ReadError, Row, Table};

use crate::domain::{Event, EventId, NewAttendee, NewDelegation};
use crate::store::{DelegationRef, ImportSnapshot, PersonUpdate, Store, StoreError};
use check::FileCheck;
use index::{MemoryIndex, StoreIndex};
use std::fmt;
use std::path::{Path, PathBuf};
use table::Halt;

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Leave out rows that repeat a person (already in the event, or earlier in the
    /// file) instead of refusing the file.
    pub skip_duplicates: bool,
    /// Column overrides (`--map "COLUMN=field"`), applied before the synonyms.
    pub map: Vec<ColumnMap>,
    /// A row that describes someone in the event (same e-mail, badge, or name in the
    /// delegation) updates them with the cells it fills in, instead of being a
    /// duplicate. Checked in memory ([`plan`]), written in one transaction.
    pub update: bool,
}

/// Where a long import is, for a progress gauge: `done` of `total` (bytes while
/// reading — [`import_file`] checks and writes in the same pass —, rows of a sheet, or
/// rows while [`check`] goes through a table in memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Checking,
}

/// What is wrong with one row (or one cell of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The spreadsheet row number (header = 1).
    pub row: usize,
    /// The column as the file's header names it, when the problem is about one cell.
    pub column: Option<String>,
    pub reason: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The row cannot be imported as it is.
    Invalid,
    /// The row repeats a person; `--skip-duplicates` leaves such rows out.
    Duplicate,
}

impl Problem {
    /// `FILE:ROW: Column: reason`.
    pub fn line(&self, file: &str) -> String {
        match &self.column {
            Some(column) => format!("{file}:{}: {column}: {}", self.row, self.reason),
            None => format!("{file}:{}: {}", self.row, self.reason),
        }
    }
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    // `error`, not `source`: the reason is part of this one line, not a second link
    // of a chain that `{:#}` would print again.
    #[error("cannot read {}: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{file} is empty: it has no header row and nothing to import")]
    Empty { file: String },
    /// Not UTF-8 (UTF-16, Windows-1252): the message says how to save it right.
    #[error("{file}: {message}")]
    Encoding { file: String, message: String },
    #[error("{file} {message}")]
    Unreadable { file: String, message: String },
    /// The header row: a required column missing, an ambiguous one, a bad `--map`.
    #[error("{file}: {message}")]
    Columns { file: String, message: String },
    /// Rows that fail: the first [`MAX_KEPT`] problems, in row order, and the counts.
    #[error("{}", rows_summary(file, *total, *duplicates, *rows_with_problems, *rows))]
    Rows {
        file: String,
        problems: Vec<Problem>,
        /// Problems in all.
        total: usize,
        /// Of which duplicates.
        duplicates: usize,
        rows_with_problems: usize,
        /// Data rows checked.
        rows: usize,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn rows_summary(
    file: &str,
    problems: usize,
    duplicates: usize,
    rows_with_problems: usize,
    rows: usize,
) -> String {
    let mut text = format!(
        "{file}: {} in {} of {} {}; nothing was imported",
        plural(problems, "problem", "problems"),
        rows_with_problems,
        rows,
        if rows == 1 { "row" } else { "rows" }
    );
    if duplicates > 0 {
        text.push_str(&format!(
            " ({} — --skip-duplicates leaves those rows out, --update updates those people)",
            plural(duplicates, "duplicate", "duplicates")
        ));
    }
    text
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportError {
    /// The first [`MAX_KEPT`] problems of a refused file, if that is what this is.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Rows { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// A checked file, ready to write: nothing in it fails.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub event: Event,
    /// The file as the user named it.
    pub file: String,
    /// Delegations the import creates (people refer to them by index).
    pub delegations: Vec<NewDelegation>,
    pub people: Vec<(DelegationRef, NewAttendee)>,
    /// The spreadsheet row of each person in `people`.
    pub rows: Vec<usize>,
    /// An import that updates: the people it changes, field by field.
    pub updates: Vec<Update>,
    /// An import that updates: rows that found their person with nothing to change.
    pub unchanged: usize,
    /// Whether this plan updates people (`ImportOptions::update`).
    pub updating: bool,
    /// The first [`MAX_KEPT`] duplicates left out (with `skip_duplicates`), each saying
    /// what it repeats.
    pub skipped: Vec<Problem>,
    /// Duplicates left out in all.
    pub skipped_total: usize,
    /// Columns the import does not use, as the header names them.
    pub ignored_columns: Vec<String>,
    /// Things worth saying that are not problems ("no rows to import").
    pub notes: Vec<String>,
}

/// What an import did, or would do: its `Display` is the one summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub event_code: String,
    /// People added.
    pub people: usize,
    /// An import that updates: people changed, and people the file leaves as they are
    /// (`None`: an import that only adds).
    pub updated: Option<(usize, usize)>,
    pub delegations: usize,
    pub skipped: usize,
    pub ignored_columns: Vec<String>,
    /// Nothing was written (`--dry-run`).
    pub dry_run: bool,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let people = plural(self.people, "person", "people");
        let delegations = plural(self.delegations, "delegation", "delegations");
        match (self.updated, self.dry_run) {
            (Some((updated, unchanged)), true) => write!(
                f,
                "would update {updated}, add {}, leave {unchanged} unchanged in {}; create \
                 {delegations}",
                self.people, self.event_code
            )?,
            (Some((updated, unchanged)), false) => write!(
                f,
                "updated {updated}, added {}, unchanged {unchanged} in {}; created {delegations}",
                self.people, self.event_code
            )?,
            (None, true) => write!(
                f,
                "would import {people} into {}, create {delegations}",
                self.event_code
            )?,
            (None, false) => write!(
                f,
                "imported {people} into {}, created {delegations}",
                self.event_code
            )?,
        }
        if self.skipped > 0 {
            let verb = if self.dry_run {
                "would skip"
            } else {
                "skipped"
            };
            write!(
                f,
                "; {verb} {}",
                plural(self.skipped, "duplicate", "duplicates")
            )?;
        }
        if !self.ignored_columns.is_empty() {
            write!(f, "; ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        Ok(())
    }
}

impl ImportPlan {
    pub fn report(&self, dry_run: bool) -> ImportReport {
        ImportReport {
            event_code: self.event.details.code.clone(),
            people: self.people.len(),
            updated: self
                .updating
                .then_some((self.updates.len(), self.unchanged)),
            delegations: self.delegations.len(),
            skipped: self.skipped_total,
            ignored_columns: self.ignored_columns.clone(),
            dry_run,
        }
    }

    /// Write the plan in one transaction: all of it or, on any failure (another desk
    /// took a badge in the meantime, the disk is full), nothing.
    pub fn apply(self, store: &mut Store) -> Result<ImportReport, ImportError> {
        let report = self.report(false);
        if self.people.is_empty() && self.delegations.is_empty() && self.updates.is_empty() {
            return Ok(report);
        }
        // People with a badge number from the file first: the store numbers the others
        // after the highest number in use, so they can never take a number the file
        // gives someone further down.
        let mut people = self.people;
        people.sort_by_key(|(_, p)| p.badge.is_none());
        if self.updating {
            let updates: Vec<PersonUpdate> = self
                .updates
                .into_iter()
                .map(|u| PersonUpdate {
                    id: u.id,
                    before: u.before,
                    after: u.after,
                    delegation: u.delegation,
                })
                .collect();
            store.import_updates(self.event.id, &self.delegations, &updates, &people)?;
        } else {
            store.import_people(self.event.id, &self.delegations, &people)?;
        }
        Ok(report)
    }
}

/// What [`import_file`] did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub report: ImportReport,
    /// The file as the user named it.
    pub file: String,
    /// The first [`MAX_KEPT`] duplicates left out (`report.skipped` counts them all).
    pub skipped: Vec<Problem>,
    /// An import that updates: who changes, field by field.
    pub updates: Vec<Update>,
    /// Things worth saying that are not problems ("no rows to import").
    pub notes: Vec<String>,
}

/// Import `path` into `event`: each row is read, checked and written in one pass, in
/// one transaction that is committed after the last row only if no row failed (every
/// row is still checked, to count the problems). The registry and the rows above are
/// asked about through temporary tables of that transaction, so memory stays the same
/// whatever the size of a CSV file (an .xlsx keeps its shared strings, an .xls or .ods
/// its sheet). A dry run reads the registry and writes nothing.
pub fn import_file(
    store: &mut Store,
    event: EventId,
    path: &Path,
    options: &ImportOptions,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported, ImportError> {
    if options.update {
        return update_file(store, event, path, options, dry_run, progress);
    }
    let file = path.display().to_string();
    let read_error = |error| ImportError::Read {
        path: path.to_path_buf(),
        error,
    };
    let input = std::fs::File::open(path).map_err(read_error)?;
    let len = input.metadata().map_err(read_error)?.len();
    let input = std::io::BufReader::with_capacity(64 * 1024, input);
    let session = store.begin_import(event, !dry_run)?;
    let event = session.event()?;
    let mut index = StoreIndex::load(&session)?;
    let mut check = FileCheck::new(&file, options, &event.details.code);
    let streamed = table::stream(&file, input, len, progress, &mut |row| {
        let Some((_, reference, person)) = check.push(row, &mut index)? else {
            return Ok(());
        };
        // Once a row has failed nothing will be committed: only checking goes on.
        if session.writing() && !check.failed() {
            let delegation = match reference {
                DelegationRef::None => None,
                DelegationRef::Existing(id) => Some(id),
                // Only a delegation that fails its row is left unwritten while writing
                // (`StoreIndex::make_delegation`), and then `check.failed()`.
                DelegationRef::New(_) => {
                    unreachable!("a row whose delegation was not written has failed")
                }
            };
            session.insert_person(delegation, person)?;
        }
        Ok(())
    });
    match streamed {
        Ok(()) => {}
        Err(Halt::Read(e)) => return Err(read_failure(&file, e)),
        Err(Halt::Stop(e)) => return Err(e),
    }
    let checked = check.finish()?;
    // The keys of every row (up to tens of MB) are no longer needed: freed before the
    // commit builds the indexes again, which takes memory of its own.
    drop(index);
    session.commit()?;
    Ok(Imported {
        report: ImportReport {
            event_code: event.details.code,
            people: checked.accepted,
            updated: None,
            delegations: checked.delegations,
            skipped: checked.skipped.total,
            ignored_columns: checked.ignored_columns,
            dry_run,
        },
        file,
        skipped: checked.skipped.kept,
        updates: Vec::new(),
        notes: checked.notes,
    })
}

/// [`import_file`] for an import that updates: the file checked in memory against
/// everyone's record ([`plan`]), then written in one transaction.
fn update_file(
    store: &mut Store,
    event: EventId,
    path: &Path,
    options: &ImportOptions,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported, ImportError> {
    let plan = plan(store, event, path, options, progress)?;
    let imported = Imported {
        report: plan.report(dry_run),
        file: plan.file.clone(),
        skipped: plan.skipped.clone(),
        updates: plan.updates.clone(),
        notes: plan.notes.clone(),
    };
    if !dry_run {
        plan.apply(store)?;
    }
    Ok(imported)
}

/// Read and check `path` for `event`, all in memory: the plan, or the file's problems.
/// For small files; [`import_file`] imports a file of any size.
pub fn plan(
    store: &Store,
    event: EventId,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportPlan, ImportError> {
    let bytes = std::fs::read(path).map_err(|error| ImportError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let snapshot = if options.update {
        store.update_snapshot(event)?
    } else {
        store.import_snapshot(event)?
    };
    check(
        &path.display().to_string(),
        &bytes,
        &snapshot,
        options,
        progress,
    )
}

/// Check the file `file` (its name, for messages and the format) holding `bytes`
/// against `snapshot`. Pure: no I/O.
pub fn check(
    file: &str,
    bytes: &[u8],
    snapshot: &ImportSnapshot,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportPlan, ImportError> {
    let table = read_table(file, bytes, progress)?;
    let mut index = MemoryIndex::new(snapshot);
    let mut check = FileCheck::new(file, options, &snapshot.event.details.code);
    if options.update {
        check = check.updating(check::Existing::new(snapshot));
    }
    let mut people = Vec::new();
    let mut rows = Vec::new();
    let total = table.rows.len();
    for (i, row) in table.rows.into_iter().enumerate() {
        if i.is_multiple_of(CHECK_PROGRESS_EVERY) {
            progress(Progress {
                stage: Stage::Checking,
                done: check.rows(),
                total,
            });
        }
        if let Some((number, reference, person)) = check.push(&row, &mut index)? {
            people.push((reference, person));
            rows.push(number);
        }
    }
    let checked = check.finish()?;
    progress(Progress {
        stage: Stage::Checking,
        done: checked.rows,
        total: checked.rows,
    });
    Ok(ImportPlan {
        event: snapshot.event.clone(),
        file: file.to_string(),
        delegations: index.made,
        people,
        rows,
        skipped: checked.skipped.kept,
        skipped_total: checked.skipped.total,
        ignored_columns: checked.ignored_columns,
        notes: checked.notes,
        updates: checked.updates,
        unchanged: checked.unchanged,
        updating: options.update,
    })
}

/// The header row of `path` as the import will read it — the first of its top rows that
/// names both name columns, else the one that names the most fields — without reading
/// further: for a form that asks what the columns it does not know hold.
pub fn header_row(path: &Path) -> Result<Vec<String>, ImportError> {
    let file = path.display().to_string();
    let read_error = |error| ImportError::Read {
        path: path.to_path_buf(),
        error,
    };
    let input = std::fs::File::open(path).map_err(read_error)?;
    let len = input.metadata().map_err(read_error)?.len();
    let mut top: Vec<Vec<String>> = Vec::new();
    let streamed = table::stream(
        &file,
        std::io::BufReader::new(input),
        len,
        &mut |_| {},
        &mut |row| {
            top.push(row.cells.clone());
            if Mapping::new(&row.cells, &[]).is_ok() || top.len() == check::HEADER_SEARCH {
                return Err(());
            }
            Ok(())
        },
    );
    if let Err(Halt::Read(e)) = streamed {
        return Err(read_failure(&file, e));
    }
    if let Some(header) = top.iter().find(|r| Mapping::new(r, &[]).is_ok()) {
        return Ok(header.clone());
    }
    // The first of the rows that name the most fields.
    let best = top
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (Mapping::recognised(r, &[]), std::cmp::Reverse(*i)))
        .map(|(_, r)| r.clone());
    best.ok_or(ImportError::Empty { file })
}

/// How often (in rows) checking a table in memory reports progress.
const CHECK_PROGRESS_EVERY: usize = 1024;

/// Read `bytes` as a table of text cells (CSV or workbook), without any mapping.
pub fn read_table(
    file: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Table, ImportError> {
    table::read(file, bytes, progress).map_err(|e| read_failure(file, e))
}

fn read_failure(file: &str, e: ReadError) -> ImportError {
    match e {
        ReadError::Empty => ImportError::Empty {
            file: file.to_string(),
        },
        ReadError::Encoding(message) => ImportError::Encoding {
            file: file.to_string(),
            message,
        },
        ReadError::Unreadable(message) => ImportError::Unreadable {
            file: file.to_string(),
            message,
        },
    }
}

#[cfg(test)]
mod tests;
