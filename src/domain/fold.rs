//! Folding text to ASCII, in two strengths.
//!
//! - [`fold`]: lower-case ASCII words, every script transliterated and accents dropped
//!   ("Батцэцэг" → "battsetseg", "José" → "jose"). It stays readable, so it is what
//!   lists sort by and what e-mail addresses, slugs and codes are made of.
//! - [`skeleton`]: what search compares. On top of folding it writes every common
//!   spelling of a name the same way, so that the name a volunteer hears is found
//!   however it was typed or stored: "Khaddad", "Haddad" and "Хаддад" are all
//!   "haddad", "Dorj", "Dorzh" and "Дорж" are all "dorj", "Purev", "Pürev" and "Пүрэв"
//!   are all "porev". It is not for display ("Carter" is "karter").
//!
//! # The skeleton
//!
//! Each char is first turned into lower-case ASCII: Cyrillic (Russian, Mongolian,
//! Kazakh, Kyrgyz, Ukrainian, Serbian letters) by a table of its own, much as
//! BGN/PCGN writes it; other scripts by deunicode, which drops accents. Apostrophes,
//! the marks that stand for the soft and hard signs (`' ’ ʼ ʹ ʺ ”`, and `ь ъ`
//! themselves) and BGN/PCGN's middle dot (`t·s`) are dropped without splitting the
//! word; any other punctuation separates words. Digits stay as they are (badges are
//! searched).
//!
//! Then, left to right within each word, the spellings of one sound are made one:
//!
//! | written                              | skeleton | covers                                  |
//! |--------------------------------------|----------|-----------------------------------------|
//! | `kh`, `h`                            | `h`      | х: BGN/PCGN and ICAO kh, everyday h     |
//! | `zh`, `dzh`, `dj`, `j`               | `j`      | ж: ICAO zh, MNS 5217 j; дж              |
//! | `gh`, `g`                            | `g`      | ғ: BGN/PCGN Kazakh gh                   |
//! | `ng`, `n`                            | `n`      | ң: BGN/PCGN ng, everyday n, Kazakh ñ    |
//! | `shch`, `sch`, `sh`                  | `sh`     | щ: ICAO shch, everyday sch, MNS sh      |
//! | `c` (not before `h`), `k`, `q`       | `k`      | "Carter" = "Картер"; қ: Kazakh q        |
//! | `tc`, `ts`                           | `ts`     | ц: GOST 52535 (passports 2010–13) tc    |
//! | `x`                                  | `ks`     | "Alexei" = "Алексей"                    |
//! | `w`                                  | `v`      | "Wolfgang" = "Вольфганг"                |
//! | `y` (not before `e`, `o`), `i`, `ii` | `i`      | ы, й, ий: y, i, iy, ii; я = ya = ia     |
//! | `ye`, `ie`, `yo`, `e`                | `e`      | е: BGN ye, ICAO e; ё: yo, ë, e          |
//! | `u`, `o`                             | `o`      | ө: MNS 5217 ö, everyday o or u; ү ü u   |
//!
//! The rules only ever make spellings equal, never apart, and they are applied to
//! Latin text as well as to transliterated Cyrillic: so a few unrelated Latin
//! spellings meet too ("Rudin" and "Rodin"), which a search can live with. The result
//! is a normal form: the skeleton of a skeleton is itself.

use std::ops::Range;

/// Fold `text` to lower-case ASCII: transliterate other scripts, drop accents, turn
/// every run of punctuation and spaces into one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut buf = [0u8; 4];
    for ch in text.chars() {
        // ASCII needs no table look-up; that is most of any registry.
        let ascii: &str = if ch.is_ascii() {
            ch.encode_utf8(&mut buf)
        } else {
            deunicode::deunicode_char(ch).unwrap_or("")
        };
        for b in ascii.bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(b.to_ascii_lowercase() as char);
            } else {
                pending_space = true;
            }
        }
    }
    out
}

/// The search skeleton of `text`: lower-case ASCII words (`[a-z0-9]`, one space
/// between words) in which the spellings of a name are equal (see the module docs).
pub fn skeleton(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    skeleton_into(text, &mut out);
    out
}

