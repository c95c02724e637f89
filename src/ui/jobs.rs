//! Long work (imports, exports of 100,000 rows) on a thread of its own, with its own
//! connection to the registry, so the screen keeps drawing a progress gauge and the
//! keys keep answering. The App polls the job while it runs.

use crate::clock::Clock;
use crate::store::Location;
use crate::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

/// How far a job is: `done` of `total` (0 of 0 while it cannot tell).
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub fn set(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }
}

/// The outcome a job reports: what to tell the user, and whether it went wrong.
pub struct Outcome {
    pub lines: Vec<String>,
    pub failed: bool,
}

pub struct Job {
    pub title: String,
    progress: Arc<Progress>,
    handle: Option<JoinHandle<Outcome>>,
}

impl Job {
    /// Run `work` on its own thread with its own connection to the registry at `db`.
    pub fn start(
        title: impl Into<String>,
        db: Location,
        desk: String,
        clock: Clock,
        work: impl FnOnce(&mut Store, &Progress) -> Outcome + Send + 'static,
    ) -> Job {
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        let handle = std::thread::spawn(move || match Store::open_at(&db) {
            Ok(mut store) => {
                store.set_desk(&desk);
                store.set_clock(clock);
                work(&mut store, &shared)
            }
            Err(e) => Outcome {
                lines: vec![e.to_string()],
                failed: true,
            },
        });
        Job {
            title: title.into(),
            progress,
            handle: Some(handle),
        }
    }

    /// Share of the work done, 0.0 to 1.0.
    pub fn ratio(&self) -> f64 {
        let total = self.progress.total.load(Ordering::Relaxed);
        let done = self.progress.done.load(Ordering::Relaxed);
        if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).clamp(0.0, 1.0)
        }
    }

    /// The outcome, once the job has finished (then only once).
    pub fn finished(&mut self) -> Option<Outcome> {
        if !self.handle.as_ref()?.is_finished() {
            return None;
        }
        let outcome = self.handle.take()?.join().unwrap_or_else(|_| Outcome {
            lines: vec![
                "the job stopped unexpectedly; nothing it had not finished was saved".into(),
            ],
            failed: true,
        });
        Some(outcome)
    }
}
