use crate::domain::CheckInOutcome;
use crate::store::Location;
use anyhow::bail;
use chrono::NaiveDate;

#[derive(Debug, clap::Args)]
pub struct CheckInArgs {
    #[command(flatten)]
    pub who: super::PersonArgs,
    /// The event day (default: today, or the event's first day outside its dates).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::domain::parse_date)]
    pub day: Option<NaiveDate>,
    /// The desk recorded with the check-in (default: this machine's name).
    #[arg(long, value_name = "NAME")]
    pub desk: Option<String>,
}

/// `rollcall check-in`: for badge scanners and scripts. "Already checked in" is not an
/// error (the person is in); a cancelled registration or an unknown badge is.
pub fn run(db: &Location, args: &CheckInArgs) -> anyhow::Result<()> {
    let (mut store, event, person) = args.who.open(db)?;
    let now = crate::clock::Clock::system().now();
    let day = args.day.unwrap_or_else(|| event.check_in_day(now.date()));
    let desk = args.desk.clone().unwrap_or_else(super::desk_name::host);
    let name = crate::inert(&person.details.protocol_name()).into_owned();
    match store.check_in(person.id, day, now, &desk)? {
        CheckInOutcome::CheckedIn(c) => println!(
            "checked in: {name}, badge {}, day {} ({}) at {}",
            person.badge,
            event.day_number(c.day),
            c.day,
            c.at.format("%H:%M")
        ),
        CheckInOutcome::AlreadyCheckedIn(c) => println!(
            "already checked in: {name}, day {} at {} by {}",
            event.day_number(c.day),
            c.at.format("%H:%M"),
            crate::inert(&c.desk)
        ),
        CheckInOutcome::Cancelled => {
            bail!("{name}: registration cancelled — see the organisers")
        }
    }
    Ok(())
}
