//! What keeps an export's content harmless: spreadsheet formulas neutralised, control
//! characters made visible. (HTML is escaped by the maud templates of the printable
//! pages; where the bytes may go, and how files are written private and atomically:
//! [`super::output`].)

use crate::domain::inert;
use std::borrow::Cow;

/// A spreadsheet cell's text made inert: a value that begins with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'`, so that no spreadsheet evaluates it as a
/// formula (OWASP "CSV injection"); then every control character is replaced by a
/// visible stand-in ([`inert`]).
pub fn cell_text(value: &str) -> Cow<'_, str> {
    let dangerous = value
        .bytes()
        .next()
        .is_some_and(|b| matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    if dangerous {
        Cow::Owned(format!("'{}", inert(value)))
    } else if surely_inert(value) {
        // Nearly every cell: no allocation, no decoding (an export writes millions).
        Cow::Borrowed(value)
    } else {
        inert(value)
    }
}

/// Whether [`inert`] would surely leave `value` as it is, judged from its bytes alone:
/// no C0 control or DEL, and none of the UTF-8 lead bytes that begin the characters it
/// replaces — C1 controls (`C2`), the Arabic letter mark U+061C (`D8`), and the bidi
/// controls and line separators (`E2`). Text with one of those bytes (a Cyrillic name
/// has none) goes to `inert` to decide.
fn surely_inert(value: &str) -> bool {
    // A fold without early exit and without branches: the compiler checks 16 or 32
    // bytes at a time, where `any` goes byte by byte.
    !value.bytes().fold(false, |hit, b| {
        hit | (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2)
    })
}

/// JSON text from serde_json with every character that could act on a terminal or
/// reorder text (C1 controls, DEL, bidi controls, line separators) written as a
/// `\uXXXX` escape: the data stays exact, the bytes stay inert. serde_json already
/// escapes C0 controls; outside strings JSON has only ASCII, so every such character
/// sits inside a string, where the escape is valid (raw tab, CR and LF are the
/// whitespace between tokens and stay).
pub fn json_text(serialized: String) -> String {
    if !serialized.chars().any(needs_json_escape) {
        return serialized;
    }
    let mut out = String::with_capacity(serialized.len() + 16);
    for c in serialized.chars() {
        if needs_json_escape(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_json_escape(c: char) -> bool {
    // Raw tab, CR and LF can only be whitespace between tokens: serde_json escapes
    // them inside strings.
    if matches!(c, '\t' | '\n' | '\r') || c.is_ascii_graphic() || c == ' ' {
        return false;
    }
    let mut buf = [0u8; 4];
    matches!(inert(c.encode_utf8(&mut buf)), Cow::Owned(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+976 11 123", "'+976 11 123"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'␉=1"),
            ("\r=1", "'␍=1"),
            ("Batmunkh", "Batmunkh"),
            ("Батцэцэг", "Батцэцэг"),
            ("a=b", "a=b"),
            ("", ""),
            ("x\x1b[2J", "x␛[2J"),
        ];
        for (input, want) in cases {
            assert_eq!(cell_text(input), want, "cell_text({input:?})");
        }
    }

    /// The byte check may send harmless text to `inert`, but never lets through a
    /// character that `inert` would replace: every character, alone and amid text.
    #[test]
    fn the_fast_path_agrees_with_inert_on_every_character() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("ab{c}cd")] {
                if surely_inert(&text) {
                    assert_eq!(inert(&text), text, "U+{:04X} passed unchanged", c as u32);
                }
                let want = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    format!("'{}", inert(&text))
                } else {
                    inert(&text).into_owned()
                };
                assert_eq!(cell_text(&text), want, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn json_keeps_data_but_not_raw_controls() {
        let s = serde_json::to_string("a\u{9b}b\u{202e}c\x1b\u{7f}😀").unwrap();
        let safe = json_text(s);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\x1b\u{7f}😀");
    }
}
