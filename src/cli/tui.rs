//! Opening the TUI: on `--db`, the default registry, or a fresh demo copy.

use crate::store::Store;
use crate::ui::config::Config;
use crate::ui::{self, app::App, app::Options, app::Toast};
use std::path::PathBuf;

/// `config`'s problems were already printed on stderr; the status line names them
/// again, since the alternate screen hides what was printed before it.
pub fn run(
    db: Option<PathBuf>,
    demo: bool,
    desk: Option<String>,
    config: Config,
) -> anyhow::Result<()> {
    let (path, demo_dir) = if demo {
        let dir = tempfile::Builder::new()
            .prefix("rollcall-demo-")
            .tempdir()?;
        // Kept after exit: the demo's changes are saved like any others.
        let dir = dir.keep();
        (dir.join("demo.db"), Some(dir))
    } else {
        match db {
            Some(path) => (path, None),
            None => (super::default_db_path()?, None),
        }
    };
    // The TUI may make the registry it is pointed at, but only where nothing is.
    let mut store = Store::create_or_open(&path)?;
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
            "The demo registry is kept at {}; reopen it with: rollcall --db {}",
            path.display(),
            path.display()
        );
    }
    Ok(())
}
