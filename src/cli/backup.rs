//! `rollcall backup`: a consistent copy of the registry while others keep working.

use crate::store::Location;
use crate::transfer::export::{note_copy, output::Target};
use anyhow::bail;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
The copy is private (mode 0600) and replaces FILE atomically (through a symlink: the
file it points to); a FIFO, a device or - (standard output) receives it as a stream.
The registry and its -wal, -shm and -journal are refused. Each backup is noted in the
registry's list of copies, which `rollcall erase` names.")]
pub struct BackupArgs {
    /// Where to write the copy ("-": standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// `rollcall backup --db PATH -o FILE`.
pub fn run(db: &Location, args: &BackupArgs) -> anyhow::Result<()> {
    let mut store = super::open_registry(db)?;
    let target = if args.output == Path::new("-") {
        Target::stdout(store.file())?
    } else {
        Target::new(&args.output, store.file())?
    };
    // The copy is made beside the registry's file, or beside the output for a server.
    let scratch = crate::store::folder(store.file().unwrap_or(&args.output));
    let file = target.open_path(&scratch)?;
    if file.is_terminal() {
        bail!("standard output is a terminal: a backup is a database file; add -o FILE");
    }
    store.copy_into(file.path())?;
    file.commit()?;
    let desk = super::desk_name::host();
    let not_listed = note_copy(&mut store, &target, |store, written_to| {
        store.record_backup(written_to, &desk)
    });
    if !target.is_stdout() {
        let line = format!("backed up {} to {}", db, target.shown().display());
        println!("{}", crate::inert(&line));
    }
    super::note_not_listed("backup", not_listed.as_deref());
    Ok(())
}
