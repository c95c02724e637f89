//! Keeping the shown registry current: reading it (on the side when large), following
//! other desks, and the background jobs' outcomes.

use super::*;
use crate::domain::Status;
use crate::store::Standing;

impl App {
    /// Whether a job runs (the event loop then wakes often to move the gauge).
    pub fn busy(&self) -> bool {
        self.job().is_some() || self.integrity.is_some() || self.loading.is_some()
    }

    pub(super) fn reload_events(&mut self) -> Result<(), StoreError> {
        let today = self.now().date();
        let events = self.store.list_events(today)?;
        self.seminars.set_events(events, self.searcher.get_mut());
        Ok(())
    }

    pub(super) fn load_in_background(&mut self, id: EventId, people: u32) {
        let location = self.store.location().clone();
        let today = self.now().date();
        let reader = std::thread::spawn(move || {
            Store::open_at(&location)?.snapshot(id, |store| Registry::load(store, id, today))
        });
        self.loading = Some(Loading {
            event: id,
            people,
            reader,
        });
    }

    /// When the registry read on the side is in, show it. Returns whether it came.
    pub(super) fn poll_loading(&mut self) -> bool {
        if !self
            .loading
            .as_ref()
            .is_some_and(|l| l.reader.is_finished())
        {
            return false;
        }
        let Some(Loading { event, reader, .. }) = self.loading.take() else {
            return false;
        };
        // Opening a seminar drops what was being read on the side (`open_event`); a
        // result for any other seminar than the one shown is stale all the same.
        if self.current_event().is_some_and(|shown| shown != event) {
            return false;
        }
        match reader.join() {
            Ok(Ok((revision, registry))) => {
                if let Err(e) = self.install(revision, registry) {
                    self.error(e);
                }
                self.enter_pending_scans();
            }
            Ok(Err(e)) => self.error(e),
            Err(_) => self.error(StoreError::Gone),
        }
        true
    }

    /// Check in what was scanned while the people were being read, one per Enter.
    fn enter_pending_scans(&mut self) {
        for typed in std::mem::take(&mut self.pending_scans) {
            let (Some(registry), searcher) = (&self.registry, self.searcher.get_mut()) else {
                break;
            };
            if let Some(effect) = self.desk.enter(&typed, registry, searcher) {
                self.run(effect);
            }
        }
    }

    /// Whether a registry is being read and nothing is shown yet: the screens say so.
    pub fn loading_people(&self) -> Option<u32> {
        match (&self.loading, &self.registry) {
            (Some(loading), None) => Some(loading.people),
            _ => None,
        }
    }

