//! Import people from a spreadsheet; export the event to a file.

use super::*;
use crate::domain::inert;
use crate::domain::{Event, EventId};
use crate::transfer::export::{BadgeSubset, CsvFlavour, Format, StatusFilter};
use crate::transfer::import::{self, ColumnMap, ImportField, ImportOptions};

pub struct ImportForm {
    event: EventId,
    file: FieldId,
    skip_duplicates: Choice<bool>,
    update: Choice<bool>,
    dry_run: Choice<bool>,
    /// The file's columns the import does not know, each with what it holds (`None`:
    /// leave it out), asked once a file is named.
    columns: Vec<(String, Choice<Option<ImportField>>)>,
    /// The file whose columns were asked about (a new name asks again).
    asked_for: String,
}

impl ImportForm {
    /// Import people from a .csv or .xlsx file into `event`.
    pub fn new(event: EventId) -> FormOf<ImportForm> {
        Self::build(event, "", [false; 3], Vec::new())
    }

    /// The form with `file` typed, the three choices picked, and a choice for each of
    /// `unknown` columns.
    fn build(
        event: EventId,
        file_name: &str,
        [skip, update_, dry]: [bool; 3],
        unknown: Vec<String>,
    ) -> FormOf<ImportForm> {
        let mut form = Form::new(" Import participants ");
        form.intro = vec![
            "A .csv (UTF-8 or UTF-16; , ; or tab) or .xlsx file with a header row. All rows".into(),
            "or none: any problem is listed with its row and column, and nothing is written."
                .into(),
            "Update: a row with the e-mail, badge or name of someone here updates them (an".into(),
            "empty cell keeps their value); the others are added.".into(),
        ];
        if !unknown.is_empty() {
            form.intro.push(format!(
                "Columns not known: {}. Pick what each holds below, or leave it out.",
                unknown.len()
            ));
        }
        let file = form.add(FormField::text("File", file_name));
        let skip_duplicates = Choice::yes_no(&mut form, "Skip duplicates", skip);
        let update = Choice::yes_no(&mut form, "Update people already here", update_);
        let dry_run = Choice::yes_no(&mut form, "Only check (dry run)", dry);
        let columns = unknown
            .into_iter()
            .map(|header| {
                let shown = inert(&header).into_owned();
                let options = std::iter::once((format!("“{shown}” → leave out"), None))
                    .chain(
                        ImportField::all().map(|f| (format!("“{shown}” → {}", f.name()), Some(f))),
                    )
                    .collect();
                let choice = Choice::add(&mut form, "Unknown column", options, &None);
                (header, choice)
            })
            .collect();
        let kind = ImportForm {
            event,
            file,
            skip_duplicates,
            update,
            dry_run,
            columns,
            asked_for: file_name.to_string(),
        };
        FormOf { form, kind }
    }
}

