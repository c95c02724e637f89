//! The audit log in words, for people: "moved from Mongolia – civil society to
//! Kyrgyzstan", "cancelled", "position changed to “Deputy Head”". The log itself keeps
//! what the store wrote ("delegation: 12 → 13; is_head: true → false", JSON values,
//! which the store also reads back to tell who changed a field); this reads it.

use crate::domain::{DelegationId, Gender, Role, Status};
use serde_json::Value;

/// What a line of the log did, in words, without who or when (`delegation` names a
/// delegation by its id, for the edits that moved someone). `None` for an edit whose
/// detail is not the store's "field: old → new" list: the caller shows it as written.
pub fn what(action: &str, detail: &str, delegation: &dyn Fn(i64) -> String) -> Option<String> {
    Some(match action {
        "check_in" => "checked in".into(),
        "undo_check_in" => match detail.split_once("(checked in ") {
            Some((_, time)) => format!("check-in undone (had come at {}", time),
            None => "check-in undone".into(),
        },
        "walk_in" => "registered at the desk as a walk-in and checked in".into(),
        "undo_walk_in" => "walk-in undone: removed again".into(),
        "add" => "added to the list".into(),
        "erase" => "erased: their personal data removed".into(),
        "badge_printed" => "badge printed".into(),
        "edit" => {
            let changes = parse(detail)?;
            if changes.is_empty() {
                return None;
            }
            // A move leaves the rank behind by itself: the move says it all.
            let moved = changes.iter().any(|(field, ..)| field == "delegation");
            changes
                .iter()
                .filter(|(field, ..)| !(moved && field == "rank"))
                .map(|(field, old, new)| change(field, old, new, delegation))
                .collect::<Vec<_>>()
                .join("; ")
        }
        other => other.replace('_', " "),
    })
}

/// The day a check-in line is about (its detail starts with the date).
pub fn day_of(action: &str, detail: &str) -> Option<chrono::NaiveDate> {
    matches!(action, "check_in" | "undo_check_in" | "walk_in")
        .then(|| detail.get(..10)?.parse().ok())
        .flatten()
}

/// "field: old → new; field: old → new" as the store writes it (see
/// `domain::changes`), read value by value: a string may itself hold "; " or " → ".
fn parse(detail: &str) -> Option<Vec<(String, Value, Value)>> {
    let mut rest = detail;
    let mut changes = Vec::new();
    while !rest.is_empty() {
        let (field, after) = rest.split_once(": ")?;
        let (old, after) = json_value(after)?;
        let after = after.strip_prefix(" → ")?;
        let (new, after) = json_value(after)?;
        changes.push((field.to_string(), old, new));
        rest = match after.strip_prefix("; ") {
            Some(next) => next,
            None if after.is_empty() => after,
            None => return None,
        };
    }
    Some(changes)
}

/// The JSON value at the start of `text`, and what follows it. Values other than
/// strings hold no space or ';': they end at the first of either. A string ends at its
/// closing quote.
fn json_value(text: &str) -> Option<(Value, &str)> {
    let end = if let Some(string) = text.strip_prefix('"') {
        let mut escaped = false;
        let close = string.char_indices().find_map(|(i, c)| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes.then_some(i + 1)
        })?;
        close + 1
    } else {
        text.find([' ', ';']).unwrap_or(text.len())
    };
    let value = serde_json::from_str(&text[..end]).ok()?;
    Some((value, &text[end..]))
}

/// One change in words.
fn change(field: &str, old: &Value, new: &Value, delegation: &dyn Fn(i64) -> String) -> String {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match field {
        "delegation" => match (old.as_i64(), new.as_i64()) {
            (Some(from), Some(to)) => {
                format!("moved from {} to {}", delegation(from), delegation(to))
            }
            (None, Some(to)) => format!("moved to {}", delegation(to)),
            (Some(from), None) => format!("moved out of {} (no delegation)", delegation(from)),
            (None, None) => "delegation unchanged".into(),
        },
        "status" => match serde_json::from_value::<Status>(new.clone()) {
            Ok(Status::Cancelled) => "cancelled".into(),
            Ok(Status::Registered) => "registered".into(),
            Ok(Status::NoShow) => "marked a no-show".into(),
            Ok(Status::Invited) => "set back to invited".into(),
            Err(_) => format!("status changed to {}", text(new)),
        },
        "is_head" if new == &Value::Bool(true) => "named head of delegation".into(),
        "is_head" => "no longer head of delegation".into(),
        "consent" if new == &Value::Bool(true) => "agreed to appear in the published list".into(),
        "consent" => "withdrew from the published list".into(),
        "role" => match serde_json::from_value::<Role>(new.clone()) {
            Ok(role) => format!("role changed to {}", role.label()),
            Err(_) => format!("role changed to {}", text(new)),
        },
        "gender" => match serde_json::from_value::<Gender>(new.clone()) {
            Ok(gender) => format!("gender changed to {}", gender.label()),
            Err(_) => format!("gender changed to {}", text(new)),
        },
        "badge" => format!("badge changed from {} to {}", text(old), text(new)),
        "rank" if new.is_null() => "rank in the delegation removed".into(),
        "rank" => format!("rank in the delegation set to {}", text(new)),
        _ => {
            let label = label(field);
            match (text(old).is_empty(), text(new).is_empty()) {
                (_, true) => format!("{label} removed"),
                (true, false) => format!("{label} set to “{}”", text(new)),
                (false, false) => format!("{label} changed to “{}”", text(new)),
            }
        }
    }
}

