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

use crate::domain::fold::{skeleton, skeleton_into, skeleton_spans};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::ops::Range;

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

/// The result of one search: indices into the keys, best match first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub indices: Vec<u32>,
    /// The query fell back to fuzzy matching (nothing contained it literally).
    pub fuzzy: bool,
}

/// A query, read once per keystroke: its words as skeletons, the last one with the
/// spellings its next letters could give it.
#[derive(Debug, Clone, Default)]
struct Query {
    words: Vec<Word>,
}

#[derive(Debug, Clone)]
struct Word {
    /// The word as typed first, then the spellings of an unfinished last word.
    forms: Vec<Form>,
}

#[derive(Debug, Clone)]
struct Form {
    text: Box<str>,
    /// The text with a space before, after, and both: word starts and whole words.
    after_space: Box<str>,
    before_space: Box<str>,
    between_spaces: Box<str>,
    /// A spelling of an unfinished word: only ever the start of a word in a key.
    unfinished: bool,
}

/// The letters whose coming may change how the skeleton spells what came before them:
/// k+h is h, z+h, d+j and d+zh are j, y+e, y+o and i+e are e, c+h is not k.
const NEXT_LETTERS: [&str; 5] = ["h", "e", "o", "j", "zh"];

impl Query {
    fn parse(query: &str) -> Query {
        let mut folded = String::new();
        let mut spans = Vec::new();
        skeleton_spans(query, &mut folded, &mut spans);
        let mut words: Vec<Word> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| Word {
                forms: vec![Form::new(w, false)],
            })
            .collect();
        if words.is_empty() {
            return Query::default();
        }
        // What the last word's skeleton would begin with, were the next letter typed:
        // its bytes that come (at least partly) from the query as typed.
        let typed = query.chars().count() as u32;
        let mut spellings: Vec<String> = Vec::new();
        let mut longer = String::with_capacity(query.len() + 2);
        for next in NEXT_LETTERS {
            longer.clear();
            longer.push_str(query);
            longer.push_str(next);
            folded.clear();
            spans.clear();
            skeleton_spans(&longer, &mut folded, &mut spans);
            // After a space the next letter starts a new word: nothing is unfinished.
            if folded.split(' ').filter(|w| !w.is_empty()).count() != words.len() {
                continue;
            }
            let start = folded.rfind(' ').map_or(0, |i| i + 1);
            let len = spans[start..]
                .iter()
                .take_while(|s| s.start < typed)
                .count();
            if len > 0 {
                spellings.push(folded[start..start + len].to_string());
            }
        }
        // Keep the shortest: a key that holds a longer spelling holds its start too.
        spellings.sort_by_key(String::len);
        spellings.dedup();
        let last = words.last_mut().expect("not empty");
        for s in spellings {
            let known = last.forms.iter().any(|f| s.starts_with(&*f.text));
            if !known {
                last.forms.push(Form::new(&s, true));
            }
        }
        Query { words }
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The query as typed, as nucleo matches it fuzzily.
    fn pattern(&self) -> Pattern {
        let words: Vec<&str> = self.words.iter().map(|w| &*w.forms[0].text).collect();
        Pattern::new(
            &words.join(" "),
            CaseMatching::Respect,
            Normalization::Never,
            AtomKind::Fuzzy,
        )
    }

    /// Whether any word occurs in `text` as spelled there.
    fn matches_literally(&self, text: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        let text = skeleton(text);
        self.words
            .iter()
            .flat_map(|w| &w.forms)
            .any(|f| text.contains(&*f.text))
    }

