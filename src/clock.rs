//! Where "now" comes from, for every timestamp the program writes: check-ins, the
//! audit log, the record of copies. One injectable clock, read at each use, so that a
//! test can fix the time and a day change is seen at the moment it happens.

use chrono::NaiveDateTime;
use std::fmt;
use std::sync::Arc;

/// A source of the local time. Cheap to clone: clones share one source, so the App
/// and the Store it writes through can never disagree on the time.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> NaiveDateTime + Send + Sync>);

impl Clock {
    /// The local wall clock: what the program runs on.
    pub fn system() -> Clock {
        Clock::from_fn(|| chrono::Local::now().naive_local())
    }

    /// Always the time `at`: tests that check what was written when.
    pub fn fixed(at: NaiveDateTime) -> Clock {
        Clock::from_fn(move || at)
    }

    /// Any source of time, e.g. one a test moves forward.
    pub fn from_fn(now: impl Fn() -> NaiveDateTime + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(now))
    }

    /// The time now, asked of the source at this moment.
    pub fn now(&self) -> NaiveDateTime {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

/// The source is a closure, and not asked here: a test's clock may move on each read.
impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clock").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn at(hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2017, 7, 5)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn clones_follow_one_source_read_at_each_use() {
        let time = Arc::new(Mutex::new(at(9)));
        let source = Arc::clone(&time);
        let clock = Clock::from_fn(move || *source.lock().unwrap());
        let clone = clock.clone();
        assert_eq!(clone.now(), at(9));
        *time.lock().unwrap() = at(10);
        assert_eq!(clock.now(), at(10));
        assert_eq!(clone.now(), at(10));
    }

    #[test]
    fn a_fixed_clock_stands_still() {
        let clock = Clock::fixed(at(18));
        assert_eq!(clock.now(), at(18));
        assert_eq!(clock.now(), at(18));
    }
}
