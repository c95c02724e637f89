//! The registry's own files (the database, its `-wal`, `-shm` and `-journal`), known
//! by identity and by place, so that no output is ever written over them.

use super::{OutputError, follow_links};
use std::ffi::OsString;
use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};

/// The registry's files, and how to name them in a refusal. SQLite keeps them beside
/// the database, under its name plus these suffixes.
const REGISTRY_FILES: &[(&str, &str)] = &[
    ("", "itself"),
    ("-wal", "its write-ahead log"),
    ("-shm", "its shared-memory index"),
    ("-journal", "its rollback journal"),
];

/// Refuse `given` (found as `found`, resolved to `resolved`) if it is one of the
/// registry's files: the same file (device and inode), or the same name in the same
/// folder (for a `-wal` that does not exist yet).
pub(super) fn refuse_registry(
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
pub(super) struct FileId(u64, u64);

impl FileId {
    pub(super) fn of(m: &Metadata) -> FileId {
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
pub(super) struct RegistryFiles {
    ids: Vec<(FileId, &'static str)>,
    places: Vec<(Place, &'static str)>,
}

impl RegistryFiles {
    pub(super) fn of(registry: &Path) -> RegistryFiles {
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

    pub(super) fn by_id(&self, m: &Metadata) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
