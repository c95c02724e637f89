//! Where an export or a backup goes, decided before a byte is written: never over the
//! registry or its `-wal`, `-shm` or `-journal` (compared by device and inode, so a
//! hard link or a symlink to them counts too, and by folder and name for a side file
//! that does not exist yet); through FIFOs and character devices (opened and written,
//! never replaced); over a regular file atomically (a private temporary file beside
//! it, renamed over it) — beside the file a symlink points to, so the link stays.
//!
//! Temporary files carry the writer's pid (`.rollcall-export-<pid>-XXXXXX`): a killed
//! export's is removed by the next export into that folder once no process has that
//! pid. (A pid reused in the meantime only delays the sweep; Linux only, via /proc.)

use std::ffi::OsString;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The registry's files, and how to name them in a refusal. SQLite keeps them beside
/// the database, under its name plus these suffixes.
const REGISTRY_FILES: &[(&str, &str)] = &[
    ("", "itself"),
    ("-wal", "its write-ahead log"),
    ("-shm", "its shared-memory index"),
    ("-journal", "its rollback journal"),
];

/// Prefixes of the temporary files this module writes (and sweeps).
const EXPORT_PREFIX: &str = ".rollcall-export-";
const BACKUP_PREFIX: &str = ".rollcall-backup-";

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{} is the registry {} ({what}): choose another file; nothing was written",
        target.display(),
        registry.display()
    )]
    Registry {
        target: PathBuf,
        registry: PathBuf,
        what: &'static str,
    },
    #[error("{} is {what}: write to a file, a FIFO or standard output; nothing was written", target.display())]
    Unsupported { target: PathBuf, what: &'static str },
    #[error("cannot write {}: {error}", path.display())]
    File { path: PathBuf, error: io::Error },
}

impl OutputError {
    fn file(path: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
        move |error| OutputError::File {
            path: path.to_path_buf(),
            error,
        }
    }

    /// Refused before anything was written (as opposed to failing while writing).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, OutputError::File { .. })
    }
}

/// Where the bytes go, resolved and checked against the registry.
#[derive(Debug, Clone)]
pub struct Target {
    /// As the user wrote it, for messages.
    shown: PathBuf,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    /// This process's standard output.
    Stdout,
    /// Opened and written in place: a FIFO, a character device, `/dev/fd/N`. `append`
    /// for a regular file reached through a descriptor (`/dev/fd/1` after `>>`).
    Through { path: PathBuf, append: bool },
    /// A regular file (or none yet) replaced atomically; symlinks already followed.
    Replace(PathBuf),
}

