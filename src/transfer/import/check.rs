//! The rows of a table → the people and delegations to write, or every problem: each
//! cell parsed, each person validated by the domain, and the file checked against the
//! event (duplicates, taken badges, second heads) and against itself.

use super::columns::{ImportField, Mapping};
use super::table::{Row, Table};
use super::values::{self, cell_text, quote};
use super::{ImportError, ImportOptions, ImportPlan, Problem, ProblemKind, Progress, Stage};
use crate::domain::fold::fold;
use crate::domain::{
    Category, Delegation, DelegationId, Event, Field, NewAttendee, NewDelegation, ValidationError,
    default_sort_key, inert,
};
use crate::store::{DelegationRef, ExistingPerson, ImportSnapshot};
use std::collections::HashMap;

/// How often (in rows) checking reports progress.
const PROGRESS_EVERY: usize = 1024;
/// How far down a header row is looked for (title rows above it are common).
const HEADER_SEARCH: usize = 10;

pub(super) fn check(
    file: &str,
    table: Table,
    snapshot: &ImportSnapshot,
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportPlan, ImportError> {
    if table.rows.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_string(),
        });
    }
    let header_at = find_header(&table.rows, options);
    let header = &table.rows[header_at];
    let mapping =
        Mapping::new(&header.cells, &options.map).map_err(|message| ImportError::Columns {
            file: file.to_string(),
            message: if header.number > 1 {
                format!("header row {}: {message}", header.number)
            } else {
                message
            },
        })?;
    let mut notes = Vec::new();
    if header_at > 0 {
        notes.push(format!(
            "row {} is the header row; the {} above it were left out",
            header.number,
            if header_at == 1 {
                "row".to_string()
            } else {
                format!("{header_at} rows")
            }
        ));
    }
    let data = &table.rows[header_at + 1..];
    let mut checker = Checker::new(&mapping, snapshot, options);
    for (i, row) in data.iter().enumerate() {
        if i.is_multiple_of(PROGRESS_EVERY) {
            progress(Progress {
                stage: Stage::Checking,
                done: i,
                total: data.len(),
            });
        }
        checker.row(row);
    }
    progress(Progress {
        stage: Stage::Checking,
        done: data.len(),
        total: data.len(),
    });
    if data.is_empty() {
        notes.push("the file has a header row but no rows to import".to_string());
    }
    checker.finish(file, data.len(), notes)
}

/// The header row: the first of the top rows that maps both name columns; failing
/// that, the one that names the most known fields (so its error message is the useful
/// one); failing that, the first.
fn find_header(rows: &[Row], options: &ImportOptions) -> usize {
    let top = &rows[..rows.len().min(HEADER_SEARCH)];
    if let Some(i) = top
        .iter()
        .position(|r| Mapping::new(&r.cells, &options.map).is_ok())
    {
        return i;
    }
    let mut best = (0, 0);
    for (i, r) in top.iter().enumerate() {
        let n = Mapping::recognised(&r.cells, &options.map);
        if n > best.1 {
            best = (i, n);
        }
    }
    best.0
}

/// A person's name for duplicate detection, with the folded delegation name.
type NameKey = (String, Option<String>);

/// A delegation's identity for matching: its folded name.
fn delegation_key(name: &str) -> String {
    let folded = fold(name);
    if folded.is_empty() {
        name.trim().to_lowercase()
    } else {
        folded
    }
}

fn name_key(given: &str, family: &str, delegation: Option<String>) -> Option<NameKey> {
    if given.trim().is_empty() || family.trim().is_empty() {
        return None;
    }
    Some((fold(&format!("{given} {family}")), delegation))
}

fn email_key(email: &str) -> Option<String> {
    let e = email.trim();
    (!e.is_empty()).then(|| e.to_lowercase())
}

fn full_name(p: &ExistingPerson) -> String {
    format!("{} {}", p.given_name, p.family_name)
}

