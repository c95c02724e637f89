//! What the screens and forms ask the App for. A [`Command`] changes the registry (or
//! writes a file from it) and runs in one place, `App::execute`, behind the desk-mode
//! and damaged-file guards; a [`Request`] only opens something to look at or fill in.
//! Either way the answer comes back as one [`Outcome`].

use crate::domain::{
    Attendee, AttendeeId, Category, Delegation, DelegationId, Event, EventId, NewAttendee,
    NewDelegation, NewEvent, Violations,
};
use crate::store::{Conflict, DelegationChoice};
use crate::transfer::export::{Format, StatusFilter};
use crate::transfer::import::ImportOptions;
use crate::ui::app::Confirm;
use crate::ui::screens::desk::Answer;
use std::path::PathBuf;

/// A change to the registry, or an export of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Check this person in for the current day at this desk.
    CheckIn(AttendeeId),
    /// Undo this desk's last action (check-in or walk-in) in the current event.
    Undo,
    /// Take back this desk's walk-in of `attendee` (asked first: it removes them).
    UndoWalkIn {
        attendee: AttendeeId,
        name: String,
    },
    /// Register someone who turned up and check them in, in one step.
    WalkIn {
        person: Box<NewAttendee>,
        delegation: DelegationChoice,
    },
    CreateEvent(NewEvent),
    /// Save the fields changed from `before` (the record the form was filled from).
    EditEvent {
        id: EventId,
        before: Box<NewEvent>,
        after: Box<NewEvent>,
    },
    DeleteEvent(EventId),
    CreateDelegation {
        event: EventId,
        delegation: NewDelegation,
    },
    EditDelegation {
        id: DelegationId,
        before: NewDelegation,
        after: NewDelegation,
    },
    DeleteDelegation {
        id: DelegationId,
        members_go_to: Option<DelegationId>,
    },
    AddPerson {
        event: EventId,
        person: Box<NewAttendee>,
    },
    EditPerson {
        id: AttendeeId,
        before: Box<NewAttendee>,
        after: Box<NewAttendee>,
    },
    /// Erase a person and their check-ins (the audit keeps a number only).
    ErasePerson(AttendeeId),
    MovePerson {
        id: AttendeeId,
        to: Option<DelegationId>,
    },
    /// `event`'s new protocol order of categories.
    SetCategoryOrder {
        event: EventId,
        order: Vec<Category>,
    },
    /// Import people from a spreadsheet into `event`, in the background.
    Import {
        event: EventId,
        file: PathBuf,
        options: ImportOptions,
        dry_run: bool,
    },
    /// Export `event` to `file`, in the background, as the user chose it; the executor
    /// adds the desk's name and the time by the App's clock.
    Export {
        event: EventId,
        format: Format,
        /// `None`: the format's default people.
        whom: Option<StatusFilter>,
        /// How a CSV is written.
        csv: crate::transfer::export::CsvFlavour,
        /// Badges only: whose.
        only: Option<crate::transfer::export::BadgeSubset>,
        file: PathBuf,
    },
}

impl Command {
    /// Whether it writes to the registry: refused while the file is damaged.
    pub fn writes(&self) -> bool {
        !matches!(self, Command::Export { .. })
    }

    /// Whether desk mode allows it: check-in, undo and walk-in only.
    pub fn allowed_at_the_desk(&self) -> bool {
        matches!(
            self,
            Command::CheckIn(_)
                | Command::Undo
                | Command::UndoWalkIn { .. }
                | Command::WalkIn { .. }
        )
    }
}

/// Something to open: nothing is written until what it opens says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Make this event current and show its people.
    OpenEvent(EventId),
    /// Show this person's card: every field and their check-ins (read-only).
    ShowPerson(AttendeeId),
    /// The latest lines of the audit log.
    Activity,
    /// A form that ends in a [`Command`].
    Form(FormRequest),
}

impl Request {
    /// Whether what it opens leads to a write: refused while the file is damaged.
    pub fn writes(&self) -> bool {
        matches!(self, Request::Form(form) if *form != FormRequest::Export)
    }

    /// Whether desk mode allows it: the walk-in is the only form at the desk.
    pub fn allowed_at_the_desk(&self) -> bool {
        !matches!(self, Request::Form(form) if *form != FormRequest::WalkIn)
    }

    /// Whether opening it reads the store (a form filled from the stored record): while
    /// the server is away it is refused at once. The other forms are filled from what
    /// is in memory and open as usual; only their save needs the server.
    pub fn needs_server(&self) -> bool {
        match self {
            Request::OpenEvent(_) | Request::ShowPerson(_) | Request::Activity => true,
            Request::Form(form) => matches!(
                form,
                FormRequest::EditEvent(_)
                    | FormRequest::DeleteEvent(_)
                    | FormRequest::EditDelegation(_)
                    | FormRequest::EditPerson(_)
                    | FormRequest::DeletePerson(_)
                    | FormRequest::MovePerson(_)
            ),
        }
    }
}

/// Which form to open, and on what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRequest {
    NewEvent,
    EditEvent(EventId),
    DeleteEvent(EventId),
    NewDelegation,
    EditDelegation(DelegationId),
    DeleteDelegation(DelegationId),
    /// A new person, in this delegation if any.
    NewPerson(Option<DelegationId>),
    EditPerson(AttendeeId),
    DeletePerson(AttendeeId),
    MovePerson(AttendeeId),
    WalkIn,
    Import,
    Export,
}

/// What a screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Run(Command),
    Open(Request),
}

impl From<Command> for Effect {
    fn from(command: Command) -> Effect {
        Effect::Run(command)
    }
}

impl From<Request> for Effect {
    fn from(request: Request) -> Effect {
        Effect::Open(request)
    }
}

impl From<FormRequest> for Effect {
    fn from(form: FormRequest) -> Effect {
        Effect::Open(Request::Form(form))
    }
}

/// What running a command (or opening something) came to; the App shows it where the
/// user is looking: the form that asked, the Desk, or the status line.
pub enum Outcome {
    /// Saved: the form closes, the lists are read again, the message shows.
    Saved(String),
    /// Saved, and already shown in the lists in place (a person): the form closes,
    /// the message shows, and only what else changed is read (on the side when large).
    SavedInPlace(String),
    /// Done, nothing to say (the screen shows the change).
    Done,
    /// The Desk's answer to a check-in, undo or walk-in.
    Answer(Answer),
    /// A question first; the command runs on yes.
    Ask(Confirm),
    /// Running in the background (an import or export): its gauge shows.
    Started(crate::ui::jobs::Job),
    /// Nothing saved: what is wrong, beside the fields of the form that asked.
    Rejected(Rejection),
    /// Nothing saved: another desk changed the same fields meanwhile.
    Conflict(Box<Conflicted>),
    /// Not attempted: the guards refuse it (desk mode, a damaged file).
    Refused(String),
    /// Nothing saved: the store failed.
    Failed(String),
    /// Nothing saved (or read): the server cannot be reached. The App says so until it
    /// is back, and retries by itself.
    Unreachable,
    /// Saved, but reading the registry again failed: the form closes, the status line
    /// says why.
    Stale(String),
}

/// Why the store refused a form's values.
#[derive(Debug)]
pub enum Rejection {
    Invalid(Violations),
    /// The event code is another event's.
    CodeTaken(String),
}

/// A conflicting edit, with the record as the other desk left it.
#[derive(Debug)]
pub enum Conflicted {
    Event(Conflict<Event>),
    Delegation(Conflict<Delegation>),
    Person(Conflict<Attendee>),
}
