//! The deletions: each says what goes with the record and asks for Enter (a seminar
//! with check-ins for its code typed; a delegation with members where they go).

use super::*;
use crate::domain::{Attendee, Event, Field};
use crate::store::EventContents;

pub struct DeleteEvent {
    form: Form,
    event: crate::domain::EventId,
    /// The event's code, to be typed before a seminar with check-ins goes.
    type_code: Option<(FieldId, String)>,
}

impl DeleteEvent {
    pub fn new(event: &Event, contents: EventContents) -> DeleteEvent {
        let d = &event.details;
        let mut form = Form::new(" Delete seminar ", Vec::new());
        form.intro = vec![
            format!("Delete {} — {}?", d.code, d.title),
            format!(
                "With it go {} delegations, {} people and {} check-ins. This cannot be undone.",
                contents.delegations, contents.people, contents.check_ins
            ),
        ];
        let type_code = if contents.check_ins > 0 {
            form.intro.push(format!(
                "It has check-ins: type its code ({}) to confirm.",
                d.code
            ));
            Some((
                form.add(FormField::text("Type the code", "")),
                d.code.clone(),
            ))
        } else {
            form.intro
                .push("Enter deletes it, Esc keeps it.".to_string());
            None
        };
        DeleteEvent {
            form,
            event: event.id,
            type_code,
        }
    }

    fn command(&self) -> Result<Command, FieldErrors> {
        match &self.type_code {
            Some((id, code)) if self.form.text(*id) != code => {
                Err(vec![(Some(*id), "does not match the code".into())])
            }
            _ => Ok(Command::DeleteEvent(self.event)),
        }
    }
}

impl PopupForm for DeleteEvent {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, _registry: Option<&Registry>) -> Step {
        let outcome = self.form.update(action);
        step(self, outcome, DeleteEvent::command)
    }

    fn field_of(&self, _field: Field) -> Option<FieldId> {
        None
    }
}

pub struct DeleteDelegation {
    form: Form,
    id: DelegationId,
    /// Where its members go, when it has any.
    members_go_to: Option<Choice<Option<DelegationId>>>,
}

impl DeleteDelegation {
    /// `None` when the delegation is not in the registry (deleted meanwhile).
    pub fn new(registry: &Registry, id: DelegationId) -> Option<DeleteDelegation> {
        let row = registry
            .delegations
            .iter()
            .find(|d| d.delegation.id == id)?;
        let mut form = Form::new(" Delete delegation ", Vec::new());
        form.intro = vec![format!(
            "Delete the delegation {}?",
            row.delegation.details.name
        )];
        let members_go_to = if row.members > 0 {
            form.intro.push(format!(
                "Its {} members stay registered: choose where they go (↑↓ or type), then Enter.",
                row.members
            ));
            Some(delegation_choice(
                &mut form,
                "Members go to",
                registry,
                None,
                Some(id),
            ))
        } else {
            form.intro
                .push("It has no members. Enter deletes it, Esc keeps it.".to_string());
            None
        };
        Some(DeleteDelegation {
            form,
            id,
            members_go_to,
        })
    }
}

impl PopupForm for DeleteDelegation {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, _registry: Option<&Registry>) -> Step {
        let outcome = self.form.update(action);
        step(self, outcome, |this| {
            let members_go_to = this.members_go_to.as_ref();
            Ok(Command::DeleteDelegation {
                id: this.id,
                members_go_to: members_go_to.and_then(|c| c.picked(&this.form).copied().flatten()),
            })
        })
    }

    fn field_of(&self, _field: Field) -> Option<FieldId> {
        None
    }
}

pub struct DeletePerson {
    form: Form,
    id: crate::domain::AttendeeId,
}

impl DeletePerson {
    pub fn new(person: &Attendee) -> DeletePerson {
        let mut form = Form::new(" Delete participant ", Vec::new());
        form.intro = vec![
            format!(
                "Erase {} (badge {}) from the registry?",
                person.details.protocol_name(),
                person.badge
            ),
            "Their check-ins go too; the audit log keeps only a number. Enter erases, Esc keeps."
                .into(),
        ];
        DeletePerson {
            form,
            id: person.id,
        }
    }
}

impl PopupForm for DeletePerson {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, _registry: Option<&Registry>) -> Step {
        let outcome = self.form.update(action);
        step(self, outcome, |this| Ok(Command::ErasePerson(this.id)))
    }

    fn field_of(&self, _field: Field) -> Option<FieldId> {
        None
    }
}