    /// The char positions of `text` this query matches, for highlighting: where each
    /// word is best seen, or — given the query's `fuzzy` pattern and a matcher — where
    /// nucleo matches each of its atoms. `text` is folded with the origin of each
    /// byte, so a match in the skeleton of "Батцэцэг" lights up the Cyrillic letters
    /// it came from (and "haddad" both letters of the "Kh" in "Khaddad").
    fn highlight(&self, text: &str, fuzzy: Option<(&Pattern, &mut Matcher)>) -> Vec<usize> {
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

    /// Whether every key this query matches is matched by `previous` (so that the
    /// previous hits can be searched instead of every key): each previous word has a
    /// spelling that starts every spelling of this query's word in its place.
    fn narrows(&self, previous: &Query) -> bool {
        previous.words.len() <= self.words.len()
            && previous.words.iter().zip(&self.words).all(|(old, new)| {
                new.forms
                    .iter()
                    .all(|f| old.forms.iter().any(|o| f.text.starts_with(&*o.text)))
            })
    }

    /// The rank of `key` (lower is better), or `None` when a word is not in it.
    fn rank(&self, key: &str) -> Option<u32> {
        let (names, others) = key.split_once(KEY_PARTS).unwrap_or((key, ""));
        let mut total = 0;
        for word in &self.words {
            total += word.rank(names, others)?;
        }
        Some(total)
    }
}

impl Word {
    /// The word's best tier in a key (see the module docs), doubled, plus one when
    /// only an unfinished spelling matched there: the word as typed wins a tie.
    fn rank(&self, names: &str, others: &str) -> Option<u32> {
        // Any match in a name beats every match in the other fields.
        self.rank_in(names)
            .or_else(|| self.rank_in(others).map(|rank| rank + 6))
    }

    fn rank_in(&self, part: &str) -> Option<u32> {
        let mut best: Option<u32> = None;
        for form in &self.forms {
            if let Some(tier) = form.tier_in(part) {
                let rank = tier * 2 + u32::from(form.unfinished);
                best = Some(best.map_or(rank, |b| b.min(rank)));
                if rank == 0 {
                    break;
                }
            }
        }
        best
    }

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

impl Form {
    fn new(text: &str, unfinished: bool) -> Form {
        Form {
            text: text.into(),
            after_space: format!(" {text}").into(),
            before_space: format!("{text} ").into(),
            between_spaces: format!(" {text} ").into(),
            unfinished,
        }
    }

    /// The best tier of this spelling in `part` (the names or the other fields of a
    /// key, words one space apart): 0 a whole word, 1 the start of a word, 2 inside
    /// one. A few scans of the whole part (vectorised by the standard library) are
    /// quicker here than a walk from word to word.
    fn tier_in(&self, part: &str) -> Option<u32> {
        let text = &*self.text;
        if !part.contains(text) {
            return None;
        }
        if !(part.starts_with(text) || part.contains(&*self.after_space)) {
            return Some(2);
        }
        let whole = !self.unfinished
            && (part.len() == text.len()
                || part.starts_with(&*self.before_space)
                || part.ends_with(&*self.after_space)
                || part.contains(&*self.between_spaces));
        Some(if whole { 0 } else { 1 })
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
        self.rank_query(&Query::parse(query), keys, candidates)
    }

    fn rank_query<K: AsRef<str>>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fold::fold;

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
            // Romanized and Cyrillic spellings of the same names.
            ("batmonkh", &[0], false),
            ("Батмунх", &[0], false),
            ("Kirgizstan", &[1], false),
            ("Келли", &[3], false),
        ];
        for (query, want, fuzzy) in cases {
            assert_eq!(names(query), (want.to_vec(), *fuzzy), "query {query:?}");
        }
    }

    #[test]
    fn empty_query_keeps_everyone_in_order() {
        assert_eq!(names("  "), (vec![0, 1, 2, 3], false));
        assert_eq!(names("'’ь"), (vec![0, 1, 2, 3], false));
    }

    fn ranked(keys: &[&str], query: &str) -> Vec<u32> {
        let keys: Vec<Box<str>> = keys.iter().map(|k| search_key([*k])).collect();
        let hits = Searcher::default().rank(query, &keys, 0..keys.len() as u32);
        assert!(!hits.fuzzy, "{query:?} matched literally");
        hits.indices
    }

    #[test]
    fn word_starts_rank_first() {
        assert_eq!(
            ranked(&["Sivanova Anna", "Ivanov Petr"], "ivan"),
            vec![1, 0],
            "a word that starts with the query wins"
        );
        assert_eq!(
            ranked(&["Ivanova Anna", "Ivan Petrov"], "ivan"),
            vec![1, 0],
            "a whole word beats a word start"
        );
    }

    #[test]
    fn every_word_counts_in_the_rank() {
        // The sum of the words' tiers: two whole words (0 + 0) before a whole word and
        // a word start (0 + 1), before two word starts (1 + 1).
        let keys = ["Boldbaatar Dorjsuren", "Bold Dorjsuren", "Bold Dorj"];
        assert_eq!(ranked(&keys, "bold dorj"), vec![2, 1, 0]);
    }