/// As [`skeleton`], appending to `out`, after a space when `out` already holds a word.
pub fn skeleton_into(text: &str, out: &mut String) {
    Writer::new(out, NoSpans).write(text);
}

/// As [`skeleton_into`], and for each byte appended to `out` the range of chars of
/// `text` it came from (`kh` → `h` spans two chars; the space between words spans
/// none), so that a match in the skeleton can be shown in the original text.
pub fn skeleton_spans(text: &str, out: &mut String, spans: &mut Vec<Range<u32>>) {
    Writer::new(out, spans).write(text);
}

/// One char of input, as the skeleton sees it.
enum Piece {
    /// ASCII text: its letters and digits are kept (lower-cased), anything else
    /// separates words.
    Letters(&'static str),
    /// One ASCII letter or digit (already lower-case).
    Letter(u8),
    /// Dropped without splitting the word: apostrophes, sign marks, accents.
    Nothing,
    /// Separates words.
    Separator,
}

fn piece(ch: char) -> Piece {
    if ch.is_ascii() {
        return match ch {
            'a'..='z' | '0'..='9' => Piece::Letter(ch as u8),
            'A'..='Z' => Piece::Letter(ch.to_ascii_lowercase() as u8),
            '\'' | '`' => Piece::Nothing,
            _ => Piece::Separator,
        };
    }
    match ch {
        // Apostrophes and the marks transliterations write for ь and ъ (BGN/PCGN ’ and
        // ”, the modifier letters ʹ ʺ ʼ, and its middle dot that keeps т·с apart from ц).
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{201c}' | '\u{201d}' | '\u{2032}'
        | '\u{2033}' | '\u{00b7}' | '\u{02b9}' | '\u{02ba}' | '\u{02bb}' | '\u{02bc}'
        | '\u{02bd}' => Piece::Nothing,
        '\u{0400}'..='\u{052f}' => {
            let lower = ch.to_lowercase().next().unwrap_or(ch);
            match cyrillic(lower) {
                Some("") => Piece::Nothing,
                Some(s) => Piece::Letters(s),
                None => other(ch),
            }
        }
        _ => other(ch),
    }
}

fn other(ch: char) -> Piece {
    match deunicode::deunicode_char(ch) {
        // Combining accents and the like.
        None | Some("") => Piece::Nothing,
        Some(s) => Piece::Letters(s),
    }
}

/// Cyrillic letters (lower case) in ASCII, before the skeleton's rules: mostly as
/// BGN/PCGN writes them; the rules then make the other standards' spellings equal.
fn cyrillic(lower: char) -> Option<&'static str> {
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Mongolian, Kazakh, Kyrgyz.
        'ө' => "o",
        'ү' => "u",
        'ә' => "a",
        'ғ' => "gh",
        'қ' => "q",
        'ң' => "ng",
        'ұ' => "u",
        'һ' => "h",
        'і' => "i",
        // Ukrainian and Belarusian.
        'є' => "ye",
        'ї' => "yi",
        'ґ' => "g",
        'ў' => "u",
        // Serbian and Macedonian.
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dzh",
        'ѕ' => "dz",
        'ѓ' => "g",
        'ќ' => "k",
        // Tajik, Tatar, Bashkir.
        'ҳ' => "h",
        'ҷ' => "j",
        'ӣ' => "i",
        'ӯ' => "u",
        'ҙ' => "z",
        'ҫ' => "s",
        'ӑ' => "a",
        'ӗ' => "e",
        _ => return None,
    })
}

/// Where the skeleton's bytes came from, or nothing (keys need no spans).
trait Spans {
    fn push(&mut self, span: Range<u32>);
    fn pop(&mut self) -> Range<u32>;
    /// Add `span` to the last byte's.
    fn widen_last(&mut self, span: Range<u32>);
}

struct NoSpans;

impl Spans for NoSpans {
    fn push(&mut self, _: Range<u32>) {}
    fn pop(&mut self) -> Range<u32> {
        0..0
    }
    fn widen_last(&mut self, _: Range<u32>) {}
}

