//! Badges for some people only (`--only`): the walk-ins, those whose badge is out of
//! date, one delegation, or a range of badge numbers.

use super::ExportError;
use crate::domain::{Event, fold::fold};
use crate::store::{RosterEntry, Store};

/// Whose badges to print, when not everyone's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadgeSubset {
    /// People who walked in (registered at a desk).
    WalkIns,
    /// Badges never printed, or printed before the person was added or last changed.
    ChangedSincePrint,
    /// One delegation, by its name (case, accents and punctuation ignored).
    Delegation(String),
    /// Badge numbers from the first to the last, both included.
    Badges(u32, u32),
}

impl std::str::FromStr for BadgeSubset {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        const USE: &str =
            "use walk-ins, changed-since-print, delegation:NAME or badges:FROM-TO (badges:10-40)";
        let text = text.trim();
        let number = |n: &str| n.trim().parse::<u32>().ok().filter(|n| *n > 0);
        match text.split_once(':') {
            None if text.eq_ignore_ascii_case("walk-ins") => Ok(BadgeSubset::WalkIns),
            None if text.eq_ignore_ascii_case("changed-since-print") => {
                Ok(BadgeSubset::ChangedSincePrint)
            }
            Some((kind, name)) if kind.eq_ignore_ascii_case("delegation") => {
                if name.trim().is_empty() {
                    Err("delegation: which one? e.g. delegation:Kyrgyzstan".into())
                } else {
                    Ok(BadgeSubset::Delegation(name.trim().to_string()))
                }
            }
            Some((kind, range)) if kind.eq_ignore_ascii_case("badges") => {
                let (from, to) = range.split_once('-').unwrap_or((range, range));
                match (number(from), number(to)) {
                    (Some(from), Some(to)) if from <= to => Ok(BadgeSubset::Badges(from, to)),
                    (Some(from), Some(to)) => Err(format!(
                        "badges:{from}-{to} is empty: put the smaller number first"
                    )),
                    _ => Err(format!(
                        "badges:{range}: use badge numbers from 1, e.g. badges:10-40"
                    )),
                }
            }
            _ => Err(format!("unknown subset \"{text}\": {USE}")),
        }
    }
}

impl std::fmt::Display for BadgeSubset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadgeSubset::WalkIns => f.write_str("walk-ins"),
            BadgeSubset::ChangedSincePrint => f.write_str("changed since their last print"),
            BadgeSubset::Delegation(name) => write!(f, "delegation {name}"),
            BadgeSubset::Badges(from, to) if from == to => write!(f, "badge {from}"),
            BadgeSubset::Badges(from, to) => write!(f, "badges {from}–{to}"),
        }
    }
}

impl BadgeSubset {
    /// The people of `roster` (of `event`) in this subset, in their order. A
    /// delegation the event does not have is an error, not an empty print.
    pub(super) fn pick(
        &self,
        store: &Store,
        event: &Event,
        mut roster: Vec<RosterEntry>,
    ) -> Result<Vec<RosterEntry>, ExportError> {
        match self {
            BadgeSubset::WalkIns => {
                let ids = store.walk_ins(event)?;
                roster.retain(|e| ids.contains(&e.attendee.id));
            }
            BadgeSubset::ChangedSincePrint => {
                let ids = store.badges_out_of_date(event)?;
                roster.retain(|e| ids.contains(&e.attendee.id));
            }
            BadgeSubset::Delegation(name) => {
                let wanted = fold(name);
                let day = event.details.start_date;
                let known = store
                    .list_delegations(event, day)?
                    .iter()
                    .any(|d| fold(&d.delegation.details.name) == wanted);
                if !known {
                    return Err(ExportError::NoSuchDelegation {
                        name: name.clone(),
                        event: event.details.code.clone(),
                    });
                }
                roster.retain(|e| {
                    e.delegation
                        .as_ref()
                        .is_some_and(|d| fold(&d.details.name) == wanted)
                });
            }
            BadgeSubset::Badges(from, to) => {
                roster.retain(|e| (*from..=*to).contains(&e.attendee.badge));
            }
        }
        Ok(roster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_are_read_as_written_and_bad_ones_say_what_to_use() {
        let ok = [
            ("walk-ins", BadgeSubset::WalkIns),
            ("changed-since-print", BadgeSubset::ChangedSincePrint),
            (
                "delegation:Kyrgyzstan",
                BadgeSubset::Delegation("Kyrgyzstan".into()),
            ),
            (
                "delegation:Mongolia – civil society",
                BadgeSubset::Delegation("Mongolia – civil society".into()),
            ),
            ("badges:10-40", BadgeSubset::Badges(10, 40)),
            ("badges:7", BadgeSubset::Badges(7, 7)),
        ];
        for (text, want) in ok {
            assert_eq!(text.parse::<BadgeSubset>(), Ok(want), "{text}");
        }
        for (text, said) in [
            ("walkins", "use walk-ins"),
            ("badges:40-10", "put the smaller number first"),
            ("badges:0-3", "from 1"),
            ("badges:a-b", "from 1"),
            ("delegation:", "which one"),
        ] {
            let e = text.parse::<BadgeSubset>().unwrap_err();
            assert!(e.contains(said), "{text}: {e}");
        }
    }
}
