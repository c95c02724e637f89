//! The forms over the screens: seminars, delegations and people — new, edit, delete,
//! move. Each is a [`Form`] with a purpose; reading a form back gives a domain value
//! or errors that name the field, shown beside it, and nothing is saved.

use crate::domain::{
    Attendee, AttendeeId, Category, Delegation, DelegationId, Event, EventId, EventKind, Gender,
    NewAttendee, NewDelegation, NewEvent, Role, Status, country, default_sort_key, fold::fold,
};
use crate::store::{ChangedBy, Conflict, EventContents};
use crate::transfer::export::{ExportOptions, Format, StatusFilter};
use crate::transfer::import::ImportOptions;
use crate::ui::registry::Registry;
use crate::ui::theme::Theme;
use crate::ui::widgets::form::{Form, FormField};
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use strum::IntoEnumIterator;

/// What submitting the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    SaveEvent(Option<EventId>),
    DeleteEvent(EventId),
    SaveDelegation(Option<DelegationId>),
    DeleteDelegation(DelegationId),
    SavePerson(Option<AttendeeId>),
    DeletePerson(AttendeeId),
    MovePerson(AttendeeId),
    /// Import people from a spreadsheet into the current event.
    Import,
    /// Export the current event to a file.
    Export,
}

/// Errors read from a form: (field label, message).
pub type FieldErrors = Vec<(&'static str, String)>;

pub struct FormPopup {
    pub purpose: Purpose,
    pub form: Form,
    /// Lines above the fields: what a deletion takes with it.
    pub message: Vec<String>,
    /// Text that must be typed before a deletion goes ahead (an event's code).
    pub confirm_code: Option<String>,
    /// The delegation behind each option of a delegation choice.
    delegation_ids: Vec<Option<DelegationId>>,
    /// The country code behind each option of a country choice.
    country_codes: Vec<Option<&'static str>>,
    /// The event code last suggested, so typing a code of one's own stops suggestions.
    suggested_code: String,
    /// The record an edit form was opened on (or, after a conflict, the other desk's
    /// version of it): what a save compares with.
    base: Base,
    /// Each field's value as shown when the form was filled from `base`: a field whose
    /// value differs now is one the user changed, and only those are saved.
    shown: Vec<String>,
}

/// The record an edit form started from.
#[derive(Debug, Clone)]
enum Base {
    None,
    Event(NewEvent),
    Delegation(NewDelegation),
    Person(NewAttendee),
}

// Field labels: what the user reads, and how the form code finds a field (a person's
// are also the person card's and the walk-in form's).
const TITLE: &str = "Title";
const KIND: &str = "Kind";
const START: &str = "Start date";
const END: &str = "End date";
const CITY: &str = "City";
pub(crate) const COUNTRY: &str = "Country";
const VENUE: &str = "Venue";
const ORGANISER: &str = "Organiser";
const DESCRIPTION: &str = "Description";
const CODE: &str = "Code";
const NAME: &str = "Name";
const CATEGORY: &str = "Category";
const SORT_KEY: &str = "Sort key";
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
const MEMBERS_GO_TO: &str = "Members go to";
const FILE: &str = "File";
const SKIP_DUPLICATES: &str = "Skip duplicates";
const DRY_RUN: &str = "Only check (dry run)";
const FORMAT: &str = "Format";
const WHOM: &str = "Whom";
const TYPE_CODE: &str = "Type the code";

/// The title of a form that creates or changes a `what`.
fn new_or_edit(what: &str, existing: bool) -> String {
    let verb = if existing { "Edit" } else { "New" };
    format!(" {verb} {what} ")
}

fn labels<T: Copy>(items: &[T], label: impl Fn(T) -> &'static str) -> Vec<String> {
    items.iter().map(|&i| label(i).to_string()).collect()
}

fn yes_no(value: bool) -> FormField {
    FormField::choice("", vec!["No".into(), "Yes".into()], usize::from(value))
}

impl FormPopup {
    fn new(purpose: Purpose, form: Form) -> FormPopup {
        FormPopup {
            purpose,
            form,
            message: Vec::new(),
            confirm_code: None,
            delegation_ids: Vec::new(),
            country_codes: Vec::new(),
            suggested_code: String::new(),
            base: Base::None,
            shown: Vec::new(),
        }
    }

    /// The form is filled from `base`: remember what it shows.
    fn filled_from(&mut self, base: Base) {
        self.base = base;
        self.shown = self
            .form
            .fields
            .iter()
            .map(|f| f.value().to_string())
            .collect();
    }

    fn country_field(&mut self, label: &'static str, current: Option<&str>) -> FormField {
        let (field, codes) = country_choice(label, current);
        self.country_codes = codes;
        field
    }

    /// The delegation picked in the delegation field `label`.
    fn picked_delegation(&self, label: &str) -> Option<DelegationId> {
        self.form
            .field(label)
            .picked()
            .and_then(|i| self.delegation_ids.get(i).copied().flatten())
    }

    /// The country code picked in the country field `label`.
    fn picked_country(&self, label: &str) -> Option<String> {
        self.form
            .field(label)
            .picked()
            .and_then(|i| self.country_codes.get(i).copied().flatten())
            .map(str::to_string)
    }

    fn delegation_field(
        &mut self,
        label: &'static str,
        registry: &Registry,
        current: Option<DelegationId>,
        except: Option<DelegationId>,
    ) -> FormField {
        let mut names = vec!["(no delegation)".to_string()];
        self.delegation_ids = vec![None];
        for d in registry
            .delegations
            .iter()
            .filter(|d| Some(d.delegation.id) != except)
        {
            names.push(d.delegation.details.name.clone());
            self.delegation_ids.push(Some(d.delegation.id));
        }
        let at = self
            .delegation_ids
            .iter()
            .position(|d| *d == current)
            .unwrap_or(0);
        FormField::choice(label, names, at)
    }

    /// New or edit seminar.
    pub fn event(existing: Option<&Event>, today: NaiveDate) -> FormPopup {
        let new = NewEvent {
            code: String::new(),
            title: String::new(),
            kind: EventKind::Seminar,
            venue: String::new(),
            city: String::new(),
            country: None,
            start_date: today,
            end_date: today,
            organiser: String::new(),
            description: String::new(),
        };
        let e = existing.map_or(&new, |e| &e.details);
        let kinds: Vec<EventKind> = EventKind::iter().collect();
        let title = new_or_edit("seminar", existing.is_some());
        let mut popup = FormPopup::new(
            Purpose::SaveEvent(existing.map(|e| e.id)),
            Form::new(title, Vec::new()),
        );
        let country = popup.country_field(COUNTRY, e.country.as_deref());
        popup.form.fields = vec![
            FormField::text(TITLE, &e.title),
            FormField::choice(
                KIND,
                labels(&kinds, EventKind::label),
                kinds.iter().position(|k| *k == e.kind).unwrap_or(0),
            ),
            FormField::text(
                START,
                &existing
                    .map(|_| e.start_date.to_string())
                    .unwrap_or_default(),
            ),
            FormField::text(
                END,
                &existing.map(|_| e.end_date.to_string()).unwrap_or_default(),
            ),
            FormField::text(CITY, &e.city),
            country,
            FormField::text(VENUE, &e.venue),
            FormField::text(ORGANISER, &e.organiser),
            FormField::text(DESCRIPTION, &e.description),
            FormField::text(CODE, &e.code),
        ];
        if let Some(existing) = existing {
            popup.filled_from(Base::Event(existing.details.clone()));
        }
        popup
    }

    /// While a new seminar is typed, suggest a unique code from its city and year,
    /// until the user types a code of their own.
    pub fn suggest_code(&mut self, taken: &[String]) {
        if self.purpose != Purpose::SaveEvent(None) {
            return;
        }
        let current = self.form.value(CODE).to_string();
        if !current.is_empty() && current != self.suggested_code {
            return;
        }
        let city = fold(self.form.value(CITY)).replace(' ', "-");
        let year = NaiveDate::parse_from_str(self.form.value(START).trim(), "%Y-%m-%d")
            .map(|d| d.year().to_string())
            .unwrap_or_default();
        let base = [city, year]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let mut code = base.clone();
        let mut n = 2;
        while taken.contains(&code) {
            code = format!("{base}-{n}");
            n += 1;
        }
        if let Some(f) = self.form.fields.iter_mut().find(|f| f.label == CODE) {
            f.input.set(&code);
        }
        self.suggested_code = code;
    }

    pub fn read_event(&self) -> Result<NewEvent, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut date = |label: &'static str| {
            NaiveDate::parse_from_str(self.form.value(label).trim(), "%Y-%m-%d").unwrap_or_else(
                |_| {
                    errors.push((label, "use YYYY-MM-DD".to_string()));
                    NaiveDate::MIN
                },
            )
        };
        let (start_date, end_date) = (date(START), date(END));
        let event = NewEvent {
            code: self.form.value(CODE).trim().to_string(),
            title: self.form.value(TITLE).trim().to_string(),
            kind: nth(self.form.field(KIND), EventKind::iter()).unwrap_or(EventKind::Seminar),
            venue: self.form.value(VENUE).trim().to_string(),
            city: self.form.value(CITY).trim().to_string(),
            country: self.picked_country(COUNTRY),
            start_date,
            end_date,
            organiser: self.form.value(ORGANISER).trim().to_string(),
            description: self.form.value(DESCRIPTION).trim().to_string(),
        };
        if errors.is_empty() {
            validated(event.validate().map(|()| event))
        } else {
            Err(errors)
        }
    }

    pub fn delete_event(event: &Event, contents: EventContents) -> FormPopup {
        let d = &event.details;
        let mut popup = FormPopup::new(
            Purpose::DeleteEvent(event.id),
            Form::new(" Delete seminar ", Vec::new()),
        );
        popup.message = vec![
            format!("Delete {} — {}?", d.code, d.title),
            format!(
                "With it go {} delegations, {} people and {} check-ins. This cannot be undone.",
                contents.delegations, contents.people, contents.check_ins
            ),
        ];
        if contents.check_ins > 0 {
            popup.message.push(format!(
                "It has check-ins: type its code ({}) to confirm.",
                d.code
            ));
            popup.confirm_code = Some(d.code.clone());
            popup.form.fields.push(FormField::text(TYPE_CODE, ""));
        } else {
            popup
                .message
                .push("Enter deletes it, Esc keeps it.".to_string());
        }
        popup
    }

    /// New or edit delegation.
    pub fn delegation(existing: Option<&Delegation>) -> FormPopup {
        let categories: Vec<Category> = Category::iter().collect();
        let d = existing.map(|d| &d.details);
        let title = new_or_edit("delegation", existing.is_some());
        let mut popup = FormPopup::new(
            Purpose::SaveDelegation(existing.map(|d| d.id)),
            Form::new(title, Vec::new()),
        );
        let country = popup.country_field(COUNTRY, d.and_then(|d| d.country.as_deref()));
        let category = d.map_or(Category::ParticipatingState, |d| d.category);
        popup.form.fields = vec![
            country,
            FormField::text(NAME, d.map_or("", |d| d.name.as_str())),
            FormField::choice(
                CATEGORY,
                labels(&categories, Category::label),
                categories.iter().position(|c| *c == category).unwrap_or(0),
            ),
            FormField::text(SORT_KEY, d.map_or("", |d| d.sort_key.as_str())),
        ];
        popup.message = vec![
            "Pick the country first: name and sort key follow from it (both can be changed)."
                .into(),
        ];
        if let Some(existing) = existing {
            popup.filled_from(Base::Delegation(existing.details.clone()));
        }
        popup
    }

    /// A new delegation takes its name and sort key from the country picked, until the
    /// user types their own.
    pub fn fill_from_country(&mut self) {
        if self.purpose != Purpose::SaveDelegation(None) {
            return;
        }
        let Some(code) = self.picked_country(COUNTRY) else {
            return;
        };
        let name = country::name(&code).unwrap_or_default().to_string();
        for f in self.form.fields.iter_mut() {
            if (f.label == NAME || f.label == SORT_KEY)
                && (f.input.value().is_empty() || country::parse(f.input.value()).is_some())
            {
                f.input.set(&name);
            }
        }
    }

    pub fn read_delegation(&self) -> Result<NewDelegation, FieldErrors> {
        let name = self.form.value(NAME).trim().to_string();
        let sort_key = match self.form.value(SORT_KEY).trim() {
            "" => default_sort_key(&name),
            key => key.to_string(),
        };
        let d = NewDelegation {
            name,
            category: nth(self.form.field(CATEGORY), Category::iter()).unwrap_or(Category::Other),
            sort_key,
            country: self.picked_country(COUNTRY),
        };
        validated(d.validate().map(|()| d))
    }

    pub fn delete_delegation(registry: &Registry, id: DelegationId) -> Option<FormPopup> {
        let row = registry
            .delegations
            .iter()
            .find(|d| d.delegation.id == id)?;
        let mut popup = FormPopup::new(
            Purpose::DeleteDelegation(id),
            Form::new(" Delete delegation ", Vec::new()),
        );
        popup.message = vec![format!(
            "Delete the delegation {}?",
            row.delegation.details.name
        )];
        if row.members > 0 {
            popup.message.push(format!(
                "Its {} members stay registered: choose where they go (↑↓ or type), then Enter.",
                row.members
            ));
            let field = popup.delegation_field(MEMBERS_GO_TO, registry, None, Some(id));
            popup.form.fields.push(field);
        } else {
            popup
                .message
                .push("It has no members. Enter deletes it, Esc keeps it.".to_string());
        }
        Some(popup)
    }

    pub fn members_go_to(&self) -> Option<DelegationId> {
        self.form
            .fields
            .iter()
            .find(|f| f.label == MEMBERS_GO_TO)
            .and_then(|f| f.picked())
            .and_then(|i| self.delegation_ids.get(i).copied().flatten())
    }

    /// New or edit person; a new one starts in `delegation`.
    pub fn person(
        registry: &Registry,
        existing: Option<&Attendee>,
        delegation: Option<DelegationId>,
    ) -> FormPopup {
        let blank = NewAttendee {
            delegation,
            ..NewAttendee::default()
        };
        let p = existing.map_or(&blank, |a| &a.details);
        let title = match existing {
            Some(a) => format!(" Edit {} (badge {}) ", a.details.full_name(), a.badge),
            None => " New participant ".to_string(),
        };
        let mut popup = FormPopup::new(
            Purpose::SavePerson(existing.map(|a| a.id)),
            Form::new(title, Vec::new()),
        );
        let genders: Vec<Gender> = Gender::iter().collect();
        let roles: Vec<Role> = Role::iter().collect();
        let statuses: Vec<Status> = Status::iter().collect();
        let delegation = popup.delegation_field(DELEGATION, registry, p.delegation, None);
        let country = popup.country_field(COUNTRY, p.country.as_deref());
        let mut head = yes_no(p.is_head);
        head.label = HEAD;
        let mut consent = yes_no(p.consent);
        consent.label = CONSENT;
        popup.form.fields = vec![
            FormField::text(HONORIFIC, &p.honorific),
            FormField::text(GIVEN, &p.given_name),
            FormField::text(FAMILY, &p.family_name),
            FormField::text(NATIVE, &p.native_name),
            FormField::choice(
                GENDER,
                labels(&genders, Gender::label),
                genders.iter().position(|g| *g == p.gender).unwrap_or(0),
            ),
            FormField::text(POSITION, &p.position),
            FormField::text(ORGANISATION, &p.organisation),
            delegation,
            head,
            FormField::text(RANK, &p.rank.map(|r| r.to_string()).unwrap_or_default()),
            country,
            FormField::text(EMAIL, &p.email),
            FormField::text(PHONE, &p.phone),
            FormField::choice(
                ROLE,
                labels(&roles, Role::label),
                roles.iter().position(|r| *r == p.role).unwrap_or(0),
            ),
            FormField::choice(
                STATUS,
                labels(&statuses, Status::label),
                statuses.iter().position(|s| *s == p.status).unwrap_or(0),
            ),
            FormField::text(
                BADGE,
                &existing.map(|a| a.badge.to_string()).unwrap_or_default(),
            ),
            FormField::text(DIET, &p.diet),
            FormField::text(ACCESS, &p.access),
            FormField::text(NOTES, &p.notes),
            consent,
        ];
        match existing {
            Some(a) => popup.filled_from(Base::Person(a.details.clone())),
            None => popup.message = vec!["Leave Badge empty for the next free number.".into()],
        }
        popup
    }

    pub fn read_person(&self) -> Result<NewAttendee, FieldErrors> {
        let mut errors = FieldErrors::new();
        let text = |label| self.form.value(label).trim().to_string();
        let mut number = |label: &'static str| -> Option<u32> {
            let t = self.form.value(label).trim();
            if t.is_empty() {
                return None;
            }
            t.parse()
                .map_err(|_| errors.push((label, "a whole number, please".into())))
                .ok()
        };
        let (rank, badge) = (number(RANK), number(BADGE));
        let person = NewAttendee {
            honorific: text(HONORIFIC),
            given_name: text(GIVEN),
            family_name: text(FAMILY),
            native_name: text(NATIVE),
            gender: nth(self.form.field(GENDER), Gender::iter()).unwrap_or(Gender::Unspecified),
            position: text(POSITION),
            organisation: text(ORGANISATION),
            delegation: self.picked_delegation(DELEGATION),
            is_head: self.form.field(HEAD).picked() == Some(1),
            rank,
            country: self.picked_country(COUNTRY),
            email: text(EMAIL),
            phone: text(PHONE),
            role: nth(self.form.field(ROLE), Role::iter()).unwrap_or(Role::Participant),
            status: nth(self.form.field(STATUS), Status::iter()).unwrap_or(Status::Registered),
            badge,
            diet: text(DIET),
            access: text(ACCESS),
            notes: text(NOTES),
            consent: self.form.field(CONSENT).picked() == Some(1),
        };
        if person.is_head && person.delegation.is_none() {
            errors.push((HEAD, "only a member of a delegation can head it".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        validated(person.validate().map(|()| person))
    }

    pub fn delete_person(person: &Attendee) -> FormPopup {
        let mut popup = FormPopup::new(
            Purpose::DeletePerson(person.id),
            Form::new(" Delete participant ", Vec::new()),
        );
        popup.message = vec![
            format!(
                "Erase {} (badge {}) from the registry?",
                person.details.protocol_name(),
                person.badge
            ),
            "Their check-ins go too; the audit log keeps only a number. Enter erases, Esc keeps."
                .into(),
        ];
        popup
    }

    pub fn move_person(registry: &Registry, person: &Attendee) -> FormPopup {
        let mut popup = FormPopup::new(
            Purpose::MovePerson(person.id),
            Form::new(" Move to another delegation ", Vec::new()),
        );
        popup.message = vec![format!(
            "Move {} to (type to search, ↑↓ to pick, Enter to move):",
            person.details.protocol_name()
        )];
        let field = popup.delegation_field(DELEGATION, registry, person.details.delegation, None);
        popup.form.fields.push(field);
        popup
    }

    pub fn moved_to(&self) -> Option<DelegationId> {
        self.picked_delegation(DELEGATION)
    }

    /// Import people from a .csv or .xlsx file.
    pub fn import() -> FormPopup {
        let mut popup = FormPopup::new(
            Purpose::Import,
            Form::new(" Import participants ", Vec::new()),
        );
        popup.message = vec![
            "A .csv (UTF-8, , or ;) or .xlsx file with a header row. All rows or none: any".into(),
            "problem is listed with its row and column, and nothing is written.".into(),
        ];
        let mut skip = yes_no(false);
        skip.label = SKIP_DUPLICATES;
        let mut dry = yes_no(false);
        dry.label = DRY_RUN;
        popup.form.fields = vec![FormField::text(FILE, ""), skip, dry];
        popup
    }

    /// The file, options and dry-run flag of the import form.
    pub fn read_import(&self) -> Result<(std::path::PathBuf, ImportOptions, bool), FieldErrors> {
        let file = expand_home(self.form.value(FILE).trim());
        if file.as_os_str().is_empty() {
            return Err(vec![(FILE, "required".into())]);
        }
        if !file.is_file() {
            return Err(vec![(FILE, "no such file".into())]);
        }
        let options = ImportOptions {
            skip_duplicates: self.form.field(SKIP_DUPLICATES).picked() == Some(1),
            map: Vec::new(),
        };
        Ok((file, options, self.form.field(DRY_RUN).picked() == Some(1)))
    }

    /// Export the current event.
    pub fn export(event: &Event) -> FormPopup {
        let mut popup = FormPopup::new(Purpose::Export, Form::new(" Export ", Vec::new()));
        let formats: Vec<String> = EXPORT_FORMATS
            .iter()
            .map(|(_, label)| label.to_string())
            .collect();
        let mut whom = vec![
            "the usual (attended once check-ins began)".to_string(),
            "everyone".into(),
            "registered".into(),
            "attended".into(),
        ];
        whom.extend(
            event
                .days()
                .enumerate()
                .map(|(i, d)| format!("present on day {} ({d})", i + 1)),
        );
        popup.form.fields = vec![
            FormField::choice(FORMAT, formats, 0),
            FormField::choice(WHOM, whom, 0),
            FormField::text(FILE, ""),
        ];
        popup.message = vec![
            "Written privately (mode 0600) and in one step: an existing file is replaced whole."
                .into(),
        ];
        popup.suggest_export_file(&event.details.code);
        popup
    }

    /// Keep the file name in step with the format until the user types their own.
    pub fn suggest_export_file(&mut self, code: &str) {
        if self.purpose != Purpose::Export {
            return;
        }
        let Some(&(format, _)) = nth(self.form.field(FORMAT), EXPORT_FORMATS.iter()) else {
            return;
        };
        let suggestion = format!("{code}-{}.{}", format.as_str(), format.extension());
        let current = self.form.value(FILE).to_string();
        if current.is_empty() || current == self.suggested_code {
            if let Some(f) = self.form.fields.iter_mut().find(|f| f.label == FILE) {
                f.input.set(&suggestion);
            }
            self.suggested_code = suggestion;
        }
    }

    pub fn read_export(
        &self,
        desk: &str,
    ) -> Result<(ExportOptions, std::path::PathBuf), FieldErrors> {
        let Some(&(format, _)) = nth(self.form.field(FORMAT), EXPORT_FORMATS.iter()) else {
            return Err(vec![(FORMAT, "pick a format".into())]);
        };
        let mut options = ExportOptions::new(format);
        options.desk = desk.to_string();
        options.status = match self.form.field(WHOM).picked() {
            None => return Err(vec![(WHOM, "pick whom to export".into())]),
            Some(0) => None,
            Some(1) => Some(StatusFilter::All),
            Some(2) => Some(StatusFilter::Registered),
            Some(3) => Some(StatusFilter::Attended),
            Some(day) => Some(StatusFilter::Day(day as u32 - 3)),
        };
        options.bom = format == Format::Csv;
        let file = expand_home(self.form.value(FILE).trim());
        if file.as_os_str().is_empty() {
            return Err(vec![(FILE, "required".into())]);
        }
        Ok((options, file))
    }

    /// For a deletion that needs the code typed: was it?
    pub fn code_confirmed(&self) -> bool {
        match &self.confirm_code {
            Some(code) => self.form.value(TYPE_CODE).trim() == code,
            None => true,
        }
    }

    pub fn refuse_code(&mut self) {
        self.form
            .set_error(TYPE_CODE, "does not match the code".into());
    }

    pub fn show_errors(&mut self, errors: FieldErrors) {
        self.form.clear_errors();
        for (label, message) in errors {
            self.form.set_error(label, message);
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let wanted = self.message.len() as u16 + self.form.fields.len() as u16 + 5;
        let height = wanted.min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(area.width.min(96))])
            .flex(Flex::Center)
            .areas(popup);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .border_style(theme.key)
            .title(Span::styled(
                crate::domain::inert(&self.form.title).into_owned(),
                theme.title,
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [message_area, form_area] = Layout::vertical([
            Constraint::Length(self.message.len() as u16 + u16::from(!self.message.is_empty())),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let lines: Vec<Line> = self
            .message
            .iter()
            .map(|m| Line::from(crate::domain::inert(m).into_owned()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            message_area,
        );
        self.form.render(frame, form_area, theme);
    }
}

/// A record an edit form changes field by field.
trait Edited: Clone {
    /// The record the form started from, when it is one of these.
    fn base(base: &Base) -> Option<&Self>;
    /// Take the field labelled `label` from `new`.
    fn take(&mut self, new: &Self, label: &str);
}

impl Edited for NewAttendee {
    fn base(base: &Base) -> Option<&Self> {
        match base {
            Base::Person(before) => Some(before),
            _ => None,
        }
    }

    fn take(&mut self, new: &Self, label: &str) {
        match label {
            HONORIFIC => self.honorific = new.honorific.clone(),
            GIVEN => self.given_name = new.given_name.clone(),
            FAMILY => self.family_name = new.family_name.clone(),
            NATIVE => self.native_name = new.native_name.clone(),
            GENDER => self.gender = new.gender,
            POSITION => self.position = new.position.clone(),
            ORGANISATION => self.organisation = new.organisation.clone(),
            DELEGATION => self.delegation = new.delegation,
            HEAD => self.is_head = new.is_head,
            RANK => self.rank = new.rank,
            COUNTRY => self.country = new.country.clone(),
            EMAIL => self.email = new.email.clone(),
            PHONE => self.phone = new.phone.clone(),
            ROLE => self.role = new.role,
            STATUS => self.status = new.status,
            BADGE => self.badge = new.badge,
            DIET => self.diet = new.diet.clone(),
            ACCESS => self.access = new.access.clone(),
            NOTES => self.notes = new.notes.clone(),
            CONSENT => self.consent = new.consent,
            _ => {}
        }
    }
}

impl Edited for NewDelegation {
    fn base(base: &Base) -> Option<&Self> {
        match base {
            Base::Delegation(before) => Some(before),
            _ => None,
        }
    }

    fn take(&mut self, new: &Self, label: &str) {
        match label {
            NAME => self.name = new.name.clone(),
            CATEGORY => self.category = new.category,
            SORT_KEY => self.sort_key = new.sort_key.clone(),
            COUNTRY => self.country = new.country.clone(),
            _ => {}
        }
    }
}

impl Edited for NewEvent {
    fn base(base: &Base) -> Option<&Self> {
        match base {
            Base::Event(before) => Some(before),
            _ => None,
        }
    }

    fn take(&mut self, new: &Self, label: &str) {
        match label {
            TITLE => self.title = new.title.clone(),
            KIND => self.kind = new.kind,
            START => self.start_date = new.start_date,
            END => self.end_date = new.end_date,
            CITY => self.city = new.city.clone(),
            COUNTRY => self.country = new.country.clone(),
            VENUE => self.venue = new.venue.clone(),
            ORGANISER => self.organiser = new.organiser.clone(),
            DESCRIPTION => self.description = new.description.clone(),
            CODE => self.code = new.code.clone(),
            _ => {}
        }
    }
}

/// Saving an edit form: only the fields the user changed, over the record as it is now;
/// when another desk changed one of them meanwhile, the form shows their value first.
impl FormPopup {
    /// The labels of the fields whose value differs from what the form was filled with.
    fn changed(&self) -> Vec<&'static str> {
        self.form
            .fields
            .iter()
            .zip(&self.shown)
            .filter(|(f, shown)| f.value() != shown.as_str())
            .map(|(f, _)| f.label)
            .collect()
    }

    /// An edit of the record the form started from: that record, and the same with
    /// the fields the user changed taken from `new` (the whole form, read and
    /// validated). A form that started from no such record gives `new` twice.
    fn edit<T: Edited>(&self, new: T) -> (T, T) {
        let Some(before) = T::base(&self.base) else {
            return (new.clone(), new);
        };
        let mut after = before.clone();
        for label in self.changed() {
            after.take(&new, label);
        }
        (before.clone(), after)
    }

    /// A person's edit: see [`FormPopup::edit`].
    pub fn person_edit(&self) -> Result<(NewAttendee, NewAttendee), FieldErrors> {
        Ok(self.edit(self.read_person()?))
    }

    /// A delegation's edit: see [`FormPopup::edit`].
    pub fn delegation_edit(&self) -> Result<(NewDelegation, NewDelegation), FieldErrors> {
        Ok(self.edit(self.read_delegation()?))
    }

    /// A seminar's edit: see [`FormPopup::edit`].
    pub fn event_edit(&self) -> Result<(NewEvent, NewEvent), FieldErrors> {
        Ok(self.edit(self.read_event()?))
    }

    /// Another desk changed this person meanwhile: see [`FormPopup::rebase`].
    pub fn person_conflict(&mut self, registry: &Registry, conflict: &Conflict<Attendee>) {
        self.rebase(
            FormPopup::person(registry, Some(&conflict.theirs), None),
            &conflict.fields,
        );
    }

    pub fn delegation_conflict(&mut self, conflict: &Conflict<Delegation>) {
        self.rebase(
            FormPopup::delegation(Some(&conflict.theirs)),
            &conflict.fields,
        );
    }

    pub fn event_conflict(&mut self, conflict: &Conflict<Event>, today: NaiveDate) {
        self.rebase(
            FormPopup::event(Some(&conflict.theirs), today),
            &conflict.fields,
        );
    }

    /// Show the other desk's version of the record (`fresh`, a form filled from it) with
    /// what this user changed still on top, and beside each field both changed, who
    /// changed it and to what. Nothing was saved; the next save compares with their
    /// version, so saving again deliberately puts this user's values over theirs.
    fn rebase(&mut self, mut fresh: FormPopup, fields: &[ChangedBy]) {
        for label in self.changed() {
            let value = self.form.value(label).to_string();
            set_value(fresh.form.field_mut(label), &value);
        }
        fresh.form.focus = self.form.focus;
        fresh.form.dirty = true;
        for changed in fields {
            let Some(label) = label_of_name(changed.field) else {
                continue;
            };
            let Some(at) = fresh.form.fields.iter().position(|f| f.label == label) else {
                continue;
            };
            let theirs = match fresh.shown[at].as_str() {
                "" => "(empty)",
                value => value,
            };
            let desk = changed.desk.as_deref().unwrap_or("another desk");
            fresh
                .form
                .set_error(label, format!("{desk} changed {label} meanwhile: {theirs}"));
        }
        fresh.message = vec![
            "Changed at another desk while this form was open (their value is beside the field)."
                .into(),
            "Ctrl-S again saves yours over theirs; Esc keeps theirs. Their other changes stay."
                .into(),
        ];
        *self = fresh;
    }
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

/// The form label of a record's field, by its domain name (as the store names the
/// fields of a conflict).
fn label_of_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "code" => CODE,
        "title" => TITLE,
        "kind" => KIND,
        "venue" => VENUE,
        "city" => CITY,
        "country" => COUNTRY,
        "start_date" => START,
        "end_date" => END,
        "organiser" => ORGANISER,
        "description" => DESCRIPTION,
        "name" => NAME,
        "category" => CATEGORY,
        "sort_key" => SORT_KEY,
        "badge" => BADGE,
        "honorific" => HONORIFIC,
        "given_name" => GIVEN,
        "family_name" => FAMILY,
        "native_name" => NATIVE,
        "gender" => GENDER,
        "position" => POSITION,
        "organisation" => ORGANISATION,
        "delegation" => DELEGATION,
        "is_head" => HEAD,
        "rank" => RANK,
        "email" => EMAIL,
        "phone" => PHONE,
        "role" => ROLE,
        "status" => STATUS,
        "diet" => DIET,
        "access" => ACCESS,
        "notes" => NOTES,
        "consent" => CONSENT,
        _ => return None,
    })
}

/// The ISO country picker: "(none)", then every country by name ("Mongolia (MN)"),
/// starting at `current`; with the code behind each option.
pub fn country_choice(
    label: &'static str,
    current: Option<&str>,
) -> (FormField, Vec<Option<&'static str>>) {
    let mut names = vec!["(none)".to_string()];
    let mut codes = vec![None];
    for (code, name) in country::all() {
        names.push(format!("{name} ({code})"));
        codes.push(Some(code));
    }
    let at = current
        .and_then(|c| codes.iter().position(|o| *o == Some(c)))
        .unwrap_or(0);
    (FormField::choice(label, names, at), codes)
}

/// The item of `items` picked in the choice `field`.
fn nth<T>(field: &FormField, mut items: impl Iterator<Item = T>) -> Option<T> {
    items.nth(field.picked()?)
}

/// The export formats the form offers, with their labels.
const EXPORT_FORMATS: &[(Format, &str)] = &[
    (Format::Html, "List of Participants (printable HTML)"),
    (Format::Xlsx, "Excel workbook (.xlsx)"),
    (Format::Csv, "CSV (UTF-8, for Excel)"),
    (Format::Json, "JSON"),
    (Format::Badges, "Badges (printable HTML, 8 per page)"),
    (Format::Sheets, "Paper check-in sheets (HTML)"),
];

/// `~/x.csv` as the shell would read it.
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// Domain validation errors as (label, message) pairs for the form.
fn validated<T>(result: Result<T, crate::domain::Violations>) -> Result<T, FieldErrors> {
    result.map_err(|v| {
        v.0.iter()
            .map(|e| (label_of(e.field()), e.to_string()))
            .collect()
    })
}

/// The form label of a domain field.
pub fn label_of(field: crate::domain::Field) -> &'static str {
    use crate::domain::Field as F;
    match field {
        F::Code => CODE,
        F::Title => TITLE,
        F::StartDate => START,
        F::EndDate => END,
        F::Name => NAME,
        F::SortKey => SORT_KEY,
        F::Country => COUNTRY,
        F::GivenName => GIVEN,
        F::FamilyName => FAMILY,
        F::Email => EMAIL,
        F::Badge => BADGE,
        F::Rank => RANK,
        F::Head => HEAD,
        F::Day => "Day",
    }
}
