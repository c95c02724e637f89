//! Typed validation errors that name the field they are about, so a form can show
//! each beside its field and a CLI can print "row 12, Email: …".

use chrono::NaiveDate;
use std::fmt;

/// A field of an event, a delegation or an attendee: its label is what people call it
/// (the forms show it), its name (`given_name`, `is_head`) what the audit log calls it.
/// Forms map each to their own field with an exhaustive `match`, so a field added here
/// is one the compiler asks every form about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Field {
    // A seminar's.
    Code,
    Title,
    Kind,
    StartDate,
    EndDate,
    City,
    Venue,
    Organiser,
    Description,
    Language,
    // A delegation's.
    Name,
    Category,
    SortKey,
    // Anyone's.
    Country,
    // A person's.
    Honorific,
    GivenName,
    FamilyName,
    NativeName,
    Gender,
    Position,
    Organisation,
    Delegation,
    #[strum(serialize = "is_head")]
    Head,
    Rank,
    Email,
    Phone,
    Role,
    Status,
    Badge,
    Diet,
    Access,
    Notes,
    Consent,
    // A check-in's.
    Day,
}

impl Field {
    pub const fn label(self) -> &'static str {
        match self {
            Field::Code => "Code",
            Field::Title => "Title",
            Field::Kind => "Kind",
            Field::StartDate => "Start date",
            Field::EndDate => "End date",
            Field::City => "City",
            Field::Venue => "Venue",
            Field::Organiser => "Organiser",
            Field::Description => "Description",
            Field::Language => "Language",
            Field::Name => "Name",
            Field::Category => "Category",
            Field::SortKey => "Sort key",
            Field::Country => "Country",
            Field::Honorific => "Honorific",
            Field::GivenName => "Given name",
            Field::FamilyName => "Family name",
            Field::NativeName => "Native name",
            Field::Gender => "Gender",
            Field::Position => "Position",
            Field::Organisation => "Organisation",
            Field::Delegation => "Delegation",
            Field::Head => "Head of delegation",
            Field::Rank => "Rank",
            Field::Email => "Email",
            Field::Phone => "Phone",
            Field::Role => "Role",
            Field::Status => "Status",
            Field::Badge => "Badge",
            Field::Diet => "Diet",
            Field::Access => "Access",
            Field::Notes => "Notes",
            Field::Consent => "Published in the list",
            Field::Day => "Day",
        }
    }

    /// The field's name in the records and the audit log (`given_name: "A" → "B"`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("{0}: required")]
    Required(Field),
    #[error("{0}: {1}")]
    Invalid(Field, &'static str),
    #[error("End date: {end} is before the start date {start}")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("Email: \"{0}\" is not an email address")]
    Email(String),
    #[error("Badge: {0} is already taken in this event")]
    BadgeTaken(u32),
    #[error("Day: {day} is outside the event ({start} – {end})")]
    DayOutsideEvent {
        day: NaiveDate,
        start: NaiveDate,
        end: NaiveDate,
    },
}

impl ValidationError {
    /// The field this error is about, so a form can put it beside that field.
    pub fn field(&self) -> Field {
        match self {
            ValidationError::Required(f) | ValidationError::Invalid(f, _) => *f,
            ValidationError::EndBeforeStart { .. } => Field::EndDate,
            ValidationError::Email(_) => Field::Email,
            ValidationError::BadgeTaken(_) => Field::Badge,
            ValidationError::DayOutsideEvent { .. } => Field::Day,
        }
    }
}

/// Everything wrong with one record (empty when it is valid).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<ValidationError>);

impl Violations {
    pub fn push(&mut self, e: ValidationError) {
        self.0.push(e);
    }
    /// A record's validation starts here: the fields of `required` that are blank,
    /// each named; the record's own rules push what else is wrong.
    pub fn of_blank<'a>(required: impl IntoIterator<Item = (Field, &'a str)>) -> Violations {
        Violations(
            required
                .into_iter()
                .filter(|(_, value)| value.trim().is_empty())
                .map(|(field, _)| ValidationError::Required(field))
                .collect(),
        )
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> Result<(), Violations> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
    /// The first error about `field`, if any.
    pub fn for_field(&self, field: Field) -> Option<&ValidationError> {
        self.0.iter().find(|e| e.field() == field)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// A deliberately plain check of an email's shape: one `@`, something before it, a dot in
/// the domain, no spaces. Deliverability is not our business; typos like "a@b" are.
pub fn validate_email(email: &str) -> Result<(), ValidationError> {
    let bad = || ValidationError::Email(email.to_string());
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let shape_ok = !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain
            .split_once('.')
            .is_some_and(|(host, tld)| !host.is_empty() && !tld.is_empty())
        && !domain.ends_with('.');
    if shape_ok { Ok(()) } else { Err(bad()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        for ok in ["a@b.mn", "t.nilsson@mfa.dk.example", "x+y@sub.domain.org"] {
            assert!(validate_email(ok).is_ok(), "{ok} should pass");
        }
        for bad in [
            "", "a", "a@b", "@b.mn", "a@@b.mn", "a b@c.mn", "a@b.", "a@.mn",
        ] {
            assert!(validate_email(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn errors_name_their_field() {
        let start = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let end = NaiveDate::from_ymd_opt(2017, 7, 4).unwrap();
        let e = ValidationError::EndBeforeStart { start, end };
        assert_eq!(e.field(), Field::EndDate);
        assert_eq!(
            e.to_string(),
            "End date: 2017-07-04 is before the start date 2017-07-05"
        );
        assert_eq!(
            ValidationError::Required(Field::FamilyName).to_string(),
            "Family name: required"
        );
    }
}
