//! Untrusted text (names come from imports) made inert for terminals and logs.

use std::borrow::Cow;

/// `text` with every control character, and every invisible character that reorders
/// or hides text, replaced by a visible stand-in: a name can never clear a screen,
/// set a window title, write to the clipboard or flip the line it sits on.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                // C0 controls have printable pictures at U+2400 (ESC → ␛, BEL → ␇).
                '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\x7f' => '\u{2421}',
                c if needs_replacing(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

fn needs_replacing(c: char) -> bool {
    c.is_control()
        || matches!(c,
            // bidi embeddings, overrides and isolates
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
            // line and paragraph separators break layouts
            | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn control_sequences_become_visible() {
        let cases = [
            ("Battsetseg", "Battsetseg"),
            ("Асанов", "Асанов"),
            ("\x1b[2Jgone", "␛[2Jgone"),
            ("\x1b]0;title\x07", "␛]0;title␇"),
            ("a\u{9b}31mb", "a\u{fffd}31mb"),
            ("abc\u{202e}fed", "abc\u{fffd}fed"),
            ("tab\there", "tab␉here"),
            ("line\nbreak", "line␊break"),
        ];
        super::super::assert_cases("inert", |text| inert(text).into_owned(), &cases);
    }
}
