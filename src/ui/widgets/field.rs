//! A form field: free text, or a choice among options that typing narrows (a
//! searchable picker: type "kyr", get "Kyrgyzstan"; ↑/↓ for the other matches).

use super::text_field::TextField;
use crate::domain::fold::fold;
use crate::ui::action::Action;

pub struct FormField {
    pub label: &'static str,
    pub input: TextField,
    /// For a choice: the options (shown labels); the value is the option picked.
    pub options: Option<Vec<String>>,
    /// For a choice: what is offered only when the text typed matches none of the
    /// options ("+ new delegation: Kazakhstan"), as (shown label, text typing is
    /// matched against). Offer `i` is picked as index `options.len() + i`.
    offers: Vec<(String, String)>,
    /// Index of the current pick (options, then offers); `None` when what was typed
    /// matches nothing: a choice never keeps an option its text no longer matches.
    pick: Option<usize>,
    /// The pick before typing began: emptying the text goes back to it.
    held: Option<usize>,
    pub error: Option<String>,
}

impl FormField {
    pub fn text(label: &'static str, value: &str) -> FormField {
        FormField {
            label,
            input: TextField::with_value(value),
            options: None,
            offers: Vec::new(),
            pick: None,
            held: None,
            error: None,
        }
    }

    /// A choice among `options`, starting at `initial`.
    pub fn choice(label: &'static str, options: Vec<String>, initial: usize) -> FormField {
        let pick = (initial < options.len()).then_some(initial);
        FormField {
            label,
            input: TextField::default(),
            options: Some(options),
            offers: Vec::new(),
            pick,
            held: pick,
            error: None,
        }
    }

    /// Offer `offers` (shown label, text matched) when what is typed matches no option.
    pub fn with_offers(mut self, offers: Vec<(String, String)>) -> FormField {
        self.offers = offers;
        self
    }

    /// The text typed, or for a choice the label of the option picked ("" if none).
    pub fn value(&self) -> &str {
        match &self.options {
            Some(options) => match self.pick {
                Some(i) if i < options.len() => &options[i],
                Some(i) => self.offers.get(i - options.len()).map_or("", |o| &o.0),
                None => "",
            },
            None => self.input.value(),
        }
    }

    /// For a choice: the index of the option picked (an offer's is `options.len() + i`),
    /// or `None` when what was typed matches nothing.
    pub fn picked(&self) -> Option<usize> {
        self.pick
    }

    /// Pick option `index` as if chosen with ↑↓, forgetting what was typed.
    pub fn select(&mut self, index: usize) {
        self.input.set("");
        self.pick = Some(index);
        self.held = self.pick;
    }

    /// A choice whose typed text matches nothing: the form will not save it.
    pub fn unmatched(&self) -> bool {
        self.options.is_some() && self.pick.is_none() && !self.input.value().is_empty()
    }

    /// What was typed matches the options (folded label contains it), in their order;
    /// when it matches none, the offers it matches. Nothing typed: every option.
    fn matches(&self) -> Vec<usize> {
        let Some(options) = &self.options else {
            return Vec::new();
        };
        let typed = fold(self.input.value());
        if typed.is_empty() {
            return (0..options.len()).collect();
        }
        let found: Vec<usize> = options
            .iter()
            .enumerate()
            .filter(|(_, o)| fold(o).contains(&typed))
            .map(|(i, _)| i)
            .collect();
        if !found.is_empty() {
            return found;
        }
        self.offers
            .iter()
            .enumerate()
            .filter(|(_, (_, key))| fold(key).contains(&typed))
            .map(|(i, _)| options.len() + i)
            .collect()
    }

    /// Apply a key; whether it changed anything.
    pub fn apply(&mut self, action: Action) -> bool {
        if self.options.is_some() {
            if let Action::MoveDown | Action::MoveUp = action {
                let matches = self.matches();
                if matches.is_empty() {
                    return false;
                }
                let n = matches.len();
                let at = matches.iter().position(|&i| Some(i) == self.pick);
                let next = match (action, at) {
                    (Action::MoveDown, Some(a)) => (a + 1) % n,
                    (Action::MoveUp, Some(a)) => (a + n - 1) % n,
                    _ => 0,
                };
                self.pick = Some(matches[next]);
                if self.input.value().is_empty() {
                    self.held = self.pick;
                }
                return true;
            }
            let was_empty = self.input.value().is_empty();
            let changed = self.input.apply(action);
            if changed == Some(true) {
                if was_empty {
                    self.held = self.pick;
                }
                // Typing picks the first match, or nothing when nothing matches;
                // emptying the text goes back to the pick from before.
                self.pick = if self.input.value().is_empty() {
                    self.held
                } else {
                    self.matches().first().copied()
                };
            }
            return changed.is_some();
        }
        self.input.apply(action) == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_into(field: &mut FormField, text: &str) {
        for c in text.chars() {
            field.apply(Action::Input(c));
        }
    }

    fn delegations() -> FormField {
        let names = ["(none)", "Canada", "Denmark", "Kyrgyzstan"];
        FormField::choice("Delegation", names.map(String::from).to_vec(), 0)
    }

    #[test]
    fn typing_picks_the_first_match_or_nothing() {
        let cases: &[(&str, Option<&str>)] = &[
            ("", Some("(none)")),
            ("k", Some("Denmark")),
            ("ky", Some("Kyrgyzstan")),
            ("kaz", None),
            ("DENM", Some("Denmark")),
            ("zzz", None),
        ];
        for (typed, want) in cases {
            let mut field = delegations();
            type_into(&mut field, typed);
            let got = field.picked().map(|_| field.value());
            assert_eq!(got, *want, "typed {typed:?}");
            assert_eq!(field.unmatched(), want.is_none(), "typed {typed:?}");
        }
    }

    #[test]
    fn a_match_lost_is_not_kept_and_emptying_the_text_goes_back() {
        let mut field = FormField::choice(
            "Delegation",
            ["(none)", "Canada", "Denmark"].map(String::from).to_vec(),
            1,
        );
        type_into(&mut field, "k");
        assert_eq!(field.value(), "Denmark");
        type_into(&mut field, "a");
        assert_eq!(field.picked(), None, "no stale Denmark");
        assert_eq!(field.value(), "");
        // ↑↓ have nothing to move among.
        assert!(!field.apply(Action::MoveDown));
        assert_eq!(field.picked(), None);
        field.apply(Action::Backspace);
        field.apply(Action::Backspace);
        assert_eq!(field.value(), "Canada", "back to the pick before typing");
    }

    #[test]
    fn offers_come_only_when_no_option_matches() {
        let mut field = delegations().with_offers(vec![
            ("+ new delegation: Kazakhstan".into(), "Kazakhstan".into()),
            ("+ new delegation: Mongolia".into(), "Mongolia".into()),
        ]);
        type_into(&mut field, "kaz");
        assert_eq!(field.picked(), Some(4));
        assert_eq!(field.value(), "+ new delegation: Kazakhstan");
        let mut field =
            delegations().with_offers(vec![("+ new delegation: Denmark".into(), "Denmark".into())]);
        type_into(&mut field, "den");
        assert_eq!(field.picked(), Some(2), "the option, not the offer");
        field.apply(Action::MoveDown);
        assert_eq!(field.picked(), Some(2), "offers are not among the matches");
        let mut field = delegations().with_offers(vec![("+ new: X".into(), "X".into())]);
        assert!(field.apply(Action::MoveUp));
        assert_eq!(
            field.value(),
            "Kyrgyzstan",
            "nothing typed: the options only"
        );
    }
}
