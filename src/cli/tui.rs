//! Opening the TUI: on `--db`, the default registry, or a fresh demo copy.

use crate::store::{Location, Store};
use crate::ui::config::Config;
use crate::ui::{self, app::App, app::Options, app::Toast};

/// `config`'s problems were already printed on stderr; the status line names them
/// again, since the alternate screen hides what was printed before it.
pub fn run(
    db: Option<Location>,
    demo: bool,
    desk: Option<String>,
    config: Config,
) -> anyhow::Result<()> {
    let (location, demo_dir) = if demo {
        let dir = tempfile::Builder::new()
            .prefix("rollcall-demo-")
            .tempdir()?;
        // Kept after exit: the demo's changes are saved like any others.
        let dir = dir.keep();
        (Location::File(dir.join("demo.db")), Some(dir))
    } else {
        match db {
            Some(location) => (location, None),
            None => (Location::File(super::default_db_path()?), None),
        }
    };
    // The TUI may make the registry it is pointed at, but only where nothing is.
    let mut store = Store::create_or_open_at(&location)?;
    let notices = store.take_notices();
    if demo_dir.is_some() {
        crate::demo::write_sample(&mut store)?;
    }
    let desk_mode = desk.is_some();
    let mut options = Options::new(desk.unwrap_or_else(super::desk_name::for_this_terminal));
    options.desk_mode = desk_mode;
    options.theme = config.theme_in_use();
    options.keymap = config.keymap.clone();
    let mut app = App::new(store, options)?;
    let said: Vec<String> = notices.into_iter().chain(config.summary()).collect();
    if !said.is_empty() {
        app.toast = Some(Toast {
            text: crate::inert(&said.join("; ")).into_owned(),
            is_error: !config.problems.is_empty(),
        });
    }
    ui::run(app)?;
    if demo_dir.is_some() {
        println!(
            "The demo registry is kept at {location}; reopen it with: rollcall --db {location}"
        );
    }
    Ok(())
}
