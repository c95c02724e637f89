//! The deletions: each says what goes with the record and asks for Enter (a seminar
//! with check-ins for its code typed; a delegation with members where they go).

use super::*;
use crate::domain::{Attendee, AttendeeId, Event, EventId};
use crate::store::EventContents;
use crate::ui::widgets::form::FormKeys;

pub struct DeleteEvent {
    event: EventId,
    /// The event's code, to be typed before a seminar with check-ins goes.
    type_code: Option<(FieldId, String)>,
}

impl DeleteEvent {
    pub fn new(event: &Event, contents: EventContents, keys: &FormKeys) -> FormOf<DeleteEvent> {
        let d = &event.details;
        let mut form = Form::new(" Delete seminar ");
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
                .push(format!("{} deletes it, {} keeps it.", keys.enter, keys.esc));
            None
        };
        let kind = DeleteEvent {
            event: event.id,
            type_code,
        };
        FormOf { form, kind }
    }
}

impl FormKind for DeleteEvent {
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        match &self.type_code {
            Some((id, code)) if form.text(*id) != code => {
                Err(vec![(Some(*id), "does not match the code".into())])
            }
            _ => Ok(Command::DeleteEvent(self.event)),
        }
    }
}

pub struct DeleteDelegation {
    id: DelegationId,
    /// Where its members go, when it has any.
    members_go_to: Option<Choice<Option<DelegationId>>>,
}

impl DeleteDelegation {
    /// `None` when the delegation is not in the registry (deleted meanwhile).
    pub fn new(
        registry: &Registry,
        id: DelegationId,
        keys: &FormKeys,
    ) -> Option<FormOf<DeleteDelegation>> {
        let row = registry
            .delegations
            .iter()
            .find(|d| d.delegation.id == id)?;
        let mut form = Form::new(" Delete delegation ");
        form.intro = vec![format!(
            "Delete the delegation {}?",
            row.delegation.details.name
        )];
        let members_go_to = if row.members > 0 {
            form.intro.push(format!(
                "Its {} members stay registered: choose where they go ({} or type), then {}.",
                row.members, keys.pick, keys.enter
            ));
            let label = "Members go to";
            Some(delegation_choice(
                &mut form,
                label,
                registry,
                None,
                Some(id),
            ))
        } else {
            form.intro.push(format!(
                "It has no members. {} deletes it, {} keeps it.",
                keys.enter, keys.esc
            ));
            None
        };
        let kind = DeleteDelegation { id, members_go_to };
        Some(FormOf { form, kind })
    }
}

impl FormKind for DeleteDelegation {
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        let members_go_to = self.members_go_to.as_ref();
        Ok(Command::DeleteDelegation {
            id: self.id,
            members_go_to: members_go_to.and_then(|c| c.picked(form).copied().flatten()),
        })
    }
}

pub struct DeletePerson(AttendeeId);

impl DeletePerson {
    pub fn new(person: &Attendee, keys: &FormKeys) -> FormOf<DeletePerson> {
        let mut form = Form::new(" Delete participant ");
        form.intro = vec![
            format!(
                "Erase {} (badge {}) from the registry?",
                person.details.protocol_name(),
                person.badge
            ),
            format!(
                "Their check-ins go too; the audit log keeps only a number. {} erases, {} keeps.",
                keys.enter, keys.esc
            ),
        ];
        FormOf {
            form,
            kind: DeletePerson(person.id),
        }
    }
}

impl FormKind for DeletePerson {
    fn command(&self, _form: &Form) -> Result<Command, FieldErrors> {
        Ok(Command::ErasePerson(self.0))
    }
}
