use super::{Result, Store, StoreError};
use std::path::Path;

impl Store {
    /// Write a consistent copy of the registry, as a registry file, into `file`, which
    /// must be missing or empty, while other desks keep working. A file registry is
    /// copied by `VACUUM INTO`, which reads one snapshot and finishes under load (the
    /// online backup API restarts on every write from another process); a server's by
    /// [`Store::copy_to_new_file`]. Where the file sits and how it reaches its final
    /// name (never the registry's own files, atomically, through FIFOs) is the
    /// caller's: `transfer::export::output` for `rollcall backup`.
    pub fn copy_into(&self, file: &Path) -> Result<()> {
        let io = |e: std::io::Error| StoreError::Io {
            path: file.to_path_buf(),
            error: e,
        };
        let Some(conn) = self.sqlite() else {
            return self.copy_to_new_file(file).map(|_| ());
        };
        let path = file
            .to_str()
            .ok_or_else(|| io(std::io::Error::other("the backup path is not valid UTF-8")))?;
        conn.execute("VACUUM INTO ?1", [path])?;
        std::fs::File::open(file)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        Ok(())
    }
}
