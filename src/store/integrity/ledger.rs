//! The record of which state of a registry file is known to be sound: a few numbers in
//! a small file in the platform cache folder, and the locks around it.

use super::super::open::sidecar;
use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The size and the modification and change times of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

/// One state of the registry's bytes, as the file system tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileState {
    device: u64,
    inode: u64,
    db: Stamp,
    /// `None`: no `-wal`, or an empty one (nothing in it to read or to damage).
    wal: Option<Stamp>,
}

impl FileState {
    #[cfg(unix)]
    fn of(db: &Path) -> Option<FileState> {
        use std::os::unix::fs::MetadataExt;
        let stamp = |m: &std::fs::Metadata| Stamp {
            size: m.size(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        };
        let meta = std::fs::metadata(db).ok()?;
        let wal = match std::fs::metadata(sidecar(db, "-wal")) {
            // Not its change time: SQLite running as root chowns the `-wal` to the
            // database's owner on every open, which moves it.
            Ok(m) if m.size() > 0 => Some(Stamp {
                changed: (0, 0),
                ..stamp(&m)
            }),
            Ok(_) => None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => return None,
        };
        Some(FileState {
            device: meta.dev(),
            inode: meta.ino(),
            db: stamp(&meta),
            wal,
        })
    }

    /// Without inodes and change times states cannot be told apart: every command
    /// makes the full check.
    #[cfg(not(unix))]
    fn of(_db: &Path) -> Option<FileState> {
        None
    }

    fn numbers(&self) -> [i64; 12] {
        let wal = self.wal.unwrap_or(Stamp {
            size: 0,
            modified: (0, 0),
            changed: (0, 0),
        });
        [
            self.device as i64,
            self.inode as i64,
            self.db.size as i64,
            self.db.modified.0,
            self.db.modified.1,
            self.db.changed.0,
            self.db.changed.1,
            wal.size as i64,
            wal.modified.0,
            wal.modified.1,
            wal.changed.0,
            wal.changed.1,
        ]
    }

    fn from_numbers(n: &[i64]) -> Option<FileState> {
        let stamp = |s: &[i64]| Stamp {
            size: s[0] as u64,
            modified: (s[1], s[2]),
            changed: (s[3], s[4]),
        };
        (n.len() == 12).then(|| FileState {
            device: n[0] as u64,
            inode: n[1] as u64,
            db: stamp(&n[2..7]),
            wal: (n[7] > 0).then(|| stamp(&n[7..12])),
        })
    }
}

/// What the record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    state: FileState,
    /// `false` while the full check of the state it started from is running.
    checked: bool,
    /// How many full checks this file has passed: people (and tests) can read it to
    /// see that a command did not make one.
    full_checks: u64,
}

const HEADER: &str = "rollcall damage-check record 1";

impl Record {
    fn to_text(self) -> String {
        let numbers: Vec<String> = self.state.numbers().iter().map(i64::to_string).collect();
        format!(
            "{HEADER}\nfull-checks {}\nchecked {}\nstate {}\n",
            self.full_checks,
            if self.checked { "yes" } else { "running" },
            numbers.join(" ")
        )
    }

    fn parse(text: &str) -> Option<Record> {
        // The newline is written last: without it the record was cut short.
        let mut lines = text.strip_suffix('\n')?.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let full_checks = lines.next()?.strip_prefix("full-checks ")?.parse().ok()?;
        let checked = match lines.next()?.strip_prefix("checked ")? {
            "yes" => true,
            "running" => false,
            _ => return None,
        };
        let numbers = lines
            .next()?
            .strip_prefix("state ")?
            .split(' ')
            .map(str::parse)
            .collect::<Result<Vec<i64>, _>>()
            .ok()?;
        Some(Record {
            state: FileState::from_numbers(&numbers)?,
            checked,
            full_checks,
        })
    }
}

/// The records, locked, with this file's as it was read: what a commit holds from its
/// commit hook to its WAL hook, so that no one measures the file half written.
pub(super) struct Held {
    lock: File,
    record: Option<Record>,
    /// The state the file was in when the records were locked, when that is the
    /// recorded one.
    from: Option<FileState>,
}

