//! What the checked rows come to: the rows accepted, refused or left out, counted;
//! the first problems kept with their reasons; and, at the end of the file, the
//! summary of an import that can go ahead — or the refusal that lists why not.

use super::super::columns::Mapping;
use super::super::{ImportError, Problem, ProblemKind};
use super::MAX_KEPT;
use crate::domain::{NewAttendee, inert};
use crate::store::DelegationRef;

/// A row that passed: the spreadsheet row, where the person goes, and who they are.
pub(in super::super) type Accepted = (usize, DelegationRef, NewAttendee);

/// What a checked file comes to, when no row fails.
#[derive(Debug)]
pub(in super::super) struct Checked {
    /// Data rows read (below the header).
    pub rows: usize,
    pub accepted: usize,
    /// Delegations the import makes.
    pub delegations: usize,
    /// The duplicates left out (`skip_duplicates`): the first ones, and how many.
    pub skipped: Tally,
    /// Columns the import does not use, as the header names them.
    pub ignored_columns: Vec<String>,
    pub notes: Vec<String>,
    /// An import that updates: the people it changes, and the rows that change nothing.
    pub updates: Vec<super::Update>,
    pub unchanged: usize,
}

/// Problems of a file (or the duplicates it leaves out): the first [`MAX_KEPT`] with
/// their reasons, all of them counted.
#[derive(Debug, Default)]
pub(in super::super) struct Tally {
    pub kept: Vec<Problem>,
    pub total: usize,
    pub duplicates: usize,
    /// Rows with at least one problem.
    pub rows: usize,
    last_row: Option<usize>,
}

impl Tally {
    fn add(&mut self, p: Problem) {
        self.total += 1;
        if p.kind == ProblemKind::Duplicate {
            self.duplicates += 1;
        }
        if self.last_row != Some(p.row) {
            self.rows += 1;
            self.last_row = Some(p.row);
        }
        if self.kept.len() < MAX_KEPT {
            self.kept.push(p);
        }
    }
}

/// The file's rows so far, as they were decided.
#[derive(Debug)]
pub(super) struct Plan {
    pub rows: usize,
    accepted: usize,
    delegations: usize,
    pub problems: Tally,
    /// Duplicates left out (`skip_duplicates`).
    skipped: Tally,
    /// Columns without a header that hold something (reported as ignored).
    unnamed_with_data: Vec<bool>,
}

impl Plan {
    pub fn new(mapping: &Mapping) -> Self {
        Plan {
            rows: 0,
            accepted: 0,
            delegations: 0,
            problems: Tally::default(),
            skipped: Tally::default(),
            unnamed_with_data: vec![false; mapping.headers.len()],
        }
    }

    /// Count a data row, and note which of its unnamed columns hold something.
    pub fn read(&mut self, mapping: &Mapping, cells: &[String]) {
        self.rows += 1;
        for (i, cell) in cells.iter().enumerate().take(mapping.headers.len()) {
            if mapping.unnamed[i] && !cell.trim().is_empty() {
                self.unnamed_with_data[i] = true;
            }
        }
    }

    /// The import makes one more delegation.
    pub fn made_delegation(&mut self) {
        self.delegations += 1;
    }

    /// A row that fails, for these reasons.
    pub fn refuse(&mut self, problems: Vec<Problem>) -> Option<Accepted> {
        for p in problems {
            self.problems.add(p);
        }
        None
    }

    /// A duplicate left out.
    pub fn skip(&mut self, duplicate: Problem) -> Option<Accepted> {
        self.skipped.add(duplicate);
        None
    }

    /// A row that passed, or fails for `problems` — given in the order they were
    /// found, told in the order of the file's columns, as a person reads the row.
    pub fn decide(
        &mut self,
        mapping: &Mapping,
        problems: Vec<Problem>,
        accepted: Accepted,
    ) -> Option<Accepted> {
        if problems.is_empty() {
            self.accepted += 1;
            return Some(accepted);
        }
        self.refuse_sorted(mapping, problems)
    }

    /// A row that fails, its problems told in the order of the file's columns.
    pub fn refuse_sorted(
        &mut self,
        mapping: &Mapping,
        mut problems: Vec<Problem>,
    ) -> Option<Accepted> {
        problems.sort_by_key(|p| {
            p.column
                .as_ref()
                .and_then(|c| mapping.headers.iter().position(|h| h == c))
                .unwrap_or(usize::MAX)
        });
        self.refuse(problems)
    }

    /// The end of the file: what the import comes to, or every row's problems.
    pub fn finish(
        self,
        mapping: &Mapping,
        file: &str,
        notes: Vec<String>,
    ) -> Result<Checked, ImportError> {
        if self.problems.total > 0 {
            return Err(ImportError::Rows {
                file: file.to_string(),
                problems: self.problems.kept,
                total: self.problems.total,
                duplicates: self.problems.duplicates,
                rows_with_problems: self.problems.rows,
                rows: self.rows,
            });
        }
        let m = mapping;
        let ignored_columns = (0..m.headers.len())
            .filter(|&i| m.fields[i].is_none() && !m.deliberately_ignored[i])
            .filter(|&i| !m.unnamed[i] || self.unnamed_with_data[i])
            .map(|i| {
                if m.unnamed[i] {
                    format!("{} (no header)", m.headers[i])
                } else {
                    inert(&m.headers[i]).into_owned()
                }
            })
            .collect();
        Ok(Checked {
            rows: self.rows,
            accepted: self.accepted,
            delegations: self.delegations,
            skipped: self.skipped,
            ignored_columns,
            notes,
            updates: Vec::new(),
            unchanged: 0,
        })
    }
}
