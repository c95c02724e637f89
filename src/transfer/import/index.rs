//! What the checker remembers while it goes down a file: who holds each e-mail address,
//! name, badge and delegation headship (someone in the registry, or an earlier row), and
//! which delegation each spelling means. Two keepers: [`StoreIndex`], the import's own
//! transaction (temporary tables on disk, a small cache in front: memory stays flat
//! however long the file), and [`MemoryIndex`], hash maps over an [`ImportSnapshot`] for
//! checking a small file without a database.

use super::keys::{Backing, Keys};
use crate::domain::fold::fold;
use crate::domain::{AttendeeId, Delegation, DelegationId, NewDelegation};
use crate::store::{
    DelegationEntry, DelegationRef, ExistingPerson, Holder, ImportSession, ImportSnapshot, KeyKind,
    StoreError,
};
use std::collections::HashMap;

pub(super) type Result<T> = std::result::Result<T, StoreError>;

/// The keeper of an import's keys.
pub(super) trait Index {
    /// Record that `holder` holds `key`, unless someone already does: then who.
    fn claim(&mut self, kind: KeyKind, key: &str, holder: Holder) -> Result<Option<Holder>>;
    /// Forget a key claimed for a row that turned out to repeat someone.
    fn release(&mut self, kind: KeyKind, key: &str) -> Result<()>;
    /// Someone in the registry: name and badge, for a message.
    fn person(&mut self, id: AttendeeId) -> Result<(String, u32)>;
    /// The delegation a folded spelling means, if known yet.
    fn delegation(&mut self, key: &str) -> Result<Option<DelegationEntry>>;
    /// Remember (or update) what a folded spelling means.
    fn put_delegation(&mut self, key: &str, entry: &DelegationEntry) -> Result<()>;
    /// A delegation the import makes: what its people will refer to. `valid` is false
    /// when the delegation is refused (its row fails, and so the file).
    fn make_delegation(&mut self, new: &NewDelegation, valid: bool) -> Result<DelegationRef>;
    /// A later row gave a delegation the import makes its category.
    fn recategorise(&mut self, entry: &DelegationEntry) -> Result<()>;
}

/// A delegation's identity for matching: its folded name.
pub(super) fn delegation_key(name: &str) -> String {
    let folded = fold(name);
    if folded.is_empty() {
        name.trim().to_lowercase()
    } else {
        folded
    }
}

/// A person's name for duplicate detection, with the folded name of their delegation:
/// the same name in another delegation is another person.
pub(super) fn name_key(given: &str, family: &str, delegation: Option<&str>) -> Option<String> {
    if given.trim().is_empty() || family.trim().is_empty() {
        return None;
    }
    let mut key = fold(&format!("{given} {family}"));
    if let Some(d) = delegation {
        // A separator no folded text holds: ("a b", "c") is not ("a", "b c").
        key.push('\u{1f}');
        key.push_str(d);
    }
    Some(key)
}

pub(super) fn email_key(email: &str) -> Option<String> {
    let e = email.trim();
    (!e.is_empty()).then(|| e.to_lowercase())
}

/// Teach `index` a delegation of the registry (the first of two that fold alike wins).
pub(super) fn remember_delegation(index: &mut impl Index, d: &Delegation) -> Result<()> {
    let key = delegation_key(&d.details.name);
    if index.delegation(&key)?.is_none() {
        index.put_delegation(
            &key,
            &DelegationEntry {
                reference: DelegationRef::Existing(d.id),
                created: false,
                name: d.details.name.clone(),
                category: d.details.category,
                category_from: None,
            },
        )?;
    }
    Ok(())
}

/// Teach `index` a person of the registry (after its delegations): their e-mail
/// address, name, badge and headship.
pub(super) fn remember_person(
    index: &mut impl Index,
    p: &ExistingPerson,
    delegation_name: Option<&str>,
) -> Result<()> {
    let holder = Holder::Person(p.id);
    if let Some(k) = email_key(&p.email) {
        index.claim(KeyKind::Email, &k, holder)?;
    }
    let delegation = delegation_name.map(delegation_key);
    if let Some(k) = name_key(&p.given_name, &p.family_name, delegation.as_deref()) {
        index.claim(KeyKind::Name, &k, holder)?;
    }
    index.claim(KeyKind::Badge, &p.badge.to_string(), holder)?;
    if p.is_head
        && let (Some(key), Some(id)) = (delegation, p.delegation)
        && index
            .delegation(&key)?
            .is_some_and(|d| d.reference == DelegationRef::Existing(id))
    {
        index.claim(KeyKind::Head, &key, holder)?;
    }
    Ok(())
}

/// The keys in the import's transaction (see [`ImportSession`]).
pub(super) struct StoreIndex<'s, 'c> {
    session: &'s ImportSession<'c>,
    /// The claims: the recent ones in memory, the others in the session's table.
    keys: Keys,
    /// The delegations met lately: a file names a few hundred, over and over.
    cache: HashMap<String, DelegationEntry>,
    /// Delegations made but not written (a dry run, or refused).
    unwritten: usize,
}

/// Delegations kept in the cache before it starts again empty.
const CACHE: usize = 4096;

impl<'s, 'c> StoreIndex<'s, 'c> {
    /// The index of `session`, taught the event's delegations and people.
    pub(super) fn load(session: &'s ImportSession<'c>) -> Result<Self> {
        let mut index = StoreIndex {
            session,
            keys: Keys::new(),
            cache: HashMap::new(),
            unwritten: 0,
        };
        session.for_each_delegation(|d| remember_delegation(&mut index, d))?;
        session.for_each_person(|p, d| remember_person(&mut index, p, d))?;
        Ok(index)
    }

