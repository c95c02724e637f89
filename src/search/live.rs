//! The search behind a list's filter, typed one key at a time.

use super::query::Query;
use super::{Hits, Searcher};
use nucleo_matcher::pattern::Pattern;

/// A search that is typed one key at a time: when the query only grew, the new hits
/// are a subset of the old ones, so only those are ranked again.
#[derive(Debug, Default)]
pub struct LiveSearch {
    query: Query,
    hits: Hits,
    /// The query's fuzzy pattern, while the hits are fuzzy (for highlighting).
    pattern: Option<Pattern>,
    /// How many keys the hits were computed over (a reload invalidates them).
    key_count: usize,
}

impl LiveSearch {
    pub fn hits(&self) -> &Hits {
        &self.hits
    }

    /// Search `keys` for `query`, narrowing from the previous result when possible.
    pub fn update<K: AsRef<str>>(&mut self, query: &str, keys: &[K], searcher: &mut Searcher) {
        let query = Query::parse(query);
        let narrowing = !self.query.is_empty()
            && !self.hits.fuzzy
            && self.key_count == keys.len()
            && query.narrows(&self.query);
        let narrowed = narrowing.then(|| {
            // Rank in list order so that equal ranks keep it.
            let mut previous = std::mem::take(&mut self.hits.indices);
            previous.sort_unstable();
            searcher.rank_query(&query, keys, previous.into_iter())
        });
        self.hits = match narrowed {
            // A query that no longer matches literally falls back to fuzzy matching,
            // which may find people the literal hits never held: search them all.
            Some(hits) if !hits.fuzzy => hits,
            _ => searcher.rank_query(&query, keys, 0..keys.len() as u32),
        };
        self.pattern = self.hits.fuzzy.then(|| query.pattern());
        self.query = query;
        self.key_count = keys.len();
    }

    /// The char positions of `text` that the query matches, for highlighting: where
    /// each word is best seen, or fuzzily when the hits are fuzzy.
    pub fn highlight(&self, searcher: &mut Searcher, text: &str) -> Vec<usize> {
        let fuzzy = self.pattern.as_ref().map(|p| (p, &mut searcher.matcher));
        self.query.highlight(text, fuzzy)
    }

    /// As [`LiveSearch::highlight`], never fuzzily: where each word is best seen.
    pub fn highlight_literally(&self, text: &str) -> Vec<usize> {
        self.query.highlight(text, None)
    }

    /// Whether any word of the query occurs in `text` as spelled there (the Desk
    /// shows which of a person's other fields matched).
    pub fn matches_literally(&self, text: &str) -> bool {
        self.query.matches_literally(text)
    }

    /// Search again from scratch (the keys changed).
    pub fn refresh<K: AsRef<str>>(&mut self, query: &str, keys: &[K], searcher: &mut Searcher) {
        self.query = Query::default();
        self.update(query, keys, searcher);
    }
}
