//! Writing an output: streams into standard output, a FIFO or a device, or a private
//! temporary file renamed over the target once complete; and the sweep of the
//! temporary files that killed writers left behind.

use super::{Kind, OutputError};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Prefixes of the temporary files this module writes (and sweeps).
pub(super) const EXPORT_PREFIX: &str = ".rollcall-export-";
pub(super) const BACKUP_PREFIX: &str = ".rollcall-backup-";

/// An open output: write into [`writer`](Output::writer), then
/// [`commit`](Output::commit). Dropped without commit, a replaced file is left as it
/// was.
pub struct Output {
    pub(super) inner: Inner,
}

pub(super) enum Inner {
    Stdout(BufWriter<io::Stdout>),
    Through(BufWriter<File>, PathBuf),
    Replace(AtomicFile),
}

impl Output {
    pub fn writer(&mut self) -> &mut dyn Write {
        match &mut self.inner {
            Inner::Stdout(w) => w,
            Inner::Through(w, _) => w,
            Inner::Replace(f) => f.writer(),
        }
    }

    /// Whether the bytes go to a terminal (no place for a workbook).
    pub fn is_terminal(&self) -> bool {
        match &self.inner {
            Inner::Stdout(w) => w.get_ref().is_terminal(),
            Inner::Through(w, _) => w.get_ref().is_terminal(),
            Inner::Replace(_) => false,
        }
    }

    /// Finish: flush what is written in place; sync and rename a replaced file.
    pub fn commit(self) -> Result<(), OutputError> {
        match self.inner {
            Inner::Stdout(mut w) => w
                .flush()
                .map_err(OutputError::file(Path::new("standard output"))),
            Inner::Through(mut w, path) => w.flush().map_err(OutputError::file(&path)),
            Inner::Replace(f) => f.commit(),
        }
    }
}

/// A private empty file for a writer that wants a path; see [`Target::open_path`].
pub struct PathOutput {
    pub(super) temp: tempfile::NamedTempFile,
    pub(super) kind: Kind,
    pub(super) shown: PathBuf,
}

impl PathOutput {
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Put the finished file in place: renamed over a replaced target, or copied into
    /// a FIFO, a device or standard output (then removed).
    pub fn commit(self) -> Result<(), OutputError> {
        let io = OutputError::file(&self.shown);
        let mut out: Box<dyn Write> = match &self.kind {
            Kind::Replace(path) => return persist(self.temp, path),
            Kind::Stdout => Box::new(io::stdout().lock()),
            Kind::Through { path, append } => Box::new(open_through(path, *append)?),
        };
        let mut from = File::open(self.temp.path()).map_err(&io)?;
        io::copy(&mut from, &mut out).map_err(&io)?;
        out.flush().map_err(io)
    }

    /// Whether the bytes would go to standard output on a terminal (no place for a
    /// database file).
    pub fn is_terminal(&self) -> bool {
        matches!(self.kind, Kind::Stdout) && io::stdout().is_terminal()
    }
}

/// A file that appears under its name only once completely written: a private (0600)
/// temporary file in the same folder, synced and renamed over the target by
/// [`commit`](AtomicFile::commit). Dropped without commit, it leaves nothing behind
/// and the target as it was; killed, it leaves a temporary file that the next export
/// into the folder sweeps.
pub(super) struct AtomicFile {
    target: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    pub(super) fn create(target: &Path, prefix: &str) -> Result<AtomicFile, OutputError> {
        let temp = private_temp(&crate::store::folder(target), prefix)
            .map_err(OutputError::file(target))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            writer: BufWriter::with_capacity(256 * 1024, temp),
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    fn commit(self) -> Result<(), OutputError> {
        let target = self.target;
        let temp = self
            .writer
            .into_inner()
            .map_err(|e| OutputError::file(&target)(e.into_error()))?;
        persist(temp, &target)
    }
}

/// Sync `temp`, rename it over `target`, then sync the folder, so that the rename
/// survives a power cut.
fn persist(temp: tempfile::NamedTempFile, target: &Path) -> Result<(), OutputError> {
    let io = OutputError::file(target);
    temp.as_file().sync_all().map_err(&io)?;
    temp.persist(target).map_err(|e| io(e.error))?;
    if let Ok(dir) = File::open(crate::store::folder(target)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Open a FIFO, a device or a descriptor for writing, never creating or truncating.
pub(super) fn open_through(path: &Path, append: bool) -> Result<File, OutputError> {
    let mut options = OpenOptions::new();
    if append {
        options.append(true);
    } else {
        options.write(true);
    }
    options.open(path).map_err(OutputError::file(path))
}

/// A private (0600) empty file named `<prefix><pid>-XXXXXX` in `folder`, after
/// sweeping the ones that dead processes left there.
pub(super) fn private_temp(folder: &Path, prefix: &str) -> io::Result<tempfile::NamedTempFile> {
    sweep(folder);
    let prefix = format!("{prefix}{}-", std::process::id());
    let temp = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(folder)?;
    set_private(temp.as_file())?;
    Ok(temp)
}

/// Remove the temporary files that exports and backups killed before they finished
/// left in `folder`: those whose pid no longer runs. Best effort, and only where
/// /proc tells which processes run.
fn sweep(folder: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = writer_pid(&name) else {
            continue;
        };
        let running = pid == me || Path::new("/proc").join(pid.to_string()).exists();
        // Only plain files: never a link, a FIFO or a folder someone named so.
        if !running && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The pid in a temporary file's name, `.rollcall-export-<pid>-XXXXXX`.
fn writer_pid(name: &std::ffi::OsStr) -> Option<u32> {
    let name = name.to_str()?;
    let rest = [EXPORT_PREFIX, BACKUP_PREFIX]
        .iter()
        .find_map(|p| name.strip_prefix(p))?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok().filter(|p| *p > 0)
}

fn set_private(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_writers_pid() {
        let cases = [
            (".rollcall-export-123-aB3xYz", Some(123)),
            (".rollcall-backup-77-q1w2e3", Some(77)),
            (".rollcall-export-aB3xYz", None),
            (".rollcall-export-123-", None),
            (".rollcall-export-0-abcdef", None),
            ("roster.csv", None),
            (".rollcall-migration-5-abc", None),
        ];
        for (name, pid) in cases {
            assert_eq!(writer_pid(std::ffi::OsStr::new(name)), pid, "{name}");
        }
    }
}
