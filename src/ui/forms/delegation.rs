//! New or edit delegation. A new one takes its name and sort key from the country
//! picked, until the user types their own.

use super::*;
use crate::domain::default_sort_key;
use crate::domain::{Category, Delegation, DelegationId, EventId, Field, NewDelegation};

pub struct DelegationForm {
    /// The event a new delegation joins.
    event: EventId,
    editing: Option<Editing<DelegationId, NewDelegation>>,
    country: Choice<Option<&'static str>>,
    name: FieldId,
    category: Choice<Category>,
    sort_key: FieldId,
}

impl DelegationForm {
    pub fn new(event: EventId, existing: Option<&Delegation>) -> FormOf<DelegationForm> {
        let d = existing.map(|d| &d.details);
        let mut form = Form::new(new_or_edit("delegation", existing.is_some()));
        let country = country_choice(&mut form, COUNTRY, d.and_then(|d| d.country.as_deref()));
        let name = form.add(FormField::text(NAME, d.map_or("", |d| d.name.as_str())));
        let current = d.map_or(Category::ParticipatingState, |d| d.category);
        let category = Choice::of_enum(&mut form, CATEGORY, Category::label, current);
        let sort_key = form.add(FormField::text(
            SORT_KEY,
            d.map_or("", |d| d.sort_key.as_str()),
        ));
        form.intro = vec![
            "Pick the country first: name and sort key follow from it (both can be changed)."
                .into(),
        ];
        let editing = existing.map(|d| Editing {
            id: d.id,
            before: d.details.clone(),
            shown: Shown::of(&form),
        });
        let kind = DelegationForm {
            event,
            editing,
            country,
            name,
            category,
            sort_key,
        };
        FormOf { form, kind }
    }

    fn read(&self, form: &Form) -> Result<NewDelegation, FieldErrors> {
        let name = form.text(self.name).to_string();
        let sort_key = match form.text(self.sort_key) {
            "" => default_sort_key(&name),
            key => key.to_string(),
        };
        let d = NewDelegation {
            name,
            category: self
                .category
                .picked(form)
                .copied()
                .unwrap_or(Category::Other),
            sort_key,
            country: self
                .country
                .picked(form)
                .copied()
                .flatten()
                .map(str::to_string),
        };
        validated(d.validate().map(|()| d), |f| self.field_of(f))
    }
}

impl FormKind for DelegationForm {
    /// A new delegation, or the fields the user changed.
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        let new = self.read(form)?;
        let Some(Editing { id, before, shown }) = &self.editing else {
            return Ok(Command::CreateDelegation {
                event: self.event,
                delegation: new,
            });
        };
        let mut after = before.clone();
        take_changed!(|id| shown.changed(form, id), after, new;
            self.name => name, self.category.id => category,
            self.sort_key => sort_key, self.country.id => country,
        );
        Ok(Command::EditDelegation {
            id: *id,
            before: before.clone(),
            after,
        })
    }

    /// A new delegation takes its name and sort key from the country picked, while
    /// they are empty or still a country's name.
    fn edited(&mut self, form: &mut Form) {
        if self.editing.is_some() {
            return;
        }
        let Some(Some(code)) = self.country.picked(form) else {
            return;
        };
        let name = country::name(code).unwrap_or_default().to_string();
        for id in [self.name, self.sort_key] {
            let input = &mut form.get_mut(id).input;
            if input.value().is_empty() || country::parse(input.value()).is_some() {
                input.set(&name);
            }
        }
    }

    /// Every field of a delegation is one of this form's.
    fn field_of(&self, field: Field) -> Option<FieldId> {
        Some(match field {
            Field::Name => self.name,
            Field::Category => self.category.id,
            Field::SortKey => self.sort_key,
            Field::Country => self.country.id,
            seminar_fields!() | person_fields!() | Field::Day => return None,
        })
    }

    fn refilled(
        &mut self,
        conflict: Conflicted,
        _registry: Option<&Registry>,
    ) -> Option<(FormOf<Self>, Vec<ChangedBy>)> {
        let Conflicted::Delegation(c) = conflict else {
            return None;
        };
        Some((DelegationForm::new(self.event, Some(&c.theirs)), c.fields))
    }

    fn shown(&self) -> Option<&Shown> {
        self.editing.as_ref().map(|e| &e.shown)
    }

    fn repick(&self, form: &Form, id: FieldId, fresh: &Self, into: &mut Form) -> bool {
        repick(id, (&self.country, form), (&fresh.country, into))
            || repick(id, (&self.category, form), (&fresh.category, into))
    }
}