impl Spans for &mut Vec<Range<u32>> {
    fn push(&mut self, span: Range<u32>) {
        Vec::push(self, span);
    }
    fn pop(&mut self) -> Range<u32> {
        Vec::pop(self).unwrap_or(0..0)
    }
    fn widen_last(&mut self, span: Range<u32>) {
        if let Some(last) = self.last_mut() {
            *last = join(last.clone(), span);
        }
    }
}

fn join(a: Range<u32>, b: Range<u32>) -> Range<u32> {
    a.start.min(b.start)..a.end.max(b.end)
}

/// Writes a skeleton: each rule looks only at the end of the current word (and at
/// one letter to come, for a held `c` or `y`), so the output is built in one pass.
struct Writer<'a, S: Spans> {
    out: &'a mut String,
    spans: S,
    /// Where the current word starts in `out`: the rules never look before it.
    word_start: usize,
    /// A `c` or `y` whose spelling depends on the next letter.
    held: Option<(u8, Range<u32>)>,
    /// A separator came since the last letter.
    gap: bool,
}

impl<'a, S: Spans> Writer<'a, S> {
    fn new(out: &'a mut String, spans: S) -> Self {
        let word_start = out.len();
        // Appending to a key: the first word is a new word, unless `out` ends with a
        // boundary of its own (the separator between a key's parts).
        let gap = out
            .as_bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric());
        Writer {
            out,
            spans,
            word_start,
            held: None,
            gap,
        }
    }

    fn write(mut self, text: &str) {
        for (i, ch) in text.chars().enumerate() {
            let span = i as u32..i as u32 + 1;
            match piece(ch) {
                Piece::Letter(b) => self.letter(b, span),
                Piece::Letters(s) => {
                    for b in s.bytes() {
                        if b.is_ascii_alphanumeric() {
                            self.letter(b.to_ascii_lowercase(), span.clone());
                        } else if b != b'\'' {
                            self.separator();
                        }
                    }
                }
                Piece::Nothing => {}
                Piece::Separator => self.separator(),
            }
        }
        self.release();
    }

    fn last(&self) -> Option<u8> {
        let bytes = &self.out.as_bytes()[self.word_start..];
        bytes.last().copied()
    }

    /// The byte before the last one, in this word.
    fn second_last(&self) -> Option<u8> {
        let bytes = &self.out.as_bytes()[self.word_start..];
        bytes.len().checked_sub(2).map(|i| bytes[i])
    }

    fn push(&mut self, b: u8, span: Range<u32>) {
        self.out.push(b as char);
        self.spans.push(span);
    }

    fn pop(&mut self) -> Range<u32> {
        self.out.pop();
        self.spans.pop()
    }

    fn separator(&mut self) {
        self.release();
        self.gap = true;
    }

    /// Spell a held letter that no letter follows.
    fn release(&mut self) {
        match self.held.take() {
            Some((b'c', span)) => self.hard_c(span),
            Some((_, span)) => self.emit(b'i', span),
            None => {}
        }
    }

    fn letter(&mut self, b: u8, span: Range<u32>) {
        if self.gap {
            self.gap = false;
            if !self.out.is_empty() {
                let at = span.start;
                self.push(b' ', at..at);
            }
            self.word_start = self.out.len();
        }
        match self.held.take() {
            Some((b'c', held)) if b == b'h' => return self.ch(held, span),
            Some((b'c', held)) => self.hard_c(held),
            // ye, yo → e
            Some((_, held)) if matches!(b, b'e' | b'o') => {
                return self.emit(b'e', join(held, span));
            }
            Some((_, held)) => self.emit(b'i', held),
            None => {}
        }
        match b {
            b'c' | b'y' => self.held = Some((b, span)),
            _ => self.emit(b, span),
        }
    }

    /// A `c` not followed by `h`: `ts` after `t` (GOST's tc for ц), else `k`.
    fn hard_c(&mut self, span: Range<u32>) {
        let b = if self.last() == Some(b't') {
            b's'
        } else {
            b'k'
        };
        self.push(b, span);
    }

    /// `c` followed by `h`: sch and shch are sh, else ch.
    fn ch(&mut self, c: Range<u32>, h: Range<u32>) {
        match (self.second_last(), self.last()) {
            (Some(b's'), Some(b'h')) => self.spans.widen_last(join(c, h)),
            (_, Some(b's')) => self.push(b'h', join(c, h)),
            _ => {
                self.push(b'c', c);
                self.push(b'h', h);
            }
        }
    }

    fn emit(&mut self, b: u8, span: Range<u32>) {
        match b {
            b'h' => self.h(span),
            b'u' => self.push(b'o', span),
            b'q' => self.push(b'k', span),
            b'w' => self.push(b'v', span),
            b'x' => {
                self.push(b'k', span.clone());
                self.push(b's', span);
            }
            b'j' => {
                // dj, dzh → j
                let span = if self.last() == Some(b'd') {
                    join(self.pop(), span)
                } else {
                    span
                };
                self.push(b'j', span);
            }
            // ng → n, ii → i
            b'g' if self.last() == Some(b'n') => self.spans.widen_last(span),
            b'i' if self.last() == Some(b'i') => self.spans.widen_last(span),
            // ie → e
            b'e' if self.last() == Some(b'i') => {
                let i = self.pop();
                self.push(b'e', join(i, span));
            }
            _ => self.push(b, span),
        }
    }

    fn h(&mut self, span: Range<u32>) {
        match self.last() {
            // kh → h (and what comes before the h may take it: skh is sh)
            Some(b'k') => {
                let k = self.pop();
                self.h(join(k, span));
            }
            // zh → j
            Some(b'z') => {
                let z = self.pop();
                self.emit(b'j', join(z, span));
            }
            // gh → g
            Some(b'g') => self.spans.widen_last(span),
            _ => self.push(b'h', span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_table() {
        let cases = [
            ("Батцэцэг", "battsetseg"),
            ("Асанов Нурлан", "asanov nurlan"),
            ("José María", "jose maria"),
            ("Søren Kierkegård", "soren kierkegard"),
            ("Tõnis Mägi", "tonis magi"),
            ("O'Brien-Smith", "o brien smith"),
            ("  spaced   out ", "spaced out"),
            ("BADGE 0042", "badge 0042"),
            ("", ""),
            ("\u{1b}[2J", "2j"),
        ];
        super::super::assert_cases("fold", fold, &cases);
    }

    #[test]
    fn skeleton_table() {
        let cases = [
            ("Батцэцэг", "battsetseg"),
            ("Асанов Нурлан", "asanov norlan"),
            ("José María", "jose maria"),
            ("Søren Kierkegård", "soren kerkegard"),
            ("O'Brien-Smith", "obren smith"),
            ("Il’ya", "ilia"),
            ("  spaced   out ", "spaked oot"),
            ("BADGE 0042", "badge 0042"),
            ("", ""),
            ("\u{1b}[2J", "2j"),
            ("Хаддад", "haddad"),
            ("Khaddad", "haddad"),
            ("Дорж", "dorj"),
            ("Dzhambul", "jambol"),
            ("Щербаков", "sherbakov"),
            ("Scherbakov", "sherbakov"),
            ("Carter", "karter"),
            ("Tcvetkov", "tsvetkov"),
            ("Alexei", "aleksei"),
            ("Юлия", "iolia"),
            ("Iuliia", "iolia"),
            ("Фёдор Fyodor", "fedor fedor"),
            ("Yelena", "elena"),
            ("Vasilyev Vasiliev", "vasilev vasilev"),
            ("Жаңыл Zhangyl", "janil janil"),
            ("Gulnara Ğalym", "golnara galim"),
        ];
        super::super::assert_cases("skeleton", skeleton, &cases);
    }

    #[test]
    fn spans_point_at_the_chars_each_byte_came_from() {
        let mut out = String::new();
        let mut spans = Vec::new();
        skeleton_spans("Khan Хан", &mut out, &mut spans);
        assert_eq!(out, "han han");
        assert_eq!(spans, vec![0..2, 2..3, 3..4, 5..5, 5..6, 6..7, 7..8]);
    }

    #[test]
    fn appending_separates_words_but_not_after_a_key_separator() {
        let mut key = String::from("bold");
        skeleton_into("Дорж", &mut key);
        assert_eq!(key, "bold dorj");
        key.push('\u{1f}');
        skeleton_into("MFA", &mut key);
        assert_eq!(key, "bold dorj\u{1f}mfa");
    }
}
