//! Damage checks that read every page only when the file changed behind rollcall's
//! back, and the checkpoints that keep the WAL small while desks write.
//!
//! `PRAGMA quick_check` reads every page: a fraction of a second at 100,000 people,
//! and a long read that keeps the WAL from starting over while other desks write. So
//! it runs once per *state* of the file, not once per command:
//!
//! - a state is what the file system says of the registry and its `-wal`: device,
//!   inode, size, modification and change times (an empty `-wal` counts as none). Any
//!   write changes a time: rollcall's through SQLite, and anyone else's;
//! - a record in the platform cache folder (`~/.cache/rollcall/checked/DEV-INODE`)
//!   names one state: one that passed the full check, or that rollcall wrote from one
//!   that did. Every change rollcall makes carries the record along: a commit compares
//!   the state before it with the record (commit hook) and, when they match, records
//!   the state after it (WAL hook); checkpoints and closing a connection likewise;
//! - a command that finds the file in the recorded state skips the full check. Any
//!   other state (another program wrote, no record, an import too large to stay in
//!   memory wrote pages before its commit) gets the full check, one command at a time:
//!   the others wait for its verdict instead of reading every page too. Desks keep
//!   writing meanwhile; the record follows them and holds once the check has passed.
//!   Damage forgets the record.
//!
//! The record is only a reason to skip work: lost, stale or unreadable, it costs one
//! full check. Bytes written by another program in the instant of a rollcall commit
//! (between its two hooks) would pass for rollcall's own.
//!
//! Checkpoints: SQLite's automatic checkpoint is a WAL hook too, so this module makes
//! them (see [`after_commit`]): a passive one once a commit leaves
//! [`CHECKPOINT_PAGES`] in the WAL, writers held back while a long read keeps the WAL
//! growing, and a truncating one when a store is closed and no one else is reading or
//! writing.

mod ledger;

use super::sql::Db;
use super::{Result, Store, StoreError};
use ledger::{Held, Ledger};
use rusqlite::Connection;
use rusqlite::hooks::{Action, Wal};
use rusqlite::wal::CheckpointMode;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A commit that leaves this many pages (4 KiB each) in the WAL copies them into the
/// file. SQLite's default is 1,000; a check-in writes 5 to 8 pages, so this is a
/// checkpoint every 30 to 50 check-ins.
const CHECKPOINT_PAGES: i32 = 256;

/// From this many pages in the WAL (2 MiB) on, writers are held back until a
/// checkpoint can copy everything (see [`after_commit`]).
const HOLD_BACK_PAGES: i32 = 512;

/// The longest a writer is held back after its commit.
const HOLD_BACK: Duration = Duration::from_secs(1);

/// What [`Store::check_damage`] had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DamageCheck {
    /// Every page was read (here or by the command it waited for) and found sound.
    Full,
    /// The file is in a state that passed the full check before, or that rollcall
    /// wrote from one: only the checks every open makes.
    Unchanged,
}

impl Store {
    /// Make sure the registry is sound before using it. The cheap checks (a real read,
    /// the schema version) ran at open; the full check ([`Store::quick_check`]) runs
    /// unless this very state of the file passed it before (see the module comment).
    /// Damage is named and nothing is written.
    pub fn check_damage(&self) -> Result<DamageCheck> {
        if self.sqlite().is_none() {
            // A server checks its own pages (data checksums, its WAL): nothing here
            // would read them.
            return Ok(DamageCheck::Unchanged);
        }
        let Some(ledger) = Ledger::for_registry(&self.path) else {
            self.quick_check()?;
            return Ok(DamageCheck::Full);
        };
        // A few rounds: each either finds the state checked, makes the check, or waits
        // for the command making it (and then looks again).
        for _ in 0..3 {
            if ledger.is_checked() {
                return Ok(DamageCheck::Unchanged);
            }
            let Some(_checking) = ledger.try_checking() else {
                ledger.wait_for_check();
                continue;
            };
            if ledger.is_checked() {
                return Ok(DamageCheck::Unchanged); // the check just before ours did it
            }
            ledger.start_check();
            return match self.quick_check() {
                Ok(()) => {
                    ledger.pass_check();
                    Ok(DamageCheck::Full)
                }
                Err(e) => {
                    if matches!(e, StoreError::Damaged { .. }) {
                        ledger.forget();
                    }
                    Err(e)
                }
            };
        }
        self.quick_check()?;
        Ok(DamageCheck::Full)
    }

    /// Read every page and check the file's structure (`PRAGMA quick_check`): a
    /// damaged registry is named and never written to. About 0.2–0.5 s at 100,000
    /// people: commands call [`Store::check_damage`], which runs it when needed.
    pub fn quick_check(&self) -> Result<()> {
        let Some(conn) = self.sqlite() else {
            return Ok(()); // see check_damage
        };
        let mut stmt = conn.prepare("PRAGMA quick_check")?;
        let findings = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| match e.sqlite_error_code() {
                // A page so damaged that the check stops at it, instead of listing it.
                Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
                    path: self.path.clone(),
                    finding: e.to_string(),
                },
                _ => StoreError::classify(&self.path, e),
            })?;
        match findings.first().map(String::as_str) {
            Some("ok") => Ok(()),
            first => Err(StoreError::Damaged {
                path: self.path.clone(),
                finding: first.unwrap_or("no answer").to_string(),
            }),
        }
    }
}

