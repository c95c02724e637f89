//! Keeping the shown registry current: reading it (on the side when large), following
//! other desks, and the background jobs' outcomes.

use super::*;
use crate::domain::Status;
use crate::store::Standing;
use crate::ui::registry::Changes;

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

    /// Read event `id` whole on the side, its first page ahead of the rest.
    pub(super) fn load_in_background(&mut self, id: EventId, people: u32) {
        let location = self.store.location().clone();
        let today = self.now().date();
        let (sender, first_page) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            Store::open_at(&location)?.snapshot(id, |store| {
                // The first screenful in a fraction of the time everyone takes; the
                // same snapshot, so the whole list starts with exactly these lines.
                let page = Registry::first_page(store, id, today, FIRST_PAGE)?;
                // Nobody waits for it any more when the App dropped this read.
                let _ = sender.send(page);
                Registry::load(store, id, today).map(|r| Fresh::Whole(Box::new(r)))
            })
        });
        self.loading = Some(Loading {
            event: id,
            people,
            reader,
            first_page: Some(first_page),
            edits: self.edits,
        });
    }

    /// Compare the shown registry with the file on the side: what other desks changed
    /// comes back alone and is put in place (a whole registry after an import).
    fn catch_up_in_background(&mut self) {
        let Some(registry) = self.registry.as_ref() else {
            return;
        };
        let (id, people, shown) = (
            registry.event.id,
            registry.people.len() as u32,
            registry.shown(),
        );
        let location = self.store.location().clone();
        let today = self.now().date();
        let reader = std::thread::spawn(move || {
            Store::open_at(&location)?.snapshot(id, |store| Changes::read(store, shown, today))
        });
        self.loading = Some(Loading {
            event: id,
            people,
            reader,
            first_page: None,
            edits: self.edits,
        });
    }

    /// When the registry read on the side is in, show it (its first page as soon as
    /// that is). Returns whether the screen changed.
    pub(super) fn poll_loading(&mut self) -> bool {
        let page = self
            .loading
            .as_ref()
            .and_then(|l| l.first_page.as_ref()?.try_recv().ok());
        let mut shown = false;
        if let Some(page) = page {
            shown = self.show_first_page(page);
        }
        if !self
            .loading
            .as_ref()
            .is_some_and(|l| l.reader.is_finished())
        {
            return shown;
        }
        let Some(Loading {
            event,
            reader,
            edits,
            ..
        }) = self.loading.take()
        else {
            return shown;
        };
        self.first_page = None;
        // Opening a seminar drops what was being read on the side (`open_event`); a
        // result for any other seminar than the one shown is stale all the same.
        if self.current_event().is_some_and(|shown| shown != event) {
            return true;
        }
        let fresh = match reader.join() {
            // Read before a change made here since: dropped; the revision stays behind,
            // so it is read again.
            Ok(Ok(_)) if self.registry.is_some() && edits != self.edits => return true,
            fresh => fresh,
        };
        match fresh {
            Ok(Ok((revision, Fresh::Whole(registry)))) => {
                if let Err(e) = self.install(revision, *registry) {
                    self.error(e);
                }
                self.enter_pending_scans();
            }
            Ok(Ok((revision, Fresh::Changes(changes)))) => {
                // Read for a day no longer shown: dropped, and read again.
                let same_day = self.registry.as_ref().is_some_and(|r| r.day == changes.day);
                if same_day {
                    self.change_in_place(|registry| registry.apply(*changes));
                    self.revision = revision;
                }
            }
            Ok(Err(e)) => self.error(e),
            Err(_) => self.error(StoreError::Gone),
        }
        true
    }

    /// Show the first page while nothing else is shown. Returns whether it was.
    fn show_first_page(&mut self, page: Registry) -> bool {
        if self.registry.is_some() {
            return false;
        }
        let searcher = self.searcher.get_mut();
        self.attendees.refresh(None, &page, searcher);
        self.desk.refresh(None, &page, searcher);
        self.first_page = Some(page);
        true
    }

    /// Whether everyone is being read and not even their first page is in yet: the
    /// event loop then looks often, to show it as soon as it comes.
    pub fn awaiting_first_page(&self) -> bool {
        self.registry.is_none()
            && self.first_page.is_none()
            && self
                .loading
                .as_ref()
                .is_some_and(|l| l.first_page.is_some())
    }

    /// The first page read ahead of everyone, while it is all there is to show.
    pub(super) fn first_page(&self) -> Option<&Registry> {
        self.first_page.as_ref().filter(|_| self.registry.is_none())
    }

    /// Change the shown registry in place with `change`, keeping what each screen has
    /// selected, and search again (the keys moved).
    pub(super) fn change_in_place(&mut self, change: impl FnOnce(&mut Registry)) {
        let Some(registry) = self.registry.as_mut() else {
            return;
        };
        let kept = (
            self.attendees.keep(registry),
            self.delegations.keep(registry),
            self.desk.keep(registry),
        );
        change(registry);
        self.edits += 1;
        let searcher = self.searcher.get_mut();
        self.attendees.refresh(kept.0, registry, searcher);
        self.delegations.refresh(kept.1, registry, searcher);
        self.desk.refresh(kept.2, registry, searcher);
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
        self.first_page = None;
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
            self.stats = StatsScreen::default();
            self.desk.private = private;
        }
        let old = self.registry.as_ref();
        let kept = (
            old.and_then(|o| self.attendees.keep(o)),
            old.and_then(|o| self.delegations.keep(o)),
            old.and_then(|o| self.desk.keep(o)),
        );
        let searcher = self.searcher.get_mut();
        self.attendees.refresh(kept.0, &registry, searcher);
        self.delegations.refresh(kept.1, &registry, searcher);
        self.desk.refresh(kept.2, &registry, searcher);
        self.registry = Some(registry);
        // The registry was read for today: an organiser's chosen day may differ.
        self.follow_the_clock().map(|_| ())
    }

    /// Called every `Store::watch_interval` while idle: pick up other desks' commits.
    /// Returns whether anything changed (and the screen needs drawing).
    pub fn tick(&mut self) -> bool {
        let changed = self.follow_commits();
        self.follow_registry() || changed
    }

    /// [`App::tick`] but for the lists derived from the registry.
    fn follow_commits(&mut self) -> bool {
        let job_done = self.poll_job() | self.poll_integrity();
        if self.job().is_some() {
            return true; // the gauge moves
        }
        // The server is away: only whether it answers again is asked (reach.rs).
        if self.server_away() {
            return self.poll_reach() | job_done;
        }
        let loaded = self.poll_loading() | self.poll_figures();
        self.want_figures();
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

    /// Another desk committed (or this one, whose own changes are already shown):
    /// most often check-ins, which need only presence and status; anything else is
    /// read again — on the side when the event is large, where only what differs from
    /// the shown lines comes back, to be put in place.
    pub(super) fn follow_other_desks(&mut self) -> Result<(), StoreError> {
        self.reload_events()?;
        self.follow_current()
    }

    /// Bring the current event up to what the file holds now (see
    /// `follow_other_desks`).
    pub(super) fn follow_current(&mut self) -> Result<(), StoreError> {
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
                let changed = self
                    .registry
                    .as_ref()
                    .map(|r| standing_changes(r, &standing))
                    .unwrap_or_default();
                let before = self.figures_before(&changed);
                if let Some(registry) = self.registry.as_mut() {
                    apply_standing(registry, &standing);
                }
                self.follow_figures(before, day);
                self.follow_other_days(id, day)?;
                self.revision = revision;
                return Ok(());
            }
        }
        if people > BACKGROUND_LOAD {
            if self.loading.is_none() {
                self.catch_up_in_background();
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

impl App {
    /// Bring the lists derived from the registry up to its changes in place (presence,
    /// status, the day shown), and read the other days' presence when the day-by-day
    /// view is on and does not have it. Returns whether anything changed.
    pub(super) fn follow_registry(&mut self) -> bool {
        let Some(registry) = self.registry.as_mut() else {
            return false;
        };
        if self.attendees.days && registry.attendance.is_none() {
            let event = registry.event.id;
            let days: Result<Vec<_>, StoreError> = registry
                .event
                .days()
                .map(|day| Ok((day, self.store.presence(event, day)?)))
                .collect();
            match days {
                Ok(days) => registry.set_attendance(days),
                Err(e) => {
                    // Shown as not present on the other days: say why.
                    self.attendees.days = false;
                    self.error(e);
                    return true;
                }
            }
        }
        let searcher = self.searcher.get_mut();
        self.attendees.follow(registry, searcher)
    }
}

/// Who `standing` differs for from the registry: by presence or by status (the people
/// whose share of the Stats screen's numbers may have moved).
fn standing_changes(registry: &Registry, standing: &Standing) -> Vec<AttendeeId> {
    registry
        .people
        .iter()
        .filter(|p| {
            let status = standing
                .not_registered
                .get(&p.id)
                .copied()
                .unwrap_or(Status::Registered);
            status != p.status || p.present != standing.present.contains(&p.id)
        })
        .map(|p| p.id)
        .collect()
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
    registry.follow_arrivals(&standing.arrived);
}
