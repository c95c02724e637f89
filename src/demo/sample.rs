//! The sample seminar that `rollcall demo` and `rollcall --demo` write: the OSCE
//! national seminar in Ulaanbaatar, July 2017. Every person but the Vice Minister
//! named in the public announcement is invented.

use crate::domain::{NewAttendee, NewDelegation, NewEvent};
use crate::store::{DelegationRef, Store, StoreError};
use serde::Deserialize;

const SAMPLE: &str = include_str!("../../assets/demo/ulaanbaatar-2017.json");

#[derive(Deserialize)]
struct Sample {
    event: NewEvent,
    delegations: Vec<SampleDelegation>,
    attendees: Vec<SamplePerson>,
}

#[derive(Deserialize)]
struct SampleDelegation {
    key: String,
    #[serde(flatten)]
    details: NewDelegation,
}

/// A person as the sample file spells them: the delegation by key.
#[derive(Deserialize)]
struct SamplePerson {
    delegation: String,
    honorific: String,
    given_name: String,
    family_name: String,
    native_name: String,
    gender: crate::domain::Gender,
    position: String,
    organisation: String,
    head: bool,
    rank: Option<u32>,
    country: Option<String>,
    email: String,
    phone: String,
    role: crate::domain::Role,
    status: crate::domain::Status,
    badge: u32,
    diet: String,
    access: String,
    notes: String,
    consent: bool,
}

/// Write the sample seminar into `store` as one transaction; returns its event code.
pub fn write_sample(store: &mut Store) -> Result<String, StoreError> {
    let sample: Sample =
        serde_json::from_str(SAMPLE).expect("the embedded sample is checked by a unit test");
    let delegations: Vec<NewDelegation> = sample
        .delegations
        .iter()
        .map(|d| d.details.clone())
        .collect();
    let people: Vec<(DelegationRef, NewAttendee)> = sample
        .attendees
        .into_iter()
        .map(|p| {
            let delegation = sample
                .delegations
                .iter()
                .position(|d| d.key == p.delegation)
                .map_or(DelegationRef::None, DelegationRef::New);
            let person = NewAttendee {
                honorific: p.honorific,
                given_name: p.given_name,
                family_name: p.family_name,
                native_name: p.native_name,
                gender: p.gender,
                position: p.position,
                organisation: p.organisation,
                delegation: None,
                is_head: p.head,
                rank: p.rank,
                country: p.country.filter(|c| !c.is_empty()),
                email: p.email,
                phone: p.phone,
                role: p.role,
                status: p.status,
                badge: Some(p.badge),
                diet: p.diet,
                access: p.access,
                notes: p.notes,
                consent: p.consent,
            };
            (delegation, person)
        })
        .collect();
    let event = store.create_registry(&sample.event, &delegations, &people)?;
    Ok(event.details.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_parses_and_every_delegation_key_exists() {
        let sample: Sample = serde_json::from_str(SAMPLE).unwrap();
        assert_eq!(sample.delegations.len(), 12);
        assert!((65..=75).contains(&sample.attendees.len()));
        for p in &sample.attendees {
            assert!(
                sample.delegations.iter().any(|d| d.key == p.delegation),
                "{} {} has unknown delegation {}",
                p.given_name,
                p.family_name,
                p.delegation
            );
        }
    }
}
