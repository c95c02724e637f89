//! The search keys: a record's fields folded to skeletons once, at load, so that a
//! keystroke only compares ASCII.

use crate::domain::fold::skeleton_into;

/// Between the names and the other fields of a key built by [`person_search_key`]:
/// a control char, which no skeleton holds.
pub const KEY_PARTS: char = '\u{1f}';

/// Build the search key of a record from its fields, all of them ranked as names
/// (delegations, seminars).
pub fn search_key<'a>(fields: impl IntoIterator<Item = &'a str>) -> Box<str> {
    let mut key = String::new();
    for f in fields {
        skeleton_into(f, &mut key);
    }
    key.into_boxed_str()
}

/// Build the search key of a person: `names` (given, family, native) rank above
/// `others` (organisation, delegation, badge, e-mail).
pub fn person_search_key<'a>(
    names: impl IntoIterator<Item = &'a str>,
    others: impl IntoIterator<Item = &'a str>,
) -> Box<str> {
    let mut key = String::new();
    for f in names {
        skeleton_into(f, &mut key);
    }
    key.push(KEY_PARTS);
    for f in others {
        skeleton_into(f, &mut key);
    }
    key.into_boxed_str()
}