    #[test]
    fn live_search_narrows_and_widens() {
        let keys = keys();
        let mut searcher = Searcher::default();
        let mut live = LiveSearch::default();
        live.update("m", &keys, &mut searcher);
        let broad = live.hits().indices.len();
        live.update("mu", &keys, &mut searcher);
        // u and o are one letter to the skeleton (ө is written either way), so "mu"
        // starts Mongolia as it starts Murray: both word starts, in list order.
        assert_eq!(live.hits().indices, vec![0, 3]);
        live.update("mur", &keys, &mut searcher);
        assert_eq!(live.hits().indices, vec![3]);
        // Deleting a character widens the search again.
        live.update("m", &keys, &mut searcher);
        assert_eq!(live.hits().indices.len(), broad);
    }

    #[test]
    fn an_unfinished_spelling_narrows_only_when_it_can() {
        let keys: Vec<Box<str>> = ["Lkhagva", "Lkoy", "Sukhbat", "Sukbat"]
            .into_iter()
            .map(|k| search_key([k]))
            .collect();
        let mut searcher = Searcher::default();
        let mut live = LiveSearch::default();
        for (query, want) in [
            ("l", vec![0, 1]),
            // "lk" may become "lkh", whose skeleton is "lh": Lkhagva stays.
            ("lk", vec![1, 0]),
            ("lkh", vec![0]),
            ("lkha", vec![0]),
            ("su", vec![2, 3]),
            ("suk", vec![3, 2]),
            ("sukh", vec![2]),
        ] {
            live.update(query, &keys, &mut searcher);
            assert_eq!(live.hits().indices, want, "live {query:?}");
            let fresh = searcher.rank(query, &keys, 0..keys.len() as u32);
            assert_eq!(live.hits(), &fresh, "fresh {query:?}");
        }
    }

    #[test]
    fn highlight_maps_back_to_the_original_script() {
        let mut s = Searcher::default();
        assert_eq!(s.highlight("batts", "Батцэцэг", false), vec![0, 1, 2, 3]);
        assert_eq!(s.highlight("jose", "José García", false), vec![0, 1, 2, 3]);
        assert_eq!(s.highlight("", "José", false), Vec::<usize>::new());
        assert_eq!(
            s.highlight("haddad", "Хаддад", false),
            vec![0, 1, 2, 3, 4, 5]
        );
        // kh → h: the h of the skeleton lights both letters.
        assert_eq!(
            s.highlight("haddad", "Amir Khaddad", false),
            vec![5, 6, 7, 8, 9, 10, 11]
        );
        assert_eq!(
            s.highlight("Хаддад", "Haddad", false),
            vec![0, 1, 2, 3, 4, 5]
        );
        // The whole word, not the first place the letters occur.
        assert_eq!(
            s.highlight("dorj", "Tserendorj Dorj", false),
            vec![11, 12, 13, 14]
        );
        // Each word where it is best seen.
        assert_eq!(s.highlight("b d", "Bold Dorj", false), vec![0, 5]);
    }

    #[test]
    fn live_search_highlights_as_a_fresh_highlight() {
        let keys = keys();
        let mut searcher = Searcher::default();
        let mut live = LiveSearch::default();
        for query in [
            "",
            "batts",
            "jose garc",
            "batsetseg",
            "zzzz",
            "b m",
            "Асанов",
        ] {
            live.update(query, &keys, &mut searcher);
            let fuzzy = live.hits().fuzzy;
            for text in ["Батцэцэг Batmunkh", "José García", "Nurlan ASANOV", "RCMP"] {
                assert_eq!(
                    live.highlight(&mut searcher, text),
                    searcher.highlight(query, text, fuzzy),
                    "{query:?} in {text:?}"
                );
                assert_eq!(
                    live.highlight_literally(text),
                    searcher.highlight(query, text, false),
                    "{query:?} in {text:?}"
                );
            }
        }
    }

    fn matches_literally(query: &str, text: &str) -> bool {
        Query::parse(query).matches_literally(text)
    }

    #[test]
    fn matches_literally_tells_which_field_matched() {
        assert!(matches_literally("dorj", "Дорж"));
        assert!(matches_literally("police dorj", "Toronto Police Service"));
        assert!(matches_literally("0042", "badge 0042"));
        assert!(!matches_literally("dorj", "Toronto Police Service"));
        assert!(!matches_literally("", "anything"));
    }

