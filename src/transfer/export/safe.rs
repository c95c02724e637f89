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
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if dangerous {
        Cow::Owned(format!("'{}", inert(value)))
    } else {
        inert(value)
    }
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

    #[test]
    fn json_keeps_data_but_not_raw_controls() {
        let s = serde_json::to_string("a\u{9b}b\u{202e}c\x1b\u{7f}😀").unwrap();
        let safe = json_text(s);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\x1b\u{7f}😀");
    }
}
