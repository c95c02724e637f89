//! `rollcall erase`: remove a person for good, as the TUI's delete does, and say which
//! exports and backups written since they were added may still hold them.

use crate::domain::AttendeeId;
use crate::store::CopyRecord;
use anyhow::{Context, bail};
use std::path::Path;

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["badge", "id"]))]
#[command(after_help = "\
The person's row and check-ins go; the audit log keeps only the number it knew them
by, and the freed pages are zeroed (secure_delete). Files written before cannot be
reached from here: the exports and backups the registry noted since the person was
added are named, so that they can be deleted too.")]
pub struct EraseArgs {
    /// The event's code, e.g. ulaanbaatar-2017.
    #[arg(long, value_name = "CODE")]
    pub event: String,
    /// The badge number of the person.
    #[arg(long, value_name = "N")]
    pub badge: Option<u32>,
    /// The person's internal id.
    #[arg(long, value_name = "N")]
    pub id: Option<i64>,
    /// The desk recorded in the audit log (default: this machine's name).
    #[arg(long, value_name = "NAME")]
    pub desk: Option<String>,
}

/// `rollcall erase --db PATH --event CODE (--badge N | --id N)`.
pub fn run(db: &Path, args: &EraseArgs) -> anyhow::Result<()> {
    let mut store = super::open_registry(db)?;
    store.quick_check()?;
    let event = store.event_by_code(&args.event)?;
    let person = match (args.badge, args.id) {
        (Some(badge), _) => store
            .attendee_by_badge(event.id, badge)?
            .with_context(|| format!("no one with badge {badge} in {}", args.event))?,
        (None, Some(id)) => {
            let person = store
                .attendee(AttendeeId(id))
                .ok()
                .with_context(|| format!("no one with id {id}"))?;
            if person.event_id != event.id {
                bail!("id {id} is not in {}", args.event);
            }
            person
        }
        (None, None) => unreachable!("clap requires --badge or --id"),
    };
    store.set_desk(&args.desk.clone().unwrap_or_else(super::desk_name::host));
    let copies = store.erase_attendee(person.id)?;
    let line = format!(
        "erased {} (badge {}); {}",
        person.details.protocol_name(),
        person.badge,
        copies_line(&copies)
    );
    println!("{}", crate::inert(&line));
    Ok(())
}

/// "may still hold them: /path/x.csv (2017-07-05 18:02, desk-1), …": each place once,
/// with its latest write (a file written again was replaced; what counts is that it
/// may hold them now).
fn copies_line(copies: &[CopyRecord]) -> String {
    if copies.is_empty() {
        return "no export or backup was noted since they were added".to_string();
    }
    // (path, times written, latest) in the order of the latest writes.
    let mut places: Vec<(&str, usize, &CopyRecord)> = Vec::new();
    for copy in copies {
        match places.iter().position(|(path, _, _)| *path == copy.path) {
            Some(i) => {
                let (path, times, _) = places.remove(i);
                places.push((path, times + 1, copy));
            }
            None => places.push((&copy.path, 1, copy)),
        }
    }
    let list: Vec<String> = places
        .iter()
        .map(|(path, times, last)| {
            let when = format!("{}, {}", last.at.format("%Y-%m-%d %H:%M"), last.desk);
            match times {
                1 => format!("{path} ({when})"),
                n => format!("{path} ({n} times, last {when})"),
            }
        })
        .collect();
    format!(
        "{} written since they were added may still hold them: {}",
        match places.len() {
            1 => "1 copy".to_string(),
            n => format!("{n} copies"),
        },
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(path: &str, minute: u32, desk: &str) -> CopyRecord {
        CopyRecord {
            at: chrono::NaiveDate::from_ymd_opt(2017, 7, 5)
                .unwrap()
                .and_hms_opt(18, minute, 0)
                .unwrap(),
            desk: desk.into(),
            path: path.into(),
            format: "csv".into(),
            event: None,
            people: 64,
        }
    }

    #[test]
    fn each_place_is_named_once_with_its_latest_write() {
        let line = copies_line(&[
            copy("/x/a.csv", 1, "desk-1"),
            copy("/x/b.db", 2, "desk-2"),
            copy("/x/a.csv", 3, "desk-3"),
        ]);
        assert_eq!(
            line,
            "2 copies written since they were added may still hold them: \
             /x/b.db (2017-07-05 18:02, desk-2), /x/a.csv (2 times, last 2017-07-05 18:03, desk-3)"
        );
    }
}
