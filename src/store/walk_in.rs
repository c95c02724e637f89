//! A walk-in: someone who turned up unannounced, registered and checked in at once,
//! together with the delegation they need when it does not exist yet — all in one
//! transaction, so a failed walk-in leaves nothing behind.

use super::DelegationRef;
use super::attendees::insert_people;
use super::checkins::audit;
use super::delegations::insert_delegation;
use super::events::event_by_id;
use super::sql::{Optional, params};
use super::{Result, Store, StoreError};
use crate::domain::{
    Attendee, CheckIn, DelegationId, EventId, NewAttendee, NewDelegation, Status, Violations,
};
use chrono::{NaiveDate, NaiveDateTime};

/// The delegation a walk-in joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DelegationChoice {
    None,
    Existing(DelegationId),
    /// Created with the person, in the same transaction (or joined, if another desk
    /// has just created a delegation of that name).
    New(NewDelegation),
}

impl Store {
    /// Register someone who turned up unannounced and check them in, in one
    /// transaction: they join `delegation` (the person's own `delegation` is not read),
    /// get the next free badge and status Registered. Audited as `walk_in`.
    pub fn walk_in(
        &mut self,
        event: EventId,
        person: &NewAttendee,
        delegation: &DelegationChoice,
        day: NaiveDate,
        at: NaiveDateTime,
        desk: &str,
    ) -> Result<(Attendee, CheckIn)> {
        person.validate()?;
        if let DelegationChoice::New(new) = delegation {
            new.validate()?;
        }
        let tx = self.write()?;
        event_by_id(&tx, event)?
            .validate_day(day)
            .map_err(|e| Violations(vec![e]))?;
        let delegation = match delegation {
            DelegationChoice::None => DelegationRef::None,
            DelegationChoice::Existing(id) => DelegationRef::Existing(*id),
            DelegationChoice::New(new) => {
                // Names are unique in an event: another desk may have created it since
                // this desk last read the delegations.
                let existing: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM delegations WHERE event_id = ?1 AND name = ?2",
                        params![event.0, new.name.trim()],
                        |r| r.get(0),
                    )
                    .optional()?;
                let id = match existing {
                    Some(id) => DelegationId(id),
                    None => insert_delegation(&tx, event, new)?,
                };
                DelegationRef::Existing(id)
            }
        };
        let person = NewAttendee {
            delegation: None,
            status: Status::Registered,
            badge: None,
            ..person.clone()
        };
        let ids = insert_people(&tx, event, &[], &[(delegation, person)])?;
        let id = ids[0];
        tx.execute(
            "INSERT INTO checkins (event_id, attendee_id, day, at, desk) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![event.0, id.0, day, at, desk],
        )?;
        audit(&tx, at, desk, id, "walk_in", &day.to_string())?;
        tx.commit()?;
        let check_in = self.check_in_of(id, day)?.ok_or(StoreError::Gone)?;
        Ok((self.attendee(id)?, check_in))
    }
}