/// How people call a field of a person.
fn label(field: &str) -> String {
    match field {
        "given_name" => "given name".into(),
        "family_name" => "family name".into(),
        "native_name" => "native name".into(),
        "email" => "e-mail".into(),
        "access" => "access needs".into(),
        other => other.replace('_', " "),
    }
}

/// A delegation as the log names it: its name, or its number once it is deleted.
pub fn delegation_name(names: &std::collections::HashMap<DelegationId, String>, id: i64) -> String {
    names
        .get(&DelegationId(id))
        .cloned()
        .unwrap_or_else(|| format!("delegation #{id} (deleted)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: i64) -> String {
        match id {
            12 => "Mongolia – civil society".into(),
            13 => "Kyrgyzstan".into(),
            _ => format!("delegation #{id} (deleted)"),
        }
    }

    fn words(action: &str, detail: &str) -> Option<String> {
        what(action, detail, &names)
    }

    #[test]
    fn edits_read_as_sentences() {
        let cases = [
            (
                "delegation: 12 → 13; is_head: true → false",
                "moved from Mongolia – civil society to Kyrgyzstan; no longer head of delegation",
            ),
            ("delegation: null → 13", "moved to Kyrgyzstan"),
            (
                "delegation: 13 → null",
                "moved out of Kyrgyzstan (no delegation)",
            ),
            (
                "delegation: 99 → 13",
                "moved from delegation #99 (deleted) to Kyrgyzstan",
            ),
            (r#"status: "registered" → "cancelled""#, "cancelled"),
            (r#"status: "cancelled" → "registered""#, "registered"),
            (
                r#"position: "Adviser" → "Deputy Head; Legal → Policy""#,
                "position changed to “Deputy Head; Legal → Policy”",
            ),
            (
                r#"email: "" → "a@b.example""#,
                "e-mail set to “a@b.example”",
            ),
            (r#"notes: "late" → """#, "notes removed"),
            (
                r#"role: "participant" → "speaker""#,
                "role changed to Speaker",
            ),
            ("is_head: false → true", "named head of delegation"),
            ("badge: 12 → 40", "badge changed from 12 to 40"),
            ("rank: null → 2", "rank in the delegation set to 2"),
            (
                "delegation: 12 → 13; rank: 7 → null",
                "moved from Mongolia – civil society to Kyrgyzstan",
            ),
            (r#"notes: "say \"hi\"; bye" → "x""#, "notes changed to “x”"),
        ];
        for (detail, want) in cases {
            assert_eq!(words("edit", detail).as_deref(), Some(want), "{detail}");
        }
    }

    #[test]
    fn desk_actions_read_as_sentences() {
        assert_eq!(
            words("check_in", "2017-07-05").as_deref(),
            Some("checked in")
        );
        assert_eq!(
            words("undo_check_in", "2017-07-05 (checked in 08:55)").as_deref(),
            Some("check-in undone (had come at 08:55)")
        );
        assert_eq!(
            day_of("undo_check_in", "2017-07-05 (checked in 08:55)"),
            chrono::NaiveDate::from_ymd_opt(2017, 7, 5)
        );
        assert_eq!(day_of("edit", "2017-07-05"), None);
        assert_eq!(
            words("erase", "").as_deref(),
            Some("erased: their personal data removed")
        );
    }

    #[test]
    fn a_detail_not_in_the_stores_form_is_left_as_written() {
        assert_eq!(words("edit", "something else"), None);
        assert_eq!(words("edit", "status: \"registered\" → "), None);
        assert_eq!(words("edit", ""), None);
    }
}
