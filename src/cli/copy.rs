//! `rollcall copy`: a whole registry from one place to another — a file onto a server
//! before the event, the server's registry into a file after it.

use super::DbArg;
use crate::store::{CopyCounts, Location, Store};
use anyhow::ensure;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Either side is a registry file or a PostgreSQL URL (postgres://user:password@host/db).
A missing file or an empty database becomes the copy; one that holds a registry is
refused unless --replace, which empties it first (in the same transaction: a copy that
fails leaves it as it was). Seminars, delegations, people, check-ins, the audit log and
the list of copies all come along, with their ids: the copy's exports are the original's.")]
pub struct CopyArgs {
    /// The registry to copy.
    #[arg(long, value_name = "PATH|URL", value_parser = DbArg::parse)]
    pub from: DbArg,
    /// Where the copy goes.
    #[arg(long, value_name = "PATH|URL", value_parser = DbArg::parse)]
    pub to: DbArg,
    /// Empty the target first when it already holds a registry.
    #[arg(long)]
    pub replace: bool,
}

/// `rollcall copy --from SRC --to DST [--replace]`.
pub fn run(args: CopyArgs) -> anyhow::Result<()> {
    let (from, to) = (args.from.location()?, args.to.location()?);
    ensure!(
        from != to,
        "--from and --to are the same registry ({from}): nothing to copy"
    );
    let source = super::open_registry(&from)?;
    source.check_damage()?;
    let counts = match &to {
        // A new file is built aside and moved in whole: a copy that fails leaves none.
        Location::File(path) if !path.exists() => source.copy_to_new_file(path)?,
        _ => {
            let mut target = super::told(Store::create_or_open_at(&to)?);
            target.copy_from(&source, args.replace)?
        }
    };
    let line = format!("copied {} from {from} to {to}", summary(&counts));
    println!("{}", crate::inert(&line));
    Ok(())
}

fn summary(c: &CopyCounts) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        plural(c.events, "seminar", "seminars"),
        plural(c.delegations, "delegation", "delegations"),
        plural(c.people, "person", "people"),
        plural(c.check_ins, "check-in", "check-ins"),
        plural(c.audit, "audit line", "audit lines"),
    ]
    .join(", ")
}
