//! Import people from a spreadsheet; export the event to a file.

use super::*;
use crate::domain::{Event, EventId};
use crate::transfer::export::{Format, StatusFilter};
use crate::transfer::import::ImportOptions;

pub struct ImportForm {
    event: EventId,
    file: FieldId,
    skip_duplicates: Choice<bool>,
    update: Choice<bool>,
    dry_run: Choice<bool>,
}

impl ImportForm {
    /// Import people from a .csv or .xlsx file into `event`.
    pub fn new(event: EventId) -> FormOf<ImportForm> {
        let mut form = Form::new(" Import participants ");
        form.intro = vec![
            "A .csv (UTF-8, , or ;) or .xlsx file with a header row. All rows or none: any".into(),
            "problem is listed with its row and column, and nothing is written.".into(),
        ];
        let file = form.add(FormField::text("File", ""));
        let skip_duplicates = Choice::yes_no(&mut form, "Skip duplicates", false);
        let update = Choice::yes_no(&mut form, "Update people already here", false);
        let dry_run = Choice::yes_no(&mut form, "Only check (dry run)", false);
        let kind = ImportForm {
            event,
            file,
            skip_duplicates,
            update,
            dry_run,
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
        Ok(Command::Import {
            event: self.event,
            file,
            options: ImportOptions {
                skip_duplicates: self.skip_duplicates.yes(form),
                map: Vec::new(),
                update: self.update.yes(form),
            },
            dry_run: self.dry_run.yes(form),
        })
    }
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

pub struct ExportForm {
    event: EventId,
    /// The event's code, which a suggested file name starts with.
    code: String,
    format: Choice<Format>,
    /// `None`: the format's usual people.
    whom: Choice<Option<StatusFilter>>,
    file: FieldId,
    /// The file name last suggested, while the field still holds it: once the user
    /// edits or empties the field it is theirs, and no longer follows the format.
    suggested: Option<String>,
}

impl ExportForm {
    pub fn new(event: &Event) -> FormOf<ExportForm> {
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
        let suggestion = format!("{}-{}.{}", self.code, format.as_str(), format.extension());
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
        let file = expand_home(form.text(self.file));
        if file.as_os_str().is_empty() {
            return Err(vec![(Some(self.file), "required".into())]);
        }
        // The desk and the time are stamped by the executor as the export runs.
        Ok(Command::Export {
            event: self.event,
            format,
            whom: status,
            // Spreadsheet programs read a CSV as UTF-8 only with one.
            bom: format == Format::Csv,
            file,
        })
    }
}
