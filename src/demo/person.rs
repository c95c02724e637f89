//! One person of a generated registry: a name of their delegation's culture (never
//! twice in one delegation), a position, role, status and the details a real list has.

use super::groups::{Group, GroupKind};
use super::lists::DELEGATIONS as DELEGATION_LISTS;
use super::names::Culture;
use super::rng::Rng;
use crate::domain::{Gender, NewAttendee, Role, Status, fold::fold};
use std::collections::HashSet;

/// One person: `place` is their place in their delegation (1 = its head).
pub(super) fn person(
    rng: &mut Rng,
    group: (Option<usize>, Option<&Group>),
    place: Option<u32>,
    badge: u32,
    taken: &mut Taken,
) -> NewAttendee {
    let (slot, group) = group;
    let gender = match rng.below(1000) {
        0..=479 => Gender::Female,
        480..=979 => Gender::Male,
        980..=984 => Gender::Other,
        _ => Gender::Unspecified,
    };
    let culture = match group {
        Some(g) if g.culture != Culture::Mixed => {
            // Embassies and missions employ some locals and other nationals too.
            if rng.chance(0.9) {
                g.culture
            } else {
                Culture::any(rng)
            }
        }
        _ => Culture::any(rng),
    };
    let female = match gender {
        Gender::Female => true,
        Gender::Male => false,
        _ => rng.chance(0.5),
    };
    // Two people of one delegation never share a name (an import would take the second
    // for a duplicate): draw again, rarer forms after a while, syllables at the last.
    let mut name = culture.name(rng, female, 0);
    for attempt in 1.. {
        let key = (slot, fold(&format!("{} {}", name.given, name.family)));
        if taken.names.insert(key) {
            break;
        }
        name = if attempt < 60 {
            culture.name(rng, female, attempt / 20)
        } else {
            Culture::Syllables.name(rng, female, 0)
        };
    }
    let is_head = place == Some(1);
    let kind = group.map_or(GroupKind::Other, |g| g.kind);

    let honorific = if is_head && kind == GroupKind::State && rng.chance(0.6) {
        "H.E.".to_string()
    } else if rng.chance(0.08) {
        "Dr".to_string()
    } else {
        match gender {
            Gender::Female => "Ms",
            Gender::Male => "Mr",
            _ if rng.chance(0.5) => "Mx",
            _ => "",
        }
        .to_string()
    };
    let position = if is_head {
        let heads = &DELEGATION_LISTS.head_positions;
        rng.pick(match kind {
            GroupKind::State => &heads.state,
            GroupKind::Organisation => &heads.organisation,
            GroupKind::Ngo | GroupKind::Other => &heads.ngo,
        })
    } else {
        rng.pick(&DELEGATION_LISTS.positions)
    }
    .to_string();
    let (organisation, domain) = match group {
        Some(g) => g.organisations[rng.below(g.organisations.len())].clone(),
        None => (
            "Conference secretariat".to_string(),
            "secretariat.example".to_string(),
        ),
    };
    let role = if is_head {
        if rng.chance(0.5) {
            Role::Speaker
        } else {
            Role::Participant
        }
    } else {
        match (group.is_none(), rng.below(100)) {
            (true, 0..=59) => Role::Organiser,
            (true, 60..=79) => Role::Interpreter,
            (true, _) => Role::Press,
            (false, 0..=79) => Role::Participant,
            (false, 80..=83) => Role::Speaker,
            (false, 84) => Role::Moderator,
            (false, 85..=90) => Role::Expert,
            (false, 91..=95) => Role::Observer,
            (false, 96..=97) => Role::Interpreter,
            (false, _) => Role::Press,
        }
    };
    let status = if is_head {
        Status::Registered
    } else {
        match rng.below(100) {
            0..=87 => Status::Registered,
            88..=93 => Status::Invited,
            94..=97 => Status::Cancelled,
            _ => Status::NoShow,
        }
    };
    // Ranks for the head and the next few; large delegations leave the rest unranked.
    let rank = place.filter(|&p| p <= 6);
    let email = if rng.chance(0.03) {
        String::new()
    } else {
        unique_email(&name.given, &name.family, &domain, &mut taken.emails)
    };
    let phone = if rng.chance(0.6) {
        format!(
            "+{} {:03} {:04} {:04}",
            1 + rng.below(998),
            rng.below(1000),
            rng.below(10_000),
            rng.below(10_000)
        )
    } else {
        String::new()
    };
    let diet = match rng.below(100) {
        0..=4 => "vegetarian",
        5..=7 => "halal",
        8 => "vegan",
        9 => "gluten-free",
        10 => "kosher",
        _ => "",
    };
    let access = if rng.chance(0.005) {
        "wheelchair access"
    } else {
        ""
    };
    let notes = if rng.chance(0.02) {
        rng.pick(&DELEGATION_LISTS.notes)
    } else {
        ""
    };
    NewAttendee {
        honorific,
        given_name: name.given,
        family_name: name.family,
        native_name: name.native,
        gender,
        position,
        organisation,
        delegation: None,
        is_head,
        rank,
        country: group.and_then(|g| g.details.country.clone()),
        email,
        phone,
        role,
        status,
        badge: Some(badge),
        diet: diet.to_string(),
        access: access.to_string(),
        notes: notes.to_string(),
        consent: rng.chance(0.95),
    }
}

/// Names (per delegation, folded) and e-mail addresses already given out.
pub(super) struct Taken {
    pub names: HashSet<(Option<usize>, String)>,
    pub emails: HashSet<String>,
}

/// `given.family@domain`, folded to ASCII; a number is added when it is taken.
fn unique_email(given: &str, family: &str, domain: &str, taken: &mut HashSet<String>) -> String {
    let local = format!("{}.{}", fold(given), fold(family)).replace(' ', "-");
    let mut email = format!("{local}@{domain}");
    let mut n = 2;
    while taken.contains(&email) {
        email = format!("{local}{n}@{domain}");
        n += 1;
    }
    taken.insert(email.clone());
    email
}
