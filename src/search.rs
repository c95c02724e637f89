//! The one matcher behind every list filter and the Desk: folded (case, accents and
//! script: "battsetseg" finds "Батцэцэг"), ranked, and tolerant of typos.
//!
//! Each query word must occur in the key (substring, ranked by nucleo's scoring, which
//! favours word starts). Only when that finds no one does it fall back to fuzzy
//! matching, so "kyr" lists Kyrgyzstan alone, yet "batsetseg" still finds Battsetseg.

use crate::domain::fold::{fold, fold_into};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Build the folded search key of a record from its fields.
pub fn search_key<'a>(fields: impl IntoIterator<Item = &'a str>) -> Box<str> {
    let mut key = String::new();
    for f in fields {
        fold_into(f, &mut key);
    }
    key.into_boxed_str()
}

/// Whether any word of `query` occurs in `text`, folded as search folds it (which
/// field of a record a query matched).
pub fn matches_literally(query: &str, text: &str) -> bool {
    let text = fold(text);
    fold(query)
        .split(' ')
        .any(|w| !w.is_empty() && text.contains(w))
}

/// The result of one search: indices into the keys, best match first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub indices: Vec<u32>,
    /// The query fell back to fuzzy matching (nothing contained it literally).
    pub fuzzy: bool,
}

pub struct Searcher {
    matcher: Matcher,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
        }
    }
}

impl Searcher {
    /// Rank `candidates` (indices into `keys`) against `query`. An empty query keeps
    /// every candidate in its order.
    pub fn rank<K: AsRef<str>>(
        &mut self,
        query: &str,
        keys: &[K],
        candidates: impl Iterator<Item = u32> + Clone,
    ) -> Hits {
        let folded = fold(query);
        if folded.is_empty() {
            return Hits {
                indices: candidates.collect(),
                fuzzy: false,
            };
        }
        let exact = self.rank_with(&folded, AtomKind::Substring, keys, candidates.clone());
        if !exact.is_empty() {
            return Hits {
                indices: exact,
                fuzzy: false,
            };
        }
        Hits {
            indices: self.rank_with(&folded, AtomKind::Fuzzy, keys, candidates),
            fuzzy: true,
        }
    }