    /// Read an event now and show it. Whatever was being read on the side is older, or
    /// another seminar's: it is dropped, so it can never replace this one.
    pub(super) fn open_event(&mut self, id: EventId) -> Result<(), StoreError> {
        let dropped = self.loading.take();
        let today = self.now().date();
        let (revision, registry) = self
            .store
            .snapshot(id, |store| Registry::load(store, id, today))?;
        self.install(revision, registry)?;
        match dropped {
            Some(loading) if loading.event == id => self.enter_pending_scans(),
            Some(_) if !self.pending_scans.is_empty() => {
                let scans = std::mem::take(&mut self.pending_scans).len();
                self.toast = Some(Toast {
                    text: format!(
                        "{scans} {} typed while another seminar was being read: not checked in",
                        if scans == 1 { "entry" } else { "entries" }
                    ),
                    is_error: true,
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// Make `registry`, read at `revision`, the one the screens show, keeping their
    /// selections where the same event was shown before.
    pub(super) fn install(
        &mut self,
        revision: Revision,
        registry: Registry,
    ) -> Result<(), StoreError> {
        let id = registry.event.id;
        self.revision = revision;
        // Another event than the one shown: start its screens afresh (but keep what was
        // typed while the first one was still being read).
        let changed = self.registry.is_some() && self.current_event() != Some(id);
        if changed {
            self.attendees = AttendeesScreen::default();
            self.delegations = DelegationsScreen::default();
            let private = self.desk.private;
            self.desk = DeskScreen::default();
            self.desk.private = private;
        }
        let searcher = self.searcher.get_mut();
        let old = self.registry.as_ref();
        self.attendees.refresh(old, &registry, searcher);
        self.delegations.refresh(old, &registry, searcher);
        self.desk.refresh(old, &registry, searcher);
        self.registry = Some(registry);
        // The registry was read for today: an organiser's chosen day may differ.
        self.follow_the_clock().map(|_| ())
    }

    /// Called every `Store::watch_interval` while idle: pick up other desks' commits.
    /// Returns whether anything changed (and the screen needs drawing).
    pub fn tick(&mut self) -> bool {
        let job_done = self.poll_job() | self.poll_integrity();
        if self.job().is_some() {
            return true; // the gauge moves
        }
        // The server is away: only whether it answers again is asked (reach.rs).
        if self.server_away() {
            return self.poll_reach() | job_done;
        }
        let loaded = self.poll_loading();
        // Midnight passes for a desk left open: presence follows the new day.
        let new_day = match self.follow_the_clock() {
            Ok(moved) => moved,
            Err(e) => {
                self.error(e);
                true
            }
        };
        // Found away just now: the header says so; the store is asked no more.
        if self.server_away() {
            return true;
        }
        let committed = match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                true
            }
            Ok(_) => false,
            Err(e) => {
                self.error(e);
                return true;
            }
        };
        // A registry read on the side shows the file as it was when the read began:
        // what was committed since is followed now.
        if (committed || loaded)
            && let Err(e) = self.follow_other_desks()
        {
            self.error(e);
        }
        job_done || loaded || new_day || committed
    }

    /// Another desk committed: most often check-ins, which need only presence and
    /// status; anything else reloads the event (on the side when it is large).
    pub(super) fn follow_other_desks(&mut self) -> Result<(), StoreError> {
        self.reload_events()?;
        let Some(registry) = self.registry.as_ref() else {
            return Ok(());
        };
        let (id, day, people) = (
            registry.event.id,
            registry.day,
            registry.people.len() as u32,
        );
        let now = self.store.revision(id)?;
        if now == self.revision {
            return Ok(());
        }
        if now.registry == self.revision.registry {
            let (revision, standing) = self.store.snapshot(id, |s| s.standing(id, day))?;
            // Unless something else was committed between the two reads.
            if revision.registry == self.revision.registry {
                if let Some(registry) = self.registry.as_mut() {
                    apply_standing(registry, &standing);
                }
                self.revision = revision;
                return Ok(());
            }
        }
        if people > BACKGROUND_LOAD {
            if self.loading.is_none() {
                self.load_in_background(id, people);
            }
            Ok(())
        } else {
            self.open_event(id)
        }
    }

    /// When the structure check has finished and found damage, stop writing and say
    /// so. Returns whether the screen changed.
    pub(super) fn poll_integrity(&mut self) -> bool {
        if !self.integrity.as_ref().is_some_and(|h| h.is_finished()) {
            return false;
        }
        let result = self.integrity.take().map(|h| h.join());
        match result {
            Some(Ok(Err(StoreError::Damaged { finding, .. }))) => {
                self.damaged = Some(crate::domain::inert(&finding).into_owned());
                true
            }
            _ => false,
        }
    }

    /// When the running job has finished, show what it said, where its gauge was.
    /// Returns whether it did.
    pub(super) fn poll_job(&mut self) -> bool {
        for popup in self.popups.iter_mut() {
            let Popup::Job(job) = popup else {
                continue;
            };
            let Some(outcome) = job.finished() else {
                return false;
            };
            *popup = Popup::Notice(Notice {
                title: job.title.clone(),
                lines: outcome.lines,
                is_error: outcome.failed,
                scroll: 0,
            });
            return true;
        }
        false
    }
}

/// Follow other desks' check-ins and undos in place: statuses first (an undo gives back
/// "invited"), then presence (a check-in makes registered). The lists read both when
/// they draw: nothing to search again.
fn apply_standing(registry: &mut Registry, standing: &Standing) {
    let changed: Vec<(AttendeeId, Status)> = registry
        .people
        .iter()
        .filter_map(|p| {
            let status = standing
                .not_registered
                .get(&p.id)
                .copied()
                .unwrap_or(Status::Registered);
            (status != p.status).then_some((p.id, status))
        })
        .collect();
    for (id, status) in changed {
        registry.set_status(id, status);
    }
    registry.apply_presence(&standing.present);
}