    fn cache(&mut self, key: &str, entry: DelegationEntry) {
        if self.cache.len() >= CACHE {
            self.cache.clear();
        }
        self.cache.insert(key.to_string(), entry);
    }
}

impl Index for StoreIndex<'_, '_> {
    fn claim(&mut self, kind: KeyKind, key: &str, holder: Holder) -> Result<Option<Holder>> {
        self.keys.claim(&mut self.session, kind, key, holder)
    }

    fn release(&mut self, kind: KeyKind, key: &str) -> Result<()> {
        self.keys.release(&mut self.session, kind, key)
    }

    fn person(&mut self, id: AttendeeId) -> Result<(String, u32)> {
        let p = self.session.person(id)?;
        Ok((format!("{} {}", p.given_name, p.family_name), p.badge))
    }

    fn delegation(&mut self, key: &str) -> Result<Option<DelegationEntry>> {
        if let Some(entry) = self.cache.get(key) {
            return Ok(Some(entry.clone()));
        }
        let entry = self.session.delegation(key)?;
        if let Some(entry) = &entry {
            self.cache(key, entry.clone());
        }
        Ok(entry)
    }

    fn put_delegation(&mut self, key: &str, entry: &DelegationEntry) -> Result<()> {
        self.session.put_delegation(key, entry)?;
        self.cache(key, entry.clone());
        Ok(())
    }

    fn make_delegation(&mut self, new: &NewDelegation, valid: bool) -> Result<DelegationRef> {
        if valid && self.session.writing() {
            return Ok(DelegationRef::Existing(
                self.session.create_delegation(new)?,
            ));
        }
        self.unwritten += 1;
        Ok(DelegationRef::New(self.unwritten - 1))
    }

    fn recategorise(&mut self, entry: &DelegationEntry) -> Result<()> {
        match entry.reference {
            DelegationRef::Existing(id) if entry.created => {
                self.session.set_category(id, entry.category)
            }
            _ => Ok(()),
        }
    }
}

/// The session's table of keys, behind the ones [`Keys`] holds in memory.
impl Backing for &ImportSession<'_> {
    type Error = StoreError;

    fn holder(&mut self, kind: KeyKind, key: &str) -> Result<Option<Holder>> {
        ImportSession::holder(self, kind, key)
    }

    fn record(&mut self, keys: &[(KeyKind, &str, Holder)]) -> Result<()> {
        ImportSession::record(self, keys)
    }

    fn release(&mut self, kind: KeyKind, key: &str) -> Result<()> {
        ImportSession::release(self, kind, key)
    }
}

/// The keys in memory, over a snapshot of the event.
pub(super) struct MemoryIndex<'a> {
    snapshot: &'a ImportSnapshot,
    keys: HashMap<(KeyKind, String), Holder>,
    delegations: HashMap<String, DelegationEntry>,
    /// The delegations the import makes, by [`DelegationRef::New`] index.
    pub(super) made: Vec<NewDelegation>,
}

impl<'a> MemoryIndex<'a> {
    pub(super) fn new(snapshot: &'a ImportSnapshot) -> Self {
        let mut index = MemoryIndex {
            snapshot,
            keys: HashMap::new(),
            delegations: HashMap::new(),
            made: Vec::new(),
        };
        let names: HashMap<DelegationId, &str> = snapshot
            .delegations
            .iter()
            .map(|d| (d.id, d.details.name.as_str()))
            .collect();
        // Plain memory: nothing here can fail.
        for d in &snapshot.delegations {
            let _ = remember_delegation(&mut index, d);
        }
        for p in &snapshot.people {
            let name = p.delegation.and_then(|d| names.get(&d).copied());
            let _ = remember_person(&mut index, p, name);
        }
        index
    }
}

impl Index for MemoryIndex<'_> {
    fn claim(&mut self, kind: KeyKind, key: &str, holder: Holder) -> Result<Option<Holder>> {
        match self.keys.entry((kind, key.to_string())) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(Some(*e.get())),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(holder);
                Ok(None)
            }
        }
    }

    fn release(&mut self, kind: KeyKind, key: &str) -> Result<()> {
        self.keys.remove(&(kind, key.to_string()));
        Ok(())
    }

    fn person(&mut self, id: AttendeeId) -> Result<(String, u32)> {
        let p = self
            .snapshot
            .people
            .iter()
            .find(|p| p.id == id)
            .ok_or(StoreError::Gone)?;
        Ok((format!("{} {}", p.given_name, p.family_name), p.badge))
    }

    fn delegation(&mut self, key: &str) -> Result<Option<DelegationEntry>> {
        Ok(self.delegations.get(key).cloned())
    }

    fn put_delegation(&mut self, key: &str, entry: &DelegationEntry) -> Result<()> {
        self.delegations.insert(key.to_string(), entry.clone());
        Ok(())
    }

    fn make_delegation(&mut self, new: &NewDelegation, _valid: bool) -> Result<DelegationRef> {
        self.made.push(new.clone());
        Ok(DelegationRef::New(self.made.len() - 1))
    }

    fn recategorise(&mut self, entry: &DelegationEntry) -> Result<()> {
        if let DelegationRef::New(i) = entry.reference
            && let Some(d) = self.made.get_mut(i)
        {
            d.category = entry.category;
        }
        Ok(())
    }
}
