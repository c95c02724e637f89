//! The person card over Attendees: opening it on a person.

use super::*;
use crate::ui::widgets::card::PersonCard;

impl App {
    /// The card of `id`: the person as stored now, their delegation, and their
    /// check-ins on each day of the current event.
    pub(super) fn person_card(
        &self,
        id: AttendeeId,
    ) -> Result<Option<Box<PersonCard>>, StoreError> {
        let Some(registry) = &self.registry else {
            return Ok(None);
        };
        let person = self.store.attendee(id)?;
        let delegation = match person.details.delegation {
            Some(d) => Some(self.store.delegation(d)?.details.name),
            None => None,
        };
        let check_ins = self.store.check_ins_of(id)?;
        Ok(Some(Box::new(PersonCard::new(
            person,
            delegation,
            &registry.event,
            check_ins,
        ))))
    }
}
