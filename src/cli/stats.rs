//! `rollcall stats`: registered, present per day, and breakdowns by delegation,
//! category, gender and role — aligned text, or JSON with stable fields (and, in JSON,
//! the series behind the report's pictures: arrivals per quarter hour, presence per
//! delegation per day, shares by gender and role).

use crate::store::Location;
use crate::transfer::export::stats;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// The event's code, e.g. ulaanbaatar-2017.
    #[arg(long, value_name = "CODE")]
    pub event: String,

    /// JSON instead of text, with stable field names for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `rollcall stats --db PATH --event CODE [--json]`.
pub fn run(db: &Location, args: &StatsArgs) -> anyhow::Result<()> {
    let store = super::open_registry(db)?;
    let event = store.event_by_code(&args.event)?;
    let numbers = store.event_stats(&event)?;
    let text = if args.json {
        stats::to_json(&event, &numbers, &store.attendance(&event)?)
    } else {
        stats::to_text(&event, &numbers)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
