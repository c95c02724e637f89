//! Rows → the people to write, or problems: each cell parsed, each person validated by
//! the domain, and each row checked against the event and the rows above it
//! (duplicates, taken badges, second heads) through an [`Index`]. Rows come one at a
//! time, as the file is read; only counts and the first problems are kept.
//!
//! ```text
//! FileCheck   the header row, found among the first rows; then for each row below it
//! Checker     parse        cells → a typed row, or problems naming row and column
//!             conflicts    e-mail, name, badge, head: held by someone? (the Index)
//!             delegations  the delegation the row names: the event's, or a new one
//!             plan         accepted, refused or left out; counted; the summary at the end
//! ```

mod conflicts;
mod delegations;
mod parse;
mod plan;

pub(super) use plan::{Accepted, Checked};

use super::columns::{ImportField, Mapping};
use super::index::{Index, delegation_key};
use super::table::Row;
use super::{ImportError, ImportOptions, Problem, ProblemKind};
use crate::store::{DelegationRef, StoreError};
use parse::{ParsedRow, RowParser};
use plan::Plan;
use std::collections::HashMap;

/// How far down a header row is looked for (title rows above it are common).
const HEADER_SEARCH: usize = 10;

/// Problems (and skipped duplicates) kept with their reasons; the rest are counted.
pub const MAX_KEPT: usize = 100;

/// A file's rows as they come: the header looked for among the first ones, then each
/// row below it checked.
pub(super) struct FileCheck<'o> {
    file: String,
    options: &'o ImportOptions,
    event_code: String,
    /// The top rows, while none of them is a header yet.
    top: Vec<Row>,
    body: Option<Checker>,
    notes: Vec<String>,
}

impl<'o> FileCheck<'o> {
    pub fn new(file: &str, options: &'o ImportOptions, event_code: &str) -> Self {
        FileCheck {
            file: file.to_string(),
            options,
            event_code: event_code.to_string(),
            top: Vec::new(),
            body: None,
            notes: Vec::new(),
        }
    }

    /// Whether a row has failed already (the file will be refused).
    pub fn failed(&self) -> bool {
        self.body
            .as_ref()
            .is_some_and(|b| b.plan.problems.total > 0)
    }

    /// Data rows so far.
    pub fn rows(&self) -> usize {
        self.body.as_ref().map_or(0, |b| b.plan.rows)
    }

    /// Take the next row of the file: a person to write, or nothing (a header or title
    /// row, a duplicate left out, a row that fails).
    pub fn push(
        &mut self,
        row: &Row,
        index: &mut impl Index,
    ) -> Result<Option<Accepted>, ImportError> {
        if let Some(body) = &mut self.body {
            return Ok(body.row(row, index)?);
        }
        // The header row: the first of the top rows that maps both name columns.
        if Mapping::new(&row.cells, &self.options.map).is_ok() {
            let above = self.top.len();
            self.top.clear();
            self.start(row.clone(), above)?;
            return Ok(None);
        }
        self.top.push(row.clone());
        if self.top.len() == HEADER_SEARCH {
            return Err(self.no_header());
        }
        Ok(None)
    }

    /// The file has ended: what it comes to, or why it is refused.
    pub fn finish(mut self) -> Result<Checked, ImportError> {
        let Some(body) = self.body.take() else {
            if self.top.is_empty() {
                return Err(ImportError::Empty { file: self.file });
            }
            return Err(self.no_header());
        };
        if body.plan.rows == 0 {
            self.notes
                .push("the file has a header row but no rows to import".to_string());
        }
        body.finish(&self.file, self.notes)
    }

    fn start(&mut self, header: Row, above: usize) -> Result<(), ImportError> {
        let mapping = self.mapping(&header)?;
        if above > 0 {
            self.notes.push(format!(
                "row {} is the header row; the {} above it were left out",
                header.number,
                if above == 1 {
                    "row".to_string()
                } else {
                    format!("{above} rows")
                }
            ));
        }
        self.body = Some(Checker::new(mapping, &self.event_code, self.options));
        Ok(())
    }

    /// No top row maps both name columns: the error of the one that names the most
    /// known fields (the useful message), else of the first.
    fn no_header(&self) -> ImportError {
        let mut best = (0, 0);
        for (i, r) in self.top.iter().enumerate() {
            let n = Mapping::recognised(&r.cells, &self.options.map);
            if n > best.1 {
                best = (i, n);
            }
        }
        match self.mapping(&self.top[best.0]) {
            Err(e) => e,
            Ok(_) => ImportError::Columns {
                file: self.file.clone(),
                message: "no header row".to_string(),
            },
        }
    }

