//! New or edit delegation. A new one takes its name and sort key from the country
//! picked, until the user types their own.

use super::*;
use crate::domain::default_sort_key;
use crate::domain::{Category, Delegation, DelegationId, EventId, Field, NewDelegation};

pub struct DelegationForm {
    form: Form,
    /// The event a new delegation joins.
    event: EventId,
    /// The delegation edited, and what the form showed when filled from it.
    editing: Option<(DelegationId, NewDelegation, Shown)>,
    country: Choice<Option<&'static str>>,
    name: FieldId,
    category: Choice<Category>,
    sort_key: FieldId,
}

impl DelegationForm {
    pub fn new(event: EventId, existing: Option<&Delegation>) -> DelegationForm {
        let d = existing.map(|d| &d.details);
        let mut form = Form::new(new_or_edit("delegation", existing.is_some()), Vec::new());
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
        let editing = existing.map(|d| (d.id, d.details.clone(), Shown::of(&form)));
        DelegationForm {
            form,
            event,
            editing,
            country,
            name,
            category,
            sort_key,
        }
    }

    /// A new delegation takes its name and sort key from the country picked, while
    /// they are empty or still a country's name.
    fn fill_from_country(&mut self) {
        if self.editing.is_some() {
            return;
        }
        let Some(Some(code)) = self.country.picked(&self.form) else {
            return;
        };
        let name = crate::domain::country::name(code)
            .unwrap_or_default()
            .to_string();
        for id in [self.name, self.sort_key] {
            let input = &mut self.form.get_mut(id).input;
            if input.value().is_empty() || crate::domain::country::parse(input.value()).is_some() {
                input.set(&name);
            }
        }
    }

    fn read(&self) -> Result<NewDelegation, FieldErrors> {
        let name = self.form.text(self.name).to_string();
        let sort_key = match self.form.text(self.sort_key) {
            "" => default_sort_key(&name),
            key => key.to_string(),
        };
        let d = NewDelegation {
            name,
            category: self
                .category
                .picked(&self.form)
                .copied()
                .unwrap_or(Category::Other),
            sort_key,
            country: self
                .country
                .picked(&self.form)
                .copied()
                .flatten()
                .map(str::to_string),
        };
        validated(d.validate().map(|()| d), |f| self.field_of(f))
    }

    /// The command the form asks for: a new delegation, or the fields the user changed.
    fn command(&self) -> Result<Command, FieldErrors> {
        let new = self.read()?;
        let Some((id, before, shown)) = &self.editing else {
            return Ok(Command::CreateDelegation {
                event: self.event,
                delegation: new,
            });
        };
        let changed = |id| shown.changed(&self.form, id);
        let mut after = before.clone();
        if changed(self.name) {
            after.name = new.name;
        }
        if changed(self.category.id) {
            after.category = new.category;
        }
        if changed(self.sort_key) {
            after.sort_key = new.sort_key;
        }
        if changed(self.country.id) {
            after.country = new.country;
        }
        Ok(Command::EditDelegation {
            id: *id,
            before: before.clone(),
            after,
        })
    }

    fn field_named(&self, name: &str) -> Option<FieldId> {
        Some(match name {
            "name" => self.name,
            "category" => self.category.id,
            "sort_key" => self.sort_key,
            "country" => self.country.id,
            _ => return None,
        })
    }
}

impl PopupForm for DelegationForm {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, _registry: Option<&Registry>) -> Step {
        let outcome = self.form.update(action);
        if outcome == FormOutcome::Editing {
            self.fill_from_country();
        }
        step(self, outcome, DelegationForm::command)
    }

    fn field_of(&self, field: Field) -> Option<FieldId> {
        match field {
            Field::Name => Some(self.name),
            Field::SortKey => Some(self.sort_key),
            Field::Country => Some(self.country.id),
            _ => None,
        }
    }

    fn conflict(&mut self, conflict: Conflicted, _registry: Option<&Registry>) {
        let (Conflicted::Delegation(conflict), Some((_, _, shown))) = (conflict, &self.editing)
        else {
            return;
        };
        let mut fresh = DelegationForm::new(self.event, Some(&conflict.theirs));
        let Some((_, _, fresh_shown)) = &fresh.editing else {
            return;
        };
        // Both forms were built alike: their handles are the same.
        rebase(
            &self.form,
            shown,
            &mut fresh.form,
            fresh_shown,
            &conflict.fields,
            |n| self.field_named(n),
        );
        *self = fresh;
    }
}
