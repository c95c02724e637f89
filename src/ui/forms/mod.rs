//! The forms over the screens, one type each: seminars, delegations and people (new,
//! edit, delete, move), the walk-in, import and export. A form holds typed handles to
//! its fields; submitting it gives the [`Command`] to run, or errors beside the fields
//! and nothing is run. What a form does as the user types (suggest a code, follow the
//! country, name the export file) lives in that form.

pub mod delegation;
pub mod delete;
pub mod event;
pub mod move_person;
pub mod person;
pub mod transfer;
pub mod walk_in;

use crate::domain::{DelegationId, country};
use crate::store::ChangedBy;
use crate::ui::action::Action;
use crate::ui::command::{Command, Conflicted, Rejection};
use crate::ui::registry::Registry;
use crate::ui::theme::Theme;
use crate::ui::widgets::choice::Choice;
use crate::ui::widgets::form::{FieldId, Form, FormField, FormOutcome, Shown};
use ratatui::Frame;
use ratatui::layout::Rect;

// Field labels: what the user reads (a person's are also the person card's).
pub(crate) const TITLE: &str = "Title";
pub(crate) const KIND: &str = "Kind";
pub(crate) const START: &str = "Start date";
pub(crate) const END: &str = "End date";
pub(crate) const CITY: &str = "City";
pub(crate) const COUNTRY: &str = "Country";
pub(crate) const VENUE: &str = "Venue";
pub(crate) const ORGANISER: &str = "Organiser";
pub(crate) const DESCRIPTION: &str = "Description";
pub(crate) const CODE: &str = "Code";
pub(crate) const NAME: &str = "Name";
pub(crate) const CATEGORY: &str = "Category";
pub(crate) const SORT_KEY: &str = "Sort key";
pub(crate) const HONORIFIC: &str = "Honorific";
pub(crate) const GIVEN: &str = "Given name";
pub(crate) const FAMILY: &str = "Family name";
pub(crate) const NATIVE: &str = "Native name";
pub(crate) const GENDER: &str = "Gender";
pub(crate) const POSITION: &str = "Position";
pub(crate) const ORGANISATION: &str = "Organisation";
pub(crate) const DELEGATION: &str = "Delegation";
pub(crate) const HEAD: &str = "Head of delegation";
pub(crate) const RANK: &str = "Rank";
pub(crate) const EMAIL: &str = "Email";
pub(crate) const PHONE: &str = "Phone";
pub(crate) const ROLE: &str = "Role";
pub(crate) const STATUS: &str = "Status";
pub(crate) const BADGE: &str = "Badge";
pub(crate) const DIET: &str = "Diet";
pub(crate) const ACCESS: &str = "Access";
pub(crate) const NOTES: &str = "Notes";
pub(crate) const CONSENT: &str = "Published in the list";

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

/// A form over the screens.
pub trait PopupForm {
    fn form(&self) -> &Form;

    fn form_mut(&mut self) -> &mut Form;

    /// A key. `registry` is the current event, when one is open.
    fn update(&mut self, action: Action, registry: Option<&Registry>) -> Step;

    /// The field that holds the domain's `field`, for the store's refusals.
    fn field_of(&self, field: crate::domain::Field) -> Option<FieldId>;

    /// Another desk changed the record meanwhile: show their version under this
    /// user's changes (only edit forms are ever told).
    fn conflict(&mut self, _conflict: Conflicted, _registry: Option<&Registry>) {}

    fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, _registry: Option<&Registry>) {
        self.form().render_boxed(frame, area, theme, 0);
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

/// Show why the store refused `this` form's values, beside each field it names.
pub fn show_rejection<F: PopupForm + ?Sized>(this: &mut F, rejection: Rejection) {
    let errors = match rejection {
        Rejection::Invalid(v) => {
            v.0.iter()
                .map(|e| (this.field_of(e.field()), e.to_string()))
                .collect()
        }
        Rejection::CodeTaken(code) => vec![(
            this.field_of(crate::domain::Field::Code),
            format!("\"{code}\" is already taken"),
        )],
    };
    show_errors(this.form_mut(), errors);
}

/// The step a key made to `this`: when it submitted the form, `read` reads it into its
/// command, or finds errors, which are shown beside their fields.
pub fn step<F: PopupForm + ?Sized>(
    this: &mut F,
    outcome: FormOutcome,
    read: impl FnOnce(&F) -> Result<Command, FieldErrors>,
) -> Step {
    match outcome {
        FormOutcome::Editing => Step::Editing,
        FormOutcome::Cancel => Step::Cancel,
        FormOutcome::Submit => match read(this) {
            Ok(command) => Step::Run(command),
            Err(errors) => {
                show_errors(this.form_mut(), errors);
                Step::Editing
            }
        },
    }
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
    result: Result<T, crate::domain::Violations>,
    field_of: impl Fn(crate::domain::Field) -> Option<FieldId>,
) -> Result<T, FieldErrors> {
    result.map_err(|v| {
        v.0.iter()
            .map(|e| (field_of(e.field()), e.to_string()))
            .collect()
    })
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

/// Another desk changed the record an edit form was filled from. `fresh` is the same
/// form filled from their version (`fresh_shown` what it shows): it takes every field
/// this user changed in `mine` (filled as `shown`), and beside each field both changed,
/// who changed it and to what. Nothing was saved; the next save compares with their
/// version, so saving again deliberately puts this user's values over theirs.
pub fn rebase(
    mine: &Form,
    shown: &Shown,
    fresh: &mut Form,
    fresh_shown: &Shown,
    changed: &[ChangedBy],
    field_named: impl Fn(&str) -> Option<FieldId>,
) {
    for id in mine.ids().filter(|&id| shown.changed(mine, id)) {
        set_value(fresh.get_mut(id), mine.get(id).value());
    }
    fresh.focus = mine.focus;
    fresh.dirty = true;
    for by in changed {
        let Some(id) = field_named(by.field) else {
            continue;
        };
        let theirs = match fresh_shown.value(id) {
            "" => "(empty)",
            value => value,
        };
        let desk = by.desk.as_deref().unwrap_or("another desk");
        let label = fresh.get(id).label;
        fresh.set_error(
            Some(id),
            format!("{desk} changed {label} meanwhile: {theirs}"),
        );
    }
    fresh.intro = vec![
        "Changed at another desk while this form was open (their value is beside the field)."
            .into(),
        "Ctrl-S again saves yours over theirs; Esc keeps theirs. Their other changes stay.".into(),
    ];
}

/// Put `value` into a field as if typed (text) or picked (choice): a choice whose
/// option is gone keeps what it has.
fn set_value(field: &mut FormField, value: &str) {
    match &field.options {
        None => field.input.set(value),
        Some(options) => {
            if let Some(i) = options.iter().position(|o| o == value) {
                field.select(i);
            }
        }
    }
}