    /// The sample seminar's people as the registry lists them (by family name), with
    /// their keys: names, then organisation, delegation, badge and e-mail.
    fn sample(extra: &[[&str; 3]]) -> (Vec<String>, Vec<Box<str>>) {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../assets/demo/ulaanbaatar-2017.json"))
                .expect("sample");
        let delegations: std::collections::HashMap<&str, &str> = json["delegations"]
            .as_array()
            .expect("delegations")
            .iter()
            .map(|d| (d["key"].as_str().unwrap(), d["name"].as_str().unwrap()))
            .collect();
        let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
        let mut people: Vec<[String; 7]> = json["attendees"]
            .as_array()
            .expect("attendees")
            .iter()
            .map(|a| {
                let delegation = a["delegation"].as_str().unwrap_or("");
                [
                    text(&a["given_name"]),
                    text(&a["family_name"]),
                    text(&a["native_name"]),
                    text(&a["organisation"]),
                    delegations
                        .get(delegation)
                        .copied()
                        .unwrap_or("")
                        .to_string(),
                    a["badge"]
                        .as_u64()
                        .map(|b| b.to_string())
                        .unwrap_or_default(),
                    text(&a["email"]),
                ]
            })
            .collect();
        for (n, [given, family, native]) in extra.iter().enumerate() {
            people.push([
                given.to_string(),
                family.to_string(),
                native.to_string(),
                String::new(),
                String::new(),
                (900 + n).to_string(),
                String::new(),
            ]);
        }
        people.sort_by_key(|p| (fold(&p[1]), fold(&p[0])));
        let names = people
            .iter()
            .map(|p| format!("{} {}", p[0], p[1].to_uppercase()))
            .collect();
        let keys = people
            .iter()
            .map(|p| {
                person_search_key(
                    p[..3].iter().map(String::as_str),
                    p[3..].iter().map(String::as_str),
                )
            })
            .collect();
        (names, keys)
    }

    fn sample_hits(extra: &[[&str; 3]], query: &str) -> Vec<String> {
        let (names, keys) = sample(extra);
        let hits = Searcher::default().rank(query, &keys, 0..keys.len() as u32);
        assert!(!hits.fuzzy, "{query:?} matched literally");
        hits.indices
            .iter()
            .map(|&i| names[i as usize].clone())
            .collect()
    }

