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
mod update;

pub(super) use plan::{Accepted, Checked};
pub(super) use update::Existing;
pub use update::{Change, Update};

use super::columns::{ImportField, Mapping};
use super::index::{Index, delegation_key, email_key, name_key};
use super::table::Row;
use super::{ImportError, ImportOptions, Problem, ProblemKind};
use crate::domain::{AttendeeId, Category, NewAttendee};
use crate::store::{DelegationRef, Holder, KeyKind, StoreError};
use parse::{ParsedRow, RowParser};
use plan::Plan;
use std::collections::HashMap;

/// How far down a header row is looked for (title rows above it are common).
pub(super) const HEADER_SEARCH: usize = 10;

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
    body: Option<Checker<'o>>,
    /// The event's people, for an import that updates them (until the header is found).
    existing: Option<Existing<'o>>,
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
            existing: None,
            notes: Vec::new(),
        }
    }

    /// A check whose rows update the people of `existing` they describe.
    pub fn updating(mut self, existing: Existing<'o>) -> Self {
        self.existing = Some(existing);
        self
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
        let mut checker = Checker::new(mapping, &self.event_code, self.options);
        checker.existing = self.existing.take();
        self.body = Some(checker);
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
struct Checker<'o> {
    parser: RowParser,
    /// Delegation names as the file spells them → their keys: a file names a few
    /// hundred delegations over and over, and folding each row's took a twentieth of
    /// a large import's time.
    delegation_keys: HashMap<String, String>,
    event_code: String,
    skip_duplicates: bool,
    plan: Plan,
    /// An import that updates: the event's people and what the rows do to them.
    existing: Option<Existing<'o>>,
}

