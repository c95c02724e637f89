//! Move a person to another delegation (or to none).

use super::*;
use crate::domain::{Attendee, AttendeeId, Field};

pub struct MovePerson {
    form: Form,
    id: AttendeeId,
    to: Choice<Option<DelegationId>>,
}

impl MovePerson {
    pub fn new(registry: &Registry, person: &Attendee) -> MovePerson {
        let mut form = Form::new(" Move to another delegation ", Vec::new());
        form.intro = vec![format!(
            "Move {} to (type to search, ↑↓ to pick, Enter to move):",
            person.details.protocol_name()
        )];
        let to = delegation_choice(
            &mut form,
            DELEGATION,
            registry,
            person.details.delegation,
            None,
        );
        MovePerson {
            form,
            id: person.id,
            to,
        }
    }
}

impl PopupForm for MovePerson {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, _registry: Option<&Registry>) -> Step {
        let outcome = self.form.update(action);
        step(self, outcome, |this| {
            Ok(Command::MovePerson {
                id: this.id,
                to: this.to.picked(&this.form).copied().flatten(),
            })
        })
    }

    fn field_of(&self, _field: Field) -> Option<FieldId> {
        None
    }
}