    fn rank_with<K: AsRef<str>>(
        &mut self,
        folded: &str,
        kind: AtomKind,
        keys: &[K],
        candidates: impl Iterator<Item = u32>,
    ) -> Vec<u32> {
        let pattern = Pattern::new(folded, CaseMatching::Respect, Normalization::Never, kind);
        let mut scored: Vec<(u32, u32)> = candidates
            .filter_map(|i| {
                let key = keys.get(i as usize)?.as_ref();
                let score = pattern.score(Utf32Str::Ascii(key.as_bytes()), &mut self.matcher)?;
                Some((score, i))
            })
            .collect();
        // Best score first; equal scores keep list order (stable sort).
        scored.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// The char positions of `text` that `query` matches, for highlighting. `text` is
    /// folded char by char, so a match in the transliteration of "Батцэцэг" lights up
    /// the Cyrillic letters it came from.
    pub fn highlight(&mut self, query: &str, text: &str, fuzzy: bool) -> Vec<usize> {
        let folded_query = fold(query);
        if folded_query.is_empty() {
            return Vec::new();
        }
        // Fold each char on its own, remembering which char each folded byte came from.
        let mut folded = String::new();
        let mut origin = Vec::new();
        for (pos, ch) in text.chars().enumerate() {
            let mut piece = String::new();
            fold_into(ch.encode_utf8(&mut [0; 4]), &mut piece);
            if piece.is_empty() {
                piece.push(' ');
            }
            origin.extend(std::iter::repeat_n(pos, piece.len()));
            folded.push_str(&piece);
        }
        let kind = if fuzzy {
            AtomKind::Fuzzy
        } else {
            AtomKind::Substring
        };
        let pattern = Pattern::new(
            &folded_query,
            CaseMatching::Respect,
            Normalization::Never,
            kind,
        );
        let mut indices = Vec::new();
        // Each atom separately, so a word that matches this field lights up even when
        // another word of the query matched a different field.
        for atom in &pattern.atoms {
            atom.indices(
                Utf32Str::Ascii(folded.as_bytes()),
                &mut self.matcher,
                &mut indices,
            );
        }
        let mut positions: Vec<usize> = indices.iter().map(|&i| origin[i as usize]).collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// A search that is typed one key at a time: when the query only grew, the new hits
/// are a subset of the old ones, so only those are scored again.
#[derive(Debug, Default)]
pub struct LiveSearch {
    folded: String,
    hits: Hits,
    /// How many keys the hits were computed over (a reload invalidates them).
    key_count: usize,
}

impl LiveSearch {
    pub fn hits(&self) -> &Hits {
        &self.hits
    }

    /// Search `keys` for `query`, narrowing from the previous result when possible.
    pub fn update<K: AsRef<str>>(&mut self, query: &str, keys: &[K], searcher: &mut Searcher) {
        let folded = fold(query);
        let narrowing = !self.folded.is_empty()
            && !self.hits.fuzzy
            && self.key_count == keys.len()
            && folded.starts_with(&self.folded);
        let narrowed = narrowing.then(|| {
            // Score in list order so that equal scores keep it.
            let mut previous = std::mem::take(&mut self.hits.indices);
            previous.sort_unstable();
            searcher.rank(query, keys, previous.into_iter())
        });
        self.hits = match narrowed {
            // A query that no longer matches literally falls back to fuzzy matching,
            // which may find people the literal hits never held: search them all.
            Some(hits) if !hits.fuzzy => hits,
            _ => searcher.rank(query, keys, 0..keys.len() as u32),
        };
        self.folded = folded;
        self.key_count = keys.len();
    }

    /// Search again from scratch (the keys changed).
    pub fn refresh<K: AsRef<str>>(&mut self, query: &str, keys: &[K], searcher: &mut Searcher) {
        self.folded.clear();
        self.update(query, keys, searcher);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<Box<str>> {
        [
            vec![
                "Battsetseg",
                "Batmunkh",
                "Батмөнхийн Батцэцэг",
                "Ministry of Foreign Affairs",
                "Mongolia – state agencies",
                "1",
            ],
            vec![
                "Nurlan",
                "Asanov",
                "Асанов Нурлан",
                "Ministry of Internal Affairs",
                "Kyrgyzstan",
                "40",
            ],
            vec!["José", "García", "", "Guardia Civil", "Spain", "55"],
            vec!["Kelly", "Murray", "", "RCMP", "Canada", "60"],
        ]
        .into_iter()
        .map(search_key)
        .collect()
    }

    fn names(query: &str) -> (Vec<u32>, bool) {
        let keys = keys();
        let hits = Searcher::default().rank(query, &keys, 0..keys.len() as u32);
        (hits.indices, hits.fuzzy)
    }

    #[test]
    fn matching_table() {
        let cases: &[(&str, &[u32], bool)] = &[
            ("battsetseg", &[0], false),
            ("Батцэцэг", &[0], false),
            ("asanov", &[1], false),
            ("Асанов", &[1], false),
            ("jose", &[2], false),
            ("JOSÉ garc", &[2], false),
            ("kyr", &[1], false),
            ("batsetseg", &[0], true),
            ("55", &[2], false),
            ("zzzz", &[], true),
        ];
        for (query, want, fuzzy) in cases {
            assert_eq!(names(query), (want.to_vec(), *fuzzy), "query {query:?}");
        }
    }

    #[test]
    fn empty_query_keeps_everyone_in_order() {
        assert_eq!(names("  "), (vec![0, 1, 2, 3], false));
    }

    #[test]
    fn word_starts_rank_first() {
        let keys: Vec<Box<str>> = ["Sivanova Anna", "Ivanov Petr"]
            .into_iter()
            .map(|k| search_key([k]))
            .collect();
        let hits = Searcher::default().rank("ivan", &keys, 0..2);
        assert_eq!(
            hits.indices,
            vec![1, 0],
            "a word that starts with the query wins"
        );
    }

    #[test]
    fn live_search_narrows_and_widens() {
        let keys = keys();
        let mut searcher = Searcher::default();
        let mut live = LiveSearch::default();
        live.update("m", &keys, &mut searcher);
        let broad = live.hits().indices.len();
        live.update("mu", &keys, &mut searcher);
        assert_eq!(
            live.hits().indices,
            vec![3, 0],
            "Murray (word start), Batmunkh"
        );
        live.update("mur", &keys, &mut searcher);
        assert_eq!(live.hits().indices, vec![3]);
        // Deleting a character widens the search again.
        live.update("m", &keys, &mut searcher);
        assert_eq!(live.hits().indices.len(), broad);
    }

    #[test]
    fn highlight_maps_back_to_the_original_script() {
        let mut s = Searcher::default();
        assert_eq!(s.highlight("batts", "Батцэцэг", false), vec![0, 1, 2, 3]);
        assert_eq!(s.highlight("jose", "José García", false), vec![0, 1, 2, 3]);
        assert_eq!(s.highlight("", "José", false), Vec::<usize>::new());
    }
}
