//! New or edit person, and the fields a person's forms share with the walk-in.

use super::*;
use crate::domain::{Attendee, AttendeeId, EventId, Field, Gender, NewAttendee, Role, Status};

/// The fields of a person the person form and the walk-in both have. Each form lays
/// them out among its own (`Form::arrange`).
pub struct PersonFields {
    pub honorific: FieldId,
    pub given: FieldId,
    pub family: FieldId,
    pub native: FieldId,
    pub gender: Choice<Gender>,
    pub position: FieldId,
    pub organisation: FieldId,
    pub country: Choice<Option<&'static str>>,
    pub email: FieldId,
    pub role: Choice<Role>,
}

impl PersonFields {
    /// Add the fields to `form`, filled from `p`.
    pub fn add(form: &mut Form, p: &NewAttendee) -> PersonFields {
        PersonFields {
            honorific: form.add(FormField::text(HONORIFIC, &p.honorific)),
            given: form.add(FormField::text(GIVEN, &p.given_name)),
            family: form.add(FormField::text(FAMILY, &p.family_name)),
            native: form.add(FormField::text(NATIVE, &p.native_name)),
            gender: Choice::of_enum(form, GENDER, Gender::label, p.gender),
            position: form.add(FormField::text(POSITION, &p.position)),
            organisation: form.add(FormField::text(ORGANISATION, &p.organisation)),
            country: country_choice(form, COUNTRY, p.country.as_deref()),
            email: form.add(FormField::text(EMAIL, &p.email)),
            role: Choice::of_enum(form, ROLE, Role::label, p.role),
        }
    }

    /// The names, which both forms show first: honorific, given, family, native.
    pub fn names(&self) -> [FieldId; 4] {
        [self.honorific, self.given, self.family, self.native]
    }

    /// A person with these fields as `form` says (trimmed) and the rest as `rest`.
    /// A choice whose typed text matches nothing keeps `rest`'s value: forms refuse to
    /// save those before they are read.
    pub fn read(&self, form: &Form, rest: NewAttendee) -> NewAttendee {
        let text = |id| form.text(id).to_string();
        NewAttendee {
            honorific: text(self.honorific),
            given_name: text(self.given),
            family_name: text(self.family),
            native_name: text(self.native),
            gender: self.gender.picked(form).copied().unwrap_or(rest.gender),
            position: text(self.position),
            organisation: text(self.organisation),
            country: match self.country.picked(form) {
                Some(code) => code.map(str::to_string),
                None => rest.country.clone(),
            },
            email: text(self.email),
            role: self.role.picked(form).copied().unwrap_or(rest.role),
            ..rest
        }
    }

    /// The field holding the domain's `field`, when it is one of these.
    pub fn field_of(&self, field: Field) -> Option<FieldId> {
        Some(match field {
            Field::Honorific => self.honorific,
            Field::GivenName => self.given,
            Field::FamilyName => self.family,
            Field::NativeName => self.native,
            Field::Gender => self.gender.id,
            Field::Position => self.position,
            Field::Organisation => self.organisation,
            Field::Country => self.country.id,
            Field::Email => self.email,
            Field::Role => self.role.id,
            // The person form's own.
            Field::Delegation
            | Field::Head
            | Field::Rank
            | Field::Phone
            | Field::Status
            | Field::Badge
            | Field::Diet
            | Field::Access
            | Field::Notes
            | Field::Consent => return None,
            seminar_fields!() | delegation_fields!() | Field::Day => return None,
        })
    }

    /// If `id` is one of these choices, pick in `into` (with `fresh`'s handles) what
    /// `form` has picked.
    fn repick(&self, form: &Form, id: FieldId, fresh: &PersonFields, into: &mut Form) -> bool {
        repick(id, (&self.gender, form), (&fresh.gender, into))
            || repick(id, (&self.country, form), (&fresh.country, into))
            || repick(id, (&self.role, form), (&fresh.role, into))
    }
}

pub struct PersonForm {
    /// The event a new person joins.
    event: EventId,
    editing: Option<Editing<AttendeeId, NewAttendee>>,
    person: PersonFields,
    delegation: Choice<Option<crate::domain::DelegationId>>,
    head: Choice<bool>,
    rank: FieldId,
    phone: FieldId,
    status: Choice<Status>,
    badge: FieldId,
    diet: FieldId,
    access: FieldId,
    notes: FieldId,
    consent: Choice<bool>,
}

