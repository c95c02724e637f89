use super::{Category, EventId, Field, Language, Violations, country};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DelegationId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDelegation {
    /// What is printed: "The Netherlands", "Mongolia – civil society".
    pub name: String,
    pub category: Category,
    /// What protocol order sorts by: "Netherlands".
    pub sort_key: String,
    /// ISO 3166-1 alpha-2 code where the delegation is a country's.
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub id: DelegationId,
    pub event_id: EventId,
    pub details: NewDelegation,
}

impl NewDelegation {
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::of_blank([
            (Field::Name, self.name.as_str()),
            (Field::SortKey, self.sort_key.as_str()),
        ]);
        if let Some(code) = &self.country
            && !(code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()))
        {
            v.push(super::ValidationError::Invalid(
                Field::Country,
                "use the two-letter ISO 3166 code",
            ));
        }
        v.into_result()
    }
}

impl NewDelegation {
    /// The name of the country this delegation stands for, in `language`, where the
    /// delegation is named as its country is ("Germany", "Allemagne", "DE"): a list in
    /// that language prints and orders it so. `None` for any other delegation
    /// ("Mongolia – civil society", an international organisation), which keeps its own.
    pub fn country_name_in(&self, language: Language) -> Option<String> {
        let code = self.country.as_deref()?;
        if country::parse(&self.name) != Some(code) {
            return None;
        }
        country::name_in(code, language)
    }

    /// What a list in `language` calls the delegation.
    /// In English, the name the organisers gave it ("The Netherlands").
    pub fn name_in(&self, language: Language) -> String {
        match language {
            Language::En => None,
            other => self.country_name_in(other),
        }
        .unwrap_or_else(|| self.name.clone())
    }
}

/// The sort key protocol uses for a display name: without a leading article,
/// so "The Netherlands" sorts under N.
pub fn default_sort_key(name: &str) -> String {
    let trimmed = name.trim();
    match trimmed.get(..4) {
        Some(the) if the.eq_ignore_ascii_case("the ") => trimmed[4..].trim_start().to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_key_drops_leading_article() {
        assert_eq!(default_sort_key("The Netherlands"), "Netherlands");
        assert_eq!(default_sort_key("the Gambia"), "Gambia");
        assert_eq!(default_sort_key("Thailand"), "Thailand");
        assert_eq!(default_sort_key("Монголия"), "Монголия");
    }

    #[test]
    fn country_must_be_alpha2() {
        let mut d = NewDelegation {
            name: "Canada".into(),
            category: Category::ParticipatingState,
            sort_key: "Canada".into(),
            country: Some("CA".into()),
        };
        assert!(d.validate().is_ok());
        d.country = Some("CAN".into());
        assert_eq!(d.validate().unwrap_err().0[0].field(), Field::Country);
    }
}
