//! A choice field that knows the value behind each option: picking gives the value,
//! never an index to decode.

use super::form::{FieldId, Form, FormField};

pub struct Choice<T> {
    pub id: FieldId,
    /// The value behind each option, then behind each offer (see `FormField::with_offers`).
    values: Vec<T>,
}

impl<T: PartialEq> Choice<T> {
    /// Add a choice among `options` (label, value) to `form`, starting at the option
    /// holding `current` (the first when none does).
    pub fn add(
        form: &mut Form,
        label: &'static str,
        options: Vec<(String, T)>,
        current: &T,
    ) -> Choice<T> {
        Choice::with_offers(form, label, options, Vec::new(), current)
    }

    /// As `add`, with `offers` ((shown label, text matched), value) that come only when
    /// what is typed matches no option.
    pub fn with_offers(
        form: &mut Form,
        label: &'static str,
        options: Vec<(String, T)>,
        offers: Vec<((String, String), T)>,
        current: &T,
    ) -> Choice<T> {
        let at = options.iter().position(|(_, v)| v == current).unwrap_or(0);
        let (names, mut values): (Vec<String>, Vec<T>) = options.into_iter().unzip();
        let (offers, offered): (Vec<(String, String)>, Vec<T>) = offers.into_iter().unzip();
        values.extend(offered);
        let id = form.add(FormField::choice(label, names, at).with_offers(offers));
        Choice { id, values }
    }

    /// The value picked; `None` while what was typed matches nothing.
    pub fn picked<'a>(&'a self, form: &Form) -> Option<&'a T> {
        self.values.get(form.get(self.id).picked()?)
    }

    /// Pick the option holding `value`, as if chosen with ↑↓; whether one does.
    pub fn select(&self, form: &mut Form, value: &T) -> bool {
        match self.values.iter().position(|v| v == value) {
            Some(at) => {
                form.get_mut(self.id).select(at);
                true
            }
            None => false,
        }
    }
}

impl<T: PartialEq + Copy + strum::IntoEnumIterator> Choice<T> {
    /// A choice among every value of an enum, by its label.
    pub fn of_enum(
        form: &mut Form,
        label: &'static str,
        name: fn(T) -> &'static str,
        current: T,
    ) -> Choice<T> {
        let options = T::iter().map(|v| (name(v).to_string(), v)).collect();
        Choice::add(form, label, options, &current)
    }
}

impl Choice<bool> {
    /// No or Yes.
    pub fn yes_no(form: &mut Form, label: &'static str, current: bool) -> Choice<bool> {
        let options = vec![("No".to_string(), false), ("Yes".to_string(), true)];
        Choice::add(form, label, options, &current)
    }

    /// Whether Yes is picked.
    pub fn yes(&self, form: &Form) -> bool {
        self.picked(form) == Some(&true)
    }
}
