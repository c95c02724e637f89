//! The forms over the screens, one type each: seminars, delegations and people (new,
//! edit, delete, move), the walk-in, import and export. A form holds typed handles to
//! its fields; submitting it gives the [`Command`] to run, or errors beside the fields
//! and nothing is run. What a form does as the user types (suggest a code, follow the
//! country, name the export file) lives in that form.

/// In an edit, `after` takes from `new` each field whose form field (`id`) the user
/// changed.
macro_rules! take_changed {
    ($changed:expr, $after:ident, $new:ident; $($id:expr => $field:ident),* $(,)?) => {
        $(if $changed($id) {
            $after.$field = $new.$field.clone();
        })*
    };
}

/// The domain's fields of each record but the country, which all three have, as
/// patterns: a form's `field_of` matches its own fields one by one and the others with
/// these, with no catch-all, so the compiler asks every form about a field added to
/// `Field`.
macro_rules! seminar_fields {
    () => {
        Field::Code
            | Field::Title
            | Field::Kind
            | Field::StartDate
            | Field::EndDate
            | Field::City
            | Field::Venue
            | Field::Organiser
            | Field::Description
            | Field::Language
    };
}

macro_rules! delegation_fields {
    () => {
        Field::Name | Field::Category | Field::SortKey
    };
}

macro_rules! person_fields {
    () => {
        Field::Honorific
            | Field::GivenName
            | Field::FamilyName
            | Field::NativeName
            | Field::Gender
            | Field::Position
            | Field::Organisation
            | Field::Delegation
            | Field::Head
            | Field::Rank
            | Field::Email
            | Field::Phone
            | Field::Role
            | Field::Status
            | Field::Badge
            | Field::Diet
            | Field::Access
            | Field::Notes
            | Field::Consent
    };
}

pub mod delegation;
pub mod delete;
pub mod event;
pub mod move_person;
pub mod person;
pub mod transfer;
pub mod walk_in;

use crate::domain::{DelegationId, Field, Violations, country};
use crate::store::ChangedBy;
use crate::ui::action::Action;
use crate::ui::command::{Command, Conflicted, Rejection};
use crate::ui::keymap::Keymap;
use crate::ui::registry::Registry;
use crate::ui::theme::Theme;
use crate::ui::widgets::choice::Choice;
use crate::ui::widgets::form::{FieldId, Form, FormField, FormOutcome, Shown};
use ratatui::Frame;
use ratatui::layout::Rect;

// Field labels: what the user reads (a person's are also the person card's), as the
// domain names each field.
pub(crate) const TITLE: &str = Field::Title.label();
pub(crate) const KIND: &str = Field::Kind.label();
pub(crate) const START: &str = Field::StartDate.label();
pub(crate) const END: &str = Field::EndDate.label();
pub(crate) const CITY: &str = Field::City.label();
pub(crate) const COUNTRY: &str = Field::Country.label();
pub(crate) const VENUE: &str = Field::Venue.label();
pub(crate) const ORGANISER: &str = Field::Organiser.label();
pub(crate) const DESCRIPTION: &str = Field::Description.label();
pub(crate) const LANGUAGE: &str = Field::Language.label();
pub(crate) const CODE: &str = Field::Code.label();
pub(crate) const NAME: &str = Field::Name.label();
pub(crate) const CATEGORY: &str = Field::Category.label();
pub(crate) const SORT_KEY: &str = Field::SortKey.label();
pub(crate) const HONORIFIC: &str = Field::Honorific.label();
pub(crate) const GIVEN: &str = Field::GivenName.label();
pub(crate) const FAMILY: &str = Field::FamilyName.label();
pub(crate) const NATIVE: &str = Field::NativeName.label();
pub(crate) const GENDER: &str = Field::Gender.label();
pub(crate) const POSITION: &str = Field::Position.label();
pub(crate) const ORGANISATION: &str = Field::Organisation.label();
pub(crate) const DELEGATION: &str = Field::Delegation.label();
pub(crate) const HEAD: &str = Field::Head.label();
pub(crate) const RANK: &str = Field::Rank.label();
pub(crate) const EMAIL: &str = Field::Email.label();
pub(crate) const PHONE: &str = Field::Phone.label();
pub(crate) const ROLE: &str = Field::Role.label();
pub(crate) const STATUS: &str = Field::Status.label();
pub(crate) const BADGE: &str = Field::Badge.label();
pub(crate) const DIET: &str = Field::Diet.label();
pub(crate) const ACCESS: &str = Field::Access.label();
pub(crate) const NOTES: &str = Field::Notes.label();
pub(crate) const CONSENT: &str = Field::Consent.label();

