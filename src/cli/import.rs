use crate::domain::inert;
use crate::store::Location;
use crate::transfer::import::{self, ColumnMap, ImportError, ImportField, ImportOptions};
use std::path::PathBuf;

/// How many problems are listed before "… and N more".
const MAX_LISTED: usize = 50;

#[derive(Debug, clap::Args)]
#[command(after_help = field_help())]
pub struct ImportArgs {
    /// The event's code, e.g. ulaanbaatar-2017.
    #[arg(long, value_name = "CODE")]
    pub event: String,
    /// The .csv (UTF-8, or UTF-16 with its byte-order mark; `,` `;` or tab) or .xlsx
    /// file; a workbook's first sheet is read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check the file and report what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Leave out rows that repeat a person (same email, or same name and delegation)
    /// instead of refusing the file.
    #[arg(long)]
    pub skip_duplicates: bool,
    /// Update the people the file describes (same e-mail, else badge, else name and
    /// delegation) with the cells it fills in, and add the others.
    #[arg(long)]
    pub update: bool,
    /// Read the column COLUMN (as its header reads) as FIELD, or `COLUMN=ignore`.
    /// May be repeated.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<ColumnMap>,
}

fn field_help() -> String {
    let fields = ImportField::all()
        .map(|f| format!("  {:<13} {}", f.name(), f.synonyms().join(", ")))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "Columns are recognised by their header (case, accents and punctuation ignored):\n\
         {fields}\n\n\
         given_name and family_name are required. Gender: F, M, other or empty; role and \
         status: their names or labels; head and consent: yes/no; country: ISO code or \
         English name. A delegation that does not exist is created. All rows are imported \
         or none: every problem is listed as FILE:ROW: Column: reason.\n\n\
         With --update, a row that describes someone already in the event (the same \
         e-mail, else badge, else name in the same delegation) updates them: each cell \
         it fills in replaces their value, an empty cell keeps it. The others are added. \
         Every change is listed field by field (--dry-run: what would change)."
    )
}

/// `rollcall import --db PATH --event CODE FILE`: all rows or none.
pub fn run(db: &Location, args: &ImportArgs) -> anyhow::Result<()> {
    let mut store = super::open_registry(db)?;
    store.check_damage()?;
    let event = store.event_by_code(&args.event)?;
    let options = ImportOptions {
        skip_duplicates: args.skip_duplicates,
        map: args.map.clone(),
        update: args.update,
    };
    let imported = match import::import_file(
        &mut store,
        event.id,
        &args.file,
        &options,
        args.dry_run,
        &mut |_| {},
    ) {
        Ok(imported) => imported,
        Err(e @ ImportError::Rows { .. }) => {
            print_problems(&e);
            return Err(e.into());
        }
        Err(e @ ImportError::Store(_)) => {
            return Err(anyhow::Error::new(e)
                .context(format!("nothing was imported from {}", args.file.display())));
        }
        Err(e) => return Err(e.into()),
    };
    for note in &imported.notes {
        eprintln!("note: {}", inert(note));
    }
    for update in imported.updates.iter().take(MAX_LISTED) {
        println!("{}", inert(&update.to_string()));
    }
    if imported.updates.len() > MAX_LISTED {
        println!("… and {} more updated", imported.updates.len() - MAX_LISTED);
    }
    for skipped in imported.skipped.iter().take(MAX_LISTED) {
        eprintln!("skipped {}", inert(&skipped.line(&imported.file)));
    }
    if imported.report.skipped > MAX_LISTED {
        eprintln!(
            "… and {} more skipped",
            imported.report.skipped - MAX_LISTED
        );
    }
    println!("{}", inert(&imported.report.to_string()));
    Ok(())
}

/// The problems of a refused file on stderr, one per line, at most [`MAX_LISTED`].
fn print_problems(e: &ImportError) {
    let ImportError::Rows {
        file,
        problems,
        total,
        ..
    } = e
    else {
        return;
    };
    for p in problems.iter().take(MAX_LISTED) {
        eprintln!("{}", inert(&p.line(file)));
    }
    if *total > MAX_LISTED {
        eprintln!("… and {} more", total - MAX_LISTED);
    }
}