/// The record of one registry file, named by its device and inode, beside the others
/// in `~/.cache/rollcall/checked/`. A lock file beside it (flock) serialises reading
/// and writing the record; whoever holds it waits for nothing else (no SQLite lock), so
/// it is held for one small commit or one passive checkpoint at most. A second lock is
/// held by the command making the full check, and waited on by the others. The locks
/// only spare work: lost or ignored, a change of another desk goes unrecorded and
/// costs one full check more, never one less.
pub(super) struct Ledger {
    db: PathBuf,
    dir: PathBuf,
    name: String,
}

/// How long anyone waits for the records' lock before going on without them (a full
/// check, or a change left unrecorded): longer than a commit or a checkpoint takes on
/// a slow disk, well below the 5 s other desks wait for a commit waiting here.
const LOCK_PATIENCE: Duration = Duration::from_secs(2);

/// Records untouched this long are removed when a full check runs: their files are
/// gone, or one more full check is due anyway.
const RECORD_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

impl Ledger {
    /// `None` when there is no cache folder (no home), its `checked` folder cannot be
    /// made (0700), or the registry cannot be looked at: then every command makes the
    /// full check.
    pub(super) fn for_registry(db: &Path) -> Option<Ledger> {
        let state = FileState::of(db)?;
        let dirs = directories::ProjectDirs::from("", "", "rollcall")?;
        let dir = dirs.cache_dir().join("checked");
        let mut folder = std::fs::DirBuilder::new();
        folder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
        folder.create(&dir).ok()?;
        Some(Ledger {
            db: db.to_path_buf(),
            dir,
            name: format!("{}-{}", state.device, state.inode),
        })
    }

    /// Lock the records before a commit. Kept only when the file is in the recorded
    /// state: otherwise there is nothing to carry over, and no one need wait.
    pub(super) fn hold_for_commit(&self) -> Option<Held> {
        self.hold().filter(|held| held.from.is_some())
    }

    /// After the commit `held` was taken for: record the state the file is in now,
    /// and let go.
    pub(super) fn finish_commit(&self, held: Held) {
        let after = self.follow(&held);
        self.release(held, after);
    }

    /// rollcall changes the file with `change` (a checkpoint, a close) outside a
    /// commit: when the file is in the recorded state before, the state after becomes
    /// it.
    pub(super) fn carry_over(&self, change: impl FnOnce()) {
        match self.hold() {
            Some(held) => {
                change();
                self.finish_commit(held);
            }
            None => change(), // the records could not be locked: change all the same
        }
    }

    /// Whether the file is in a recorded state that passed the full check.
    pub(super) fn is_checked(&self) -> bool {
        let Some(held) = self.hold() else {
            return false;
        };
        let checked = held.from.is_some() && held.record.is_some_and(|r| r.checked);
        self.release(held, None);
        checked
    }

    /// The right to make the full check of this file: held until dropped; `None` while
    /// another command is making it.
    pub(super) fn try_checking(&self) -> Option<File> {
        let file = self.private_file(&self.checking_name(), false).ok()?;
        file.try_lock().ok()?;
        Some(file)
    }

    /// Wait until the command making the full check has finished.
    pub(super) fn wait_for_check(&self) {
        if let Ok(file) = self.private_file(&self.checking_name(), false) {
            let _ = file.lock();
        }
    }

    /// The full check starts on the state the file is in now: record it as being
    /// checked, so that desks writing meanwhile carry it along.
    pub(super) fn start_check(&self) {
        self.remove_old_records();
        let Some(held) = self.hold() else {
            return;
        };
        let after = FileState::of(&self.db).map(|state| Record {
            state,
            checked: false,
            full_checks: held.record.map_or(0, |r| r.full_checks),
        });
        self.release(held, after);
    }

    /// The full check passed: the state it started from, and every state rollcall
    /// wrote from it since, are sound.
    pub(super) fn pass_check(&self) {
        let Some(held) = self.hold() else {
            return;
        };
        let after = held.record.filter(|r| !r.checked).map(|r| Record {
            checked: true,
            full_checks: r.full_checks + 1,
            ..r
        });
        self.release(held, after);
    }

