//! The closed vocabularies of the registry. Each is stored as its snake_case name,
//! shown to people through `label()`.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            Serialize, Deserialize, EnumIter, EnumString, IntoStaticStr,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The stored name (`snake_case`), stable across versions.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// What kind of gathering an event is.
    EventKind {
        Seminar => "Seminar",
        Workshop => "Workshop",
        Conference => "Conference",
        Meeting => "Meeting",
    }
}

vocabulary! {
    /// Protocol category of a delegation. The declaration order is the default
    /// protocol order; an event may reorder them.
    Category {
        HostState => "Host country – state agencies",
        HostCivilSociety => "Host country – civil society",
        ParticipatingState => "Participating States",
        Partner => "Partners for co-operation",
        InternationalOrganisation => "International organisations",
        CivilSociety => "Civil society / NGOs",
        Other => "Other",
    }
}

vocabulary! {
    Gender {
        Female => "Female",
        Male => "Male",
        Other => "Other",
        Unspecified => "Unspecified",
    }
}

vocabulary! {
    /// What a person does at the event.
    Role {
        Participant => "Participant",
        Speaker => "Speaker",
        Moderator => "Moderator",
        Expert => "Expert",
        Observer => "Observer",
        Organiser => "Organiser",
        Interpreter => "Interpreter",
        Press => "Press",
    }
}

vocabulary! {
    /// Where a person stands in the registration process.
    Status {
        Invited => "Invited",
        Registered => "Registered",
        Cancelled => "Cancelled",
        NoShow => "No-show",
    }
}

impl Status {
    /// Whether the desk may let this person in. A cancelled registration needs the
    /// organisers; the invited and the no-shows who turn up are let in (and become
    /// registered).
    pub fn may_check_in(self) -> bool {
        self != Status::Cancelled
    }
}

impl Category {
    /// The default protocol order of categories.
    pub fn default_order() -> Vec<Category> {
        use strum::IntoEnumIterator;
        Category::iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use strum::IntoEnumIterator;

    #[test]
    fn stored_names_round_trip() {
        for c in Category::iter() {
            assert_eq!(Category::from_str(c.as_str()).unwrap(), c);
        }
        assert_eq!(Status::NoShow.as_str(), "no_show");
        assert_eq!(
            Category::InternationalOrganisation.as_str(),
            "international_organisation"
        );
        assert!(Role::from_str("captain").is_err());
    }

    #[test]
    fn serde_uses_stored_names() {
        assert_eq!(
            serde_json::to_string(&Status::NoShow).unwrap(),
            "\"no_show\""
        );
        let r: Role = serde_json::from_str("\"interpreter\"").unwrap();
        assert_eq!(r, Role::Interpreter);
    }
}
