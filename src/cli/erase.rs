//! `rollcall erase`: remove a person for good, as the TUI's delete does, and say which
//! exports and backups written since they were added may still hold them.

use crate::store::CopyRecord;
use crate::store::Location;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The person's row and check-ins go; the audit log keeps only the number it knew them
by, and the freed pages are zeroed (secure_delete). Files written before cannot be
reached from here: the exports and backups the registry noted since the person was
added are named, so that they can be deleted too.")]
pub struct EraseArgs {
    #[command(flatten)]
    pub who: super::PersonArgs,
    /// The desk recorded in the audit log (default: this machine's name).
    #[arg(long, value_name = "NAME")]
    pub desk: Option<String>,
}

/// `rollcall erase --db PATH --event CODE (--badge N | --id N)`.
pub fn run(db: &Location, args: &EraseArgs) -> anyhow::Result<()> {
    let (mut store, _, person) = args.who.open(db)?;
    store.set_desk(&args.desk.clone().unwrap_or_else(super::desk_name::host));
    let copies = store.erase_attendee(person.id)?;
    let line = format!(
        "erased {} (badge {}); {}",
        person.details.protocol_name(),
        person.badge,
        CopyRecord::may_still_hold(&copies)
    );
    println!("{}", crate::inert(&line));
    Ok(())
}
