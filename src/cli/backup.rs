use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write the copy (replaced atomically if it exists).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// `rollcall backup --db PATH -o FILE`.
pub fn run(db: &Path, args: &BackupArgs) -> anyhow::Result<()> {
    let store = super::open_registry(db)?;
    store.backup_to(&args.output)?;
    println!("backed up {} to {}", db.display(), args.output.display());
    Ok(())
}
