//! The Stats screen's numbers (`Registry::figures`): read when the screen is first
//! shown (a desk that never opens it pays nothing), then kept current with every change
//! this desk makes and every one it hears of from other desks: person by person, with
//! a couple of point reads each; a bulk change reads them whole (on the side when the
//! event is large), never on a redraw.

use super::*;
use crate::ui::registry::{Before, Figures, MANY_PEOPLE};

/// The figures being read whole on the side, for a large event.
pub(super) struct FiguresReading {
    event: EventId,
    /// The App's count of in-place changes when the read began (see `Loading::edits`).
    edits: u64,
    reader: std::thread::JoinHandle<Result<Figures, StoreError>>,
}

impl App {
    /// The Stats screen's numbers of the current event (`None` while they are read).
    pub fn figures(&self) -> Option<&Figures> {
        self.registry.as_ref()?.figures.as_deref()
    }

    /// The shares of `ids` as shown now: taken before a change, given to
    /// [`App::follow_figures`] after it.
    pub(super) fn figures_before(&self, ids: &[AttendeeId]) -> Vec<Before> {
        match (&self.registry, self.figures()) {
            (Some(registry), Some(figures)) => {
                ids.iter().map(|&id| figures.before(registry, id)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Bring the figures up to the store for the people of `before`, changed on `day`.
    pub(super) fn follow_figures(&mut self, before: Vec<Before>, day: chrono::NaiveDate) {
        if before.len() > MANY_PEOPLE {
            return self.read_figures_again();
        }
        let Some(figures) = self.registry.as_mut().and_then(|r| r.figures.as_mut()) else {
            return;
        };
        for person in before {
            if let Err(e) = figures.follow(&self.store, person, day) {
                // Counted wrong from here on: read whole once the store answers.
                self.error(e);
                return self.read_figures_again();
            }
        }
    }

    /// Another desk's check-ins on another day than the one followed in place (`check-in
    /// --day`, a sheet typed in): the counts per day tell (one grouped count); the
    /// figures are then read whole.
    pub(super) fn follow_other_days(
        &mut self,
        event: EventId,
        followed: chrono::NaiveDate,
    ) -> Result<(), StoreError> {
        let Some(figures) = self.figures() else {
            return Ok(());
        };
        let counts = self.store.present_counts(event)?;
        let differ = figures.attendance.days.iter().any(|d| {
            if d.day == followed {
                return false;
            }
            let stored = counts.iter().find(|(day, _)| *day == d.day);
            d.present != stored.map_or(0, |(_, n)| *n)
        });
        if differ {
            self.read_figures_again();
        }
        Ok(())
    }

    /// The Stats screen is shown and its figures were never read (or a whole reload
    /// dropped them): read them, once everyone is loaded.
    pub(super) fn want_figures(&mut self) {
        let wanted = self.screen == ScreenId::Stats
            && self.loading.is_none()
            && self.figures_reading.is_none()
            && self.registry.as_ref().is_some_and(|r| r.figures.is_none());
        if wanted {
            self.read_figures_again();
        }
    }

    /// Read the figures whole: at once for a small event, on the side for a large one
    /// (the screen shows the figures it has meanwhile).
    pub(super) fn read_figures_again(&mut self) {
        let Some(registry) = self.registry.as_ref() else {
            return;
        };
        let event = registry.event.clone();
        if registry.people.len() as u32 <= BACKGROUND_LOAD {
            match Figures::read(&self.store, &event) {
                Ok(figures) => {
                    if let Some(r) = self.registry.as_mut() {
                        r.figures = Some(Box::new(figures));
                    }
                }
                Err(e) => self.error(e),
            }
            return;
        }
        if self.figures_reading.is_some() {
            return;
        }
        let location = self.store.location().clone();
        let id = event.id;
        let reader = std::thread::spawn(move || {
            Store::open_at(&location)?
                .snapshot(id, |store| Figures::read(store, &event))
                .map(|(_, figures)| figures)
        });
        self.figures_reading = Some(FiguresReading {
            event: id,
            edits: self.edits,
            reader,
        });
    }

    /// When figures read on the side are in, show them. Returns whether they were.
    pub(super) fn poll_figures(&mut self) -> bool {
        if !self
            .figures_reading
            .as_ref()
            .is_some_and(|r| r.reader.is_finished())
        {
            return false;
        }
        let Some(FiguresReading {
            event,
            edits,
            reader,
        }) = self.figures_reading.take()
        else {
            return false;
        };
        if self.current_event() != Some(event) {
            return false;
        }
        match reader.join() {
            // Read before a change made here since: read again.
            Ok(Ok(_)) if edits != self.edits => self.read_figures_again(),
            Ok(Ok(figures)) => {
                if let Some(r) = self.registry.as_mut() {
                    r.figures = Some(Box::new(figures));
                }
            }
            Ok(Err(e)) => self.error(e),
            Err(_) => self.error(StoreError::Gone),
        }
        true
    }

    /// Someone registered by a walk-in is removed again: take their share out.
    pub(super) fn forget_in_figures(&mut self, before: Vec<Before>, gender: crate::domain::Gender) {
        if let Some(figures) = self.registry.as_mut().and_then(|r| r.figures.as_mut()) {
            for person in before {
                figures.forget(person, gender);
            }
        }
    }
}