/// Errors found reading a form: beside a field, or under the form (`None`).
pub type FieldErrors = Vec<(Option<FieldId>, String)>;

/// What a key did to a form.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Editing,
    Cancel,
    /// The form is read: run this.
    Run(Command),
}

/// A form over the screens, as the popup stack holds it.
pub trait PopupForm {
    fn form(&self) -> &Form;

    fn form_mut(&mut self) -> &mut Form;

    /// A key. `registry` is the current event, when one is open.
    fn update(&mut self, action: Action, registry: Option<&Registry>) -> Step;

    /// The field that holds the domain's `field`, for the store's refusals.
    fn field_of(&self, field: Field) -> Option<FieldId>;

    /// Another desk changed the record meanwhile: show their version under this
    /// user's changes (only edit forms are ever told).
    fn conflict(&mut self, _conflict: Conflicted, _registry: Option<&Registry>) {}

    fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        keymap: &Keymap,
        _registry: Option<&Registry>,
    ) {
        self.form().render_boxed(frame, area, theme, keymap, 0);
    }

    /// The store refused the values: say why beside each field.
    fn reject(&mut self, rejection: Rejection) {
        show_rejection(self, rejection);
    }

    /// The store failed: say so under the form (nothing was saved).
    fn fail(&mut self, message: String) {
        self.form_mut().message = Some(message);
    }
}

/// What makes a form itself: its field handles, how it reads into its command, and
/// what it does as the user types. The [`Form`] it fills is kept beside it in a
/// [`FormOf`], which does the rest.
pub trait FormKind {
    /// The command the form asks for, or errors beside its fields.
    fn command(&self, form: &Form) -> Result<Command, FieldErrors>;

    /// A key changed the form (it was not saved or left): what this form does as
    /// the user types — suggest a code, follow the country, name the file.
    fn edited(&mut self, _form: &mut Form) {}

    /// The field that holds the domain's `field`, for the store's refusals.
    fn field_of(&self, _field: Field) -> Option<FieldId> {
        None
    }

    /// An edit form: this form filled from the record as another desk left it, and the
    /// fields both desks changed, when `conflict` is about this form's kind of record.
    /// Forms that edit nothing are never told of a conflict.
    fn refilled(
        &mut self,
        _conflict: Conflicted,
        _registry: Option<&Registry>,
    ) -> Option<(FormOf<Self>, Vec<ChangedBy>)>
    where
        Self: Sized,
    {
        None
    }

    /// An edit form: what it showed when filled from the record; `None` for a new one.
    fn shown(&self) -> Option<&Shown> {
        None
    }

    /// An edit form: if `id` is one of its choices, pick in `fresh` (the same form
    /// filled anew, in `into`) the value picked in `form`, and say so.
    fn repick(&self, _form: &Form, _id: FieldId, _fresh: &Self, _into: &mut Form) -> bool
    where
        Self: Sized,
    {
        false
    }
}

/// A form of kind `K`: the widget, and the kind that knows its fields.
pub struct FormOf<K> {
    pub form: Form,
    pub kind: K,
}

impl<K: FormKind> PopupForm for FormOf<K> {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, _registry: Option<&Registry>) -> Step {
        match self.form.update(action) {
            FormOutcome::Editing => {
                self.kind.edited(&mut self.form);
                Step::Editing
            }
            FormOutcome::Cancel => Step::Cancel,
            FormOutcome::Submit => match self.kind.command(&self.form) {
                Ok(command) => Step::Run(command),
                Err(errors) => {
                    show_errors(&mut self.form, errors);
                    Step::Editing
                }
            },
        }
    }

    fn field_of(&self, field: Field) -> Option<FieldId> {
        self.kind.field_of(field)
    }

    fn conflict(&mut self, conflict: Conflicted, registry: Option<&Registry>) {
        if let Some((fresh, changed)) = self.kind.refilled(conflict, registry) {
            rebase(&mut self.form, &mut self.kind, fresh, &changed);
        }
    }
}

/// Show why the store refused `this` form's values, beside each field it names.
pub fn show_rejection<F: PopupForm + ?Sized>(this: &mut F, rejection: Rejection) {
    let errors = match rejection {
        Rejection::Invalid(v) => beside_fields(&v, |f| this.field_of(f)),
        Rejection::CodeTaken(code) => vec![(
            this.field_of(Field::Code),
            format!("\"{code}\" is already taken"),
        )],
    };
    show_errors(this.form_mut(), errors);
}

/// Replace the form's errors with `errors`.
pub fn show_errors(form: &mut Form, errors: FieldErrors) {
    form.clear_errors();
    for (id, message) in errors {
        form.set_error(id, message);
    }
}

