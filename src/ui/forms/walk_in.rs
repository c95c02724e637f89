//! The walk-in form: the registration of someone who turned up unannounced, checked
//! in on save. A country typed in Delegation that has no delegation yet offers a new
//! one ("+ new delegation: Kazakhstan"), created with the person; an empty Country
//! follows the delegation. Before saving it shows likely duplicates, so the desk can
//! take the existing person instead of registering them twice.

use super::person::PersonFields;
use super::*;
use crate::domain::fold::skeleton;
use crate::domain::{AttendeeId, Category, Field, NewAttendee, NewDelegation, default_sort_key};
use crate::store::{AttendeeRow, DelegationChoice};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What an option of the Delegation choice stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DelegationOption {
    /// "(none)".
    None,
    /// An existing delegation, and its country.
    Existing(DelegationId, Option<String>),
    /// "+ new delegation" for this country.
    New(&'static str),
}

pub struct WalkInForm {
    form: Form,
    person: PersonFields,
    delegation: Choice<DelegationOption>,
    /// The Delegation pick the Country field last followed.
    followed: Option<DelegationOption>,
    /// The country filled in from the delegation: a later delegation may replace it,
    /// as it may an empty Country, but never a country picked by hand.
    filled_country: Option<&'static str>,
    /// Likely duplicates found at the last save attempt; while non-empty they are
    /// shown and ↑/↓/Enter pick among them.
    duplicates: Vec<AttendeeId>,
    duplicate_cursor: usize,
    /// The duplicates were shown once: the next save registers a new person anyway.
    acknowledged: bool,
}

impl WalkInForm {
    pub fn new(registry: &Registry) -> WalkInForm {
        let mut form = Form::new(" Walk-in — registered and checked in on save ");
        let person = PersonFields::add(&mut form, &NewAttendee::default());
        let options = std::iter::once(("(none)".to_string(), DelegationOption::None))
            .chain(registry.delegations.iter().map(|d| {
                let details = &d.delegation.details;
                let option = DelegationOption::Existing(d.delegation.id, details.country.clone());
                (details.name.clone(), option)
            }))
            .collect();
        // Typing a country that has no delegation yet offers to create it.
        let offers = country::all()
            .into_iter()
            .filter(|(code, _)| {
                !registry
                    .delegations
                    .iter()
                    .any(|d| d.delegation.details.country.as_deref() == Some(code))
            })
            .map(|(code, iso_name)| {
                let name = country::common_name(code).unwrap_or(iso_name);
                let shown = format!("+ new delegation: {name}");
                (
                    (shown, format!("{name} {iso_name} ({code})")),
                    DelegationOption::New(code),
                )
            })
            .collect();
        let delegation = Choice::with_offers(
            &mut form,
            DELEGATION,
            options,
            offers,
            &DelegationOption::None,
        );
        let f = &person;
        let rest = [
            f.organisation,
            delegation.id,
            f.country.id,
            f.role.id,
            f.position,
            f.gender.id,
            f.email,
        ];
        form.arrange(&[&f.names()[..], &rest].concat());
        WalkInForm {
            form,
            person,
            delegation,
            followed: Some(DelegationOption::None),
            filled_country: None,
            duplicates: Vec::new(),
            duplicate_cursor: 0,
            acknowledged: false,
        }
    }

    /// The delegation picked: an existing one, none, or a new one from a country;
    /// `None` while what was typed matches nothing.
    fn delegation(&self) -> Option<DelegationChoice> {
        Some(match self.delegation.picked(&self.form)? {
            DelegationOption::None => DelegationChoice::None,
            DelegationOption::Existing(id, _) => DelegationChoice::Existing(*id),
            DelegationOption::New(code) => {
                let name = country::common_name(code)?.to_string();
                DelegationChoice::New(NewDelegation {
                    sort_key: default_sort_key(&name),
                    name,
                    category: Category::ParticipatingState,
                    country: Some(code.to_string()),
                })
            }
        })
    }

    /// When the delegation picked changes, an empty Country (or one filled in from the
    /// previous delegation) follows it.
    fn follow_delegation(&mut self) {
        let pick = self.delegation.picked(&self.form).cloned();
        if pick == self.followed {
            return;
        }
        self.followed = pick;
        let country = self.person.country.picked(&self.form).copied();
        let untouched = self
            .form
            .get(self.person.country.id)
            .input
            .value()
            .is_empty()
            && (country == Some(None)
                || (country.is_some() && country.flatten() == self.filled_country));
        if !untouched {
            return;
        }
        let target = match &self.followed {
            Some(DelegationOption::Existing(_, Some(code))) => country::all()
                .into_iter()
                .map(|(c, _)| c)
                .find(|c| c == code),
            Some(DelegationOption::New(code)) => Some(*code),
            _ => None,
        };
        self.person.country.select(&mut self.form, &target);
        self.filled_country = target;
    }

    /// The person and their delegation as the form says; `None` while a choice's typed
    /// text matches nothing (the form refuses to save then).
    fn read(&self) -> Option<(NewAttendee, DelegationChoice)> {
        let delegation = self.delegation()?;
        let rest = NewAttendee {
            delegation: match delegation {
                DelegationChoice::Existing(id) => Some(id),
                _ => None,
            },
            ..NewAttendee::default()
        };
        Some((self.person.read(&self.form, rest), delegation))
    }

    fn save(&self, person: NewAttendee, delegation: DelegationChoice) -> Step {
        Step::Run(Command::WalkIn {
            person: Box::new(person),
            delegation,
        })
    }

    fn submit(&mut self, registry: &Registry) -> Step {
        self.form.clear_errors();
        let Some((person, delegation)) = self.read() else {
            // The form refuses unmatched choices before this; say so all the same.
            self.form.message = Some("A choice matches nothing: pick one with ↑↓".into());
            return Step::Editing;
        };
        if let Err(errors) = validated(person.validate(), |f| self.field_of(f)) {
            show_errors(&mut self.form, errors);
            return Step::Editing;
        }
        if !self.acknowledged {
            self.acknowledged = true;
            self.duplicates = likely_duplicates(&person, &registry.people);
            self.duplicate_cursor = 0;
            if !self.duplicates.is_empty() {
                return Step::Editing;
            }
        }
        self.save(person, delegation)
    }
}

impl PopupForm for WalkInForm {
    fn form(&self) -> &Form {
        &self.form
    }

    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn update(&mut self, action: Action, registry: Option<&Registry>) -> Step {
        let Some(registry) = registry else {
            return Step::Cancel;
        };
        if !self.duplicates.is_empty() {
            match action {
                Action::MoveDown => {
                    self.duplicate_cursor =
                        (self.duplicate_cursor + 1).min(self.duplicates.len() - 1)
                }
                Action::MoveUp => self.duplicate_cursor = self.duplicate_cursor.saturating_sub(1),
                Action::Accept => {
                    return Step::Run(Command::CheckIn(self.duplicates[self.duplicate_cursor]));
                }
                Action::Save => {
                    if let Some((person, delegation)) = self.read() {
                        return self.save(person, delegation);
                    }
                }
                Action::Back => self.duplicates.clear(),
                _ => {}
            }
            return Step::Editing;
        }
        match self.form.update(action) {
            FormOutcome::Editing => {
                self.follow_delegation();
                Step::Editing
            }
            FormOutcome::Cancel => Step::Cancel,
            FormOutcome::Submit => self.submit(registry),
        }
    }

    fn field_of(&self, field: Field) -> Option<FieldId> {
        match field {
            Field::Delegation => Some(self.delegation.id),
            other => self.person.field_of(other),
        }
    }

    /// A save failed in the store: the duplicates give way to the reason.
    fn reject(&mut self, rejection: Rejection) {
        self.duplicates.clear();
        show_rejection(self, rejection);
    }

    fn fail(&mut self, message: String) {
        self.duplicates.clear();
        self.form.message = Some(message);
    }

    fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        keymap: &Keymap,
        registry: Option<&Registry>,
    ) {
        let extra = self.duplicates.len().min(6) as u16 * 2;
        let duplicates_area = self.form.render_boxed(frame, area, theme, keymap, extra);
        let Some(registry) = registry.filter(|_| !self.duplicates.is_empty()) else {
            return;
        };
        let mut lines = vec![Line::from(Span::styled(
            already_registered(keymap),
            theme.warning,
        ))];
        for (i, id) in self.duplicates.iter().enumerate() {
            let Some(p) = registry.person(*id) else {
                continue;
            };
            let style = if i == self.duplicate_cursor {
                theme.selected
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(Span::styled(
                format!(
                    "  badge {:>5}  {} {} {}  · {} · {}",
                    p.badge,
                    p.honorific,
                    p.given_name(),
                    p.family_name().to_uppercase(),
                    p.delegation_name,
                    p.email()
                ),
                style,
            )));
        }
        frame.render_widget(Paragraph::new(lines), duplicates_area);
    }
}

/// People already registered who are probably `person`: the same name (in either
/// order, in any romanization: "Khaddad" is Haddad), the same email, or the same
/// family name in the same delegation.
pub fn likely_duplicates(person: &NewAttendee, people: &[AttendeeRow]) -> Vec<AttendeeId> {
    let given = skeleton(&person.given_name);
    let family = skeleton(&person.family_name);
    let email = person.email.trim().to_lowercase();
    people
        .iter()
        .filter(|p| {
            let (pg, pf) = (skeleton(p.given_name()), skeleton(p.family_name()));
            let same_name = (pg == given && pf == family) || (pg == family && pf == given);
            let same_email = !email.is_empty() && p.email().trim().to_lowercase() == email;
            let same_family_here =
                person.delegation.is_some() && p.delegation == person.delegation && pf == family;
            same_name || same_email || same_family_here
        })
        .map(|p| p.id)
        .take(6)
        .collect()
}

/// The line over the people the walk-in may already be, naming the keys in force.
fn already_registered(keymap: &Keymap) -> String {
    let k = crate::ui::widgets::form::FormKeys::of(keymap);
    format!(
        "Already registered? {} pick · {} checks them in instead · {} registers a new person · {} back",
        k.pick, k.enter, k.save, k.esc
    )
}
