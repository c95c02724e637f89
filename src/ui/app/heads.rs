//! A new head of delegation takes over from the old one (the store demotes the old one
//! in the same transaction): the message after the save says who replaced whom, and the
//! old head's line loses its ★ at once.

use super::App;
use crate::domain::{AttendeeId, DelegationId, NewAttendee};

/// Who headed a delegation before a save that names a new head.
pub(super) struct OldHead {
    id: AttendeeId,
    delegation: String,
}

impl App {
    /// The head `person` (saved as `id`, `None` when new) would take over from: the
    /// delegation's head as shown now, if it is someone else.
    pub(super) fn head_before(
        &self,
        id: Option<AttendeeId>,
        person: &NewAttendee,
    ) -> Option<OldHead> {
        let registry = self.registry.as_ref()?;
        let delegation: DelegationId = person.delegation.filter(|_| person.is_head)?;
        let head = registry
            .members_of(Some(delegation))
            .iter()
            .map(|&i| &registry.people[i as usize])
            .find(|p| p.is_head && Some(p.id) != id)?;
        Some(OldHead {
            id: head.id,
            delegation: registry
                .delegations
                .iter()
                .find(|d| d.delegation.id == delegation)
                .map(|d| d.delegation.details.name.clone())
                .unwrap_or_default(),
        })
    }

    /// After the save: when the old head is no longer head in the file, show them so
    /// and say "Marat ABDRAKHMANOV replaces Aigul SYDYKOVA as head of Kyrgyzstan".
    pub(super) fn head_replaced(&mut self, old: OldHead, new: &NewAttendee) -> Option<String> {
        let was = self.store.attendee(old.id).ok()?;
        if was.details.is_head {
            return None;
        }
        self.show_person_or_say(old.id);
        let name = |p: &NewAttendee| format!("{} {}", p.given_name, p.family_name.to_uppercase());
        Some(
            crate::domain::inert(&format!(
                "{} replaces {} as head of {}",
                name(new),
                name(&was.details),
                old.delegation
            ))
            .into_owned(),
        )
    }
}