/// Domain validation errors as errors beside the fields `field_of` names.
pub fn validated<T>(
    result: Result<T, Violations>,
    field_of: impl Fn(Field) -> Option<FieldId>,
) -> Result<T, FieldErrors> {
    result.map_err(|v| beside_fields(&v, field_of))
}

/// Each violation beside the field `field_of` names (under the form when none).
fn beside_fields(v: &Violations, field_of: impl Fn(Field) -> Option<FieldId>) -> FieldErrors {
    v.0.iter()
        .map(|e| (field_of(e.field()), e.to_string()))
        .collect()
}

/// The title of a form that creates or changes a `what`.
pub fn new_or_edit(what: &str, existing: bool) -> String {
    let verb = if existing { "Edit" } else { "New" };
    format!(" {verb} {what} ")
}

/// The ISO country picker: "(none)", then every country by name ("Mongolia (MN)"),
/// starting at `current`.
pub fn country_choice(
    form: &mut Form,
    label: &'static str,
    current: Option<&str>,
) -> Choice<Option<&'static str>> {
    let all = country::all();
    let current = current.and_then(|c| {
        all.iter()
            .find(|(code, _)| *code == c)
            .map(|(code, _)| *code)
    });
    let options = std::iter::once(("(none)".to_string(), None))
        .chain(
            all.into_iter()
                .map(|(code, name)| (format!("{name} ({code})"), Some(code))),
        )
        .collect();
    Choice::add(form, label, options, &current)
}

/// A picker of the event's delegations (but `except`), after "(no delegation)",
/// starting at `current`.
pub fn delegation_choice(
    form: &mut Form,
    label: &'static str,
    registry: &Registry,
    current: Option<DelegationId>,
    except: Option<DelegationId>,
) -> Choice<Option<DelegationId>> {
    let options = std::iter::once(("(no delegation)".to_string(), None))
        .chain(
            registry
                .delegations
                .iter()
                .filter(|d| Some(d.delegation.id) != except)
                .map(|d| (d.delegation.details.name.clone(), Some(d.delegation.id))),
        )
        .collect();
    Choice::add(form, label, options, &current)
}

/// `~/x.csv` as the shell would read it.
pub fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// The record an edit form was filled from, and what the form showed then: a save
/// compares with it, and sends only the fields whose value differs now.
pub struct Editing<Id, T> {
    pub id: Id,
    pub before: T,
    pub shown: Shown,
}

/// If `id` is the choice `from` (in `form`), pick the same value with `to` (in
/// `into`), and say so. A value the fresh choice no longer offers keeps its pick.
pub fn repick<T: PartialEq>(
    id: FieldId,
    (from, form): (&Choice<T>, &Form),
    (to, into): (&Choice<T>, &mut Form),
) -> bool {
    if id != from.id {
        return false;
    }
    if let Some(value) = from.picked(form) {
        to.select(into, value);
    }
    true
}

/// Another desk changed the record `form` (of `kind`) was filled from. `fresh` is the
/// same form filled from their version: it takes every field this user changed, and
/// beside each field both changed, who changed it and to what. Nothing was saved; the
/// next save compares with their version, so saving again deliberately puts this
/// user's values over theirs.
fn rebase<K: FormKind>(form: &mut Form, kind: &mut K, fresh: FormOf<K>, changed: &[ChangedBy]) {
    let FormOf {
        form: mut fresh_form,
        kind: fresh_kind,
    } = fresh;
    let (Some(shown), Some(fresh_shown)) = (kind.shown(), fresh_kind.shown()) else {
        return;
    };
    // Both forms were built alike: their handles are the same.
    for id in form.ids().filter(|&id| shown.changed(form, id)) {
        if !kind.repick(form, id, &fresh_kind, &mut fresh_form) {
            fresh_form.get_mut(id).input.set(form.get(id).value());
        }
    }
    fresh_form.focus = form.focus;
    fresh_form.dirty = true;
    for by in changed {
        let Some(id) = fresh_kind.field_of(by.field) else {
            continue;
        };
        let theirs = match fresh_shown.value(id) {
            "" => "(empty)",
            value => value,
        };
        let desk = by.desk.as_deref().unwrap_or("another desk");
        let label = fresh_form.get(id).label;
        fresh_form.set_error(
            Some(id),
            format!("{desk} changed {label} meanwhile: {theirs}"),
        );
    }
    fresh_form.intro = vec![
        "Changed at another desk while this form was open (their value is beside the field)."
            .into(),
        "Ctrl-S again saves yours over theirs; Esc keeps theirs. Their other changes stay.".into(),
    ];
    *form = fresh_form;
    *kind = fresh_kind;
}
