//! The lists organisers ask for: everyone, or who has not arrived, is present, is
//! invited or cancelled (`f`), sorted by name, delegation, badge, status or arrival
//! (`s`). Derived from the registry once per change of either choice or of the
//! registry — never per keystroke or per frame — mostly from what the registry already
//! keeps in order: the people in list order, each delegation's members in protocol
//! order, the arrival order of the day.

use crate::domain::Status;
use crate::store::AttendeeRow;
use crate::ui::registry::Registry;

/// How the list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Family name, then given name (the registry's own order).
    #[default]
    Name,
    /// Delegations in protocol order, each head first.
    Delegation,
    Badge,
    /// Registered, invited, no-show, cancelled; by name within each.
    Status,
    /// Who came first today at the top; those not arrived after, by name.
    Arrival,
}

impl Sort {
    /// The sort `s` goes to from this one.
    pub fn next(self) -> Sort {
        match self {
            Sort::Name => Sort::Delegation,
            Sort::Delegation => Sort::Badge,
            Sort::Badge => Sort::Status,
            Sort::Status => Sort::Arrival,
            Sort::Arrival => Sort::Name,
        }
    }

    /// How the list's title names it.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Name => "by name",
            Sort::Delegation => "by delegation",
            Sort::Badge => "by badge",
            Sort::Status => "by status",
            Sort::Arrival => "by arrival today",
        }
    }
}

/// Who the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    #[default]
    Everyone,
    /// Expected today and not checked in: anyone whose registration is not cancelled.
    NotArrived,
    Present,
    Invited,
    Cancelled,
}

impl Show {
    /// The group `f` goes to from this one (UX.md fixes the order).
    pub fn next(self) -> Show {
        match self {
            Show::Everyone => Show::NotArrived,
            Show::NotArrived => Show::Present,
            Show::Present => Show::Invited,
            Show::Invited => Show::Cancelled,
            Show::Cancelled => Show::Everyone,
        }
    }

    /// How the list's title names it.
    pub fn label(self) -> &'static str {
        match self {
            Show::Everyone => "everyone",
            Show::NotArrived => "not arrived today",
            Show::Present => "present today",
            Show::Invited => "invited",
            Show::Cancelled => "cancelled",
        }
    }

    /// Whether `p` belongs in the list (presence on the registry's shown day).
    pub fn admits(self, p: &AttendeeRow) -> bool {
        match self {
            Show::Everyone => true,
            Show::NotArrived => !p.present && p.status != Status::Cancelled,
            Show::Present => p.present,
            Show::Invited => p.status == Status::Invited,
            Show::Cancelled => p.status == Status::Cancelled,
        }
    }
}

/// Where a status stands when sorting by status.
fn status_place(status: Status) -> u8 {
    match status {
        Status::Registered => 0,
        Status::Invited => 1,
        Status::NoShow => 2,
        Status::Cancelled => 3,
    }
}

