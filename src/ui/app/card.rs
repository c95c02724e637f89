//! The person card over Attendees: opening it on a person, its keys.

use super::*;
use crate::ui::widgets::card::PersonCard;

impl App {
    /// Open the card of `id`: the person as stored now, their delegation, and their
    /// check-ins on each day of the current event.
    pub(super) fn show_person(&mut self, id: AttendeeId) -> Result<(), StoreError> {
        let Some(registry) = &self.registry else {
            return Ok(());
        };
        let person = self.store.attendee(id)?;
        let delegation = match person.details.delegation {
            Some(d) => Some(self.store.delegation(d)?.details.name),
            None => None,
        };
        let check_ins = self.store.check_ins_of(id)?;
        self.card = Some(PersonCard::new(
            person,
            delegation,
            &registry.event,
            check_ins,
        ));
        Ok(())
    }

    /// A key while the card is open: Esc or Enter closes it, the movement keys scroll.
    pub(super) fn update_card(&mut self, action: Action) {
        match action {
            Action::Back | Action::Open | Action::Accept => self.card = None,
            other => {
                let area = self.list_area.get();
                if let Some(card) = self.card.as_mut() {
                    card.apply(other, area);
                }
            }
        }
    }
}