struct Checker<'a> {
    mapping: &'a Mapping,
    event: &'a Event,
    event_code: &'a str,
    skip_duplicates: bool,
    /// Column of each field, by `ImportField as usize`.
    columns: [Option<usize>; ImportField::ALL.len()],

    delegations: HashMap<String, &'a Delegation>,
    by_email: HashMap<String, &'a ExistingPerson>,
    by_name: HashMap<NameKey, &'a ExistingPerson>,
    by_badge: HashMap<u32, &'a ExistingPerson>,
    heads: HashMap<DelegationId, &'a ExistingPerson>,

    seen_email: HashMap<String, usize>,
    seen_name: HashMap<NameKey, usize>,
    seen_badge: HashMap<u32, usize>,
    seen_head: HashMap<String, usize>,
    new_delegations: Vec<NewDelegation>,
    new_by_key: HashMap<String, usize>,
    /// The row that gave each new delegation its category explicitly.
    category_from: Vec<Option<usize>>,
    /// Columns without a header that hold something (reported as ignored).
    unnamed_with_data: Vec<bool>,

    people: Vec<(DelegationRef, NewAttendee)>,
    rows: Vec<usize>,
    problems: Vec<Problem>,
    skipped: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn new(mapping: &'a Mapping, snapshot: &'a ImportSnapshot, options: &ImportOptions) -> Self {
        let mut columns = [None; ImportField::ALL.len()];
        for field in ImportField::ALL {
            columns[field as usize] = mapping.column_of(field);
        }
        let mut delegations = HashMap::new();
        let mut delegation_keys = HashMap::new();
        for d in &snapshot.delegations {
            let key = delegation_key(&d.details.name);
            delegation_keys.insert(d.id, key.clone());
            delegations.entry(key).or_insert(d);
        }
        let mut by_email = HashMap::new();
        let mut by_name = HashMap::new();
        let mut by_badge = HashMap::new();
        let mut heads = HashMap::new();
        for p in &snapshot.people {
            if let Some(k) = email_key(&p.email) {
                by_email.entry(k).or_insert(p);
            }
            let deleg = p.delegation.and_then(|d| delegation_keys.get(&d).cloned());
            if let Some(k) = name_key(&p.given_name, &p.family_name, deleg) {
                by_name.entry(k).or_insert(p);
            }
            by_badge.insert(p.badge, p);
            if p.is_head
                && let Some(d) = p.delegation
            {
                heads.insert(d, p);
            }
        }
        Checker {
            mapping,
            event: &snapshot.event,
            event_code: &snapshot.event.details.code,
            skip_duplicates: options.skip_duplicates,
            columns,
            delegations,
            by_email,
            by_name,
            by_badge,
            heads,
            seen_email: HashMap::new(),
            seen_name: HashMap::new(),
            seen_badge: HashMap::new(),
            seen_head: HashMap::new(),
            new_delegations: Vec::new(),
            new_by_key: HashMap::new(),
            category_from: Vec::new(),
            unnamed_with_data: vec![false; mapping.headers.len()],
            people: Vec::new(),
            rows: Vec::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
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

    fn row(&mut self, row: &Row) {
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
            self.problems.push(Problem {
                row: row.number,
                column: None,
                reason: format!(
                    "{} cells, but the header row has {} columns: a separator inside a value \
                     that is not in quotes?",
                    last + 1,
                    width
                ),
                kind: ProblemKind::Invalid,
            });
            return;
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

        // Duplicates: of someone in the event, or of an earlier row.
        let deleg_key = delegation.as_deref().map(delegation_key);
        let email = email_key(&person.email)
            .filter(|_| crate::domain::validate_email(person.email.trim()).is_ok());
        let name = name_key(&person.given_name, &person.family_name, deleg_key.clone());
        if let Some(duplicate) = self.duplicate(row.number, email.as_ref(), name.as_ref()) {
            if self.skip_duplicates {
                self.skipped.push(duplicate);
            } else {
                self.problems.extend(problems);
                self.problems.push(duplicate);
            }
            return;
        }
        if let Some(k) = email {
            self.seen_email.insert(k, row.number);
        }
        if let Some(k) = name {
            self.seen_name.insert(k, row.number);
        }

        if let Some(badge) = person.badge {
            if let Some(p) = self.by_badge.get(&badge) {
                problems.push(self.problem(
                    row.number,
                    ImportField::Badge,
                    format!(
                        "{badge} is already taken in {} by {}",
                        self.event_code,
                        full_name(p)
                    ),
                ));
            } else if let Some(r) = self.seen_badge.get(&badge) {
                problems.push(self.problem(
                    row.number,
                    ImportField::Badge,
                    format!("{badge} is also on row {r}"),
                ));
            } else {
                self.seen_badge.insert(badge, row.number);
            }
        }

        let reference = match (&delegation, &deleg_key) {
            (Some(name), Some(key)) => {
                self.delegation_ref(row.number, name, key, category, &mut problems)
            }
            _ => DelegationRef::None,
        };

        if person.is_head {
            match (&delegation, &deleg_key) {
                (Some(name), Some(key)) => {
                    let head = match reference {
                        DelegationRef::Existing(id) => self.heads.get(&id).copied(),
                        _ => None,
                    };
                    if let Some(head) = head {
                        problems.push(self.problem(
                            row.number,
                            ImportField::Head,
                            format!("{name} already has a head: {}", full_name(head)),
                        ));
                    } else if let Some(r) = self.seen_head.get(key) {
                        problems.push(self.problem(
                            row.number,
                            ImportField::Head,
                            format!("row {r} is already the head of {name}"),
                        ));
                    } else {
                        self.seen_head.insert(key.clone(), row.number);
                    }
                }
                _ => problems.push(self.problem(
                    row.number,
                    ImportField::Head,
                    "yes, but the row names no delegation to head".to_string(),
                )),
            }
        }

        // In the order of the file's columns, as a person reads the row.
        problems.sort_by_key(|p| {
            p.column
                .as_ref()
                .and_then(|c| self.mapping.headers.iter().position(|h| h == c))
                .unwrap_or(usize::MAX)
        });
        if problems.is_empty() {
            self.people.push((reference, person));
            self.rows.push(row.number);
        } else {
            self.problems.extend(problems);
        }
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

    fn duplicate(
        &self,
        row: usize,
        email: Option<&String>,
        name: Option<&NameKey>,
    ) -> Option<Problem> {
        let dup = |column: Option<String>, reason: String| Problem {
            row,
            column,
            reason,
            kind: ProblemKind::Duplicate,
        };
        let email_column = || Some(self.header(ImportField::Email));
        if let Some(p) = email.and_then(|k| self.by_email.get(k)) {
            return Some(dup(
                email_column(),
                format!(
                    "duplicate: {} (badge {}) is already in {} with this email",
                    full_name(p),
                    p.badge,
                    self.event_code
                ),
            ));
        }
        if let Some(p) = name.and_then(|k| self.by_name.get(k)) {
            return Some(dup(
                None,
                format!(
                    "duplicate: {} (badge {}) is already in {} with this name and delegation",
                    full_name(p),
                    p.badge,
                    self.event_code
                ),
            ));
        }
        if let Some(r) = email.and_then(|k| self.seen_email.get(k)) {
            return Some(dup(
                email_column(),
                format!("duplicate of row {r} (same email)"),
            ));
        }
        if let Some(r) = name.and_then(|k| self.seen_name.get(k)) {
            return Some(dup(
                None,
                format!("duplicate of row {r} (same name and delegation)"),
            ));
        }
        None
    }

    /// The delegation called `name`: one of the event's, or one this import creates
    /// (participating State when the name is a country's, else "other", unless the row
    /// gives a category).
    fn delegation_ref(
        &mut self,
        row: usize,
        name: &str,
        key: &str,
        category: Option<Category>,
        problems: &mut Vec<Problem>,
    ) -> DelegationRef {
        if let Some(d) = self.delegations.get(key) {
            return DelegationRef::Existing(d.id);
        }
        if let Some(&i) = self.new_by_key.get(key) {
            if let Some(category) = category {
                match self.category_from[i] {
                    None => {
                        self.new_delegations[i].category = category;
                        self.category_from[i] = Some(row);
                    }
                    Some(r) if self.new_delegations[i].category != category => {
                        problems.push(self.problem(
                            row,
                            ImportField::Category,
                            format!(
                                "{} differs from {} given for {} on row {r}",
                                category.as_str(),
                                self.new_delegations[i].category.as_str(),
                                self.new_delegations[i].name
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            return DelegationRef::New(i);
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
        if let Err(v) = new.validate() {
            problems.push(self.problem(row, ImportField::Delegation, v.to_string()));
        }
        let i = self.new_delegations.len();
        self.new_delegations.push(new);
        self.category_from.push(category.map(|_| row));
        self.new_by_key.insert(key.to_string(), i);
        DelegationRef::New(i)
    }

    fn finish(
        self,
        file: &str,
        rows: usize,
        notes: Vec<String>,
    ) -> Result<ImportPlan, ImportError> {
        if !self.problems.is_empty() {
            let mut problems = self.problems;
            problems.sort_by_key(|p| p.row);
            return Err(ImportError::Rows {
                file: file.to_string(),
                problems,
                rows,
            });
        }
        let m = self.mapping;
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
        // Delegations only the skipped rows needed are not created.
        let mut used = vec![false; self.new_delegations.len()];
        for (r, _) in &self.people {
            if let DelegationRef::New(i) = r {
                used[*i] = true;
            }
        }
        let mut renumber = vec![0; used.len()];
        let mut delegations = Vec::new();
        for (i, d) in self.new_delegations.into_iter().enumerate() {
            if used[i] {
                renumber[i] = delegations.len();
                delegations.push(d);
            }
        }
        let people = self
            .people
            .into_iter()
            .map(|(r, p)| match r {
                DelegationRef::New(i) => (DelegationRef::New(renumber[i]), p),
                other => (other, p),
            })
            .collect();
        Ok(ImportPlan {
            event: self.event.clone(),
            file: file.to_string(),
            delegations,
            people,
            rows: self.rows,
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
