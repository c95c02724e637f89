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

mod registry;
mod writers;

pub use writers::{Output, PathOutput};

use registry::{FileId, RegistryFiles, refuse_registry};
use std::fs::{self, File, Metadata};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use writers::{AtomicFile, BACKUP_PREFIX, EXPORT_PREFIX, Inner, open_through, private_temp};

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
    /// `registry` (`None`: the registry is on a server, no file to guard).
    /// `/dev/stdout` is standard output.
    pub fn new(path: &Path, registry: Option<&Path>) -> Result<Target, OutputError> {
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
        if let Some(registry) = registry {
            refuse_registry(path, found.as_ref(), &resolved, registry)?;
        }
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
    pub fn stdout(registry: Option<&Path>) -> Result<Target, OutputError> {
        let shown = PathBuf::from("standard output");
        if let (Some(registry), Some(m)) = (registry, stdout_metadata()) {
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

fn stdout_metadata() -> Option<Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
