//! Move a person to another delegation (or to none).

use super::*;
use crate::domain::{Attendee, AttendeeId};
use crate::ui::widgets::form::FormKeys;

pub struct MovePerson {
    id: AttendeeId,
    to: Choice<Option<DelegationId>>,
}

impl MovePerson {
    pub fn new(registry: &Registry, person: &Attendee, keys: &FormKeys) -> FormOf<MovePerson> {
        let mut form = Form::new(" Move to another delegation ");
        form.intro = vec![format!(
            "Move {} to (type to search, {} to pick, {} to move):",
            person.details.protocol_name(),
            keys.pick,
            keys.enter
        )];
        let current = person.details.delegation;
        let to = delegation_choice(&mut form, DELEGATION, registry, current, None);
        let kind = MovePerson { id: person.id, to };
        FormOf { form, kind }
    }
}

impl FormKind for MovePerson {
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        Ok(Command::MovePerson {
            id: self.id,
            to: self.to.picked(form).copied().flatten(),
        })
    }
}