impl Target {
    /// The target `path`, refused if it is one of the files of the registry at
    /// `registry`. `/dev/stdout` is standard output.
    pub fn new(path: &Path, registry: &Path) -> Result<Target, OutputError> {
        let shown = path.to_path_buf();
        if path == Path::new("/dev/stdout") {
            return Target::stdout(registry).map(|t| Target { shown, ..t });
        }
        let io = OutputError::file(path);
        let (resolved, through_fd) = follow_links(path).map_err(&io)?;
        let found = match fs::metadata(path) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(e)),
        };
        refuse_registry(path, found.as_ref(), &resolved, registry)?;
        let kind = match &found {
            None => Kind::Replace(resolved),
            Some(m) => {
                use std::os::unix::fs::FileTypeExt;
                let t = m.file_type();
                if t.is_dir() {
                    return Err(io(io::Error::other("that is a folder")));
                } else if t.is_block_device() {
                    return Err(OutputError::Unsupported {
                        target: shown,
                        what: "a block device (a disk)",
                    });
                } else if t.is_socket() {
                    return Err(OutputError::Unsupported {
                        target: shown,
                        what: "a socket",
                    });
                } else if t.is_fifo() || t.is_char_device() {
                    Kind::Through {
                        path: path.to_path_buf(),
                        append: false,
                    }
                } else if through_fd {
                    // A descriptor of this process (/dev/fd/N, /proc/self/fd/N) that
                    // the shell opened on a file: write into it, as `>` or `>>` said.
                    Kind::Through {
                        path: path.to_path_buf(),
                        append: true,
                    }
                } else {
                    Kind::Replace(resolved)
                }
            }
        };
        Ok(Target { shown, kind })
    }

    /// Standard output, refused if the shell pointed it at the registry (`>> live.db`).
    pub fn stdout(registry: &Path) -> Result<Target, OutputError> {
        let shown = PathBuf::from("standard output");
        if let Some(m) = stdout_metadata() {
            let files = RegistryFiles::of(registry);
            if let Some(what) = files.by_id(&m) {
                return Err(OutputError::Registry {
                    target: shown,
                    registry: registry.to_path_buf(),
                    what,
                });
            }
        }
        Ok(Target {
            shown,
            kind: Kind::Stdout,
        })
    }

    /// Whether the bytes go to standard output (where no message may follow them).
    pub fn is_stdout(&self) -> bool {
        matches!(self.kind, Kind::Stdout)
    }

    /// The target as the user named it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Where the bytes end up, for the registry's list of copies: the file written
    /// (a symlink's target), the FIFO or device, or standard output (the file the shell
    /// pointed it at, when it is one).
    pub fn written_to(&self) -> String {
        let absolute = |p: &Path| {
            std::path::absolute(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        };
        match &self.kind {
            Kind::Stdout => match fs::read_link("/proc/self/fd/1") {
                Ok(p) if p.is_absolute() && p.exists() => p.display().to_string(),
                _ => "standard output".to_string(),
            },
            Kind::Through { path, .. } => absolute(path),
            Kind::Replace(path) => fs::canonicalize(path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| absolute(path)),
        }
    }

    /// Whether the bytes are thrown away (`/dev/null`): such a copy holds no one.
    pub fn is_discarded(&self) -> bool {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let null = |m: &Metadata| {
            m.file_type().is_char_device()
                && fs::metadata("/dev/null").is_ok_and(|n| n.rdev() == m.rdev())
        };
        match &self.kind {
            Kind::Stdout => stdout_metadata().is_some_and(|m| null(&m)),
            Kind::Through { path, .. } => fs::metadata(path).is_ok_and(|m| null(&m)),
            Kind::Replace(_) => false,
        }
    }

    /// Open for writing a stream (an export).
    pub fn open(&self) -> Result<Output, OutputError> {
        let inner = match &self.kind {
            Kind::Stdout => Inner::Stdout(BufWriter::with_capacity(256 * 1024, io::stdout())),
            Kind::Through { path, append } => {
                let file = open_through(path, *append)?;
                Inner::Through(BufWriter::with_capacity(256 * 1024, file), path.clone())
            }
            Kind::Replace(path) => Inner::Replace(AtomicFile::create(path, EXPORT_PREFIX)?),
        };
        Ok(Output { inner })
    }

    /// Open for a writer that needs a path of its own (SQLite's `VACUUM INTO`): an
    /// empty private file, beside the target when it is replaced, else in `scratch`
    /// (the registry's folder), streamed into the target by
    /// [`commit`](PathOutput::commit).
    pub fn open_path(&self, scratch: &Path) -> Result<PathOutput, OutputError> {
        let folder = match &self.kind {
            Kind::Replace(path) => crate::store::folder(path),
            Kind::Stdout | Kind::Through { .. } => scratch.to_path_buf(),
        };
        let temp = private_temp(&folder, BACKUP_PREFIX).map_err(OutputError::file(&folder))?;
        Ok(PathOutput {
            temp,
            kind: self.kind.clone(),
            shown: self.shown.clone(),
        })
    }
}

/// Whether `path` is written in place (a FIFO, a character device, a descriptor,
/// standard output) rather than replaced once complete.
pub fn is_written_in_place(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    is_descriptor(path)
        || fs::metadata(path).is_ok_and(|m| {
            let t = m.file_type();
            t.is_fifo() || t.is_char_device()
        })
}

/// Whether `path` is this process's standard output (`/dev/stdout`, `/dev/fd/1`, or
/// the very FIFO or file the shell pointed it at), where no message may follow.
pub fn is_stdout(path: &Path) -> bool {
    path == Path::new("/dev/stdout")
        || match (fs::metadata(path), stdout_metadata()) {
            (Ok(a), Some(b)) => FileId::of(&a) == FileId::of(&b),
            _ => false,
        }
}

/// An open output: write into [`writer`](Output::writer), then
/// [`commit`](Output::commit). Dropped without commit, a replaced file is left as it
/// was.
pub struct Output {
    inner: Inner,
}

