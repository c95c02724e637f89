//! Which delegation a row's name means: one of the event's, or one the import makes
//! (the first row to name it makes it; a later row may give it its category, once).

use super::super::Problem;
use super::super::columns::ImportField;
use super::super::index::Index;
use super::Wording;
use crate::domain::{Category, NewDelegation, default_sort_key};
use crate::store::{DelegationEntry, DelegationRef, StoreError};

/// A row's delegation, resolved.
pub(super) struct Resolved {
    pub reference: DelegationRef,
    /// Whether this row made it (the import's count of new delegations).
    pub made: bool,
}

/// The delegation called `name` (matched by its `key`) for `row`: one of the event's,
/// or one this import makes — a participating State when the name is a country's,
/// else "other", unless the row gives a `category`. A category that differs from the
/// one an earlier row gave, or a name the domain refuses, is a problem in `problems`.
pub(super) fn resolve(
    index: &mut impl Index,
    wording: &Wording<'_>,
    row: usize,
    name: &str,
    key: &str,
    category: Option<Category>,
    problems: &mut Vec<Problem>,
) -> Result<Resolved, StoreError> {
    if let Some(mut entry) = index.delegation(key)? {
        if let (true, Some(category)) = (entry.created, category) {
            match entry.category_from {
                None => {
                    entry.category = category;
                    entry.category_from = Some(row);
                    index.put_delegation(key, &entry)?;
                    index.recategorise(&entry)?;
                }
                Some(r) if entry.category != category => {
                    problems.push(wording.invalid(
                        row,
                        ImportField::Category,
                        format!(
                            "{} differs from {} given for {} on row {r}",
                            category.as_str(),
                            entry.category.as_str(),
                            entry.name
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        return Ok(Resolved {
            reference: entry.reference,
            made: false,
        });
    }
    let country = crate::domain::country::parse(name);
    let new = NewDelegation {
        name: name.to_string(),
        category: category.unwrap_or(if country.is_some() {
            Category::ParticipatingState
        } else {
            Category::Other
        }),
        sort_key: default_sort_key(name),
        country: country.map(str::to_string),
    };
    let valid = match new.validate() {
        Ok(()) => true,
        Err(v) => {
            problems.push(wording.invalid(row, ImportField::Delegation, v.to_string()));
            false
        }
    };
    let reference = index.make_delegation(&new, valid)?;
    index.put_delegation(
        key,
        &DelegationEntry {
            reference,
            created: true,
            name: new.name,
            category: new.category,
            category_from: category.map(|_| row),
        },
    )?;
    Ok(Resolved {
        reference,
        made: true,
    })
}
