use super::{Category, EventKind, Field, Language, ValidationError, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventId(pub i64);

/// An event as the user enters it (no id yet, or the new values of an edit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    /// Short unique code that scripts use, e.g. `ulaanbaatar-2017`.
    pub code: String,
    pub title: String,
    pub kind: EventKind,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub city: String,
    /// ISO 3166-1 alpha-2 code of the host country, if any.
    #[serde(default)]
    pub country: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub description: String,
    /// What the lists are written in by default: country names, headings, dates and
    /// the alphabetical order of countries.
    #[serde(default)]
    pub language: Language,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: EventId,
    pub details: NewEvent,
    /// Protocol order of the delegation categories for this event.
    pub category_order: Vec<Category>,
}

impl NewEvent {
    /// A seminar `code`, `title`, from `start` to `end`, everything else empty and its
    /// lists in English: what a new seminar starts from.
    pub fn new(
        code: impl Into<String>,
        title: impl Into<String>,
        start: NaiveDate,
        end: NaiveDate,
    ) -> NewEvent {
        NewEvent {
            code: code.into(),
            title: title.into(),
            kind: EventKind::Seminar,
            venue: String::new(),
            city: String::new(),
            country: None,
            start_date: start,
            end_date: end,
            organiser: String::new(),
            description: String::new(),
            language: Language::default(),
        }
    }

    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::of_blank([
            (Field::Title, self.title.as_str()),
            (Field::Code, self.code.as_str()),
        ]);
        if !self.code.is_empty() && !is_valid_code(&self.code) {
            v.push(ValidationError::Invalid(
                Field::Code,
                "use lower-case letters, digits and '-' only",
            ));
        }
        if self.end_date < self.start_date {
            v.push(ValidationError::EndBeforeStart {
                start: self.start_date,
                end: self.end_date,
            });
        }
        v.into_result()
    }
}

impl Event {
    /// `details` as stored under `id`, its delegations in the default protocol order.
    pub fn with_default_order(id: EventId, details: NewEvent) -> Event {
        Event {
            id,
            details,
            category_order: Category::default_order(),
        }
    }

    /// The event's days, first to last.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.details
            .start_date
            .iter_days()
            .take_while(|d| *d <= self.details.end_date)
    }

    /// The day a check-in made on `today` counts for: today while the event runs,
    /// otherwise its first day (rehearsals, demos, late data entry).
    pub fn check_in_day(&self, today: NaiveDate) -> NaiveDate {
        if self.contains(today) {
            today
        } else {
            self.details.start_date
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.details.start_date..=self.details.end_date).contains(&day)
    }

    /// 1-based number of `day` within the event ("day 1").
    pub fn day_number(&self, day: NaiveDate) -> i64 {
        (day - self.details.start_date).num_days() + 1
    }

    pub fn validate_day(&self, day: NaiveDate) -> Result<(), ValidationError> {
        if self.contains(day) {
            Ok(())
        } else {
            Err(ValidationError::DayOutsideEvent {
                day,
                start: self.details.start_date,
                end: self.details.end_date,
            })
        }
    }
}

/// Codes go into file names and shell commands: keep them to `[a-z0-9-]`.
fn is_valid_code(code: &str) -> bool {
    code.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seminar(start: (i32, u32, u32), end: (i32, u32, u32)) -> NewEvent {
        NewEvent {
            code: "ulaanbaatar-2017".into(),
            title: "National seminar".into(),
            kind: EventKind::Seminar,
            venue: String::new(),
            city: "Ulaanbaatar".into(),
            country: Some("MN".into()),
            start_date: NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap(),
            end_date: NaiveDate::from_ymd_opt(end.0, end.1, end.2).unwrap(),
            organiser: "OSCE".into(),
            description: String::new(),
            language: Default::default(),
        }
    }

    #[test]
    fn validation_table() {
        let ok = seminar((2017, 7, 5), (2017, 7, 6));
        assert!(ok.validate().is_ok());
        let one_day = seminar((2017, 7, 5), (2017, 7, 5));
        assert!(one_day.validate().is_ok());

        let cases: Vec<(NewEvent, Field)> = vec![
            (seminar((2017, 7, 5), (2017, 7, 4)), Field::EndDate),
            (
                NewEvent {
                    title: "  ".into(),
                    ..ok.clone()
                },
                Field::Title,
            ),
            (
                NewEvent {
                    code: String::new(),
                    ..ok.clone()
                },
                Field::Code,
            ),
            (
                NewEvent {
                    code: "Ulaanbaatar 2017".into(),
                    ..ok.clone()
                },
                Field::Code,
            ),
        ];
        for (event, field) in cases {
            let errors = event.validate().expect_err("should be refused");
            assert!(
                errors.for_field(field).is_some(),
                "expected an error on {field}, got {errors}"
            );
        }
    }

    #[test]
    fn check_in_day_falls_back_to_the_first_day() {
        let event = Event {
            id: EventId(1),
            details: seminar((2017, 7, 5), (2017, 7, 6)),
            category_order: Category::default_order(),
        };
        let day2 = NaiveDate::from_ymd_opt(2017, 7, 6).unwrap();
        let later = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(event.check_in_day(day2), day2);
        assert_eq!(event.check_in_day(later), event.details.start_date);
        assert_eq!(event.day_number(day2), 2);
        assert_eq!(event.days().count(), 2);
        assert!(event.validate_day(later).is_err());
    }
}