enum Inner {
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
    temp: tempfile::NamedTempFile,
    kind: Kind,
    shown: PathBuf,
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
struct AtomicFile {
    target: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    fn create(target: &Path, prefix: &str) -> Result<AtomicFile, OutputError> {
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
fn open_through(path: &Path, append: bool) -> Result<File, OutputError> {
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
fn private_temp(folder: &Path, prefix: &str) -> io::Result<tempfile::NamedTempFile> {
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

/// Follow `path`'s symlinks to the name that will be written: the file a link points
/// to (which may not exist yet). Also says whether the way passes through a process's
/// descriptors (`/dev/fd/N`, `/proc/self/fd/N`), whose links are not names to rename
/// over.
fn follow_links(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        if is_descriptor(&current) {
            return Ok((current, true));
        }
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&current)?;
                current = if to.is_absolute() {
                    to
                } else {
                    crate::store::folder(&current).join(to)
                };
            }
            Ok(_) => return Ok((current, false)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((current, false)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// `/dev/fd/…`, `/dev/stdin|stdout|stderr`, `/proc/<pid>/fd/…`.
fn is_descriptor(path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix("/proc") else {
        return path.starts_with("/dev/fd")
            || ["/dev/stdin", "/dev/stdout", "/dev/stderr"]
                .iter()
                .any(|d| path == Path::new(d));
    };
    let mut parts = rest.components();
    parts.next(); // self, or a pid
    parts
        .next()
        .is_some_and(|c| c.as_os_str() == "fd" || c.as_os_str() == "fdinfo")
}

/// Refuse `given` (found as `found`, resolved to `resolved`) if it is one of the
/// registry's files: the same file (device and inode), or the same name in the same
/// folder (for a `-wal` that does not exist yet).
fn refuse_registry(
    given: &Path,
    found: Option<&Metadata>,
    resolved: &Path,
    registry: &Path,
) -> Result<(), OutputError> {
    let files = RegistryFiles::of(registry);
    let what = found
        .and_then(|m| files.by_id(m))
        .or_else(|| files.by_place(resolved));
    match what {
        Some(what) => Err(OutputError::Registry {
            target: given.to_path_buf(),
            registry: registry.to_path_buf(),
            what,
        }),
        None => Ok(()),
    }
}

/// A file by identity: device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId(u64, u64);

impl FileId {
    fn of(m: &Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId(m.dev(), m.ino())
    }
}

/// A name in a folder known by identity: the same for every spelling of one place
/// (relative, through symlinked folders, `..`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place(FileId, OsString);

impl Place {
    fn of(path: &Path) -> Option<Place> {
        let name = path.file_name()?;
        let folder = fs::metadata(crate::store::folder(path)).ok()?;
        Some(Place(FileId::of(&folder), name.to_owned()))
    }
}

/// The registry's files as they are now: identities of those that exist, places of
/// all (beside the path it was opened by and beside the file that path leads to).
/// Only ever `stat`ed, never opened: closing a descriptor of the registry would drop
/// the SQLite locks this process holds on it (POSIX locks belong to the process).
struct RegistryFiles {
    ids: Vec<(FileId, &'static str)>,
    places: Vec<(Place, &'static str)>,
}

impl RegistryFiles {
    fn of(registry: &Path) -> RegistryFiles {
        let mut bases = vec![registry.to_path_buf()];
        if let Ok((real, _)) = follow_links(registry) {
            bases.push(real);
        }
        let mut files = RegistryFiles {
            ids: Vec::new(),
            places: Vec::new(),
        };
        for base in bases {
            for (suffix, what) in REGISTRY_FILES {
                let mut name = base.clone().into_os_string();
                name.push(suffix);
                let path = PathBuf::from(name);
                if let Ok(m) = fs::metadata(&path) {
                    files.ids.push((FileId::of(&m), what));
                }
                if let Some(place) = Place::of(&path) {
                    files.places.push((place, what));
                }
            }
        }
        files
    }

    fn by_id(&self, m: &Metadata) -> Option<&'static str> {
        let id = FileId::of(m);
        self.ids.iter().find(|(i, _)| *i == id).map(|(_, w)| *w)
    }

    fn by_place(&self, path: &Path) -> Option<&'static str> {
        let place = Place::of(path)?;
        self.places
            .iter()
            .find(|(p, _)| *p == place)
            .map(|(_, w)| *w)
    }
}

fn stdout_metadata() -> Option<Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
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

    #[test]
    fn descriptors_are_recognised() {
        for path in [
            "/dev/fd/1",
            "/proc/self/fd/1",
            "/proc/42/fd/3",
            "/dev/stderr",
        ] {
            assert!(is_descriptor(Path::new(path)), "{path}");
        }
        for path in ["/dev/null", "/proc/self/status", "fd/1", "/tmp/x.csv"] {
            assert!(!is_descriptor(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_side_file_that_does_not_exist_yet_is_recognised_by_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("r.db");
        fs::write(&db, b"x").unwrap();
        let files = RegistryFiles::of(&db);
        assert_eq!(
            files.by_place(&dir.path().join("r.db-wal")),
            Some("its write-ahead log")
        );
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        assert_eq!(
            files.by_place(&sub.join("../r.db-journal")),
            Some("its rollback journal")
        );
        assert_eq!(files.by_place(&dir.path().join("r.db.csv")), None);
    }
}