impl PersonForm {
    /// New or edit person; a new one starts in `delegation`.
    pub fn new(
        registry: &Registry,
        existing: Option<&Attendee>,
        delegation: Option<crate::domain::DelegationId>,
    ) -> FormOf<PersonForm> {
        let blank = NewAttendee {
            delegation,
            ..NewAttendee::default()
        };
        let p = existing.map_or(&blank, |a| &a.details);
        let title = match existing {
            Some(a) => format!(" Edit {} (badge {}) ", a.details.full_name(), a.badge),
            None => " New participant ".to_string(),
        };
        let mut form = Form::new(title);
        let person = PersonFields::add(&mut form, p);
        let delegation = delegation_choice(&mut form, DELEGATION, registry, p.delegation, None);
        let head = Choice::yes_no(&mut form, HEAD, p.is_head);
        let rank = form.add(FormField::text(
            RANK,
            &p.rank.map(|r| r.to_string()).unwrap_or_default(),
        ));
        let phone = form.add(FormField::text(PHONE, &p.phone));
        let status = Choice::of_enum(&mut form, STATUS, Status::label, p.status);
        let badge = existing.map(|a| a.badge.to_string()).unwrap_or_default();
        let badge = form.add(FormField::text(BADGE, &badge));
        let diet = form.add(FormField::text(DIET, &p.diet));
        let access = form.add(FormField::text(ACCESS, &p.access));
        let notes = form.add(FormField::text(NOTES, &p.notes));
        let consent = Choice::yes_no(&mut form, CONSENT, p.consent);
        let f = &person;
        form.arrange(
            &[
                &f.names()[..],
                &[
                    f.gender.id,
                    f.position,
                    f.organisation,
                    delegation.id,
                    head.id,
                    rank,
                    f.country.id,
                    f.email,
                    phone,
                    f.role.id,
                    status.id,
                    badge,
                    diet,
                    access,
                    notes,
                    consent.id,
                ],
            ]
            .concat(),
        );
        let editing = existing.map(|a| Editing {
            id: a.id,
            before: a.details.clone(),
            shown: Shown::of(&form),
        });
        if editing.is_none() {
            form.intro = vec!["Leave Badge empty for the next free number.".into()];
        }
        let kind = PersonForm {
            event: registry.event.id,
            editing,
            person,
            delegation,
            head,
            rank,
            phone,
            status,
            badge,
            diet,
            access,
            notes,
            consent,
        };
        FormOf { form, kind }
    }