impl Drop for Store {
    /// Close the connection as a change the record follows: empty the WAL into the
    /// file when no one else is reading or writing (a truncating checkpoint that never
    /// waits), then close — the last connection's close copies whatever is left and
    /// removes the `-wal`.
    fn drop(&mut self) {
        if self.sqlite().is_none() {
            return; // a server connection just closes
        }
        let Ok(spare) = Connection::open_in_memory() else {
            return; // the connection closes as it always did
        };
        let Db::Sqlite(conn) = std::mem::replace(&mut self.db, Db::Sqlite(spare)) else {
            return;
        };
        let close = move || {
            let _ = conn.busy_timeout(std::time::Duration::ZERO);
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            drop(conn);
        };
        match Ledger::for_registry(&self.path) {
            Some(ledger) => ledger.carry_over(close),
            None => close(),
        }
    }
}

/// Follow this connection's commits: carry the record over each (see the module
/// comment), and checkpoint — this replaces SQLite's automatic checkpoint, which is a
/// WAL hook as well (so `PRAGMA wal_autocheckpoint` must never be set: it would put
/// SQLite's hook back in place of this one).
pub(super) fn follow_commits(conn: &mut Connection, db: &Path) -> rusqlite::Result<()> {
    let ledger = Ledger::for_registry(db).map(Arc::new);
    let Some(ledger) = ledger else {
        return conn.wal_hook(Some(move |wal: &mut Wal, pages| {
            after_commit(wal, pages, &|change| change());
            Ok(())
        }));
    };
    // Whether the transaction changed a row of the registry, i.e. its commit will write
    // to the WAL and call the WAL hook (a commit that wrote nothing, or only to a TEMP
    // table as exports do, calls only the commit hook).
    let wrote = Arc::new(AtomicBool::new(false));
    // The records, locked from the commit hook (before the commit, the write lock held)
    // to the WAL hook (right after it), so that no one measures a half-written commit.
    let held: Arc<Mutex<Option<Held>>> = Arc::default();
    let take = |held: &Mutex<Option<Held>>| -> Option<Held> {
        held.lock().unwrap_or_else(|e| e.into_inner()).take()
    };
    {
        let wrote = Arc::clone(&wrote);
        conn.update_hook(Some(move |_: Action, db: &str, _: &str, _: i64| {
            if db == "main" {
                wrote.store(true, Ordering::Relaxed);
            }
        }))?;
    }
    {
        let (ledger, wrote, held) = (Arc::clone(&ledger), Arc::clone(&wrote), Arc::clone(&held));
        conn.commit_hook(Some(move || {
            drop(take(&held)); // a lock left by a commit that never reached its WAL hook
            if wrote.swap(false, Ordering::Relaxed) {
                *held.lock().unwrap_or_else(|e| e.into_inner()) = ledger.hold_for_commit();
            }
            false // never veto the commit
        }))?;
    }
    {
        let (wrote, held) = (Arc::clone(&wrote), Arc::clone(&held));
        conn.rollback_hook(Some(move || {
            wrote.store(false, Ordering::Relaxed);
            drop(take(&held));
        }))?;
    }
    conn.wal_hook(Some(move |wal: &mut Wal, pages| {
        if let Some(held) = take(&held) {
            ledger.finish_commit(held);
        }
        // Checkpoints apart from the commit, so that desks queued behind it go first.
        after_commit(wal, pages, &|change| ledger.carry_over(change));
        Ok(())
    }))
}

/// The checkpoints after a commit that left `pages` in the WAL; `carry` makes a change
/// to the file the record follows.
///
/// From [`CHECKPOINT_PAGES`] on, a passive checkpoint: it copies what no reader still
/// needs and never waits, so it may run while the records are locked; the next writer
/// then starts the WAL over. A long read (an export of 100,000 people, a full check)
/// keeps it from copying the newest pages, and the WAL grows while desks write: from
/// [`HOLD_BACK_PAGES`] on, this desk's commit is saved but the call returns only once
/// the checkpoint copied everything, or after [`HOLD_BACK`]. So under a long read
/// every writer slows to one commit per [`HOLD_BACK`], and the WAL stays bounded.
fn after_commit(wal: &mut Wal, pages: i32, carry: &dyn Fn(&mut dyn FnMut())) {
    if pages < CHECKPOINT_PAGES {
        return;
    }
    let mut copy_all = || {
        let mut done = false;
        carry(&mut || {
            done = match wal.checkpoint_v2(CheckpointMode::PASSIVE) {
                Ok((log, copied)) => copied >= log,
                Err(_) => false, // another checkpoint is running: as good as not done
            };
        });
        done
    };
    let done = copy_all();
    if done || pages < HOLD_BACK_PAGES {
        return;
    }
    let deadline = Instant::now() + HOLD_BACK;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        if copy_all() {
            return;
        }
    }
}
