//! When the server goes away: the App stops asking the store, says so on every screen,
//! refuses what needs the server at once (nothing is saved, nothing shown as done), and
//! comes back by itself.
//!
//! Why the App does not simply keep calling its store while the server is away: the
//! store reconnects inside whichever call comes next (at most once per two seconds),
//! and a reconnection can wait for the connect timeout (5 s) when the host does not
//! answer at all — on the UI thread, that would freeze the Desk in front of the queue.
//! So while the server is away, a probe on a thread of its own opens the registry again
//! (at most one probe at a time, one per [`PROBE_EVERY`]); only once a probe got in is
//! the App's own store asked again, and the screens read again what other desks did
//! meanwhile.

use super::*;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a new probe is started while the server is away (when the last one has
/// finished: a probe that hangs is never doubled).
const PROBE_EVERY: Duration = Duration::from_secs(1);

/// Whether the server answers, as far as the App knows.
#[derive(Default)]
pub(super) enum Reach {
    #[default]
    Reached,
    /// The last call met `StoreError::Unreachable`.
    Away {
        /// Opening the registry again on the side: whether it got in.
        probe: Option<JoinHandle<bool>>,
        /// When the last probe was started; `None` before the first.
        probed: Option<Instant>,
    },
}

impl App {
    /// Whether the server was found unreachable and has not answered since: the
    /// header and the Desk say so, and what needs the server is refused at once.
    pub fn server_away(&self) -> bool {
        matches!(self.reach, Reach::Away { .. })
    }

    /// A store call met `StoreError::Unreachable`: stop asking the store until a probe
    /// gets in.
    pub(super) fn went_away(&mut self) {
        if !self.server_away() {
            self.reach = Reach::Away {
                probe: None,
                probed: None,
            };
        }
    }

    /// While away, on every tick: start a probe when it is time, and when one got in,
    /// ask the store again and read again what the screens show. Returns whether the
    /// screen changed (the server is back).
    pub(super) fn poll_reach(&mut self) -> bool {
        let Reach::Away { probe, probed } = &mut self.reach else {
            return false;
        };
        match probe.take_if(|p| p.is_finished()).map(JoinHandle::join) {
            Some(Ok(true)) => return self.come_back(),
            Some(_) => {}
            None if probe.is_some() => return false,
            None => {}
        }
        if probed.is_none_or(|at| at.elapsed() >= PROBE_EVERY) {
            let location = self.store.location().clone();
            *probed = Some(Instant::now());
            *probe = Some(std::thread::spawn(move || {
                Store::open_at(&location).is_ok()
            }));
        }
        false
    }

    /// A probe got in: the App's store connects again on this call (the server has
    /// just answered, so it does not wait), and everything shown is read again — other
    /// desks may have checked people in meanwhile.
    fn come_back(&mut self) -> bool {
        match self.store.data_version() {
            Ok(version) => {
                self.reach = Reach::Reached;
                self.data_version = version;
            }
            Err(e) => {
                // Gone again in between: probe on.
                self.reach = Reach::Reached;
                self.error(e);
                return false;
            }
        }
        let read_again = self
            .follow_the_clock()
            .and_then(|_| self.follow_other_desks());
        if let Err(e) = read_again {
            self.error(e);
        }
        true
    }

    /// Every store error the App meets outside a command goes here: an unreachable
    /// server is said by the header until it is back, anything else in the status line.
    pub(super) fn error(&mut self, e: StoreError) {
        match e {
            StoreError::Unreachable => self.went_away(),
            _ if self.connection_lost() => self.went_away(),
            e => self.say(&e.to_string(), true),
        }
    }

    /// After a store call failed: whether the server is now unreachable (the failure
    /// was the connection's end, in the server's words). One cheap read; on a file it
    /// is never so.
    pub(super) fn connection_lost(&self) -> bool {
        matches!(self.store.data_version(), Err(StoreError::Unreachable))
    }
}
