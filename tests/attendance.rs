//! The picture of the days read from the store (`Store::attendance`): arrivals per
//! quarter hour and presence per delegation, day by day, the same on both engines.

mod common;

use chrono::NaiveDate;
use rollcall::domain::CheckIn;
use rollcall::domain::attendance::slot_of;

on_both_engines! {
    fn check_ins_are_binned_by_quarter_hour_and_delegation(engine: Engine) {
        let Some((_reg, mut store)) = engine.demo(module_path!()) else {
            return;
        };
        let event = store.event_by_code(common::EVENT).unwrap();
        let day1 = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let day2 = day1.succ_opt().unwrap();
        let person = |badge| store.attendee_by_badge(event.id, badge).unwrap().unwrap();
        let (asanov, toktogulova, batmunkh) = (person(54), person(55), person(1));
        let at = |day: NaiveDate, h, m| day.and_hms_opt(h, m, 0).unwrap();
        let check_ins = [
            (asanov.id, day1, at(day1, 8, 47)),
            (toktogulova.id, day1, at(day1, 8, 58)),
            (batmunkh.id, day1, at(day1, 9, 20)),
            (asanov.id, day2, at(day2, 8, 30)),
        ]
        .map(|(attendee, day, at)| CheckIn {
            attendee,
            day,
            at,
            desk: "desk-1".into(),
        });
        store.record_check_ins(&check_ins).unwrap();

        let attendance = store.attendance(&event).unwrap();
        let first = attendance.day(day1).unwrap();
        assert_eq!(first.present, 3);
        assert_eq!(first.arrivals[slot_of(at(day1, 8, 45))], 2);
        assert_eq!(first.arrivals[slot_of(at(day1, 9, 15))], 1);
        assert_eq!(first.by_delegation[&asanov.details.delegation], 2, "Kyrgyzstan");
        assert_eq!(first.by_delegation[&batmunkh.details.delegation], 1);
        let second = attendance.day(day2).unwrap();
        assert_eq!(second.present, 1);
        assert_eq!(second.busy_slots(), Some(34..=34));
    }
}
