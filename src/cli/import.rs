use crate::domain::inert;
use crate::store::Store;
use crate::transfer::import::{self, ColumnMap, ImportError, ImportField, ImportOptions};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// How many problems are listed before "… and N more".
const MAX_LISTED: usize = 50;

#[derive(Debug, clap::Args)]
#[command(after_help = field_help())]
pub struct ImportArgs {
    /// The event's code, e.g. ulaanbaatar-2017.
    #[arg(long, value_name = "CODE")]
    pub event: String,
    /// The .csv (UTF-8, `,` or `;`) or .xlsx file; a workbook's first sheet is read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check the file and report what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Leave out rows that repeat a person (same email, or same name and delegation)
    /// instead of refusing the file.
    #[arg(long)]
    pub skip_duplicates: bool,
    /// Read the column COLUMN (as its header reads) as FIELD, or `COLUMN=ignore`.
    /// May be repeated.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<ColumnMap>,
}

fn field_help() -> String {
    let fields = ImportField::ALL
        .iter()
        .map(|f| format!("  {:<13} {}", f.name(), f.synonyms().join(", ")))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "Columns are recognised by their header (case, accents and punctuation ignored):\n\
         {fields}\n\n\
         given_name and family_name are required. Gender: F, M, other or empty; role and \
         status: their names or labels; head and consent: yes/no; country: ISO code or \
         English name. A delegation that does not exist is created. All rows are imported \
         or none: every problem is listed as FILE:ROW: Column: reason."
    )
}

/// `rollcall import --db PATH --event CODE FILE`: all rows or none.
pub fn run(db: &Path, args: &ImportArgs) -> anyhow::Result<()> {
    let mut store = Store::open_existing(db)?;
    store.check_damage()?;
    let event = store.event_by_code(&args.event)?;
    let options = ImportOptions {
        skip_duplicates: args.skip_duplicates,
        map: args.map.clone(),
    };
    let plan = match import::plan(&store, event.id, &args.file, &options, &mut |_| {}) {
        Ok(plan) => plan,
        Err(e @ ImportError::Rows { .. }) => {
            print_problems(&e);
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    for note in &plan.notes {
        eprintln!("note: {}", inert(note));
    }
    for (i, skipped) in plan.skipped.iter().enumerate() {
        if i == MAX_LISTED {
            eprintln!("… and {} more skipped", plan.skipped.len() - MAX_LISTED);
            break;
        }
        eprintln!("skipped {}", inert(&skipped.line(&plan.file)));
    }
    let report = if args.dry_run {
        plan.report(true)
    } else {
        plan.apply(&mut store)
            .with_context(|| format!("nothing was imported from {}", args.file.display()))?
    };
    println!("{}", inert(&report.to_string()));
    Ok(())
}

/// Every problem of a refused file on stderr, one per line, at most [`MAX_LISTED`].
fn print_problems(e: &ImportError) {
    let ImportError::Rows { file, problems, .. } = e else {
        return;
    };
    for p in problems.iter().take(MAX_LISTED) {
        eprintln!("{}", inert(&p.line(file)));
    }
    if problems.len() > MAX_LISTED {
        eprintln!("… and {} more", problems.len() - MAX_LISTED);
    }
}
