//! Rows → the people to write, or problems: each cell parsed, each person validated by
//! the domain, and each row checked against the event and the rows above it
//! (duplicates, taken badges, second heads) through an [`Index`]. Rows come one at a
//! time, as the file is read; only counts and the first problems are kept.

use super::columns::{ImportField, Mapping};
use super::index::{Index, delegation_key, email_key, name_key};
use super::table::Row;
use super::values::{self, cell_text, quote};
use super::{ImportError, ImportOptions, Problem, ProblemKind};
use crate::domain::{
    Category, Field, NewAttendee, NewDelegation, ValidationError, default_sort_key, inert,
};
use crate::store::{DelegationEntry, DelegationRef, Holder, KeyKind, StoreError};
use strum::EnumCount;

/// How far down a header row is looked for (title rows above it are common).
const HEADER_SEARCH: usize = 10;

/// Problems (and skipped duplicates) kept with their reasons; the rest are counted.
pub const MAX_KEPT: usize = 100;

/// A row that passed: the spreadsheet row, where the person goes, and who they are.
pub(super) type Accepted = (usize, DelegationRef, NewAttendee);

/// What a checked file comes to, when no row fails.
#[derive(Debug)]
pub(super) struct Checked {
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
}

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
        self.body.as_ref().is_some_and(|b| b.problems.total > 0)
    }

    /// Data rows so far.
    pub fn rows(&self) -> usize {
        self.body.as_ref().map_or(0, |b| b.rows)
    }

    /// Take the next row of the file: a person to write, or nothing (a header or title
    /// row, a duplicate left out, a row that fails).
    pub fn push(
        &mut self,
        row: Row,
        index: &mut impl Index,
    ) -> Result<Option<Accepted>, ImportError> {
        if let Some(body) = &mut self.body {
            return Ok(body.row(&row, index)?);
        }
        // The header row: the first of the top rows that maps both name columns.
        if Mapping::new(&row.cells, &self.options.map).is_ok() {
            let above = self.top.len();
            self.top.clear();
            self.start(row, above)?;
            return Ok(None);
        }
        self.top.push(row);
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
        if body.rows == 0 {
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

/// Problems of a file (or the duplicates it leaves out): the first [`MAX_KEPT`] with
/// their reasons, all of them counted.
#[derive(Debug, Default)]
pub(super) struct Tally {
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

/// Who holds a key a row claims: a person in the event (their name), or an earlier row.
enum Taken {
    Person(String),
    Row(usize),
}

/// The checks of each row below the header.
struct Checker {
    mapping: Mapping,
    event_code: String,
    skip_duplicates: bool,
    /// Column of each field, by `ImportField as usize`.
    columns: [Option<usize>; ImportField::COUNT],
    /// Columns without a header that hold something (reported as ignored).
    unnamed_with_data: Vec<bool>,
    rows: usize,
    accepted: usize,
    delegations: usize,
    problems: Tally,
    /// Duplicates left out (`skip_duplicates`).
    skipped: Tally,
}

impl Checker {
    fn new(mapping: Mapping, event_code: &str, options: &ImportOptions) -> Self {
        let mut columns = [None; ImportField::COUNT];
        for field in ImportField::all() {
            columns[field as usize] = mapping.column_of(field);
        }
        Checker {
            unnamed_with_data: vec![false; mapping.headers.len()],
            mapping,
            event_code: event_code.to_string(),
            skip_duplicates: options.skip_duplicates,
            columns,
            rows: 0,
            accepted: 0,
            delegations: 0,
            problems: Tally::default(),
            skipped: Tally::default(),
        }
    }

    fn header(&self, field: ImportField) -> String {
        self.mapping.header_of(field)
    }

    /// The cell of `field` in `row`, trimmed; `None` when the column is missing or the
    /// cell empty.
    fn get<'r>(&self, row: &'r Row, field: ImportField) -> Option<&'r str> {
        let col = self.columns[field as usize]?;
        let text = cell_text(row.cells.get(col)?);
        (!text.is_empty()).then_some(text)
    }

    fn refuse(&mut self, problems: Vec<Problem>) -> Option<Accepted> {
        for p in problems {
            self.problems.add(p);
        }
        None
    }

    fn row(&mut self, row: &Row, index: &mut impl Index) -> Result<Option<Accepted>, StoreError> {
        self.rows += 1;
        let width = self.mapping.headers.len();
        for (i, cell) in row.cells.iter().enumerate().take(width) {
            if self.mapping.unnamed[i] && !cell.trim().is_empty() {
                self.unnamed_with_data[i] = true;
            }
        }
        // More cells than the header has columns: the values are shifted, so nothing
        // else in the row can be trusted. (Fewer is fine: the rest are empty.)
        if let Some(last) = row.cells.iter().rposition(|c| !c.trim().is_empty())
            && last >= width
        {
            return Ok(self.refuse(vec![Problem {
                row: row.number,
                column: None,
                reason: format!(
                    "{} cells, but the header row has {} columns: a separator inside a value \
                     that is not in quotes?",
                    last + 1,
                    width
                ),
                kind: ProblemKind::Invalid,
            }]));
        }

        let mut problems = Vec::new();
        let problem = |field: ImportField, reason: String| Problem {
            row: row.number,
            column: Some(self.mapping.header_of(field)),
            reason,
            kind: ProblemKind::Invalid,
        };
        for (col, error) in &row.errors {
            if let Some(Some(field)) = self.mapping.fields.get(*col) {
                problems.push(problem(
                    *field,
                    format!("the cell shows the spreadsheet error {error}"),
                ));
            }
        }

        let mut person = NewAttendee::default();
        for (field, target) in [
            (ImportField::GivenName, &mut person.given_name),
            (ImportField::FamilyName, &mut person.family_name),
            (ImportField::NativeName, &mut person.native_name),
            (ImportField::Honorific, &mut person.honorific),
            (ImportField::Position, &mut person.position),
            (ImportField::Organisation, &mut person.organisation),
            (ImportField::Email, &mut person.email),
            (ImportField::Phone, &mut person.phone),
        ] {
            if let Some(text) = self.get(row, field) {
                match single_line(text) {
                    Ok(t) => *target = t,
                    Err(reason) => {
                        // Kept, so that the row is not also reported as missing it.
                        *target = text.to_string();
                        problems.push(problem(field, reason));
                    }
                }
            }
        }
        for (field, target) in [
            (ImportField::Diet, &mut person.diet),
            (ImportField::Access, &mut person.access),
            (ImportField::Notes, &mut person.notes),
        ] {
            if let Some(text) = self.get(row, field) {
                match multi_line(text) {
                    Ok(t) => *target = t,
                    Err(reason) => problems.push(problem(field, reason)),
                }
            }
        }
        macro_rules! parse {
            ($field:expr, $parser:expr, $apply:expr) => {
                if let Some(text) = self.get(row, $field) {
                    match $parser(text) {
                        Ok(value) => $apply(value),
                        Err(reason) => problems.push(problem($field, reason)),
                    }
                }
            };
        }
        parse!(ImportField::Gender, values::gender, |v| person.gender = v);
        parse!(ImportField::Role, values::role, |v| person.role = v);
        parse!(ImportField::Status, values::status, |v| person.status = v);
        parse!(ImportField::Country, values::country, |v| person.country =
            Some(v));
        parse!(ImportField::Badge, values::number, |v| person.badge =
            Some(v));
        parse!(ImportField::Rank, values::number, |v| person.rank = Some(v));
        parse!(ImportField::Head, values::yes_no, |v| person.is_head = v);
        parse!(ImportField::Consent, values::yes_no, |v| person.consent = v);
        let mut category = None;
        parse!(ImportField::Category, values::category, |v| category =
            Some(v));
        let mut delegation = None;
        if let Some(text) = self.get(row, ImportField::Delegation) {
            match single_line(text) {
                Ok(t) => delegation = Some(t),
                Err(reason) => problems.push(problem(ImportField::Delegation, reason)),
            }
        }

        if let Err(violations) = person.validate() {
            for e in &violations.0 {
                problems.push(self.validation_problem(row.number, e));
            }
        }

        // Duplicates: of someone in the event, or of an earlier row. Claimed first:
        // most rows repeat no one, and then one claim per key is all they cost.
        let deleg_key = delegation.as_deref().map(delegation_key);
        let email = email_key(&person.email)
            .filter(|_| crate::domain::validate_email(person.email.trim()).is_ok());
        let name = name_key(
            &person.given_name,
            &person.family_name,
            deleg_key.as_deref(),
        );
        let here = Holder::Row(row.number);
        let email_holder = match &email {
            Some(k) => index.claim(KeyKind::Email, k, here)?,
            None => None,
        };
        let name_holder = match &name {
            Some(k) => index.claim(KeyKind::Name, k, here)?,
            None => None,
        };
        if email_holder.is_some() || name_holder.is_some() {
            // A row that repeats someone records nothing.
            if let (Some(k), None) = (&email, email_holder) {
                index.release(KeyKind::Email, k)?;
            }
            if let (Some(k), None) = (&name, name_holder) {
                index.release(KeyKind::Name, k)?;
            }
            let duplicate = self.duplicate(index, row.number, email_holder, name_holder)?;
            if self.skip_duplicates {
                self.skipped.add(duplicate);
                return Ok(None);
            }
            problems.push(duplicate);
            return Ok(self.refuse(problems));
        }

        if let Some(badge) = person.badge {
            problems.extend(self.claim(
                index,
                KeyKind::Badge,
                &badge.to_string(),
                row.number,
                ImportField::Badge,
                |by| match by {
                    Taken::Person(who) => {
                        format!("{badge} is already taken in {} by {who}", self.event_code)
                    }
                    Taken::Row(r) => format!("{badge} is also on row {r}"),
                },
            )?);
        }

        let reference = match (&delegation, &deleg_key) {
            (Some(name), Some(key)) => {
                self.delegation_ref(index, row.number, name, key, category, &mut problems)?
            }
            _ => DelegationRef::None,
        };

        if person.is_head {
            match (&delegation, &deleg_key) {
                (Some(name), Some(key)) => problems.extend(self.claim(
                    index,
                    KeyKind::Head,
                    key,
                    row.number,
                    ImportField::Head,
                    |by| match by {
                        Taken::Person(who) => format!("{name} already has a head: {who}"),
                        Taken::Row(r) => format!("row {r} is already the head of {name}"),
                    },
                )?),
                _ => problems.push(self.problem(
                    row.number,
                    ImportField::Head,
                    "yes, but the row names no delegation to head".to_string(),
                )),
            }
        }

        if !problems.is_empty() {
            // In the order of the file's columns, as a person reads the row.
            problems.sort_by_key(|p| {
                p.column
                    .as_ref()
                    .and_then(|c| self.mapping.headers.iter().position(|h| h == c))
                    .unwrap_or(usize::MAX)
            });
            return Ok(self.refuse(problems));
        }
        self.accepted += 1;
        Ok(Some((row.number, reference, person)))
    }

    /// Claim a key (a badge, a delegation's head) for `row`. Held already: the problem
    /// in `field`, worded by `reason` from who holds it.
    fn claim(
        &self,
        index: &mut impl Index,
        kind: KeyKind,
        key: &str,
        row: usize,
        field: ImportField,
        reason: impl FnOnce(Taken) -> String,
    ) -> Result<Option<Problem>, StoreError> {
        let taken = match index.claim(kind, key, Holder::Row(row))? {
            None => return Ok(None),
            Some(Holder::Person(id)) => Taken::Person(index.person(id)?.0),
            Some(Holder::Row(r)) => Taken::Row(r),
        };
        Ok(Some(self.problem(row, field, reason(taken))))
    }

    fn problem(&self, row: usize, field: ImportField, reason: String) -> Problem {
        Problem {
            row,
            column: Some(self.header(field)),
            reason,
            kind: ProblemKind::Invalid,
        }
    }

    fn validation_problem(&self, row: usize, e: &ValidationError) -> Problem {
        let field = match e.field() {
            Field::GivenName => ImportField::GivenName,
            Field::FamilyName => ImportField::FamilyName,
            Field::Email => ImportField::Email,
            Field::Badge => ImportField::Badge,
            Field::Rank => ImportField::Rank,
            Field::Country => ImportField::Country,
            _ => ImportField::Delegation,
        };
        let reason = match e {
            ValidationError::Required(_) => "required".to_string(),
            ValidationError::Invalid(_, why) => why.to_string(),
            ValidationError::Email(text) => format!("{} is not an email address", quote(text)),
            other => other.to_string(),
        };
        self.problem(row, field, reason)
    }

    /// What a row repeats: someone in the event (by e-mail, then by name) before an
    /// earlier row (by e-mail, then by name).
    fn duplicate(
        &self,
        index: &mut impl Index,
        row: usize,
        email: Option<Holder>,
        name: Option<Holder>,
    ) -> Result<Problem, StoreError> {
        let dup = |column: Option<String>, reason: String| Problem {
            row,
            column,
            reason,
            kind: ProblemKind::Duplicate,
        };
        let email_column = || Some(self.header(ImportField::Email));
        Ok(match (email, name) {
            (Some(Holder::Person(id)), _) => {
                let (who, badge) = index.person(id)?;
                dup(
                    email_column(),
                    format!(
                        "duplicate: {who} (badge {badge}) is already in {} with this email",
                        self.event_code
                    ),
                )
            }
            (_, Some(Holder::Person(id))) => {
                let (who, badge) = index.person(id)?;
                dup(
                    None,
                    format!(
                        "duplicate: {who} (badge {badge}) is already in {} with this name and \
                         delegation",
                        self.event_code
                    ),
                )
            }
            (Some(Holder::Row(r)), _) => {
                dup(email_column(), format!("duplicate of row {r} (same email)"))
            }
            (None, Some(Holder::Row(r))) => dup(
                None,
                format!("duplicate of row {r} (same name and delegation)"),
            ),
            (None, None) => unreachable!("called for a duplicate"),
        })
    }

    /// The delegation called `name`: one of the event's, or one this import creates
    /// (participating State when the name is a country's, else "other", unless the row
    /// gives a category).
    fn delegation_ref(
        &mut self,
        index: &mut impl Index,
        row: usize,
        name: &str,
        key: &str,
        category: Option<Category>,
        problems: &mut Vec<Problem>,
    ) -> Result<DelegationRef, StoreError> {
        if let Some(mut entry) = index.delegation(key)? {
            if let (true, Some(category)) = (entry.created, category) {
                match entry.category_from {
                    None => {
                        entry.category = category;
                        entry.category_from = Some(row);
                        index.put_delegation(key, &entry)?;
                        index.recategorise(&entry)?;
                    }
                    Some(r) if entry.category != category => {
                        problems.push(self.problem(
                            row,
                            ImportField::Category,
                            format!(
                                "{} differs from {} given for {} on row {r}",
                                category.as_str(),
                                entry.category.as_str(),
                                entry.name
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            return Ok(entry.reference);
        }
        let country = crate::domain::country::parse(name);
        let new = NewDelegation {
            name: name.to_string(),
            category: category.unwrap_or(if country.is_some() {
                Category::ParticipatingState
            } else {
                Category::Other
            }),
            sort_key: default_sort_key(name),
            country: country.map(str::to_string),
        };
        let valid = match new.validate() {
            Ok(()) => true,
            Err(v) => {
                problems.push(self.problem(row, ImportField::Delegation, v.to_string()));
                false
            }
        };
        let reference = index.make_delegation(&new, valid)?;
        self.delegations += 1;
        index.put_delegation(
            key,
            &DelegationEntry {
                reference,
                created: true,
                name: new.name,
                category: new.category,
                category_from: category.map(|_| row),
            },
        )?;
        Ok(reference)
    }

    fn finish(self, file: &str, notes: Vec<String>) -> Result<Checked, ImportError> {
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
        let m = &self.mapping;
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
        })
    }
}

/// A value that must stay on one line (a name, an organisation): runs of white space,
/// line breaks included, become one space; other control characters are refused.
fn single_line(text: &str) -> Result<String, String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    refuse_controls(&joined)?;
    Ok(joined)
}

/// A value that may have several lines (notes): line breaks kept as `\n`.
fn multi_line(text: &str) -> Result<String, String> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in unified.split('\n') {
        refuse_controls(&line.replace('\t', " "))?;
    }
    Ok(unified)
}

fn refuse_controls(text: &str) -> Result<(), String> {
    if inert(text) == text {
        return Ok(());
    }
    let c = text
        .chars()
        .find(|c| {
            let mut buf = [0u8; 4];
            let one: &str = c.encode_utf8(&mut buf);
            inert(one) != one
        })
        .unwrap_or('\u{fffd}');
    Err(format!(
        "contains the control character U+{:04X}, which has no place in a name or text",
        c as u32
    ))
}
