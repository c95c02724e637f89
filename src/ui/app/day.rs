//! Which day check-ins count for. It follows the clock — asked at every check-in and
//! on every tick, so a desk left open overnight records the next morning on the next
//! day — unless an organiser chose a day by hand (badge pick-up the evening before, a
//! late correction). The header always says which day it is.

use super::*;
use chrono::NaiveDate;

impl App {
    /// The day check-ins count for right now.
    pub(super) fn check_in_day(&self) -> Option<NaiveDate> {
        let event = &self.registry.as_ref()?.event;
        let chosen = self.day_choice.filter(|d| event.contains(*d));
        Some(chosen.unwrap_or_else(|| event.check_in_day(self.now().date())))
    }

    /// Show presence for the day check-ins count for now, if that changed (midnight
    /// passed, or the organiser chose another day). Returns whether it did.
    pub(super) fn follow_the_clock(&mut self) -> Result<bool, StoreError> {
        let Some(day) = self.check_in_day() else {
            return Ok(false);
        };
        let Some(registry) = self.registry.as_mut() else {
            return Ok(false);
        };
        if registry.day == day {
            return Ok(false);
        }
        let arrivals = self.store.arrival_order(registry.event.id, day)?;
        let counts = self.store.present_counts(registry.event.id)?;
        registry.set_day(day, &arrivals, counts);
        Ok(true)
    }

    /// The organiser's choice, one key press at a time: the clock → day 1 → … → the
    /// last day → the clock again.
    pub(super) fn choose_next_day(&mut self) {
        let Some(registry) = &self.registry else {
            return;
        };
        let days: Vec<NaiveDate> = registry.event.days().collect();
        self.day_choice = match self
            .day_choice
            .and_then(|d| days.iter().position(|x| *x == d))
        {
            None => days.first().copied(),
            Some(i) => days.get(i + 1).copied(),
        };
        let text = match self.day_choice {
            Some(day) => {
                strings::day_chosen(registry.event.day_number(day), day, &self.options.keymap)
            }
            None => strings::DAY_FOLLOWS_CLOCK.to_string(),
        };
        match self.follow_the_clock() {
            Ok(_) => {
                self.toast = Some(Toast {
                    text,
                    is_error: false,
                })
            }
            Err(e) => self.error(e),
        }
    }

    /// "Thu 6 Jul 2017 · day 2 of 2 · present 45/64 (day 1: 60)": today's date, the
    /// day check-ins count for, and (`other_days`) the other days' present counts.
    pub(super) fn day_line(&self, other_days: bool) -> String {
        let (Some(r), Some(day)) = (&self.registry, self.check_in_day()) else {
            return String::new();
        };
        let event = &r.event;
        let today = self.now().date();
        let total = event.days().count();
        let mut line = format!(
            "{} · day {} of {total} · present {}/{}",
            today.format("%a %-d %b %Y"),
            event.day_number(day),
            r.present_on(day),
            r.registered,
        );
        let others: Vec<String> = event
            .days()
            .filter(|d| *d != day && *d <= today.max(day))
            .map(|d| format!("day {}: {}", event.day_number(d), r.present_on(d)))
            .collect();
        if other_days && !others.is_empty() {
            line.push_str(&format!(" ({})", others.join(", ")));
        }
        line
    }

    /// When check-ins do not count for today, say which day they count for and why.
    pub(super) fn day_warning(&self) -> Option<String> {
        let event = &self.registry.as_ref()?.event;
        let day = self.check_in_day()?;
        let today = self.now().date();
        if day == today {
            return None;
        }
        let counts_for = format!(
            "check-ins count for day {} ({})",
            event.day_number(day),
            day.format("%a %-d %b")
        );
        Some(if self.day_choice.is_some() {
            format!("⚠ {counts_for}, chosen by hand (D changes it)")
        } else if today < event.details.start_date {
            format!("⚠ Before the seminar: {counts_for}")
        } else {
            format!("⚠ After the seminar: {counts_for}")
        })
    }
}
