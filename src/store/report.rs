//! Reading for reports: the full roster of an event (every attendee field, the
//! delegation, the check-in days), statistics, and the badge print counter.
//!
//! Everything here reads, except [`Store::record_badge_prints`], which appends
//! `badge_printed` rows to the audit log (the print counter needs no table of its own).

use super::checkins::audit;
use super::delegations::protocol_key;
use super::rows::{self, ATTENDEE_COLUMNS, DELEGATION_COLUMNS, Stored, prefixed};
use super::sql::params;
use super::{Result, Store, StoreError};
use crate::domain::attendance::Attendance;
use crate::domain::{
    Attendee, AttendeeId, Category, Delegation, DelegationId, Event, Gender, Role, Status,
};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{HashMap, HashSet};
use strum::IntoEnumIterator;

/// Whom a roster includes, by presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Everyone on the list, whatever their status.
    All,
    /// Status Registered (the invited, the cancelled and the no-shows are left out).
    Registered,
    /// Checked in on at least one day.
    Attended,
    /// Checked in on this day.
    OnDay(NaiveDate),
}

/// Which people a roster includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterFilter {
    pub presence: Presence,
    /// Leave out cancelled registrations whatever `presence` says.
    pub exclude_cancelled: bool,
    /// Only people who consented to appear in published lists.
    pub consent_only: bool,
}

impl RosterFilter {
    pub fn new(presence: Presence) -> RosterFilter {
        RosterFilter {
            presence,
            exclude_cancelled: false,
            consent_only: false,
        }
    }
}

/// One person of a roster with everything a report may print about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub attendee: Attendee,
    /// The person's delegation, if any.
    pub delegation: Option<Delegation>,
    /// The days the person was checked in, first to last.
    pub days: Vec<NaiveDate>,
}

/// Counts of one group of people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Everyone on the list, whatever their status.
    pub people: u32,
    /// Status Registered.
    pub registered: u32,
    /// Checked in on at least one day.
    pub attended: u32,
}

impl Tally {
    fn add(&mut self, status: Status, attended: bool) {
        self.people += 1;
        self.registered += u32::from(status == Status::Registered);
        self.attended += u32::from(attended);
    }
}

/// The numbers of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventStats {
    pub total: Tally,
    /// Every status, in vocabulary order (zeros included).
    pub by_status: Vec<(Status, u32)>,
    /// Every day of the event with the number of people checked in on it.
    pub present_by_day: Vec<(NaiveDate, u32)>,
    /// Delegations in protocol order (empty ones included); `None`, last, is the people
    /// without a delegation (only when there are any).
    pub by_delegation: Vec<(Option<Delegation>, Tally)>,
    /// Categories in the event's order (every category); `None`, last, as above.
    pub by_category: Vec<(Option<Category>, Tally)>,
    /// Every gender, in vocabulary order.
    pub by_gender: Vec<(Gender, Tally)>,
    /// Every role, in vocabulary order.
    pub by_role: Vec<(Role, Tally)>,
}

/// Presence names as the roster query takes them.
fn presence_param(p: Presence) -> (&'static str, Option<NaiveDate>) {
    match p {
        Presence::All => ("all", None),
        Presence::Registered => ("registered", None),
        Presence::Attended => ("attended", None),
        Presence::OnDay(day) => ("day", Some(day)),
    }
}

/// The roster filter as SQL over `attendees a`; ?1 event, ?2 presence, ?3 day,
/// ?4 exclude cancelled, ?5 consent only. Fixed text: every value is a parameter.
const ROSTER_WHERE: &str = "WHERE a.event_id = ?1
      AND (?2 <> 'registered' OR a.status = 'registered')
      AND (?2 <> 'attended' OR EXISTS (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id))
      AND (?2 <> 'day' OR EXISTS (SELECT 1 FROM checkins c
                                   WHERE c.attendee_id = a.id AND c.day = ?3))
      AND (?4 = 0 OR a.status <> 'cancelled')
      AND (?5 = 0 OR a.consent = 1)";

/// Delegations' places in protocol order written per statement (two values each,
/// far below either engine's limit on parameters).
const ORDER_ROWS_PER_INSERT: usize = 500;

