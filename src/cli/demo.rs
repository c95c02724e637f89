use crate::store::Location;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Write a generated registry of N people (400 delegations, check-ins on both
    /// days) instead of the sample seminar.
    #[arg(long, value_name = "N")]
    pub size: Option<usize>,
    /// The seed of a generated registry: the same size and seed give the same people.
    #[arg(long, value_name = "N", requires = "size", default_value_t = crate::demo::DEFAULT_SEED)]
    pub seed: u64,
}

/// `rollcall demo --db PATH [--size N]`: write the sample seminar, or a generated
/// registry of N people; report what was written.
pub fn run(db: &Location, args: &DemoArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut store = super::create_or_open_registry(db)?;
    let code = match args.size {
        Some(size) => crate::demo::generate(&mut store, size, args.seed)?,
        None => crate::demo::write_sample(&mut store)?,
    };
    let elapsed = started.elapsed();
    let event = store.event_by_code(&code)?;
    let today = crate::clock::Clock::system().now().date();
    let summary = store
        .list_events(today)?
        .into_iter()
        .find(|s| s.event.id == event.id)
        .expect("the event was just written");
    print!(
        "wrote {} ({}): {} delegations, {} people",
        code,
        crate::inert(&event.details.title),
        summary.delegations,
        summary.people,
    );
    if args.size.is_some() {
        print!(
            ", {} present on day 1, in {:.1} s",
            summary.present,
            elapsed.as_secs_f64()
        );
    }
    println!(" to {}", db);
    Ok(())
}
