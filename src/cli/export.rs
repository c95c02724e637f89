//! `rollcall export`: the roster (csv, xlsx, json), the List of Participants (html),
//! badges and paper check-in sheets.

use crate::store::Location;
use crate::transfer::export::{
    self, BadgeSubset, Column, CsvFlavour, ExportError, ExportOptions, Format, StatusFilter,
};
use anyhow::bail;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use strum::IntoEnumIterator;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Without -o, or with -o -, the export goes to standard output (xlsx needs a file). A
file is written private (mode 0600) and replaces an existing one atomically (through a
symlink: the file it points to, and the link stays); a FIFO or a device is written
into. The registry and its -wal, -shm and -journal are refused, however reached.
Exports change no one in the registry; badges record each print (a reprint says
\"reprint #2\"), and every export is noted in the registry's list of copies, which
`rollcall erase` names. html is the List of Participants: consenting, not cancelled
people, in protocol order; the count says who was left out and why. report is the
event report: charts of everyone on the list (categories, delegations, gender and role,
attendance and arrivals per day), printable HTML; it takes no --status.

csv to a file is for Excel unless --csv plain: UTF-16 with a byte-order mark and
tab-separated, which Excel opens in columns with every letter right in every
locale (a comma-separated file opens as one column where the list separator is
`;`). To standard output, a FIFO or a device it is plain RFC 4180 (UTF-8, commas),
for programs.
`rollcall import` reads both. For people, xlsx is the surest.")]
pub struct ExportArgs {
    /// The event's code, e.g. ulaanbaatar-2017.
    #[arg(long, value_name = "CODE")]
    pub event: String,

    /// What to write.
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    pub format: Format,

    /// Whom: all, registered, attended (checked in at least once) or day:N (checked in
    /// on day N). Default: attended once the event has check-ins, else registered
    /// (badges: registered; sheets: all but cancelled).
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Option<StatusFilter>,

    /// Columns for csv, xlsx and json, comma-separated, or "all". Names: badge,
    /// honorific, given_name, family_name, native_name, gender, position, organisation,
    /// delegation, category, country, email, phone, role, status, head, rank,
    /// days_present, diet, access, notes, consent. Default: all but phone, diet,
    /// access and notes (json: all).
    #[arg(long, value_name = "A,B,C", value_parser = parse_columns)]
    pub columns: Option<ColumnList>,

    /// The CSV flavour: excel (UTF-16, tab-separated: opens in columns in every
    /// locale) or plain (RFC 4180: UTF-8, commas, for programs). Default: excel to a
    /// file, plain to standard output, a FIFO or a device.
    #[arg(long, value_name = "FLAVOUR", value_parser = ["excel", "plain"])]
    pub csv: Option<String>,

    /// Plain CSV (UTF-8, commas) after a UTF-8 byte-order mark, which Excel needs to
    /// read UTF-8 (it still splits on commas only in locales that use them).
    #[arg(long)]
    pub bom: bool,

    /// The language of the List of Participants (html): en, fr, ru, es or de — country
    /// names, headings and dates in it, countries in its alphabetical order. Default:
    /// the seminar's language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<crate::domain::Language>,
    /// Badges for some only: walk-ins, changed-since-print (never printed, or added or
    /// changed since their last print), delegation:NAME, or badges:FROM-TO (badges:10-40).
    #[arg(long, value_name = "SUBSET", value_parser = parse_subset)]
    pub only: Option<BadgeSubset>,

    /// Write to FILE instead of standard output ("-": standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--format`'s values, each with its line of help: the export formats as clap lists
/// them (clap stays at the command line; transfer/ knows nothing of it).
#[derive(Debug, Clone, Copy)]
struct FormatArg(Format);

impl clap::ValueEnum for FormatArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: LazyLock<Vec<FormatArg>> =
            LazyLock::new(|| Format::iter().map(FormatArg).collect());
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.as_str()).help(self.0.description()))
    }
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    EnumValueParser::<FormatArg>::new().map(|arg| arg.0)
}

fn parse_status(s: &str) -> Result<StatusFilter, String> {
    s.parse()
}

fn parse_subset(s: &str) -> Result<BadgeSubset, String> {
    s.parse()
}

/// The columns of `--columns`, as one value (clap would take a `Vec` for many).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnList(pub Vec<Column>);

fn parse_columns(s: &str) -> Result<ColumnList, String> {
    Column::parse_list(s).map(ColumnList)
}

