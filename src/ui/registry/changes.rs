//! Following other desks without reading everyone again on the UI thread: on the side,
//! every person's line is read once more and only its fingerprint compared with the
//! one shown; the few lines that differ (and the ids that are gone) come back and are
//! put in place. The people are never all held twice, so the memory stays that of one
//! registry. Past [`MANY_LINES`] changed lines, or [`MANY_MOVES`] people come or gone
//! (an import), a whole registry is read instead: each arrival or departure shifts
//! every index (about a millisecond at 100,000), a changed line in its place costs
//! nothing.
//!
//! No schema change: nothing in the file says which rows changed since a revision, so
//! the side compares them all (one sequential read, about as long as a load, but off
//! the UI thread, and without building 100,000 search keys).

use super::{Registry, fingerprint, make_inert};

use crate::domain::{AttendeeId, Event, EventId};
use crate::store::{AttendeeRow, DelegationRow, Store, StoreError};
use chrono::NaiveDate;

/// Past this many changed lines, a whole registry is read (a delegation renamed
/// changes its members' lines, in place).
pub const MANY_LINES: usize = 2_000;

/// Past this many people come or gone, a whole registry is read: each shifts every
/// index, and all of them must fit in one frame.
pub const MANY_MOVES: usize = 8;

/// What the registry differs by from the file, read on the side.
pub struct Changes {
    pub event: Event,
    pub day: NaiveDate,
    pub delegations: Vec<DelegationRow>,
    pub day_counts: Vec<(NaiveDate, u32)>,
    /// New and changed lines.
    pub lines: Vec<AttendeeRow>,
    /// People who are no longer in the event.
    pub gone: Vec<AttendeeId>,
    /// The Stats screen's numbers read again (`None`: keep those shown).
    pub figures: Option<Box<super::Figures>>,
}

/// What a read on the side brings: a whole registry, or what changed.
pub enum Fresh {
    Whole(Box<Registry>),
    Changes(Box<Changes>),
}

/// What the side needs to know of the shown registry: each person's fingerprint, by
/// id (16 bytes a person, not a copy of their line).
pub struct Shown {
    pub event: EventId,
    pub day: NaiveDate,
    prints: Vec<(AttendeeId, u64)>,
    /// Whether the registry keeps the Stats screen's figures (then they are read again).
    figures: bool,
}

impl Registry {
    /// What [`Changes::read`] compares the file with (in list order: the side sorts
    /// them by id, off the UI thread).
    pub fn shown(&self) -> Shown {
        let prints: Vec<(AttendeeId, u64)> = self
            .people
            .iter()
            .zip(&self.prints)
            .map(|(p, &print)| (p.id, print))
            .collect();
        Shown {
            event: self.event.id,
            day: self.day,
            prints,
            figures: self.figures.is_some(),
        }
    }

    /// Take what changed: the event and its delegations as read, each changed line in
    /// its place, the gone removed.
    pub fn apply(&mut self, changes: Changes) {
        let Changes {
            event,
            day,
            mut delegations,
            day_counts,
            lines,
            gone,
            figures,
        } = changes;
        if figures.is_some() {
            self.figures = figures;
        }
        for d in &mut delegations {
            let details = &mut d.delegation.details;
            details.name = crate::domain::inert(&details.name).into_owned();
        }
        self.delegation_keys = delegations
            .iter()
            .map(|d| crate::search::search_key([d.delegation.details.name.as_str()]))
            .collect();
        (self.event, self.day) = (event, day);
        (self.delegations, self.day_counts) = (delegations, day_counts);
        for id in gone {
            self.remove_one(id);
        }
        for line in lines {
            self.put_one(line);
        }
        self.recount();
        self.generation = super::next_generation();
    }
}

impl Changes {
    /// Read the event `shown` shows and compare each line with it (call it inside
    /// [`Store::snapshot`]); a whole registry (read for `today`, as a load reads it)
    /// when there are too many changes.
    pub fn read(store: &Store, mut shown: Shown, today: NaiveDate) -> Result<Fresh, StoreError> {
        shown.prints.sort_unstable_by_key(|&(id, _)| id);
        let event = store.event(shown.event)?;
        let day = shown.day;
        let mut seen = vec![false; shown.prints.len()];
        let mut lines = Vec::new();
        let (mut too_many, mut new) = (false, 0);
        store.each_attendee_row(event.id, day, |mut row| {
            if too_many {
                return Ok(());
            }
            make_inert(&mut row);
            let print = fingerprint(&row);
            match shown.prints.binary_search_by_key(&row.id, |&(id, _)| id) {
                Ok(at) => {
                    seen[at] = true;
                    if shown.prints[at].1 != print {
                        lines.push(row);
                    }
                }
                Err(_) => {
                    new += 1;
                    lines.push(row);
                }
            }
            too_many = lines.len() > MANY_LINES || new > MANY_MOVES;
            Ok(())
        })?;
        let gone: Vec<AttendeeId> = shown
            .prints
            .iter()
            .zip(&seen)
            .filter(|(_, seen)| !**seen)
            .map(|(&(id, _), _)| id)
            .collect();
        // The Stats screen's figures, read again only where they are kept.
        let figures = if shown.figures {
            Some(Box::new(super::Figures::read(store, &event)?))
        } else {
            None
        };
        if too_many || new + gone.len() > MANY_MOVES {
            drop(lines);
            let mut registry = Registry::load(store, event.id, today)?;
            registry.figures = figures;
            return Ok(Fresh::Whole(Box::new(registry)));
        }
        Ok(Fresh::Changes(Box::new(Changes {
            delegations: store.list_delegations(&event, day)?,
            day_counts: store.present_counts(event.id)?,
            figures,
            event,
            day,
            lines,
            gone,
        })))
    }
}