    fn mapping(&self, header: &Row) -> Result<Mapping, ImportError> {
        Mapping::new(&header.cells, &self.options.map).map_err(|message| ImportError::Columns {
            file: self.file.clone(),
            message: if header.number > 1 {
                format!("header row {}: {message}", header.number)
            } else {
                message
            },
        })
    }
}

/// A problem in the column of `field` (as the file's header names it) on `row`.
fn invalid(mapping: &Mapping, row: usize, field: ImportField, reason: String) -> Problem {
    Problem {
        row,
        column: Some(mapping.header_of(field)),
        reason,
        kind: ProblemKind::Invalid,
    }
}

/// What a problem is worded with: the file's columns and the event's code.
struct Wording<'a> {
    mapping: &'a Mapping,
    event_code: &'a str,
}

impl Wording<'_> {
    fn header(&self, field: ImportField) -> String {
        self.mapping.header_of(field)
    }

    fn invalid(&self, row: usize, field: ImportField, reason: String) -> Problem {
        invalid(self.mapping, row, field, reason)
    }
}

/// Names whose keys [`Checker`] keeps before it starts again empty.
const KEY_CACHE: usize = 4096;

/// The key of the delegation called `name`, folded once per spelling.
fn cached_key<'c>(cache: &'c mut HashMap<String, String>, name: &str) -> &'c str {
    if !cache.contains_key(name) {
        if cache.len() >= KEY_CACHE {
            cache.clear();
        }
        cache.insert(name.to_string(), delegation_key(name));
    }
    &cache[name]
}

/// The checks of each row below the header, in the order a row goes through them.
struct Checker {
    parser: RowParser,
    /// Delegation names as the file spells them → their keys: a file names a few
    /// hundred delegations over and over, and folding each row's took a twentieth of
    /// a large import's time.
    delegation_keys: HashMap<String, String>,
    event_code: String,
    skip_duplicates: bool,
    plan: Plan,
}

impl Checker {
    fn new(mapping: Mapping, event_code: &str, options: &ImportOptions) -> Self {
        Checker {
            delegation_keys: HashMap::new(),
            plan: Plan::new(&mapping),
            parser: RowParser::new(mapping),
            event_code: event_code.to_string(),
            skip_duplicates: options.skip_duplicates,
        }
    }

    fn row(&mut self, row: &Row, index: &mut impl Index) -> Result<Option<Accepted>, StoreError> {
        self.plan.read(self.parser.mapping(), &row.cells);
        let (parsed, mut problems) = match self.parser.parse(row) {
            Ok(parsed) => parsed,
            Err(unreadable) => return Ok(self.plan.refuse(vec![unreadable])),
        };
        let ParsedRow {
            person,
            delegation,
            category,
        } = parsed;
        let wording = Wording {
            mapping: self.parser.mapping(),
            event_code: &self.event_code,
        };
        let key = delegation
            .as_deref()
            .map(|name| cached_key(&mut self.delegation_keys, name));
        let named = delegation.as_deref().zip(key);

        if let Some(duplicate) = conflicts::claim_person(index, &wording, row.number, &person, key)?
        {
            if self.skip_duplicates {
                return Ok(self.plan.skip(duplicate));
            }
            // Told after the problems of the cells, as found.
            problems.push(duplicate);
            return Ok(self.plan.refuse(problems));
        }
        if let Some(badge) = person.badge {
            problems.extend(conflicts::claim_badge(index, &wording, row.number, badge)?);
        }
        let reference = match named {
            Some((name, key)) => {
                let resolved = delegations::resolve(
                    index,
                    &wording,
                    row.number,
                    name,
                    key,
                    category,
                    &mut problems,
                )?;
                if resolved.made {
                    self.plan.made_delegation();
                }
                resolved.reference
            }
            None => DelegationRef::None,
        };
        if person.is_head {
            problems.extend(conflicts::claim_head(index, &wording, row.number, named)?);
        }
        let mapping = self.parser.mapping();
        Ok(self
            .plan
            .decide(mapping, problems, (row.number, reference, person)))
    }

    fn finish(self, file: &str, notes: Vec<String>) -> Result<Checked, ImportError> {
        self.plan.finish(self.parser.mapping(), file, notes)
    }
}
