//! The columns of the tabular exports (csv, xlsx, json): stable names, documented in
//! `rollcall export --help`, that scripts may rely on.

use crate::domain::Event;
use crate::store::RosterEntry;
use chrono::NaiveDate;

/// One column of a roster export. Its [`name`](Column::name) is the CSV/XLSX header and
/// the JSON field name, and never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Column {
    /// Badge number (unique within the event).
    Badge,
    /// Mr, Ms, Dr, H.E. …
    Honorific,
    GivenName,
    FamilyName,
    /// The name in the person's own script.
    NativeName,
    /// female, male, other, unspecified.
    Gender,
    Position,
    Organisation,
    /// The delegation's printed name.
    Delegation,
    /// The delegation's protocol category (host_state, participating_state, …).
    Category,
    /// ISO 3166-1 alpha-2 code.
    Country,
    Email,
    Phone,
    /// participant, speaker, moderator, expert, observer, organiser, interpreter, press.
    Role,
    /// invited, registered, cancelled, no_show.
    Status,
    /// Head of delegation: yes / no.
    Head,
    /// Place in the delegation after the head.
    Rank,
    /// The day numbers the person was checked in on (1 = the first day), e.g. "1 2".
    DaysPresent,
    Diet,
    Access,
    Notes,
    /// Consent to appear in the published List of Participants: yes / no.
    Consent,
}

/// A value of one cell, typed for JSON and XLSX; CSV writes its text
/// ([`Cell::write_text`]). It borrows from the person's entry: a 100,000-row export
/// copies no text on its way to the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    Number(Option<u32>),
    Flag(bool),
    Days(Days<'a>),
}

/// The days someone was checked in on, as the event's day numbers (1 = the first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days<'a> {
    dates: &'a [NaiveDate],
    event: &'a Event,
}

impl Days<'_> {
    /// The day numbers, first to last.
    pub fn numbers(&self) -> impl Iterator<Item = i64> + '_ {
        self.dates.iter().map(|d| self.event.day_number(*d))
    }
}

/// A JSON array of the day numbers.
impl serde::Serialize for Days<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.numbers())
    }
}

impl Cell<'_> {
    /// Append the cell as text to `out`: numbers in decimal, flags as yes / no, days as
    /// their numbers separated by spaces ("1 2"), an absent number as nothing.
    pub fn write_text(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            Cell::Text(s) => out.push_str(s),
            Cell::Number(n) => {
                if let Some(n) = n {
                    // Writing into a String cannot fail.
                    let _ = write!(out, "{n}");
                }
            }
            Cell::Flag(b) => out.push_str(if *b { "yes" } else { "no" }),
            Cell::Days(days) => {
                for (i, day) in days.numbers().enumerate() {
                    let separator = if i == 0 { "" } else { " " };
                    let _ = write!(out, "{separator}{day}");
                }
            }
        }
    }

    /// The cell as text, as [`Cell::write_text`] writes it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }
}

impl Column {
    /// Every column, in the order of `--columns all` (the declaration order).
    pub fn all() -> impl Iterator<Item = Column> {
        <Column as strum::IntoEnumIterator>::iter()
    }

    /// The columns of a CSV or XLSX export when none are asked for: enough to read the
    /// roster and to import it again, without phone, diet, access and notes.
    pub fn defaults() -> impl Iterator<Item = Column> {
        Column::all().filter(|c| {
            !matches!(
                c,
                Column::Phone | Column::Diet | Column::Access | Column::Notes
            )
        })
    }

    /// The stable name: header, JSON field, `--columns` value.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Parse a `--columns` list: comma-separated names, or `all` / `default`.
    pub fn parse_list(list: &str) -> Result<Vec<Column>, String> {
        let mut columns = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "all" => columns.extend(Column::all()),
                "default" => columns.extend(Column::defaults()),
                lower => {
                    let column = Column::all().find(|c| c.name() == lower).ok_or_else(|| {
                        format!(
                            "unknown column {:?}; the columns are: {}",
                            crate::domain::inert(name),
                            Column::all()
                                .map(Column::name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })?;
                    columns.push(column);
                }
            }
        }
        if columns.is_empty() {
            return Err("no columns named".to_string());
        }
        let mut seen = std::collections::HashSet::new();
        columns.retain(|c| seen.insert(*c));
        Ok(columns)
    }

    /// The value of this column for one person.
    pub fn cell<'a>(self, entry: &'a RosterEntry, event: &'a Event) -> Cell<'a> {
        let p = &entry.attendee.details;
        let text = Cell::Text;
        match self {
            Column::Badge => Cell::Number(Some(entry.attendee.badge)),
            Column::Honorific => text(&p.honorific),
            Column::GivenName => text(&p.given_name),
            Column::FamilyName => text(&p.family_name),
            Column::NativeName => text(&p.native_name),
            Column::Gender => text(p.gender.as_str()),
            Column::Position => text(&p.position),
            Column::Organisation => text(&p.organisation),
            Column::Delegation => text(
                entry
                    .delegation
                    .as_ref()
                    .map_or("", |d| d.details.name.as_str()),
            ),
            Column::Category => text(
                entry
                    .delegation
                    .as_ref()
                    .map_or("", |d| d.details.category.as_str()),
            ),
            Column::Country => text(p.country.as_deref().unwrap_or("")),
            Column::Email => text(&p.email),
            Column::Phone => text(&p.phone),
            Column::Role => text(p.role.as_str()),
            Column::Status => text(p.status.as_str()),
            Column::Head => Cell::Flag(p.is_head),
            Column::Rank => Cell::Number(p.rank),
            Column::DaysPresent => Cell::Days(Days {
                dates: &entry.days,
                event,
            }),
            Column::Diet => text(&p.diet),
            Column::Access => text(&p.access),
            Column::Notes => text(&p.notes),
            Column::Consent => Cell::Flag(p.consent),
        }
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_lists() {
        assert_eq!(
            Column::parse_list("badge, Given_Name,family_name,badge").unwrap(),
            vec![Column::Badge, Column::GivenName, Column::FamilyName]
        );
        assert_eq!(
            Column::parse_list("all").unwrap(),
            Column::all().collect::<Vec<_>>()
        );
        let e = Column::parse_list("badge,shoe_size").unwrap_err();
        assert!(e.contains("shoe_size") && e.contains("days_present"), "{e}");
        assert!(Column::parse_list(" , ").is_err());
    }

    #[test]
    fn names_are_unique() {
        let names: std::collections::HashSet<_> = Column::all().map(Column::name).collect();
        assert_eq!(names.len(), Column::all().count(), "names are unique");
        assert_eq!(Column::defaults().count(), 18);
    }

    /// Scripts read these headers: a renamed variant must not rename its column.
    #[test]
    fn names_are_the_documented_ones() {
        let names: Vec<&str> = Column::all().map(Column::name).collect();
        assert_eq!(
            names.join(","),
            "badge,honorific,given_name,family_name,native_name,gender,position,\
             organisation,delegation,category,country,email,phone,role,status,head,rank,\
             days_present,diet,access,notes,consent"
        );
    }
}