    /// The person as the form says, checked.
    pub fn read(&self, form: &Form) -> Result<NewAttendee, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut number = |id: FieldId| -> Option<u32> {
            let t = form.text(id);
            if t.is_empty() {
                return None;
            }
            t.parse()
                .map_err(|_| errors.push((Some(id), "a whole number, please".into())))
                .ok()
        };
        let (rank, badge) = (number(self.rank), number(self.badge));
        let text = |id| form.text(id).to_string();
        let rest = NewAttendee {
            delegation: self.delegation.picked(form).copied().flatten(),
            is_head: self.head.yes(form),
            rank,
            phone: text(self.phone),
            status: self
                .status
                .picked(form)
                .copied()
                .unwrap_or(Status::Registered),
            badge,
            diet: text(self.diet),
            access: text(self.access),
            notes: text(self.notes),
            consent: self.consent.yes(form),
            ..NewAttendee::default()
        };
        let person = self.person.read(form, rest);
        if person.is_head && person.delegation.is_none() {
            errors.push((
                Some(self.head.id),
                "only a member of a delegation can head it".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        validated(person.validate().map(|()| person), |f| self.field_of(f))
    }
}

impl FormKind for PersonForm {
    /// A new person, or the fields the user changed.
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        let new = self.read(form)?;
        let Some(Editing { id, before, shown }) = &self.editing else {
            return Ok(Command::AddPerson {
                event: self.event,
                person: Box::new(new),
            });
        };
        let (f, mut after) = (&self.person, before.clone());
        take_changed!(|id| shown.changed(form, id), after, new;
            f.honorific => honorific, f.given => given_name, f.family => family_name,
            f.native => native_name, f.gender.id => gender, f.position => position,
            f.organisation => organisation, self.delegation.id => delegation,
            self.head.id => is_head, self.rank => rank, f.country.id => country,
            f.email => email, self.phone => phone, f.role.id => role,
            self.status.id => status, self.badge => badge, self.diet => diet,
            self.access => access, self.notes => notes, self.consent.id => consent,
        );
        Ok(Command::EditPerson {
            id: *id,
            before: Box::new(before.clone()),
            after: Box::new(after),
        })
    }

    /// Every field of a person is one of this form's.
    fn field_of(&self, field: Field) -> Option<FieldId> {
        Some(match field {
            Field::Delegation => self.delegation.id,
            Field::Head => self.head.id,
            Field::Rank => self.rank,
            Field::Phone => self.phone,
            Field::Status => self.status.id,
            Field::Badge => self.badge,
            Field::Diet => self.diet,
            Field::Access => self.access,
            Field::Notes => self.notes,
            Field::Consent => self.consent.id,
            seminar_fields!() | delegation_fields!() | Field::Day => return None,
            // The fields the walk-in has too.
            shared => return self.person.field_of(shared),
        })
    }

    fn refilled(
        &mut self,
        conflict: Conflicted,
        registry: Option<&Registry>,
    ) -> Option<(FormOf<Self>, Vec<ChangedBy>)> {
        let (Conflicted::Person(c), Some(registry)) = (conflict, registry) else {
            return None;
        };
        Some((PersonForm::new(registry, Some(&c.theirs), None), c.fields))
    }

    fn shown(&self) -> Option<&Shown> {
        self.editing.as_ref().map(|e| &e.shown)
    }

    fn repick(&self, form: &Form, id: FieldId, fresh: &Self, into: &mut Form) -> bool {
        self.person.repick(form, id, &fresh.person, into)
            || repick(id, (&self.delegation, form), (&fresh.delegation, into))
            || repick(id, (&self.head, form), (&fresh.head, into))
            || repick(id, (&self.status, form), (&fresh.status, into))
            || repick(id, (&self.consent, form), (&fresh.consent, into))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The sample seminar, read as the screens read it.
    fn sample() -> (Registry, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create_or_open(&dir.path().join("forms.db")).unwrap();
        let code = crate::demo::write_sample(&mut store).unwrap();
        let event = store.event_by_code(&code).unwrap();
        let registry = Registry::load(&store, event.id, event.details.start_date).unwrap();
        (registry, dir)
    }

    fn type_into(form: &mut FormOf<PersonForm>, field: FieldId, text: &str) {
        form.form.focus_on(field);
        for c in text.chars() {
            assert_eq!(form.update(Action::Input(c), None), Step::Editing);
        }
    }

    #[test]
    fn a_new_person_joins_the_delegation_picked() {
        let (registry, _dir) = sample();
        let kyrgyzstan = registry
            .delegations
            .iter()
            .find(|d| d.delegation.details.name == "Kyrgyzstan")
            .expect("the sample has Kyrgyzstan")
            .delegation
            .id;
        let mut form = PersonForm::new(&registry, None, None);
        let (given, family) = (form.kind.person.given, form.kind.person.family);
        type_into(&mut form, given, "Aida");
        type_into(&mut form, family, "Bekova");
        let delegation = form.kind.delegation.id;
        type_into(&mut form, delegation, "kyrg");
        let Step::Run(Command::AddPerson { event, person }) = form.update(Action::Save, None)
        else {
            panic!("the form saves a new person");
        };
        assert_eq!(event, registry.event.id);
        assert_eq!(person.delegation, Some(kyrgyzstan));
        assert_eq!(
            (&*person.given_name, &*person.family_name),
            ("Aida", "Bekova")
        );
    }

    #[test]
    fn an_edit_saves_only_the_fields_changed() {
        let (registry, dir) = sample();
        let store = Store::open(&dir.path().join("forms.db")).unwrap();
        let someone = store.attendee(registry.people[0].id).unwrap();
        let mut form = PersonForm::new(&registry, Some(&someone), None);
        let phone = form.kind.phone;
        type_into(&mut form, phone, "+976 1");
        let Step::Run(Command::EditPerson { id, before, after }) = form.update(Action::Save, None)
        else {
            panic!("the form saves the edit");
        };
        assert_eq!(id, someone.id);
        assert_eq!(*before, someone.details);
        let typed = NewAttendee {
            phone: format!("{}+976 1", someone.details.phone)
                .trim()
                .to_string(),
            ..someone.details.clone()
        };
        assert_eq!(*after, typed, "the phone changed, nothing else");
    }
}
