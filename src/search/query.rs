//! A query as the matcher reads it: its words as skeletons, the last one with the
//! spellings its next letters could give it, and how its words rank in a key.

use super::KEY_PARTS;
use crate::domain::fold::{skeleton, skeleton_spans};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};

/// A query, read once per keystroke: its words as skeletons, the last one with the
/// spellings its next letters could give it.
#[derive(Debug, Clone, Default)]
pub(super) struct Query {
    pub(super) words: Vec<Word>,
}

#[derive(Debug, Clone)]
pub(super) struct Word {
    /// The word as typed first, then the spellings of an unfinished last word.
    pub(super) forms: Vec<Form>,
}

#[derive(Debug, Clone)]
pub(super) struct Form {
    pub(super) text: Box<str>,
    /// The text with a space before, after, and both: word starts and whole words.
    after_space: Box<str>,
    before_space: Box<str>,
    between_spaces: Box<str>,
    /// A spelling of an unfinished word: only ever the start of a word in a key.
    pub(super) unfinished: bool,
}

/// The letters whose coming may change how the skeleton spells what came before them:
/// k+h is h, z+h, d+j and d+zh are j, y+e, y+o and i+e are e, c+h is not k.
const NEXT_LETTERS: [&str; 5] = ["h", "e", "o", "j", "zh"];

impl Query {
    pub(super) fn parse(query: &str) -> Query {
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

    pub(super) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The query as typed, as nucleo matches it fuzzily.
    pub(super) fn pattern(&self) -> Pattern {
        let words: Vec<&str> = self.words.iter().map(|w| &*w.forms[0].text).collect();
        Pattern::new(
            &words.join(" "),
            CaseMatching::Respect,
            Normalization::Never,
            AtomKind::Fuzzy,
        )
    }

    /// Whether any word occurs in `text` as spelled there.
    pub(super) fn matches_literally(&self, text: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        let text = skeleton(text);
        self.words
            .iter()
            .flat_map(|w| &w.forms)
            .any(|f| text.contains(&*f.text))
    }

    /// Whether every key this query matches is matched by `previous` (so that the
    /// previous hits can be searched instead of every key): each previous word has a
    /// spelling that starts every spelling of this query's word in its place.
    pub(super) fn narrows(&self, previous: &Query) -> bool {
        previous.words.len() <= self.words.len()
            && previous.words.iter().zip(&self.words).all(|(old, new)| {
                new.forms
                    .iter()
                    .all(|f| old.forms.iter().any(|o| f.text.starts_with(&*o.text)))
            })
    }

    /// The rank of `key` (lower is better), or `None` when a word is not in it.
    pub(super) fn rank(&self, key: &str) -> Option<u32> {
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
