//! One data row read into typed values, without looking at anything else (pure): the
//! person as the domain validates them, the delegation it names and the category it
//! gives, and the problems of its cells, each naming the row and the column.

use super::super::columns::{ImportField, Mapping};
use super::super::table::Row;
use super::super::values::{self, cell_text, quote};
use super::super::{Problem, ProblemKind};
use super::invalid;
use crate::domain::{Category, Field, NewAttendee, ValidationError, inert};
use strum::EnumCount;

/// A row's typed values. The problems of its cells come beside it: a row with
/// problems is still checked for duplicates, so that every problem is told at once.
#[derive(Debug, Default)]
pub(super) struct ParsedRow {
    pub person: NewAttendee,
    /// The delegation's name as the row gives it.
    pub delegation: Option<String>,
    /// The category for a delegation the import makes.
    pub category: Option<Category>,
}

/// Reads the rows of one file under its header.
pub(super) struct RowParser {
    mapping: Mapping,
    /// Column of each field, by `ImportField as usize` (a look-up per cell).
    columns: [Option<usize>; ImportField::COUNT],
}

impl RowParser {
    pub fn new(mapping: Mapping) -> Self {
        let mut columns = [None; ImportField::COUNT];
        for field in ImportField::all() {
            columns[field as usize] = mapping.column_of(field);
        }
        RowParser { mapping, columns }
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// The cell of `field` in `row`, trimmed; `None` when the column is missing or the
    /// cell empty.
    fn get<'r>(&self, row: &'r Row, field: ImportField) -> Option<&'r str> {
        let col = self.columns[field as usize]?;
        let text = cell_text(row.cells.get(col)?);
        (!text.is_empty()).then_some(text)
    }

    /// Which fields `row` fills in (a cell that is not empty), by `ImportField as usize`.
    pub fn given(&self, row: &Row) -> [bool; ImportField::COUNT] {
        let mut given = [false; ImportField::COUNT];
        for field in ImportField::all() {
            given[field as usize] = self.get(row, field).is_some();
        }
        given
    }

    /// `row`'s typed values and the problems of its cells; `Err`: the one problem of a
    /// row that cannot be read at all (more cells than the header has columns).
    pub fn parse(&self, row: &Row) -> Result<(ParsedRow, Vec<Problem>), Problem> {
        let width = self.mapping.headers.len();
        // More cells than the header has columns: the values are shifted, so nothing
        // else in the row can be trusted. (Fewer is fine: the rest are empty.)
        if let Some(last) = row.cells.iter().rposition(|c| !c.trim().is_empty())
            && last >= width
        {
            return Err(Problem {
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
        }

        let mut problems = Vec::new();
        let problem =
            |field: ImportField, reason: String| invalid(&self.mapping, row.number, field, reason);
        for (col, error) in &row.errors {
            if let Some(Some(field)) = self.mapping.fields.get(*col) {
                problems.push(problem(
                    *field,
                    format!("the cell shows the spreadsheet error {error}"),
                ));
            }
        }

        let mut parsed = ParsedRow::default();
        let person = &mut parsed.person;
        let single: fn(&str) -> Result<String, String> = single_line;
        let multi: fn(&str) -> Result<String, String> = multi_line;
        for (field, target, read) in [
            (ImportField::GivenName, &mut person.given_name, single),
            (ImportField::FamilyName, &mut person.family_name, single),
            (ImportField::NativeName, &mut person.native_name, single),
            (ImportField::Honorific, &mut person.honorific, single),
            (ImportField::Position, &mut person.position, single),
            (ImportField::Organisation, &mut person.organisation, single),
            (ImportField::Email, &mut person.email, single),
            (ImportField::Phone, &mut person.phone, single),
            (ImportField::Diet, &mut person.diet, multi),
            (ImportField::Access, &mut person.access, multi),
            (ImportField::Notes, &mut person.notes, multi),
        ] {
            if let Some(text) = self.get(row, field) {
                match read(text) {
                    Ok(t) => *target = t,
                    Err(reason) => {
                        // Kept, so that the row is not also reported as missing it.
                        *target = text.to_string();
                        problems.push(problem(field, reason));
                    }
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
        parse!(ImportField::Category, values::category, |v| parsed
            .category =
            Some(v));
        parse!(ImportField::Delegation, single_line, |v| parsed
            .delegation =
            Some(v));

        if let Err(violations) = parsed.person.validate() {
            for e in &violations.0 {
                problems.push(self.validation_problem(row.number, e));
            }
        }
        Ok((parsed, problems))
    }

    pub(super) fn validation_problem(&self, row: usize, e: &ValidationError) -> Problem {
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
        invalid(&self.mapping, row, field, reason)
    }
}

/// A value that must stay on one line (a name, an organisation): runs of white space,
/// line breaks included, become one space; other control characters are refused.
fn single_line(text: &str) -> Result<String, String> {
    // Most cells are one line already, words apart by one space: taken as they are
    // (splitting and joining every cell was a tenth of a large import's work).
    let joined = if is_one_line(text) {
        text.to_string()
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    refuse_controls(&joined)?;
    Ok(joined)
}

/// Whether `text` is what [`single_line`] would make of it: no white space at either
/// end, and none inside but single spaces.
fn is_one_line(text: &str) -> bool {
    let mut after_space = true; // no space at the start
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Gender;

    fn parser(header: &[&str]) -> RowParser {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        RowParser::new(Mapping::new(&header, &[]).unwrap())
    }

    fn row(cells: &[&str]) -> Row {
        Row {
            number: 7,
            cells: cells.iter().map(|c| c.to_string()).collect(),
            errors: Vec::new(),
        }
    }

    fn reasons(problems: &[Problem]) -> Vec<(Option<&str>, &str)> {
        problems
            .iter()
            .map(|p| (p.column.as_deref(), p.reason.as_str()))
            .collect()
    }

    #[test]
    fn cells_become_typed_values() {
        let p = parser(&["Prénom", "Nom", "Sex", "Délégation", "Catégorie", "Notes"]);
        let (parsed, problems) = p
            .parse(&row(&[
                " Anna ",
                "de\nVries",
                "F",
                "Canada",
                "partner",
                "a\r\nb",
            ]))
            .unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(parsed.person.given_name, "Anna");
        assert_eq!(parsed.person.family_name, "de Vries", "line breaks joined");
        assert_eq!(parsed.person.gender, Gender::Female);
        assert_eq!(parsed.person.notes, "a\nb", "notes keep their lines");
        assert_eq!(parsed.delegation.as_deref(), Some("Canada"));
        assert_eq!(parsed.category, Some(Category::Partner));
    }

    #[test]
    fn each_problem_names_its_column_as_the_file_spells_it() {
        let p = parser(&["First name", "Surname", "Sex", "E-mail"]);
        let (_, problems) = p.parse(&row(&["Bo\u{7}b", "", "yes", "bob@x"])).unwrap();
        let reasons = reasons(&problems);
        assert!(
            reasons.contains(&(
                Some("First name"),
                "contains the control character U+0007, which has no place in a name or text"
            )),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&(Some("Surname"), "required")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|(c, _)| *c == Some("Sex")),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&(Some("E-mail"), "\"bob@x\" is not an email address")),
            "{reasons:?}"
        );
    }

    /// The shortcut for cells already on one line gives what splitting and joining
    /// gives, whatever the white space.
    #[test]
    fn one_line_cells_are_kept_as_they_are() {
        for text in [
            "",
            "Anna",
            "Anna Lee",
            "Anna  Lee",
            " Anna",
            "Anna ",
            " ",
            "Anna\tLee",
            "Anna\nLee",
            "Анна\u{a0}Ли",
            "Анна Ли",
            "a\u{2003}b",
            "a b c d",
        ] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(is_one_line(text), joined == text, "{text:?}");
            assert_eq!(single_line(text), Ok(joined), "{text:?}");
        }
    }

    #[test]
    fn a_row_wider_than_the_header_is_not_read() {
        let p = parser(&["First name", "Surname"]);
        let unread = p.parse(&row(&["Ann", "Lee", "extra"])).unwrap_err();
        assert_eq!(unread.row, 7);
        assert_eq!(unread.column, None);
        assert!(
            unread
                .reason
                .starts_with("3 cells, but the header row has 2 columns")
        );
        // Empty cells past the header are only trailing separators.
        assert!(p.parse(&row(&["Ann", "Lee", " ", ""])).is_ok());
    }
}
