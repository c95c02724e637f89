//! Ranking the keys against a query: literal matches by tier (see the module docs of
//! `search`), the fuzzy fallback when nothing matches literally.

use super::Hits;
use super::query::Query;
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The indices of `ranked` (rank, index) best rank first, equal ranks in the order
/// given: a counting sort, ranks being small numbers.
fn by_rank(ranked: &[(u32, u32)]) -> Vec<u32> {
    let worst = ranked
        .iter()
        .map(|&(rank, _)| rank as usize)
        .max()
        .unwrap_or(0);
    // Where each rank's indices start in the result.
    let mut starts = vec![0; worst + 2];
    for &(rank, _) in ranked {
        starts[rank as usize + 1] += 1;
    }
    for r in 1..starts.len() {
        starts[r] += starts[r - 1];
    }
    let mut sorted = vec![0; ranked.len()];
    for &(rank, i) in ranked {
        sorted[starts[rank as usize]] = i;
        starts[rank as usize] += 1;
    }
    sorted
}

pub struct Searcher {
    pub(super) matcher: Matcher,
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
        self.rank_query(&Query::parse(query), keys, candidates)
    }

    pub(super) fn rank_query<K: AsRef<str>>(
        &mut self,
        query: &Query,
        keys: &[K],
        candidates: impl Iterator<Item = u32> + Clone,
    ) -> Hits {
        if query.is_empty() {
            return Hits {
                indices: candidates.collect(),
                fuzzy: false,
            };
        }
        let ranked: Vec<(u32, u32)> = candidates
            .clone()
            .filter_map(|i| {
                let key = keys.get(i as usize)?.as_ref();
                Some((query.rank(key)?, i))
            })
            .collect();
        if !ranked.is_empty() {
            return Hits {
                indices: by_rank(&ranked),
                fuzzy: false,
            };
        }
        Hits {
            indices: self.fuzzy(query, keys, candidates),
            fuzzy: true,
        }
    }

    fn fuzzy<K: AsRef<str>>(
        &mut self,
        query: &Query,
        keys: &[K],
        candidates: impl Iterator<Item = u32>,
    ) -> Vec<u32> {
        let pattern = query.pattern();
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

    /// The char positions of `text` that `query` matches, for highlighting (fuzzily
    /// when `fuzzy`). A list reads its query once: see [`LiveSearch::highlight`].
    pub fn highlight(&mut self, query: &str, text: &str, fuzzy: bool) -> Vec<usize> {
        let query = Query::parse(query);
        let pattern = fuzzy.then(|| query.pattern());
        query.highlight(text, pattern.as_ref().map(|p| (p, &mut self.matcher)))
    }
}