impl FormKind for ImportForm {
    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        let file = expand_home(form.text(self.file));
        if file.as_os_str().is_empty() {
            return Err(vec![(Some(self.file), "required".into())]);
        }
        if !file.is_file() {
            return Err(vec![(Some(self.file), "no such file".into())]);
        }
        let map = self
            .columns
            .iter()
            .map(|(column, choice)| ColumnMap {
                column: column.clone(),
                field: choice.picked(form).copied().flatten(),
            })
            .collect();
        Ok(Command::Import {
            event: self.event,
            file,
            options: ImportOptions {
                skip_duplicates: self.skip_duplicates.yes(form),
                map,
                update: self.update.yes(form),
            },
            dry_run: self.dry_run.yes(form),
        })
    }

    /// A file named: its header is read, and the form asks about the columns it does
    /// not know (the other fields keep what was typed and picked).
    fn edited(&mut self, form: &mut Form) {
        let typed = form.text(self.file).to_string();
        if typed == self.asked_for {
            return;
        }
        let path = expand_home(&typed);
        let unknown = if path.is_file() {
            import::header_row(&path)
                .map(|header| {
                    header
                        .into_iter()
                        .filter(|h| !h.trim().is_empty() && ImportField::recognise(h).is_none())
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if unknown.is_empty() && self.columns.is_empty() {
            self.asked_for = typed;
            return;
        }
        let picked = [
            self.skip_duplicates.yes(form),
            self.update.yes(form),
            self.dry_run.yes(form),
        ];
        let FormOf {
            form: mut fresh,
            kind,
        } = Self::build(self.event, &typed, picked, unknown);
        fresh
            .get_mut(self.file)
            .input
            .set(form.get(self.file).value());
        fresh.focus = form.focus;
        fresh.dirty = true;
        *form = fresh;
        *self = kind;
    }
}

/// The export formats the form offers, with their labels.
const EXPORT_FORMATS: &[(Format, &str)] = &[
    (Format::Html, "List of Participants (printable HTML)"),
    (Format::Xlsx, "Excel workbook (.xlsx)"),
    (
        Format::Csv,
        "CSV for Excel (UTF-16, tabs: columns in every locale)",
    ),
    (Format::Json, "JSON"),
    (Format::Badges, "Badges (printable HTML, 8 per page)"),
    (Format::Sheets, "Paper check-in sheets (HTML)"),
    (Format::Report, "Event report with charts (printable HTML)"),
];

pub struct ExportForm {
    event: EventId,
    /// The event's code, which a suggested file name starts with.
    code: String,
    format: Choice<Format>,
    /// `None`: the format's usual people.
    whom: Choice<Option<StatusFilter>>,
    /// Badges only: whose (`None`: everyone `whom` takes).
    only: Choice<Option<BadgeSubset>>,
    file: FieldId,
    /// The file name last suggested, while the field still holds it: once the user
    /// edits or empties the field it is theirs, and no longer follows the format.
    suggested: Option<String>,
}

impl ExportForm {
    /// The export form for `event`, whose delegations (by name) badges may be printed
    /// for one at a time.
    pub fn new(event: &Event, delegations: &[String]) -> FormOf<ExportForm> {
        let mut form = Form::new(" Export ");
        let formats = EXPORT_FORMATS
            .iter()
            .map(|(f, label)| (label.to_string(), *f))
            .collect();
        let format = Choice::add(&mut form, "Format", formats, &Format::Html);
        let mut whom = vec![
            (
                "the usual (attended once check-ins began)".to_string(),
                None,
            ),
            ("everyone".into(), Some(StatusFilter::All)),
            ("registered".into(), Some(StatusFilter::Registered)),
            ("attended".into(), Some(StatusFilter::Attended)),
        ];
        whom.extend(event.days().zip(1..).map(|(d, n)| {
            (
                format!("present on day {n} ({d})"),
                Some(StatusFilter::Day(n)),
            )
        }));
        let whom = Choice::add(&mut form, "Whom", whom, &None);
        let mut only = vec![
            ("everyone's".to_string(), None),
            ("walk-ins".into(), Some(BadgeSubset::WalkIns)),
            (
                "added or changed since their last print".into(),
                Some(BadgeSubset::ChangedSincePrint),
            ),
        ];
        only.extend(delegations.iter().map(|name| {
            (
                format!("delegation: {name}"),
                Some(BadgeSubset::Delegation(name.clone())),
            )
        }));
        let only = Choice::add(&mut form, "Badges", only, &None);
        let file = form.add(FormField::text("File", ""));
        form.intro = vec![
            "Written privately (mode 0600) and in one step: an existing file is replaced whole."
                .into(),
        ];
        let mut kind = ExportForm {
            event: event.id,
            code: event.details.code.clone(),
            format,
            whom,
            only,
            file,
            suggested: Some(String::new()),
        };
        kind.edited(&mut form);
        FormOf { form, kind }
    }
}

impl FormKind for ExportForm {
    /// Keep the file name in step with the format until the user makes it their own.
    fn edited(&mut self, form: &mut Form) {
        let current = form.get(self.file).value();
        if self.suggested.as_deref() != Some(current) {
            self.suggested = None;
            return;
        }
        let Some(format) = self.format.picked(form) else {
            return;
        };
        let suggestion = format.file_name(&self.code);
        form.get_mut(self.file).input.set(&suggestion);
        self.suggested = Some(suggestion);
    }

    fn command(&self, form: &Form) -> Result<Command, FieldErrors> {
        let Some(&format) = self.format.picked(form) else {
            return Err(vec![(Some(self.format.id), "pick a format".into())]);
        };
        let Some(&status) = self.whom.picked(form) else {
            return Err(vec![(Some(self.whom.id), "pick whom to export".into())]);
        };
        let Some(only) = self.only.picked(form).cloned() else {
            return Err(vec![(Some(self.only.id), "pick whose badges".into())]);
        };
        if only.is_some() && format != Format::Badges {
            return Err(vec![(
                Some(self.only.id),
                "a subset is for badges: pick everyone's, or the badges format".into(),
            )]);
        }
        let file = expand_home(form.text(self.file));
        if file.as_os_str().is_empty() {
            return Err(vec![(Some(self.file), "required".into())]);
        }
        // The desk and the time are stamped by the executor as the export runs.
        Ok(Command::Export {
            event: self.event,
            format,
            whom: status,
            // A file people open: Excel's flavour, as the command line writes to a file.
            csv: CsvFlavour::Excel,
            only,
            file,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Naming a file whose header has a column the import does not know asks what it
    /// holds; the answer goes to the import as `--map` would.
    #[test]
    fn an_unknown_column_is_asked_about_and_mapped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        std::fs::write(
            &path,
            "First name,Last name,Zimmer,Bemerkung\nAnna,Berg,12,\n",
        )
        .unwrap();
        let FormOf { mut form, mut kind } = ImportForm::new(EventId(1));
        form.get_mut(kind.file).input.set(path.to_str().unwrap());
        kind.edited(&mut form);
        let asked: Vec<&str> = kind.columns.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(asked, ["Zimmer", "Bemerkung"]);
        assert_eq!(
            form.get(kind.columns[0].1.id).value(),
            "“Zimmer” → leave out",
            "left out unless picked"
        );
        kind.columns[1]
            .1
            .select(&mut form, &Some(ImportField::Notes));
        kind.update.select(&mut form, &true);
        let Ok(Command::Import { options, .. }) = kind.command(&form) else {
            panic!("the form reads");
        };
        assert!(options.update);
        assert_eq!(
            options.map,
            [
                ColumnMap {
                    column: "Zimmer".into(),
                    field: None
                },
                ColumnMap {
                    column: "Bemerkung".into(),
                    field: Some(ImportField::Notes)
                },
            ]
        );

        // Another file, all known: the questions go.
        let known = dir.path().join("known.csv");
        std::fs::write(&known, "First name,Last name\nAnna,Berg\n").unwrap();
        form.get_mut(kind.file).input.set(known.to_str().unwrap());
        kind.edited(&mut form);
        assert!(kind.columns.is_empty());
        assert!(kind.update.yes(&form), "what was picked stays");
    }

    use crate::domain::NewEvent;
    use chrono::NaiveDate;

    fn event() -> Event {
        let day = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        Event::with_default_order(
            EventId(7),
            NewEvent::new("ulaanbaatar-2017", "Seminar", day, day),
        )
    }

    #[test]
    fn a_csv_from_the_tui_is_excels_flavour_under_a_name_that_says_what_it_holds() {
        let mut form = ExportForm::new(&event(), &[]);
        // The formats in the form's order: the List, XLSX, then CSV.
        for _ in 0..2 {
            form.update(Action::MoveDown, None);
        }
        let Step::Run(Command::Export {
            format, csv, file, ..
        }) = form.update(Action::Save, None)
        else {
            panic!("the form exports");
        };
        assert_eq!(format, Format::Csv);
        assert_eq!(csv, CsvFlavour::Excel);
        assert_eq!(
            file,
            std::path::PathBuf::from("ulaanbaatar-2017-participants.csv")
        );
    }

    #[test]
    fn badges_for_one_delegation_and_a_subset_refused_for_other_formats() {
        let event = event();
        let delegations = ["Canada".to_string(), "Kyrgyzstan".to_string()];
        let mut form = ExportForm::new(&event, &delegations);
        // Badges (the fifth format), then the Badges field: the fifth choice.
        for _ in 0..4 {
            form.update(Action::MoveDown, None);
        }
        form.form.focus_on(form.kind.only.id);
        for _ in 0..4 {
            form.update(Action::MoveDown, None);
        }
        let Step::Run(Command::Export { format, only, .. }) = form.update(Action::Save, None)
        else {
            panic!("the form exports");
        };
        assert_eq!(format, Format::Badges);
        assert_eq!(only, Some(BadgeSubset::Delegation("Kyrgyzstan".into())));

        // The List with a subset: said beside the field, nothing run.
        let mut form = ExportForm::new(&event, &delegations);
        form.form.focus_on(form.kind.only.id);
        form.update(Action::MoveDown, None);
        assert!(
            !matches!(form.update(Action::Save, None), Step::Run(_)),
            "a subset of a List is refused"
        );
    }
}