    fn position(hits: &[String], name: &str) -> usize {
        hits.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} not in {hits:?}"))
    }

    #[test]
    fn a_family_name_beats_a_given_name_that_starts_with_it() {
        let hits = sample_hits(&[], "lkhagva");
        assert_eq!(hits[0], "Erdenechimeg LKHAGVA", "{hits:?}");
        assert!(position(&hits, "Lkhagvasuren ENKHBOLD") > 0);
        let hits = sample_hits(&[], "purev");
        assert_eq!(hits[0], "Sukhbat PUREV", "{hits:?}");
        assert!(position(&hits, "Purevdorj GANKHUYAG") > 0);
    }

    #[test]
    fn a_name_beats_an_organisation() {
        let hits = sample_hits(&[], "gene");
        assert_eq!(hits[0], "Geneviève TREMBLAY", "{hits:?}");
        // Everyone else matched by "General …" alone.
        assert!(hits.len() > 5, "{hits:?}");
        let hits = sample_hits(&[], "police");
        assert!(hits.len() > 5, "{hits:?}");
    }

    #[test]
    fn dorj_finds_the_cyrillic_name_as_a_whole_word_first() {
        let hits = sample_hits(&[["Болд", "Дорж", ""]], "dorj");
        assert_eq!(hits[0], "Болд ДОРЖ", "{hits:?}");
        for name in [
            "Ganbaatar TSERENDORJ",
            "Erdenebileg DASHDORJ",
            "Otgonbayar NYAMDORJ",
            "Purevdorj GANKHUYAG",
        ] {
            position(&hits, name);
        }
        // And the other way round: Cyrillic typed, Latin stored.
        let hits = sample_hits(&[], "Цэрэндорж");
        assert_eq!(hits[0], "Ganbaatar TSERENDORJ", "{hits:?}");
    }

    #[test]
    fn cyrillic_typed_finds_a_latin_name() {
        assert_eq!(sample_hits(&[], "хаддад"), vec!["Amir HADDAD"]);
        assert_eq!(sample_hits(&[], "Картер"), vec!["Denise CARTER"]);
        assert_eq!(sample_hits(&[], "Khaddad"), vec!["Amir HADDAD"]);
    }

    #[test]
    fn a_badge_number_finds_its_person_first() {
        let hits = sample_hits(&[], "4");
        assert_eq!(hits[0], "Oyunchimeg GANBOLD", "badge 4: {hits:?}");
        let hits = sample_hits(&[], "45");
        assert_eq!(hits, vec!["Geneviève TREMBLAY"]);
        let hits = sample_hits(&[], "1");
        assert_eq!(
            hits[0], "Battsetseg BATMUNKH",
            "badge 1 before 10–19: {hits:?}"
        );
        assert!(hits.len() > 10);
    }

    #[test]
    fn typing_a_name_letter_by_letter_never_loses_the_person() {
        let (names, keys) = sample(&[["Болд", "Дорж", ""]]);
        let mut searcher = Searcher::default();
        for (typed, who) in [
            ("Lkhagvasuren", "Lkhagvasuren ENKHBOLD"),
            ("Khurelbaatar", "Munkhbayar KHURELBAATAR"),
            ("Хүрэлбаатар", "Munkhbayar KHURELBAATAR"),
            ("Zhargalsaikhan", "Khishigbayar JARGALSAIKHAN"),
            ("Dzhargalsaikhan", "Khishigbayar JARGALSAIKHAN"),
            ("Byambadorzh", "Byambadorj TUMENDELGER"),
            ("Shcherbakov", "no one"),
            ("Dorzh", "Болд ДОРЖ"),
            ("Tsetsegmaa", "Tsetsegmaa DAVAA"),
            ("Yadam", "Oyuntsetseg YADAM"),
            ("Ölziimaa", "Ulziimaa DUGAR"),
        ] {
            let mut live = LiveSearch::default();
            let mut query = String::new();
            let mut found = true;
            for c in typed.chars() {
                query.push(c);
                live.update(&query, &keys, &mut searcher);
                let fresh = searcher.rank(&query, &keys, 0..keys.len() as u32);
                assert_eq!(live.hits(), &fresh, "{query:?}: live and fresh differ");
                let hit = live
                    .hits()
                    .indices
                    .iter()
                    .any(|&i| names[i as usize] == who);
                if who != "no one" {
                    assert!(hit && !live.hits().fuzzy, "{query:?} lost {who}");
                }
                found &= hit;
            }
            assert!(found || who == "no one");
        }
    }

    /// Not a test of speed (no clock is asserted): prints how long ranking 100,000
    /// generated keys takes. `cargo test --lib search::tests::timing -- --ignored
    /// --nocapture` (a debug build: an optimised one is many times faster).
    #[test]
    #[ignore]
    fn timing() {
        let syllables = [
            "bat", "dorj", "khu", "tse", "gan", "erd", "ene", "sukh", "bayar", "maa", "tog",
            "ochir", "nyam", "jav", "lkha", "gva", "sur", "en", "bold", "munkh",
        ];
        let mut seed = 2017u32;
        let mut word = |n: usize| {
            let mut w = String::new();
            for _ in 0..n {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                w.push_str(syllables[(seed >> 16) as usize % syllables.len()]);
            }
            w
        };
        let started = std::time::Instant::now();
        let keys: Vec<Box<str>> = (0..100_000)
            .map(|i| {
                let (given, family) = (word(3), word(2));
                let native = format!("Батмөнхийн {given}");
                let badge = i.to_string();
                let email = format!("{given}.{family}@police.gov.mn");
                person_search_key(
                    [given.as_str(), family.as_str(), native.as_str()],
                    [
                        "General Police Department of Mongolia",
                        "Mongolia – state agencies",
                        badge.as_str(),
                        email.as_str(),
                    ],
                )
            })
            .collect();
        println!("100,000 keys built in {:?}", started.elapsed());
        let mut searcher = Searcher::default();
        for query in [
            "a",
            "b",
            "ba",
            "bat",
            "lkhagva",
            "dorj bat",
            "хаддад",
            "12345",
            "zzqx",
        ] {
            let started = std::time::Instant::now();
            let hits = searcher.rank(query, &keys, 0..keys.len() as u32);
            println!(
                "{query:>10}: {:>6} hits{} in {:?}",
                hits.indices.len(),
                if hits.fuzzy { " (fuzzy)" } else { "" },
                started.elapsed()
            );
        }
    }
}