    /// Damage was found: no state of this file is vouched for any more.
    pub(super) fn forget(&self) {
        if let Some(mut held) = self.hold() {
            let _ = std::fs::remove_file(self.dir.join(&self.name));
            held.record = None;
            self.release(held, None);
        }
    }

    /// The record after a change made while `held`: the file's state now, when it was
    /// in the recorded one before.
    fn follow(&self, held: &Held) -> Option<Record> {
        held.from?;
        let state = FileState::of(&self.db)?;
        held.record.map(|r| Record { state, ..r })
    }

    /// Lock the records (waiting at most [`LOCK_PATIENCE`]) and read this file's.
    fn hold(&self) -> Option<Held> {
        let lock = self
            .private_file(&format!("{}.lock", self.name), false)
            .ok()?;
        let deadline = Instant::now() + LOCK_PATIENCE;
        loop {
            match lock.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_micros(200));
                }
                Err(_) => return None,
            }
        }
        let record = std::fs::read_to_string(self.dir.join(&self.name))
            .ok()
            .and_then(|text| Record::parse(&text));
        let from = record.and_then(|r| FileState::of(&self.db).filter(|s| *s == r.state));
        Some(Held { lock, record, from })
    }

    /// Let go of the records, after writing this file's as `after` if given (and
    /// different).
    fn release(&self, held: Held, after: Option<Record>) {
        if let Some(record) = after.filter(|a| Some(*a) != held.record) {
            // A torn write (the process killed here) parses as no record: one full
            // check, nothing worse.
            let _ = self
                .private_file(&self.name, true)
                .and_then(|mut file| file.write_all(record.to_text().as_bytes()));
        }
        drop(held.lock);
    }

    fn checking_name(&self) -> String {
        format!("{}.checking", self.name)
    }

    /// Remove the records and locks of other files untouched for [`RECORD_LIFETIME`]:
    /// registries come and go, their records should not pile up. (A lock removed
    /// while in use costs at most one full check, see [`Ledger`].)
    fn remove_old_records(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > RECORD_LIFETIME));
            let name = entry.file_name().to_string_lossy().into_owned();
            let mine = name.split('.').next() == Some(self.name.as_str());
            if old && !mine {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Open (creating it 0600, in the folder [`Ledger::for_registry`] made) one of the
    /// files beside the records; `truncate` to rewrite it.
    fn private_file(&self, name: &str, truncate: bool) -> std::io::Result<File> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(truncate);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(self.dir.join(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(wal: Option<Stamp>) -> Record {
        Record {
            state: FileState {
                device: 2049,
                inode: u64::MAX - 7, // beyond i64: written as a negative number
                db: Stamp {
                    size: 48_459_776,
                    modified: (1_796_192_064, 584_454_717),
                    changed: (1_796_192_064, 584_454_718),
                },
                wal,
            },
            checked: wal.is_none(),
            full_checks: 3,
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let wal = Stamp {
            size: 28_872,
            modified: (1_796_192_065, 1),
            changed: (0, 0),
        };
        for written in [record(None), record(Some(wal))] {
            assert_eq!(Record::parse(&written.to_text()), Some(written));
        }
    }

    #[test]
    fn old_records_of_other_files_are_removed_and_this_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger {
            db: dir.path().join("registry.db"),
            dir: dir.path().to_path_buf(),
            name: "7-12".into(),
        };
        let long_ago = std::time::SystemTime::now() - RECORD_LIFETIME - Duration::from_secs(60);
        for name in [
            "7-12",
            "7-12.lock",
            "7-123",
            "7-123.lock",
            "8-1.checking",
            "9-9",
        ] {
            let file = File::create(dir.path().join(name)).unwrap();
            if name != "9-9" {
                file.set_modified(long_ago).unwrap();
            }
        }
        ledger.remove_old_records();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["7-12", "7-12.lock", "9-9"]);
    }

    #[test]
    fn a_torn_or_foreign_record_is_no_record() {
        let text = record(None).to_text();
        for cut in 0..text.len() {
            assert_eq!(Record::parse(&text[..cut]), None, "cut at {cut}");
        }
        assert_eq!(Record::parse("rollcall damage-check record 2\n"), None);
        assert_eq!(
            Record::parse(&text.replace("checked yes", "checked maybe")),
            None
        );
    }
}