/// The people `show` admits (indices into `registry.people`), in `sort` order. At
/// 100,000 people: one pass for name, delegation and status; a sort of numbers for
/// badge and arrival.
pub fn order(registry: &Registry, sort: Sort, show: Show) -> Vec<u32> {
    let people = &registry.people;
    let admitted = |i: &u32| show.admits(&people[*i as usize]);
    let everyone = 0..people.len() as u32;
    match sort {
        Sort::Name => everyone.filter(admitted).collect(),
        Sort::Delegation => {
            let mut seen = vec![false; people.len()];
            let mut order = Vec::with_capacity(people.len());
            let groups = registry.delegations.iter().map(|d| Some(d.delegation.id));
            for group in groups.chain([None]) {
                for &i in registry.members_of(group) {
                    seen[i as usize] = true;
                    order.push(i);
                }
            }
            // Delegations not read yet (a first page): their people after, by name.
            order.extend(everyone.filter(|&i| !seen[i as usize]));
            order.retain(admitted);
            order
        }
        Sort::Badge => {
            let mut order: Vec<u32> = everyone.filter(admitted).collect();
            order.sort_unstable_by_key(|&i| (people[i as usize].badge, i));
            order
        }
        Sort::Status => {
            // A counting sort: the name order stays within each status.
            let mut by_status: [Vec<u32>; 4] = Default::default();
            for i in everyone.filter(admitted) {
                by_status[status_place(people[i as usize].status) as usize].push(i);
            }
            by_status.concat()
        }
        Sort::Arrival => {
            let (mut arrived, mut rest) = (Vec::new(), Vec::new());
            for i in everyone.filter(admitted) {
                match registry.arrival(people[i as usize].id) {
                    Some(at) => arrived.push((at, i)),
                    None => rest.push(i),
                }
            }
            arrived.sort_unstable();
            arrived.into_iter().map(|(_, i)| i).chain(rest).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CheckIn;
    use crate::store::Store;
    use chrono::NaiveDate;

    /// The sample seminar on day 1, with three people checked in (badges 12, 3, 40 in
    /// that order of arrival) and the given registry.
    fn sample() -> (Store, tempfile::TempDir, Registry) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create_or_open(&dir.path().join("order.db")).unwrap();
        crate::demo::write_sample(&mut store).unwrap();
        let day = NaiveDate::from_ymd_opt(2017, 7, 5).unwrap();
        let event = store.list_events(NaiveDate::MIN).unwrap()[0].event.id;
        let check_ins: Vec<CheckIn> = [(12, 8), (3, 9), (40, 10)]
            .into_iter()
            .map(|(badge, hour)| CheckIn {
                attendee: store.attendee_by_badge(event, badge).unwrap().unwrap().id,
                day,
                at: day.and_hms_opt(hour, 0, 0).unwrap(),
                desk: "desk-1".into(),
            })
            .collect();
        store.record_check_ins(&check_ins).unwrap();
        let registry = Registry::load(&store, event, day).unwrap();
        (store, dir, registry)
    }

    fn badges(r: &Registry, order: &[u32]) -> Vec<u32> {
        order.iter().map(|&i| r.people[i as usize].badge).collect()
    }

    #[test]
    fn the_keys_cycle_in_the_order_ux_fixes() {
        let mut show = Show::Everyone;
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.push(show.label());
            show = show.next();
        }
        assert_eq!(show, Show::Everyone);
        assert_eq!(
            seen,
            [
                "everyone",
                "not arrived today",
                "present today",
                "invited",
                "cancelled"
            ]
        );
        let mut sort = Sort::Name;
        for _ in 0..5 {
            sort = sort.next();
        }
        assert_eq!(sort, Sort::Name);
    }

    #[test]
    fn arrival_puts_who_came_first_on_top_and_the_rest_by_name() {
        let (_store, _dir, r) = sample();
        let order = order(&r, Sort::Arrival, Show::Everyone);
        assert_eq!(order.len(), r.people.len());
        assert_eq!(badges(&r, &order[..3]), [12, 3, 40]);
        let rest: Vec<u32> = order[3..].to_vec();
        assert!(rest.windows(2).all(|w| w[0] < w[1]), "the rest by name");
    }

    #[test]
    fn filters_split_everyone_by_presence_and_status() {
        let (_store, _dir, r) = sample();
        let present = order(&r, Sort::Name, Show::Present);
        let mut present_badges = badges(&r, &present);
        present_badges.sort();
        assert_eq!(present_badges, [3, 12, 40]);
        let not_arrived = order(&r, Sort::Name, Show::NotArrived);
        let cancelled = order(&r, Sort::Name, Show::Cancelled);
        assert!(!cancelled.is_empty(), "the sample has cancellations");
        assert_eq!(
            present.len() + not_arrived.len() + cancelled.len(),
            r.people.len(),
            "everyone is present, not arrived or cancelled"
        );
        assert!(
            not_arrived.iter().all(|&i| !r.people[i as usize].present
                && r.people[i as usize].status != Status::Cancelled)
        );
        let invited = order(&r, Sort::Name, Show::Invited);
        assert!(
            invited
                .iter()
                .all(|&i| r.people[i as usize].status == Status::Invited)
        );
    }

    #[test]
    fn sorts_follow_badge_status_and_protocol_order() {
        let (_store, _dir, r) = sample();
        let by_badge = badges(&r, &order(&r, Sort::Badge, Show::Everyone));
        assert!(by_badge.windows(2).all(|w| w[0] <= w[1]));
        let by_status = order(&r, Sort::Status, Show::Everyone);
        let places: Vec<u8> = by_status
            .iter()
            .map(|&i| status_place(r.people[i as usize].status))
            .collect();
        assert!(places.windows(2).all(|w| w[0] <= w[1]));
        // By delegation: each delegation's members together, in the tree's order.
        let by_delegation = order(&r, Sort::Delegation, Show::Everyone);
        let first = r.delegations[0].delegation.id;
        let members = r.members_of(Some(first));
        assert_eq!(&by_delegation[..members.len()], members);
        assert_eq!(by_delegation.len(), r.people.len());
    }

    #[test]
    fn a_check_in_moves_a_person_out_of_not_arrived() {
        let (_store, _dir, mut r) = sample();
        let before = order(&r, Sort::Name, Show::NotArrived);
        let first = r.people[before[0] as usize].id;
        r.set_present(first, true);
        let after = order(&r, Sort::Name, Show::NotArrived);
        assert_eq!(after.len(), before.len() - 1);
        let arrived = order(&r, Sort::Arrival, Show::Present);
        assert_eq!(
            r.people[*arrived.last().unwrap() as usize].id,
            first,
            "the latest arrival comes last"
        );
    }
}