impl<'o> Checker<'o> {
    fn new(mapping: Mapping, event_code: &str, options: &ImportOptions) -> Self {
        Checker {
            delegation_keys: HashMap::new(),
            plan: Plan::new(&mapping),
            parser: RowParser::new(mapping),
            event_code: event_code.to_string(),
            skip_duplicates: options.skip_duplicates,
            existing: None,
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

        if let Some(existing) = &self.existing {
            match existing.find(&wording, row.number, &person, key) {
                update::Found::Nobody => {}
                update::Found::Person(id) => {
                    let named = named.map(|(n, k)| (n.to_string(), k.to_string()));
                    self.update(row, id, person, named, category, problems, index)?;
                    return Ok(None);
                }
                update::Found::Problem(problem) => {
                    problems.push(problem);
                    return Ok(self.plan.refuse(problems));
                }
            }
        }
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
            Some((name, key)) => Self::delegation(
                &mut self.plan,
                index,
                &wording,
                row.number,
                (name, key),
                category,
                &mut problems,
            )?,
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

    /// The delegation `named` (name, key) for `row`, counted in `plan` when the import
    /// makes it.
    fn delegation(
        plan: &mut Plan,
        index: &mut impl Index,
        wording: &Wording<'_>,
        row: usize,
        (name, key): (&str, &str),
        category: Option<Category>,
        problems: &mut Vec<Problem>,
    ) -> Result<DelegationRef, StoreError> {
        let resolved = delegations::resolve(index, wording, row, name, key, category, problems)?;
        if resolved.made {
            plan.made_delegation();
        }
        Ok(resolved.reference)
    }

    /// `row` describes `id`, found in the event: their record takes the cells the row
    /// fills in, if it passes the same checks a new person's row does.
    #[allow(clippy::too_many_arguments)]
    fn update(
        &mut self,
        row: &Row,
        id: AttendeeId,
        person: NewAttendee,
        named: Option<(String, String)>,
        category: Option<Category>,
        mut problems: Vec<Problem>,
        index: &mut impl Index,
    ) -> Result<(), StoreError> {
        let existing = self.existing.as_mut().expect("an updating check");
        existing.updated(id, row.number);
        let record = existing.record(id);
        let given = self.parser.given(row);
        let mut after = record.details.clone();
        after.badge = Some(record.badge);
        update::merge(&mut after, &person, |f| given[f as usize]);
        let wording = Wording {
            mapping: self.parser.mapping(),
            event_code: &self.event_code,
        };
        // The delegation: the row's, when it names one; else the one they are in.
        let old_key = existing.delegation_key_of(record.details.delegation);
        let (reference, delegation_name, new_key) = match &named {
            Some((name, key)) => {
                let reference = Self::delegation(
                    &mut self.plan,
                    index,
                    &wording,
                    row.number,
                    (name.as_str(), key.as_str()),
                    category,
                    &mut problems,
                )?;
                (reference, Some(name.clone()), Some(key.clone()))
            }
            None => (
                record
                    .details
                    .delegation
                    .map_or(DelegationRef::None, DelegationRef::Existing),
                existing
                    .delegation_name(record.details.delegation)
                    .map(str::to_string),
                old_key.clone(),
            ),
        };
        // A delegation the import makes gets its id when it is written.
        after.delegation = match reference {
            DelegationRef::Existing(d) => Some(d),
            DelegationRef::None | DelegationRef::New(_) => None,
        };
        // Each key the update changes must be free, and frees the old one.
        let holder = Holder::Person(id);
        let email = (email_key(&record.details.email), email_key(&after.email));
        if let Some(h) = update::rekey(index, KeyKind::Email, email, holder)? {
            let reason = format!(
                "{} is already the e-mail of {}",
                after.email,
                held_by(index, h)?
            );
            problems.push(wording.invalid(row.number, ImportField::Email, reason));
        }
        let badge = after.badge.unwrap_or(record.badge);
        let badges = (Some(record.badge.to_string()), Some(badge.to_string()));
        if let Some(h) = update::rekey(index, KeyKind::Badge, badges, holder)? {
            let reason = format!(
                "{badge} is already taken in {} by {}",
                self.event_code,
                held_by(index, h)?
            );
            problems.push(wording.invalid(row.number, ImportField::Badge, reason));
        }
        let names = (
            name_key(
                &record.details.given_name,
                &record.details.family_name,
                old_key.as_deref(),
            ),
            name_key(&after.given_name, &after.family_name, new_key.as_deref()),
        );
        if let Some(h) = update::rekey(index, KeyKind::Name, names, holder)? {
            problems.push(Problem {
                row: row.number,
                column: None,
                reason: format!(
                    "{} has this name in {} already",
                    held_by(index, h)?,
                    delegation_name.as_deref().unwrap_or("no delegation")
                ),
                kind: ProblemKind::Duplicate,
            });
        }
        // Headship: a new head takes over from the event's (as the forms do); two rows
        // naming heads of one delegation are a problem.
        let moved = new_key != old_key;
        if record.details.is_head
            && (moved || !after.is_head)
            && let Some(o) = &old_key
        {
            index.release(KeyKind::Head, o)?;
        }
        if after.is_head && (moved || !record.details.is_head) {
            let here = Holder::Row(row.number);
            match &named
                .as_ref()
                .map(|(n, k)| (n.as_str(), k.as_str()))
                .or(delegation_name.as_deref().zip(new_key.as_deref()))
            {
                None => problems.push(wording.invalid(
                    row.number,
                    ImportField::Head,
                    "yes, but the row names no delegation to head".to_string(),
                )),
                Some((name, key)) => match index.claim(KeyKind::Head, key, here)? {
                    None => {}
                    Some(Holder::Row(r)) => problems.push(wording.invalid(
                        row.number,
                        ImportField::Head,
                        format!("row {r} is already the head of {name}"),
                    )),
                    Some(Holder::Person(_)) => {
                        // The event's head steps aside when this is written.
                        index.release(KeyKind::Head, key)?;
                        index.claim(KeyKind::Head, key, here)?;
                    }
                },
            }
        }
        if let Err(violations) = after.validate() {
            for e in &violations.0 {
                problems.push(self.parser.validation_problem(row.number, e));
            }
        }
        if !problems.is_empty() {
            self.plan.refuse_sorted(self.parser.mapping(), problems);
            return Ok(());
        }
        let mut before = record.details.clone();
        before.badge = Some(record.badge);
        let old_delegation = existing
            .delegation_name(record.details.delegation)
            .map(str::to_string);
        let mapping = self.parser.mapping();
        let mut changed: Vec<ImportField> = ImportField::all()
            .filter(|f| given[*f as usize] && *f != ImportField::Category)
            .collect();
        changed.sort_by_key(|f| mapping.column_of(*f));
        let changes: Vec<Change> = changed
            .into_iter()
            .filter_map(|f| {
                let from = update::value(&before, f, old_delegation.as_deref());
                let to = update::value(&after, f, delegation_name.as_deref());
                (from != to).then(|| Change {
                    column: mapping.header_of(f),
                    from,
                    to,
                })
            })
            .collect();
        if changes.is_empty() {
            existing.unchanged += 1;
        } else {
            existing.updates.push(Update {
                row: row.number,
                id,
                who: record.details.full_name(),
                badge: record.badge,
                before,
                after,
                delegation: reference,
                changes,
            });
        }
        Ok(())
    }

    fn finish(self, file: &str, notes: Vec<String>) -> Result<Checked, ImportError> {
        let mut checked = self.plan.finish(self.parser.mapping(), file, notes)?;
        if let Some(existing) = self.existing {
            checked.unchanged = existing.unchanged;
            checked.updates = existing.updates;
        }
        Ok(checked)
    }
}

/// "Name SURNAME (badge N)" of someone in the event, or "row R" of the file.
fn held_by(index: &mut impl Index, holder: Holder) -> Result<String, StoreError> {
    Ok(match holder {
        Holder::Person(id) => {
            let (who, badge) = index.person(id)?;
            format!("{who} (badge {badge})")
        }
        Holder::Row(r) => format!("row {r}"),
    })
}
