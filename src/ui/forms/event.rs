//! New or edit seminar. A new one suggests a unique code from its city and year until
//! the user types a code of their own.

use super::*;
use crate::domain::fold::fold;
use crate::domain::{Event, EventId, EventKind, Field, Language, NewEvent};
use chrono::{Datelike, NaiveDate};

pub struct EventForm {
    editing: Option<Editing<EventId, NewEvent>>,
    title: FieldId,
    kind: Choice<EventKind>,
    start: FieldId,
    end: FieldId,
    city: FieldId,
    country: Choice<Option<&'static str>>,
    venue: FieldId,
    organiser: FieldId,
    description: FieldId,
    /// What the seminar's lists are written in, and ordered by.
    language: Choice<Language>,
    code: FieldId,
    /// The other events' codes: a suggestion avoids them.
    taken: Vec<String>,
    /// The code last suggested, so typing a code of one's own stops suggestions.
    suggested_code: String,
}

impl EventForm {
    pub fn new(existing: Option<&Event>, taken: Vec<String>) -> FormOf<EventForm> {
        let blank = NewEvent::new("", "", NaiveDate::MIN, NaiveDate::MIN);
        let e = existing.map_or(&blank, |e| &e.details);
        // A new seminar's dates start empty, for the user to type.
        let date = |d: NaiveDate| existing.map(|_| d.to_string()).unwrap_or_default();
        let mut form = Form::new(new_or_edit("seminar", existing.is_some()));
        let title = form.add(FormField::text(TITLE, &e.title));
        let kind = Choice::of_enum(&mut form, KIND, EventKind::label, e.kind);
        let start = form.add(FormField::text(START, &date(e.start_date)));
        let end = form.add(FormField::text(END, &date(e.end_date)));
        let city = form.add(FormField::text(CITY, &e.city));
        let country = country_choice(&mut form, COUNTRY, e.country.as_deref());
        let venue = form.add(FormField::text(VENUE, &e.venue));
        let organiser = form.add(FormField::text(ORGANISER, &e.organiser));
        let description = form.add(FormField::text(DESCRIPTION, &e.description));
        let language = Choice::of_enum(&mut form, LANGUAGE, Language::label, e.language);
        let code = form.add(FormField::text(CODE, &e.code));
        let editing = existing.map(|e| Editing {
            id: e.id,
            before: e.details.clone(),
            shown: Shown::of(&form),
        });
        let kind = EventForm {
            editing,
            title,
            kind,
            start,
            end,
            city,
            country,
            venue,
            organiser,
            description,
            language,
            code,
            taken,
            suggested_code: String::new(),
        };
        FormOf { form, kind }
    }

    /// While a new seminar is typed, suggest a unique code from its city and year,
    /// until the user types a code of their own.
    fn suggest_code(&mut self, form: &mut Form) {
        let current = form.get(self.code).value();
        if self.editing.is_some() || (!current.is_empty() && current != self.suggested_code) {
            return;
        }
        let city = fold(form.get(self.city).value()).replace(' ', "-");
        let year = NaiveDate::parse_from_str(form.text(self.start), "%Y-%m-%d")
            .map(|d| d.year().to_string())
            .unwrap_or_default();
        let base = [city, year]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let mut code = base.clone();
        let mut n = 2;
        while self.taken.contains(&code) {
            code = format!("{base}-{n}");
            n += 1;
        }
        form.get_mut(self.code).input.set(&code);
        self.suggested_code = code;
    }

    fn read(&self, form: &Form) -> Result<NewEvent, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut date = |id: FieldId| {
            crate::domain::parse_date(form.text(id)).unwrap_or_else(|why| {
                errors.push((Some(id), why));
                NaiveDate::MIN
            })
        };
        let (start_date, end_date) = (date(self.start), date(self.end));
        let text = |id| form.text(id).to_string();
        let event = NewEvent {
            code: text(self.code),
            title: text(self.title),
            kind: self
                .kind
                .picked(form)
                .copied()
                .unwrap_or(EventKind::Seminar),
            venue: text(self.venue),
            city: text(self.city),
            country: self
                .country
                .picked(form)
                .copied()
                .flatten()
                .map(str::to_string),
            start_date,
            end_date,
            organiser: text(self.organiser),
            description: text(self.description),
            language: self.language.picked(form).copied().unwrap_or_default(),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        validated(event.validate().map(|()| event), |f| self.field_of(f))
    }
}

impl FormKind for EventForm {
    /// A new seminar, or the fields the user changed.
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        let new = self.read(form)?;
        let Some(Editing { id, before, shown }) = &self.editing else {
            return Ok(Command::CreateEvent(new));
        };
        let mut after = before.clone();
        take_changed!(|id| shown.changed(form, id), after, new;
            self.title => title, self.kind.id => kind, self.start => start_date,
            self.end => end_date, self.city => city, self.country.id => country,
            self.venue => venue, self.organiser => organiser,
            self.description => description, self.language.id => language,
            self.code => code,
        );
        Ok(Command::EditEvent {
            id: *id,
            before: Box::new(before.clone()),
            after: Box::new(after),
        })
    }

    fn edited(&mut self, form: &mut Form) {
        self.suggest_code(form);
    }

    /// Every field of a seminar is one of this form's.
    fn field_of(&self, field: Field) -> Option<FieldId> {
        Some(match field {
            Field::Code => self.code,
            Field::Title => self.title,
            Field::Kind => self.kind.id,
            Field::StartDate => self.start,
            Field::EndDate => self.end,
            Field::City => self.city,
            Field::Venue => self.venue,
            Field::Organiser => self.organiser,
            Field::Description => self.description,
            Field::Country => self.country.id,
            Field::Language => self.language.id,
            delegation_fields!() | person_fields!() | Field::Day => return None,
        })
    }

    fn refilled(
        &mut self,
        conflict: Conflicted,
        _registry: Option<&Registry>,
    ) -> Option<(FormOf<Self>, Vec<ChangedBy>)> {
        let Conflicted::Event(c) = conflict else {
            return None;
        };
        Some((
            EventForm::new(Some(&c.theirs), std::mem::take(&mut self.taken)),
            c.fields,
        ))
    }

    fn shown(&self) -> Option<&Shown> {
        self.editing.as_ref().map(|e| &e.shown)
    }

    fn repick(&self, form: &Form, id: FieldId, fresh: &Self, into: &mut Form) -> bool {
        repick(id, (&self.kind, form), (&fresh.kind, into))
            || repick(id, (&self.country, form), (&fresh.country, into))
            || repick(id, (&self.language, form), (&fresh.language, into))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_that_does_not_exist_is_named_beside_its_field() {
        let mut form = EventForm::new(None, Vec::new());
        let (title, start, end) = (form.kind.title, form.kind.start, form.kind.end);
        form.form.get_mut(title).input.set("Regional seminar");
        form.form.get_mut(start).input.set("2017-02-30");
        form.form.get_mut(end).input.set("2017-13-01");
        let errors = form.kind.command(&form.form).expect_err("refused");
        assert!(
            errors.contains(&(Some(start), "February 2017 has no day 30".to_string())),
            "{errors:?}"
        );
        assert!(
            errors.contains(&(
                Some(end),
                "there is no month 13: months go from 01 to 12".to_string()
            )),
            "{errors:?}"
        );
    }
}
