//! Where a query lights up a text: the char positions of the original text (any
//! script) behind the skeleton bytes a word or a fuzzy atom matched.

use super::query::{Query, Word};
use crate::domain::fold::skeleton_spans;
use nucleo_matcher::pattern::Pattern;
use nucleo_matcher::{Matcher, Utf32Str};
use std::ops::Range;

impl Query {
    /// The char positions of `text` this query matches, for highlighting: where each
    /// word is best seen, or — given the query's `fuzzy` pattern and a matcher — where
    /// nucleo matches each of its atoms. `text` is folded with the origin of each
    /// byte, so a match in the skeleton of "Батцэцэг" lights up the Cyrillic letters
    /// it came from (and "haddad" both letters of the "Kh" in "Khaddad").
    pub(super) fn highlight(
        &self,
        text: &str,
        fuzzy: Option<(&Pattern, &mut Matcher)>,
    ) -> Vec<usize> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut folded = String::new();
        let mut spans = Vec::new();
        skeleton_spans(text, &mut folded, &mut spans);
        let mut bytes = Vec::new();
        if let Some((pattern, matcher)) = fuzzy {
            let mut indices = Vec::new();
            // Each atom separately, so a word that matches this field lights up even
            // when another word of the query matched a different field.
            for atom in &pattern.atoms {
                atom.indices(Utf32Str::Ascii(folded.as_bytes()), matcher, &mut indices);
            }
            bytes.extend(indices.iter().map(|&i| i as usize));
        } else {
            for word in &self.words {
                if let Some(range) = word.best_in(&folded) {
                    bytes.extend(range);
                }
            }
        }
        let mut positions: Vec<usize> = bytes
            .iter()
            .filter_map(|&b| spans.get(b))
            .flat_map(|s| s.start as usize..s.end as usize)
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

impl Word {
    /// Where in `text` (a skeleton) the word is best seen, for highlighting.
    fn best_in(&self, text: &str) -> Option<Range<usize>> {
        let mut best: Option<(u32, Range<usize>)> = None;
        for form in &self.forms {
            let needle = &*form.text;
            let mut from = 0;
            // Skeletons are ASCII: every byte starts a char.
            while let Some(at) = text[from..].find(needle).map(|i| from + i) {
                let rank = place(text.as_bytes(), at, needle.len(), form.unfinished) * 2
                    + u32::from(form.unfinished);
                if best.as_ref().is_none_or(|(b, _)| rank < *b) {
                    best = Some((rank, at..at + needle.len()));
                }
                from = at + 1;
            }
        }
        best.map(|(_, range)| range)
    }
}

/// How a match of `len` bytes at `at` sits in `text`: 0 a whole word, 1 the start of
/// a word, 2 inside one. An unfinished spelling is at best the start of a word.
fn place(text: &[u8], at: usize, len: usize, unfinished: bool) -> u32 {
    let boundary = |b: u8| !b.is_ascii_alphanumeric();
    let starts = at == 0 || boundary(text[at - 1]);
    let ends = text.get(at + len).is_none_or(|&b| boundary(b));
    match (starts, ends && !unfinished) {
        (true, true) => 0,
        (true, false) => 1,
        _ => 2,
    }
}
