use super::{Result, Store, StoreError};
use std::path::Path;

impl Store {
    /// Write a consistent copy of the registry to `target` while other desks keep
    /// working. `VACUUM INTO` reads one snapshot and finishes under load (the online
    /// backup API restarts on every write from another process). The copy is built
    /// beside the target in a private (0600) file and renamed over it only when
    /// complete, so no half-written backup ever sits under the target's name.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let io = |e: std::io::Error| StoreError::Io {
            path: target.to_path_buf(),
            error: e,
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // NamedTempFile is created 0600; VACUUM INTO accepts an existing empty file.
        let temp = tempfile::Builder::new()
            .prefix(".rollcall-backup-")
            .tempfile_in(dir)
            .map_err(io)?;
        let temp_path = temp
            .path()
            .to_str()
            .ok_or_else(|| io(std::io::Error::other("the backup path is not valid UTF-8")))?;
        self.conn.execute("VACUUM INTO ?1", [temp_path])?;
        temp.as_file().sync_all().map_err(io)?;
        temp.persist(target).map_err(|e| io(e.error))?;
        Ok(())
    }
}
