//! Import of participants from a spreadsheet: CSV (UTF-8, `,` or `;`) or a workbook's
//! first sheet (.xlsx, .xls, .ods). All rows or none.
//!
//! ```text
//! bytes ──table::read──▶ Table (text cells, spreadsheet row numbers)
//!       ──check──────▶ ImportPlan (people, delegations to create)  or  every problem
//!                      against an ImportSnapshot of the event (duplicates, badges, heads)
//! plan.apply(store)  ▶ one transaction (Store::import_people)
//! ```
//!
//! Everything up to the plan is pure (bytes and a snapshot in, plan or problems out), so
//! it is tested without a database; [`plan`] is the convenience that reads the file and
//! the snapshot. A problem names the spreadsheet row (the header is row 1), the column
//! as the file spells it, and the reason.

mod check;
mod columns;
mod csv;
mod table;
mod values;
mod xlsx;

pub use columns::{ColumnMap, ImportField, Mapping};
pub use table::{ReadError, Row, Table};

use crate::domain::{Event, EventId, NewAttendee, NewDelegation};
use crate::store::{DelegationRef, ImportSnapshot, Store, StoreError};
use std::fmt;
use std::path::{Path, PathBuf};

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Leave out rows that repeat a person (already in the event, or earlier in the
    /// file) instead of refusing the file.
    pub skip_duplicates: bool,
    /// Column overrides (`--map "COLUMN=field"`), applied before the synonyms.
    pub map: Vec<ColumnMap>,
}

/// Where a long import is, for a progress gauge: `done` of `total` (bytes while
/// reading, rows while checking).
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
    /// Rows that fail: every one is in `problems`, in row order.
    #[error("{}", rows_summary(file, problems, *rows))]
    Rows {
        file: String,
        problems: Vec<Problem>,
        /// Data rows checked.
        rows: usize,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn rows_summary(file: &str, problems: &[Problem], rows: usize) -> String {
    let duplicates = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Duplicate)
        .count();
    let mut rows_with_problems: Vec<usize> = problems.iter().map(|p| p.row).collect();
    rows_with_problems.dedup();
    let mut text = format!(
        "{file}: {} in {} of {} {}; nothing was imported",
        plural(problems.len(), "problem", "problems"),
        rows_with_problems.len(),
        rows,
        if rows == 1 { "row" } else { "rows" }
    );
    if duplicates > 0 {
        text.push_str(&format!(
            " ({} — --skip-duplicates leaves those rows out)",
            plural(duplicates, "duplicate", "duplicates")
        ));
    }
    text
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportError {
    /// The problems of a refused file, if that is what this is.
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
    /// Duplicates left out (with `skip_duplicates`), each saying what it repeats.
    pub skipped: Vec<Problem>,
    /// Columns the import does not use, as the header names them.
    pub ignored_columns: Vec<String>,
    /// Things worth saying that are not problems ("no rows to import").
    pub notes: Vec<String>,
}

/// What an import did, or would do: its `Display` is the one summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub event_code: String,
    pub people: usize,
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
        if self.dry_run {
            write!(
                f,
                "would import {people} into {}, create {delegations}",
                self.event_code
            )?;
        } else {
            write!(
                f,
                "imported {people} into {}, created {delegations}",
                self.event_code
            )?;
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
            delegations: self.delegations.len(),
            skipped: self.skipped.len(),
            ignored_columns: self.ignored_columns.clone(),
            dry_run,
        }
    }

    /// Write the plan in one transaction: all of it or, on any failure (another desk
    /// took a badge in the meantime, the disk is full), nothing.
    pub fn apply(self, store: &mut Store) -> Result<ImportReport, ImportError> {
        let report = self.report(false);
        if self.people.is_empty() && self.delegations.is_empty() {
            return Ok(report);
        }
        // People with a badge number from the file first: the store numbers the others
        // after the highest number in use, so they can never take a number the file
        // gives someone further down.
        let mut people = self.people;
        people.sort_by_key(|(_, p)| p.badge.is_none());
        store.import_people(self.event.id, &self.delegations, &people)?;
        Ok(report)
    }
}

/// Read and check `path` for `event`: the plan, or every problem of the file.
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
    let snapshot = store.import_snapshot(event)?;
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
    check::check(file, table, snapshot, options, progress)
}

/// Read `bytes` as a table of text cells (CSV or workbook), without any mapping.
pub fn read_table(
    file: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Table, ImportError> {
    table::read(file, bytes, progress).map_err(|e| match e {
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
    })
}

#[cfg(test)]
mod tests;
