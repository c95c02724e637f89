//! The one matcher behind every list filter and the Desk: names are found the way
//! people spell them ("khaddad", "haddad" and "хаддад" find Haddad, "dorj" finds
//! Дорж: see [`crate::domain::fold::skeleton`]), ranked the way a volunteer expects,
//! and typos are forgiven when nothing else matches.
//!
//! Each query word must occur in the key. The hits are ranked by where each word
//! occurs, best first:
//!
//! 0. a whole word of a name (given, family or native name),
//! 1. the start of a word of a name,
//! 2. inside a name,
//! 3. a whole word of another field (organisation, delegation, badge, e-mail),
//! 4. the start of a word of another field,
//! 5. inside another field.
//!
//! A word's rank is its best occurrence; a query's is the sum of its words' ranks, so
//! that every word counts ("bold dorj" puts Bold DORJ, two whole words, above Boldbaatar
//! DORJSUREN, two word starts). Equal ranks keep the list's order.
//!
//! The last query word may be unfinished: "lk" is on its way to "lkh", whose skeleton
//! is "lh". So the last word also matches what its next letters could make of it
//! (those spellings never count as whole words, and rank just below the word as typed):
//! typing a name letter by letter never loses the person on the way.
//!
//! Only when no one matches at all does the search fall back to fuzzy matching
//! (nucleo), so "kyr" lists Kyrgyzstan alone, yet "batsetseg" still finds Battsetseg.

mod highlight;
mod key;
mod live;
mod query;
mod rank;

pub use key::{KEY_PARTS, person_search_key, search_key};
pub use live::LiveSearch;
pub use rank::Searcher;

/// The result of one search: indices into the keys, best match first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub indices: Vec<u32>,
    /// The query fell back to fuzzy matching (nothing contained it literally).
    pub fuzzy: bool,
}

#[cfg(test)]
mod tests;
