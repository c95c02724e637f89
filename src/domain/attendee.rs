use super::{
    DelegationId, EventId, Field, Gender, Role, Status, ValidationError, Violations, validate_email,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AttendeeId(pub i64);

/// The largest badge number: eight digits fit any badge printer, and the next number
/// stays far from overflowing.
pub const MAX_BADGE: u32 = 99_999_999;

/// A person as entered: everything but the id and the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAttendee {
    /// Free text: Mr, Ms, Dr, H.E., Ambassador …
    pub honorific: String,
    pub given_name: String,
    pub family_name: String,
    /// The name in the person's own script, e.g. Cyrillic.
    pub native_name: String,
    pub gender: Gender,
    pub position: String,
    pub organisation: String,
    pub delegation: Option<DelegationId>,
    pub is_head: bool,
    /// Place within the delegation after the head (1 = first).
    pub rank: Option<u32>,
    pub country: Option<String>,
    pub email: String,
    pub phone: String,
    pub role: Role,
    pub status: Status,
    /// Unique within the event; `None` asks the store for the next free number.
    pub badge: Option<u32>,
    pub diet: String,
    pub access: String,
    pub notes: String,
    /// Consent to appear in the published List of Participants.
    pub consent: bool,
}

impl Default for NewAttendee {
    fn default() -> Self {
        NewAttendee {
            honorific: String::new(),
            given_name: String::new(),
            family_name: String::new(),
            native_name: String::new(),
            gender: Gender::Unspecified,
            position: String::new(),
            organisation: String::new(),
            delegation: None,
            is_head: false,
            rank: None,
            country: None,
            email: String::new(),
            phone: String::new(),
            role: Role::Participant,
            status: Status::Registered,
            badge: None,
            diet: String::new(),
            access: String::new(),
            notes: String::new(),
            consent: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub id: AttendeeId,
    pub event_id: EventId,
    /// Always set once stored.
    pub badge: u32,
    pub details: NewAttendee,
}

impl NewAttendee {
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::of_blank([
            (Field::GivenName, self.given_name.as_str()),
            (Field::FamilyName, self.family_name.as_str()),
        ]);
        if !self.email.is_empty()
            && let Err(e) = validate_email(&self.email)
        {
            v.push(e);
        }
        match self.badge {
            Some(0) => v.push(ValidationError::Invalid(
                Field::Badge,
                "badge numbers start at 1",
            )),
            Some(b) if b > MAX_BADGE => v.push(ValidationError::Invalid(
                Field::Badge,
                "badge numbers go up to 99999999",
            )),
            _ => {}
        }
        if self.rank == Some(0) {
            v.push(ValidationError::Invalid(Field::Rank, "ranks start at 1"));
        }
        v.into_result()
    }

    /// Whether they lead their delegation at the event ([`leads_delegation`]).
    pub fn leads(&self) -> bool {
        leads_delegation(self.is_head, self.status)
    }

    /// "Battsetseg Batmunkh".
    pub fn full_name(&self) -> String {
        join_nonempty(&[&self.given_name, &self.family_name])
    }

    /// Protocol style, family name in capitals: "Ms Battsetseg BATMUNKH".
    pub fn protocol_name(&self) -> String {
        join_nonempty(&[
            &self.honorific,
            &self.given_name,
            &self.family_name.to_uppercase(),
        ])
    }

    /// List style, sorted by family name: "Batmunkh, Battsetseg".
    pub fn sort_name(&self) -> String {
        match (self.family_name.is_empty(), self.given_name.is_empty()) {
            (false, false) => format!("{}, {}", self.family_name, self.given_name),
            _ => self.full_name(),
        }
    }
}

/// What changed between two versions of a person, for the audit log:
/// `email: "a@x.mn" → "b@x.mn"; rank: 2 → 1`. Empty when nothing did.
/// Whether someone named head of their delegation leads it at the event: the head,
/// unless their registration was cancelled. A protocol officer seats and lists who is
/// there: a cancelled head keeps the title in the record (it counts again when they
/// register again) but is neither starred, labelled nor listed first.
pub fn leads_delegation(is_head: bool, status: Status) -> bool {
    is_head && status != Status::Cancelled
}

pub fn changes(before: &NewAttendee, after: &NewAttendee) -> String {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return String::new();
    };
    b.iter()
        .filter_map(|(field, old)| {
            let new = a.get(field)?;
            (old != new).then(|| format!("{field}: {old} → {new}"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn join_nonempty(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> NewAttendee {
        NewAttendee {
            honorific: "Ms".into(),
            given_name: "Battsetseg".into(),
            family_name: "Batmunkh".into(),
            ..NewAttendee::default()
        }
    }

    #[test]
    fn names() {
        let p = person();
        assert_eq!(p.full_name(), "Battsetseg Batmunkh");
        assert_eq!(p.protocol_name(), "Ms Battsetseg BATMUNKH");
        assert_eq!(p.sort_name(), "Batmunkh, Battsetseg");
        let no_title = NewAttendee {
            honorific: String::new(),
            ..person()
        };
        assert_eq!(no_title.protocol_name(), "Battsetseg BATMUNKH");
    }

    #[test]
    fn changes_name_the_fields() {
        let before = person();
        let after = NewAttendee {
            email: "b@mfa.gov.mn".into(),
            rank: Some(1),
            ..person()
        };
        assert_eq!(
            changes(&before, &after),
            "email: \"\" → \"b@mfa.gov.mn\"; rank: null → 1"
        );
        assert_eq!(changes(&before, &before), "");
    }

    #[test]
    fn validation_table() {
        let cases: Vec<(NewAttendee, Option<Field>)> = vec![
            (person(), None),
            (
                NewAttendee {
                    given_name: " ".into(),
                    ..person()
                },
                Some(Field::GivenName),
            ),
            (
                NewAttendee {
                    family_name: String::new(),
                    ..person()
                },
                Some(Field::FamilyName),
            ),
            (
                NewAttendee {
                    email: "b@mfa".into(),
                    ..person()
                },
                Some(Field::Email),
            ),
            (
                NewAttendee {
                    email: "b@mfa.gov.mn".into(),
                    ..person()
                },
                None,
            ),
            (
                NewAttendee {
                    badge: Some(0),
                    ..person()
                },
                Some(Field::Badge),
            ),
            (
                NewAttendee {
                    rank: Some(0),
                    ..person()
                },
                Some(Field::Rank),
            ),
        ];
        for (p, field) in cases {
            match (p.validate(), field) {
                (Ok(()), None) => {}
                (Err(e), Some(f)) => assert!(e.for_field(f).is_some(), "{e} lacks {f}"),
                (got, want) => panic!("{p:?}: got {got:?}, wanted an error on {want:?}"),
            }
        }
    }
}
