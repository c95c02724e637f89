//! Editing the registry as the forms do: heads, moves, deleting delegations, erasing
//! people. No sequence may leave a person pointing at nothing or a delegation with two
//! heads.

use rollcall::domain::{Category, DelegationId, NewAttendee, NewDelegation};
use rollcall::store::Store;

const EVENT: &str = "ulaanbaatar-2017";

fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("edits.db")).unwrap();
    rollcall::demo::write_sample(&mut store).unwrap();
    (dir, store)
}

fn delegation(store: &Store, name: &str) -> DelegationId {
    let event = store.event_by_code(EVENT).unwrap();
    let day = event.details.start_date;
    store
        .list_delegations(&event, day)
        .unwrap()
        .into_iter()
        .find(|d| d.delegation.details.name == name)
        .unwrap_or_else(|| panic!("no delegation {name}"))
        .delegation
        .id
}

fn heads(store: &Store, d: DelegationId) -> Vec<String> {
    let day = store.event_by_code(EVENT).unwrap().details.start_date;
    store
        .members(d, day)
        .unwrap()
        .into_iter()
        .filter(|m| m.is_head)
        .map(|m| m.family_name().to_string())
        .collect()
}

fn orphans(store: &Store) -> i64 {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.query_row(
        "SELECT count(*) FROM attendees a LEFT JOIN delegations d ON d.id = a.delegation_id
         WHERE a.delegation_id IS NOT NULL AND d.id IS NULL",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn naming_a_new_head_takes_over_from_the_old_one() {
    let (_dir, mut store) = demo();
    let kg = delegation(&store, "Kyrgyzstan");
    assert_eq!(heads(&store, kg), ["Asanov"]);
    let day = store.event_by_code(EVENT).unwrap().details.start_date;
    let sydykov = store
        .members(kg, day)
        .unwrap()
        .into_iter()
        .find(|m| m.family_name() == "Sydykov")
        .unwrap();
    let mut details = store.attendee(sydykov.id).unwrap().details;
    details.is_head = true;
    store.update_attendee(sydykov.id, &details).unwrap();
    assert_eq!(heads(&store, kg), ["Sydykov"]);

    // A new person named head in the same delegation takes over again.
    let event = store.event_by_code(EVENT).unwrap();
    let newcomer = NewAttendee {
        given_name: "Aida".into(),
        family_name: "Bekova".into(),
        delegation: Some(kg),
        is_head: true,
        ..NewAttendee::default()
    };
    store.add_attendee(event.id, &newcomer).unwrap();
    assert_eq!(heads(&store, kg), ["Bekova"]);
}

#[test]
fn a_moved_head_joins_the_other_delegation_as_a_member() {
    let (_dir, mut store) = demo();
    let kg = delegation(&store, "Kyrgyzstan");
    let cso = delegation(&store, "Mongolia – civil society");
    let day = store.event_by_code(EVENT).unwrap().details.start_date;
    let asanov = store.members(kg, day).unwrap()[0].clone();
    assert!(asanov.is_head);
    let moved = store.move_attendee(asanov.id, Some(cso)).unwrap();
    assert_eq!(moved.details.delegation, Some(cso));
    assert!(!moved.details.is_head);
    assert_eq!(heads(&store, kg), Vec::<String>::new());
    assert_eq!(
        heads(&store, cso).len(),
        1,
        "the civil society keeps its one head"
    );
}

#[test]
fn deleting_a_delegation_moves_its_members_or_leaves_them_unassigned() {
    let (_dir, mut store) = demo();
    let event = store.event_by_code(EVENT).unwrap();
    let day = event.details.start_date;
    let kg = delegation(&store, "Kyrgyzstan");
    let es = delegation(&store, "Spain");
    let cso = delegation(&store, "Mongolia – civil society");
    let people_before = store.attendee_rows(event.id, day).unwrap().len();

    store.delete_delegation(kg, Some(cso)).unwrap();
    assert_eq!(store.members(cso, day).unwrap().len(), 14 + 4);
    assert_eq!(
        heads(&store, cso).len(),
        1,
        "moved heads do not become second heads"
    );

    store.delete_delegation(es, None).unwrap();
    let rows = store.attendee_rows(event.id, day).unwrap();
    assert_eq!(rows.len(), people_before, "no one is lost");
    let unassigned: Vec<_> = rows.iter().filter(|r| r.delegation.is_none()).collect();
    assert_eq!(unassigned.len(), 2);
    assert!(unassigned.iter().all(|r| !r.is_head));
    assert_eq!(orphans(&store), 0);
}

#[test]
fn protocol_order_follows_the_events_category_order() {
    let (_dir, mut store) = demo();
    let event = store.event_by_code(EVENT).unwrap();
    let names = |store: &Store| {
        let event = store.event_by_code(EVENT).unwrap();
        store
            .list_delegations(&event, event.details.start_date)
            .unwrap()
            .into_iter()
            .map(|d| d.delegation.details.name)
            .collect::<Vec<_>>()
    };
    let default = names(&store);
    assert_eq!(default[0], "Mongolia – state agencies");
    assert_eq!(default[1], "Mongolia – civil society");
    let nl = default.iter().position(|n| n == "The Netherlands").unwrap();
    assert_eq!(
        default[nl - 1],
        "Kyrgyzstan",
        "The Netherlands sorts under N"
    );
    assert_eq!(default[nl + 1], "Spain");

    let mut order = event.category_order.clone();
    let io = order
        .iter()
        .position(|c| *c == Category::InternationalOrganisation)
        .unwrap();
    let io = order.remove(io);
    order.insert(0, io);
    store.set_category_order(event.id, &order).unwrap();
    let reordered = names(&store);
    assert!(reordered[0].starts_with("OSCE"), "{reordered:?}");
    assert_eq!(reordered[2], "Mongolia – state agencies");
}

#[test]
fn a_new_delegation_sorts_by_its_sort_key() {
    let (_dir, mut store) = demo();
    let event = store.event_by_code(EVENT).unwrap();
    store
        .create_delegation(
            event.id,
            &NewDelegation {
                name: "The Gambia".into(),
                category: Category::ParticipatingState,
                sort_key: rollcall::domain::default_sort_key("The Gambia"),
                country: Some("GM".into()),
            },
        )
        .unwrap();
    let list: Vec<String> = store
        .list_delegations(&event, event.details.start_date)
        .unwrap()
        .into_iter()
        .map(|d| d.delegation.details.name)
        .collect();
    let gm = list.iter().position(|n| n == "The Gambia").unwrap();
    assert_eq!(list[gm - 1], "Finland");
    assert_eq!(list[gm + 1], "Kyrgyzstan");
}

#[test]
fn edits_are_audited_and_erasing_a_person_blanks_what_the_log_said() {
    let (_dir, mut store) = demo();
    let event = store.event_by_code(EVENT).unwrap();
    let person = store.attendee_by_badge(event.id, 1).unwrap().unwrap();
    let mut details = person.details.clone();
    details.email = "vice.minister@mfa.mn.example".into();
    store.update_attendee(person.id, &details).unwrap();
    let log = store.recent_activity(event.id, 10).unwrap();
    assert_eq!(log[0].action, "edit");
    assert!(log[0].detail.contains("vice.minister@mfa.mn.example"));

    store.delete_attendee(person.id).unwrap();
    let log = store.recent_activity(event.id, 10).unwrap();
    assert_eq!(log[0].action, "erase");
    assert!(log.iter().all(|l| !l.detail.contains("vice.minister")));
    assert!(log.iter().all(|l| !l.who.contains("BATMUNKH")), "{log:?}");
    assert!(store.attendee_by_badge(event.id, 1).unwrap().is_none());
}

#[test]
fn check_ins_recorded_in_bulk_skip_those_already_in_and_are_audited() {
    use rollcall::domain::CheckIn;
    let (_dir, mut store) = demo();
    let event = store.event_by_code(EVENT).unwrap();
    let day = event.details.start_date;
    let at = day.and_hms_opt(9, 0, 0).unwrap();
    let first = store.attendee_by_badge(event.id, 1).unwrap().unwrap();
    store.check_in(first.id, day, at, "desk-1").unwrap();
    let sheet: Vec<CheckIn> = (1..=5)
        .map(|badge| CheckIn {
            attendee: store
                .attendee_by_badge(event.id, badge)
                .unwrap()
                .unwrap()
                .id,
            day,
            at,
            desk: "paper".into(),
        })
        .collect();
    assert_eq!(store.record_check_ins(&sheet).unwrap(), 4);
    assert_eq!(store.present_count(event.id, day).unwrap(), 5);
    let first_again = store.check_in_of(first.id, day).unwrap().unwrap();
    assert_eq!(first_again.desk, "desk-1", "the earlier check-in stands");
    let logged = store
        .recent_activity(event.id, 20)
        .unwrap()
        .into_iter()
        .filter(|a| a.action == "check_in" && a.desk == "paper")
        .count();
    assert_eq!(logged, 4);
}

#[test]
fn people_are_listed_by_the_folded_family_name() {
    let (_dir, mut store) = demo();
    let event = store.event_by_code(EVENT).unwrap();
    let people: Vec<_> = ["Zeller", "Åberg", "Abbott", "Čapek", "Cole"]
        .into_iter()
        .map(|family| {
            let person = NewAttendee {
                given_name: "Test".into(),
                family_name: family.into(),
                ..NewAttendee::default()
            };
            (rollcall::store::DelegationRef::None, person)
        })
        .collect();
    store.import_people(event.id, &[], &people).unwrap();
    let order: Vec<String> = store
        .attendee_rows(event.id, event.details.start_date)
        .unwrap()
        .into_iter()
        .filter(|r| r.given_name() == "Test")
        .map(|r| r.family_name().to_string())
        .collect();
    assert_eq!(order, ["Abbott", "Åberg", "Čapek", "Cole", "Zeller"]);
}