impl Store {
    /// Whether anyone of the event has been checked in on any day.
    pub fn has_check_ins(&self, event: &Event) -> Result<bool> {
        self.db.query_row(
            "SELECT EXISTS (SELECT 1 FROM checkins WHERE event_id = ?1)",
            [event.id.0],
            |r| r.get(0),
        )
    }

    /// How many people [`Store::for_each_in_roster`] would visit.
    pub fn roster_count(&self, event: &Event, filter: RosterFilter) -> Result<u64> {
        let (presence, day) = presence_param(filter.presence);
        Ok(self.db.query_row(
            &format!("SELECT count(*) FROM attendees a {ROSTER_WHERE}"),
            params![
                event.id.0,
                presence,
                day,
                filter.exclude_cancelled,
                filter.consent_only
            ],
            |r| r.get::<i64>(0),
        )? as u64)
    }

    /// Visit the event's people in protocol order — delegations by the event's category
    /// order and sort key, inside each the head first, then by rank, then by family
    /// name; people without a delegation last — one at a time, so 100,000 people need
    /// no more memory than one. Stops at the first error `visit` returns.
    pub fn for_each_in_roster<E: From<StoreError>>(
        &self,
        event: &Event,
        filter: RosterFilter,
        mut visit: impl FnMut(RosterEntry) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let in_order = self.delegations_in_order(event)?;
        let places: Vec<i64> = in_order
            .iter()
            .enumerate()
            .flat_map(|(pos, d)| [d.id.0, pos as i64])
            .collect();
        let delegations: HashMap<DelegationId, Delegation> =
            in_order.into_iter().map(|d| (d.id, d)).collect();
        let (presence, day) = presence_param(filter.presence);
        // Each delegation's place in protocol order, joined by primary key: a list
        // joined in the query would be scanned again for every person (40 million steps
        // at 100,000 people and 400 delegations).
        self.db.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS roster_order
                 (did BIGINT PRIMARY KEY, pos BIGINT NOT NULL);
             DELETE FROM roster_order;",
        )?;
        for chunk in places.chunks(2 * ORDER_ROWS_PER_INSERT) {
            let rows = vec!["(?, ?)"; chunk.len() / 2].join(", ");
            self.db.execute(
                &format!("INSERT INTO roster_order (did, pos) VALUES {rows}"),
                chunk,
            )?;
        }
        // Who leads a delegation comes first: `domain::leads_delegation` in SQL.
        let sql = format!(
            "SELECT {}, (SELECT {} FROM checkins c WHERE c.attendee_id = a.id)
             FROM attendees a
             LEFT JOIN roster_order o ON o.did = a.delegation_id
             {}
             ORDER BY o.pos IS NULL, o.pos, (a.is_head = 1 AND a.status <> 'cancelled') DESC,
                      a.status = 'cancelled', a.rank IS NULL, a.rank,
                      lower(a.family_name), lower(a.given_name), a.id",
            prefixed("a.", ATTENDEE_COLUMNS),
            self.db.joined_text("c.day"),
            // `+`: read the table in its own order; through an index on event_id
            // (attendees_by_event_status since v3) every row is a random seek.
            ROSTER_WHERE.replacen("a.event_id = ?1", "+a.event_id = ?1", 1)
        );
        let mut failed = None;
        let params = params![
            event.id.0,
            presence,
            day,
            filter.exclude_cancelled,
            filter.consent_only
        ];
        self.db
            .for_each(&sql, params, |r| {
                let attendee = rows::attendee(r)?;
                let days_text: Option<String> = r.get(22)?;
                let mut days: Vec<NaiveDate> = days_text
                    .as_deref()
                    .unwrap_or("")
                    .split(',')
                    // YYYY-MM-DD, chrono's own format: no format string parsed per day.
                    .filter_map(|d| d.parse::<NaiveDate>().ok())
                    .collect();
                days.sort_unstable();
                let delegation = attendee
                    .details
                    .delegation
                    .and_then(|id| delegations.get(&id).cloned());
                visit(RosterEntry {
                    attendee,
                    delegation,
                    days,
                })
                .map_err(|e| {
                    // Carried past the engine's loop, which speaks only StoreError.
                    failed = Some(e);
                    StoreError::Interrupted
                })
            })
            .map_err(|e| match (e, failed.take()) {
                (StoreError::Interrupted, Some(visit_error)) => visit_error,
                (e, _) => E::from(e),
            })?;
        Ok(())
    }

    /// The event's delegations in the protocol order of [`Store::list_delegations`],
    /// without the counts it adds for the Delegations screen: those take two passes
    /// over everyone (the day's check-ins joined to their people one random read at a
    /// time), a fifth of a whole CSV export at 100,000 people.
    // The order's rule is list_delegations's (tests/export.rs checks that both agree);
    // it belongs in one function in delegations.rs that both call.
    fn delegations_in_order(&self, event: &Event) -> Result<Vec<Delegation>> {
        let mut list: Vec<Delegation> = self.db.query_map(
            &format!("SELECT {DELEGATION_COLUMNS} FROM delegations WHERE event_id = ?1"),
            [event.id.0],
            rows::delegation,
        )?;
        list.sort_by_cached_key(|d| protocol_key(event, &d.details));
        Ok(list)
    }

    /// The whole roster in memory, in the order of [`Store::for_each_in_roster`].
    pub fn roster(&self, event: &Event, filter: RosterFilter) -> Result<Vec<RosterEntry>> {
        let mut all = Vec::new();
        self.for_each_in_roster(event, filter, |e| -> Result<()> {
            all.push(e);
            Ok(())
        })?;
        Ok(all)
    }

    /// Registered, present per day, and the breakdowns by delegation, category, gender
    /// and role, from one pass over the event's people.
    pub fn event_stats(&self, event: &Event) -> Result<EventStats> {
        let delegations: Vec<Delegation> = self
            .list_delegations(event, event.details.start_date)?
            .into_iter()
            .map(|row| row.delegation)
            .collect();
        let mut by_delegation: Vec<Tally> = vec![Tally::default(); delegations.len()];
        let position: HashMap<DelegationId, usize> = delegations
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let mut unassigned = Tally::default();
        let mut total = Tally::default();
        let mut by_status: HashMap<Status, u32> = HashMap::new();
        let mut by_gender: HashMap<Gender, Tally> = HashMap::new();
        let mut by_role: HashMap<Role, Tally> = HashMap::new();

        self.db.for_each(
            "SELECT a.delegation_id, a.gender, a.role, a.status,
                    EXISTS (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id)
             FROM attendees a WHERE a.event_id = ?1",
            [event.id.0],
            |r| {
                let delegation = r.get::<Option<i64>>(0)?.map(DelegationId);
                let gender: Gender = r.get::<Stored<_>>(1)?.0;
                let role: Role = r.get::<Stored<_>>(2)?.0;
                let status: Status = r.get::<Stored<_>>(3)?.0;
                let attended: bool = r.get(4)?;
                total.add(status, attended);
                *by_status.entry(status).or_default() += 1;
                by_gender.entry(gender).or_default().add(status, attended);
                by_role.entry(role).or_default().add(status, attended);
                match delegation.and_then(|d| position.get(&d)) {
                    Some(&i) => by_delegation[i].add(status, attended),
                    None => unassigned.add(status, attended),
                }
                Ok(())
            },
        )?;

        let per_day: HashMap<NaiveDate, u32> = self.db.query_map(
            "SELECT day, count(*) FROM checkins WHERE event_id = ?1 GROUP BY day",
            [event.id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;

        let mut by_category: Vec<(Option<Category>, Tally)> = event
            .category_order
            .iter()
            .map(|c| (Some(*c), Tally::default()))
            .collect();
        for (d, t) in delegations.iter().zip(&by_delegation) {
            if let Some((_, sum)) = by_category
                .iter_mut()
                .find(|(c, _)| *c == Some(d.details.category))
            {
                sum.people += t.people;
                sum.registered += t.registered;
                sum.attended += t.attended;
            }
        }
        let mut by_delegation: Vec<(Option<Delegation>, Tally)> = delegations
            .into_iter()
            .map(Some)
            .zip(by_delegation)
            .collect();
        if unassigned.people > 0 {
            by_delegation.push((None, unassigned));
            by_category.push((None, unassigned));
        }
        Ok(EventStats {
            total,
            by_status: Status::iter()
                .map(|s| (s, by_status.get(&s).copied().unwrap_or(0)))
                .collect(),
            present_by_day: event
                .days()
                .map(|d| (d, per_day.get(&d).copied().unwrap_or(0)))
                .collect(),
            by_delegation,
            by_category,
            by_gender: Gender::iter()
                .map(|g| (g, by_gender.get(&g).copied().unwrap_or_default()))
                .collect(),
            by_role: Role::iter()
                .map(|r| (r, by_role.get(&r).copied().unwrap_or_default()))
                .collect(),
        })
    }

    /// Every check-in of `event` on its days, binned: arrivals per quarter hour and
    /// presence per delegation, day by day (one pass over the check-ins).
    pub fn attendance(&self, event: &Event) -> Result<Attendance> {
        let mut attendance = Attendance::new(event.days());
        self.db.for_each(
            "SELECT c.attendee_id, a.delegation_id, c.day, c.at
             FROM checkins c JOIN attendees a ON a.id = c.attendee_id
             WHERE c.event_id = ?1",
            [event.id.0],
            |r| {
                attendance.check_in(
                    AttendeeId(r.get(0)?),
                    r.get::<Option<i64>>(1)?.map(DelegationId),
                    r.get(2)?,
                    r.get(3)?,
                );
                Ok(())
            },
        )?;
        Ok(attendance)
    }

    /// The people of `event` who walked in (registered at a desk: audited `walk_in`).
    pub fn walk_ins(&self, event: &Event) -> Result<HashSet<AttendeeId>> {
        let ids: Vec<_> = self.db.query_map(
            "SELECT DISTINCT attendee_id FROM audit
             WHERE event_id = ?1 AND action = 'walk_in' AND attendee_id IS NOT NULL",
            [event.id.0],
            |r| Ok(AttendeeId(r.get(0)?)),
        )?;
        Ok(ids.into_iter().collect())
    }

    /// The people of `event` whose badge is out of date: never printed, or added,
    /// edited or walked in after their last print (by the audit log's order, which the
    /// clocks of several desks cannot disturb). A check-in changes no badge.
    pub fn badges_out_of_date(&self, event: &Event) -> Result<HashSet<AttendeeId>> {
        let ids: Vec<_> = self.db.query_map(
            "SELECT a.id FROM attendees a
             WHERE a.event_id = ?1
               AND COALESCE((SELECT max(p.id) FROM audit p
                             WHERE p.attendee_id = a.id AND p.action = 'badge_printed'), 0)
                 < COALESCE((SELECT max(c.id) FROM audit c
                             WHERE c.attendee_id = a.id
                               AND c.action IN ('add', 'edit', 'walk_in')), 1)",
            [event.id.0],
            |r| Ok(AttendeeId(r.get(0)?)),
        )?;
        Ok(ids.into_iter().collect())
    }

    /// How many times each person's badge has been printed (people never printed are
    /// absent).
    pub fn badge_print_counts(&self, event: &Event) -> Result<HashMap<AttendeeId, u32>> {
        let counts: HashMap<_, _> = self.db.query_map(
            "SELECT attendee_id, count(*) FROM audit
             WHERE event_id = ?1 AND action = 'badge_printed' AND attendee_id IS NOT NULL
             GROUP BY attendee_id",
            [event.id.0],
            |r| Ok((AttendeeId(r.get(0)?), r.get(1)?)),
        )?;
        Ok(counts)
    }

    /// Record badge prints: for each `(person, number)` one audit row `badge_printed`
    /// whose detail is the print number shown on the badge (1 = first print, 2 = the
    /// first reprint …), all in one short transaction. Call it once the badges are
    /// written, with the numbers from [`Store::badge_print_counts`] + 1: a print that
    /// failed then counts nothing, and no write lock is held while badges render.
    pub fn record_badge_prints(
        &mut self,
        prints: &[(AttendeeId, u32)],
        at: NaiveDateTime,
        desk: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        for (id, number) in prints {
            audit(&tx, at, desk, *id, "badge_printed", &number.to_string())?;
        }
        tx.commit()?;
        Ok(())
    }
}
