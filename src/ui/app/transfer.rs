//! Imports and exports on a thread of their own, with their own connection: the
//! screen keeps drawing their gauge and the keys keep answering.

use super::*;
use crate::transfer::export::{self, ExportOptions};
use crate::transfer::import::{self, ImportOptions};
use crate::ui::jobs;
use std::path::PathBuf;

impl App {
    /// Start `work` on a connection of its own to this registry, logged as this desk.
    fn job_on(
        &self,
        title: String,
        work: impl FnOnce(&mut Store, &jobs::Progress) -> jobs::Outcome + Send + 'static,
    ) -> Job {
        let db = self.store.location().clone();
        Job::start(
            title,
            db,
            self.options.desk.clone(),
            self.options.clock.clone(),
            work,
        )
    }

    /// Import `file` into `event` on a thread of its own.
    pub(super) fn start_import(
        &self,
        event: EventId,
        file: PathBuf,
        options: ImportOptions,
        dry_run: bool,
    ) -> Job {
        self.job_on(
            format!("Importing {}", file.display()),
            move |store, progress| {
                let result =
                    import::import_file(store, event, &file, &options, dry_run, &mut |p| {
                        progress.set(p.done, p.total)
                    });
                match result {
                    Ok(imported) => {
                        // What changed, field by field, under the summary.
                        let mut lines = vec![imported.report.to_string()];
                        lines.extend(imported.updates.iter().map(|u| u.to_string()));
                        jobs::Outcome {
                            lines,
                            failed: false,
                        }
                    }
                    Err(e) => {
                        let name = file.display().to_string();
                        let mut lines: Vec<String> =
                            e.problems().iter().map(|p| p.line(&name)).collect();
                        lines.insert(0, e.to_string());
                        jobs::Outcome {
                            lines,
                            failed: true,
                        }
                    }
                }
            },
        )
    }

    /// Export `event` to `file` on a thread of its own.
    pub(super) fn start_export(
        &self,
        event: EventId,
        options: ExportOptions,
        file: PathBuf,
    ) -> Job {
        self.job_on(
            format!("Exporting {}", file.display()),
            move |store, progress| {
                let result = store
                    .event(event)
                    .map_err(export::ExportError::from)
                    .and_then(|e| {
                        export::export_to_file(store, &e, &options, &file, &mut |done, total| {
                            progress.set(done as usize, total as usize)
                        })
                    });
                match result {
                    Ok(summary) => jobs::Outcome {
                        lines: vec![summary.said(&file.display().to_string())],
                        failed: false,
                    },
                    Err(e) => jobs::Outcome {
                        lines: vec![e.to_string(), "nothing was written".into()],
                        failed: true,
                    },
                }
            },
        )
    }
}