/// `rollcall export --db PATH --event CODE --format F [...] [-o FILE]`.
pub fn run(db: &Location, args: &ExportArgs) -> anyhow::Result<()> {
    if args.columns.is_some() && !args.format.has_columns() {
        bail!(
            "--columns applies to csv, xlsx and json, not {}",
            args.format.as_str()
        );
    }
    if args.only.is_some() && args.format != Format::Badges {
        bail!("--only applies to badges, not {}", args.format.as_str());
    }
    if (args.bom || args.csv.is_some()) && args.format != Format::Csv {
        bail!(
            "{} applies to csv only",
            if args.bom { "--bom" } else { "--csv" }
        );
    }
    // "-" is standard output, as for most tools.
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let csv = match (args.csv.as_deref(), args.bom) {
        (Some("excel"), true) => {
            bail!("--bom is for plain CSV: the excel flavour has its own (UTF-16)")
        }
        (_, true) => CsvFlavour::PlainWithBom,
        (Some("excel"), false) => CsvFlavour::Excel,
        (Some(_), false) => CsvFlavour::Plain,
        // A file is opened by people; standard output, a FIFO or a device is read by
        // programs.
        (None, false)
            if output.is_some_and(|p| {
                !export::output::is_stdout(p) && !export::output::is_written_in_place(p)
            }) =>
        {
            CsvFlavour::Excel
        }
        (None, false) => CsvFlavour::Plain,
    };
    if output.is_none() && args.format.is_binary() {
        bail!(
            "{} needs a file: add -o FILE.{}",
            args.format.as_str(),
            args.format.extension()
        );
    }
    if args.lang.is_some() && args.format != Format::Html {
        bail!("--lang applies to html (the List of Participants) only");
    }
    let mut store = super::open_registry(db)?;
    let mut event = store.event_by_code(&args.event)?;
    if let Some(language) = args.lang {
        event.details.language = language;
    }
    let options = ExportOptions {
        format: args.format,
        status: args.status,
        columns: args.columns.as_ref().map(|c| c.0.clone()),
        csv,
        only: args.only.clone(),
        desk: super::desk_name::host(),
        now: crate::clock::Clock::system().now(),
    };
    let summary = match output {
        Some(path) => {
            let mut progress = terminal_progress();
            let summary = export::export_to_file(&mut store, &event, &options, path, &mut progress)
                .map_err(|e| failed(e, Some(path)))?;
            let mut to = path.display().to_string();
            if options.format == Format::Csv {
                to.push_str(&format!(" (csv: {})", options.csv.as_str()));
            }
            let mut line = summary.said(&to);
            if summary.reprints > 0 {
                line.push_str(&format!(", {} reprint(s)", summary.reprints));
            }
            // Not into the CSV that `-o /dev/stdout` is writing.
            if !export::output::is_stdout(path) {
                println!("{}", crate::inert(&line));
            }
            summary
        }
        None => export::export_to_stdout(&mut store, &event, &options, &mut |_, _| {})
            .map_err(|e| failed(e, None))?,
    };
    super::note_not_listed("export", summary.not_listed.as_deref());
    Ok(())
}

/// The one line for a failed export: a refusal says itself; a failure names the target
/// (`None`: standard output) and what became of it.
fn failed(e: ExportError, path: Option<&Path>) -> anyhow::Error {
    let context = match path {
        _ if matches!(&e, ExportError::Output(o) if o.is_refusal()) => return e.into(),
        None => "export to standard output failed".to_string(),
        // A FIFO or a device got what was sent; a file is replaced only when complete.
        Some(p) if export::output::is_written_in_place(p) => {
            format!("export to {} failed part way", p.display())
        }
        Some(p) => format!("export to {} failed; nothing was written", p.display()),
    };
    anyhow::Error::new(e).context(context)
}

/// A progress line on standard error for long exports, when it is a terminal.
fn terminal_progress() -> impl FnMut(u64, u64) {
    let show = std::io::stderr().is_terminal();
    move |done, total| {
        if show && total >= 10_000 {
            eprint!("\rexporting {done} of {total}…");
            if done >= total {
                eprintln!();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Args, Command};

    #[test]
    fn the_help_names_every_column() {
        let cmd = ExportArgs::augment_args(Command::new("export"));
        let help = cmd
            .get_arguments()
            .find(|a| a.get_id() == "columns")
            .and_then(|a| a.get_long_help().or(a.get_help()))
            .map(|h| h.to_string())
            .unwrap();
        for column in Column::all() {
            assert!(
                help.contains(column.name()),
                "--columns help lacks {column}"
            );
        }
    }
}
