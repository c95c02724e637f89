//! When the server goes away: the App says so on every screen, refuses what needs the
//! server at once (nothing is saved, nothing shown as done), and comes back by itself.
//!
//! The store reconnects on a thread of its own and refuses every call meanwhile at
//! once, so asking it never freezes the Desk: while away, each tick asks whether it
//! answers again; once it does, the screens read again what other desks did meanwhile.

use super::*;

/// Whether the server answers, as far as the App knows.
#[derive(Default)]
pub(super) enum Reach {
    #[default]
    Reached,
    /// The last call met `StoreError::Unreachable`.
    Away,
}

impl App {
    /// Whether the server was found unreachable and has not answered since: the
    /// header and the Desk say so, and what needs the server is refused at once.
    pub fn server_away(&self) -> bool {
        matches!(self.reach, Reach::Away)
    }

    /// A store call met `StoreError::Unreachable`.
    pub(super) fn went_away(&mut self) {
        self.reach = Reach::Away;
    }

    /// While away, on every tick: whether the store answers again; if so, read again
    /// what the screens show (other desks may have checked people in meanwhile).
    /// Returns whether the screen changed (the server is back).
    pub(super) fn poll_reach(&mut self) -> bool {
        if !self.server_away() {
            return false;
        }
        match self.store.data_version() {
            Ok(version) => {
                self.reach = Reach::Reached;
                self.data_version = version;
            }
            Err(StoreError::Unreachable) => return false,
            Err(e) => {
                self.error(e);
                return true;
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
