use crate::store::Store;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

/// `rollcall demo --db PATH`: write the sample seminar, report what was written.
pub fn run(db: &Path, _args: &DemoArgs) -> anyhow::Result<()> {
    let mut store = Store::open(db)?;
    let code = crate::demo::write_sample(&mut store)?;
    let event = store.event_by_code(&code)?;
    let today = chrono::Local::now().date_naive();
    let summary = store
        .list_events(today)?
        .into_iter()
        .find(|s| s.event.id == event.id)
        .expect("the event was just written");
    println!(
        "wrote {} ({}): {} delegations, {} people to {}",
        code,
        event.details.title,
        summary.delegations,
        summary.people,
        db.display()
    );
    Ok(())
}
