//! Cell text → field values. Each parser takes a trimmed, non-empty cell (empty cells
//! keep the field's default) and returns the value or the reason it is refused.

use crate::domain::fold::fold;
use crate::domain::{Category, Gender, Role, Status};
use strum::IntoEnumIterator;

/// A value quoted in a message: control characters made visible, long text cut.
pub fn quote(text: &str) -> String {
    const MAX: usize = 40;
    let inert = crate::domain::inert(text);
    if inert.chars().count() > MAX {
        let cut: String = inert.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{inert}\"")
    }
}

/// The cell as the person meant it: trimmed, and without the `'` that our exports (and
/// careful people) put before a leading `=`, `+`, `-` or `@` so that no spreadsheet
/// evaluates it as a formula.
pub fn cell_text(raw: &str) -> &str {
    let t = raw.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    }
}

pub fn gender(text: &str) -> Result<Gender, String> {
    match fold(text).as_str() {
        "f" | "female" | "woman" | "w" => Ok(Gender::Female),
        "m" | "male" | "man" => Ok(Gender::Male),
        "o" | "other" | "x" | "diverse" | "non binary" | "nonbinary" => Ok(Gender::Other),
        "" | "unspecified" | "unknown" | "not specified" | "prefer not to say" | "n a" => {
            Ok(Gender::Unspecified)
        }
        _ => Err(format!(
            "unknown gender {}; use F, M, other or leave it empty",
            quote(text)
        )),
    }
}

/// One of a closed vocabulary, by its stored name or its label, case and accents folded.
fn vocabulary<T: IntoEnumIterator + Copy>(
    text: &str,
    what: &str,
    name: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    // Most cells spell a name or label exactly (but for case): no folding needed.
    let trimmed = text.trim();
    let exact = T::iter().find(|v| {
        name(*v).eq_ignore_ascii_case(trimmed) || label(*v).eq_ignore_ascii_case(trimmed)
    });
    if let Some(v) = exact {
        return Ok(v);
    }
    let key = fold(text);
    T::iter()
        .find(|v| fold(name(*v)) == key || fold(label(*v)) == key)
        .ok_or_else(|| {
            format!(
                "unknown {what} {}; use one of: {}",
                quote(text),
                T::iter().map(&name).collect::<Vec<_>>().join(", ")
            )
        })
}

pub fn role(text: &str) -> Result<Role, String> {
    vocabulary(text, "role", Role::as_str, Role::label)
}

pub fn status(text: &str) -> Result<Status, String> {
    vocabulary(text, "status", Status::as_str, Status::label)
}

pub fn category(text: &str) -> Result<Category, String> {
    vocabulary(text, "category", Category::as_str, Category::label)
}

pub fn yes_no(text: &str) -> Result<bool, String> {
    match fold(text).as_str() {
        "yes" | "y" | "true" | "1" | "oui" | "x" => Ok(true),
        "no" | "n" | "false" | "0" | "non" => Ok(false),
        _ => Err(format!("{} is not yes or no", quote(text))),
    }
}

/// A whole number from 1 up ("0042" is 42; a spreadsheet's "42.0" too).
pub fn number(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let digits = t.strip_suffix(".0").unwrap_or(t);
    match digits.parse::<u32>() {
        Ok(0) => Err("numbers start at 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{} is not a whole number", quote(text))),
    }
}

pub fn country(text: &str) -> Result<String, String> {
    use crate::domain::country::{Lookup, lookup};
    match lookup(text) {
        Lookup::Country(code) => Ok(code.to_string()),
        Lookup::Ambiguous(codes) => Err(format!(
            "{} may be any of {}; use the two-letter ISO code",
            quote(text),
            codes.join(", ")
        )),
        Lookup::Unknown => Err(format!(
            "unknown country {}; use the two-letter ISO code (MN) or a name (Mongolia, Mongolie)",
            quote(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(cell_text("  Anna "), "Anna");
        assert_eq!(cell_text("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(cell_text("'-5"), "-5");
        assert_eq!(cell_text("'t Hooft"), "'t Hooft");
        assert_eq!(quote("a\x1bb"), "\"a␛b\"");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 43);
    }

    #[test]
    fn vocabularies() {
        assert_eq!(gender("F"), Ok(Gender::Female));
        assert_eq!(gender("Male"), Ok(Gender::Male));
        assert_eq!(gender("woman"), Ok(Gender::Female));
        assert_eq!(gender("other"), Ok(Gender::Other));
        assert!(gender("yes").is_err());
        assert_eq!(role("SPEAKER"), Ok(Role::Speaker));
        assert_eq!(role("Interpreter"), Ok(Role::Interpreter));
        let e = role("captain").unwrap_err();
        assert!(
            e.contains("captain") && e.contains("participant, speaker"),
            "{e}"
        );
        assert_eq!(status("No-show"), Ok(Status::NoShow));
        assert_eq!(status("no_show"), Ok(Status::NoShow));
        assert_eq!(status("registered"), Ok(Status::Registered));
        assert_eq!(
            category("Participating States"),
            Ok(Category::ParticipatingState)
        );
        assert_eq!(category("civil_society"), Ok(Category::CivilSociety));
        assert_eq!(yes_no("Yes"), Ok(true));
        assert_eq!(yes_no("0"), Ok(false));
        assert_eq!(yes_no("FALSE"), Ok(false));
        assert!(yes_no("maybe").is_err());
        assert_eq!(number("0042"), Ok(42));
        assert_eq!(number("7.0"), Ok(7));
        assert!(number("0").is_err());
        assert!(number("-3").is_err());
        assert!(number("4.5").is_err());
        assert_eq!(country("mn"), Ok("MN".to_string()));
        assert!(country("Atlantis").is_err());
    }
}
