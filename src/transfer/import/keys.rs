//! The keys an import claims (e-mail addresses, names, badges, headships), kept in
//! memory up to a bound and then recorded in the import's temporary table in one go.
//!
//! A claim asked of the table one statement at a time cost about a third of a
//! 100,000-row import (three or four claims per row, each an INSERT … ON CONFLICT with
//! a B-tree search in a random place). Here a claim is a hash-map look-up; the table is
//! asked only when a [`Bloom`] filter of the keys recorded there says it may hold the
//! key, and keys reach the table [`PENDING`] at a time, sorted, in multi-row
//! statements. Memory stays bounded: at most [`PENDING`] keys and the filter's fixed
//! bits, whatever the size of the file.

use crate::store::{Holder, KeyKind};
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

/// The maps of pending keys, hashed by [`FastHasher`].
type Map = HashMap<Box<str>, Holder, BuildHasherDefault<FastHasher>>;

/// Where keys go once the memory holds [`PENDING`] of them.
pub(super) trait Backing {
    type Error;
    /// Who holds `key` there, if anyone.
    fn holder(&mut self, kind: KeyKind, key: &str) -> Result<Option<Holder>, Self::Error>;
    /// Record keys that no one holds there yet.
    fn record(&mut self, keys: &[(KeyKind, &str, Holder)]) -> Result<(), Self::Error>;
    /// Forget a key recorded there.
    fn release(&mut self, kind: KeyKind, key: &str) -> Result<(), Self::Error>;
}

/// Keys held in memory before they are recorded in the backing table: about 100 bytes
/// each, so about 32 MiB at most. Enough for a 100,000-row file (three keys a row) to
/// stay in memory: recording a key in the table cost ~7,000 instructions, twice what
/// checking its row cost, measured. A larger file records them [`PENDING`] at a time.
pub(super) const PENDING: usize = 320 * 1024;

/// The claims of one import: the recent ones in memory, the rest in a [`Backing`].
pub(super) struct Keys {
    /// Claims not yet recorded, one map per [`KeyKind`] (looked up by `&str`).
    pending: [Map; 4],
    pending_len: usize,
    limit: usize,
    /// Every key recorded in the backing.
    recorded: Bloom,
}

impl Keys {
    pub(super) fn new() -> Self {
        Self::with_limits(PENDING, Bloom::BITS)
    }

    fn with_limits(limit: usize, bloom_bits: usize) -> Self {
        Keys {
            pending: Default::default(),
            pending_len: 0,
            limit,
            recorded: Bloom::new(bloom_bits),
        }
    }

    /// Record that `holder` holds `key`, unless someone already does: then who.
    pub(super) fn claim<B: Backing>(
        &mut self,
        backing: &mut B,
        kind: KeyKind,
        key: &str,
        holder: Holder,
    ) -> Result<Option<Holder>, B::Error> {
        let pending = &mut self.pending[slot(kind)];
        if let Some(held) = pending.get(key) {
            return Ok(Some(*held));
        }
        if self.recorded.may_hold(kind, key)
            && let Some(held) = backing.holder(kind, key)?
        {
            return Ok(Some(held));
        }
        pending.insert(key.into(), holder);
        self.pending_len += 1;
        if self.pending_len >= self.limit {
            self.flush(backing)?;
        }
        Ok(None)
    }

    /// Forget a claimed key.
    pub(super) fn release<B: Backing>(
        &mut self,
        backing: &mut B,
        kind: KeyKind,
        key: &str,
    ) -> Result<(), B::Error> {
        if self.pending[slot(kind)].remove(key).is_some() {
            self.pending_len -= 1;
            return Ok(());
        }
        // The filter keeps the key: a later claim asks the table, which says no one.
        backing.release(kind, key)
    }

    /// Record every pending key in the backing, in key order (neighbours in the
    /// table's B-tree are written together).
    pub(super) fn flush<B: Backing>(&mut self, backing: &mut B) -> Result<(), B::Error> {
        let mut all: Vec<(KeyKind, &str, Holder)> = Vec::with_capacity(self.pending_len);
        for (kind, map) in KINDS.iter().zip(&self.pending) {
            let start = all.len();
            all.extend(map.iter().map(|(k, h)| (*kind, &**k, *h)));
            all[start..].sort_unstable_by(|a, b| a.1.cmp(b.1));
        }
        backing.record(&all)?;
        for (kind, key, _) in &all {
            self.recorded.insert(*kind, key);
        }
        drop(all);
        for map in &mut self.pending {
            map.clear();
        }
        self.pending_len = 0;
        Ok(())
    }
}

/// The kinds in slot order (see [`slot`]).
const KINDS: [KeyKind; 4] = [KeyKind::Email, KeyKind::Name, KeyKind::Badge, KeyKind::Head];

fn slot(kind: KeyKind) -> usize {
    match kind {
        KeyKind::Email => 0,
        KeyKind::Name => 1,
        KeyKind::Badge => 2,
        KeyKind::Head => 3,
    }
}

/// A Bloom filter of fixed size: "certainly not recorded" or "perhaps". A false
/// "perhaps" costs one look-up in the table, never a wrong answer.
struct Bloom {
    bits: Vec<u64>,
}

impl Bloom {
    /// 2^25 bits (4 MiB): with 300,000 keys (100,000 rows) one look-up in 10,000 is
    /// needless; with 6,000,000 keys (2,000,000 rows) about one in twelve.
    const BITS: usize = 1 << 25;
    /// Bits set per key.
    const PROBES: u64 = 3;

    fn new(bits: usize) -> Self {
        Bloom {
            bits: vec![0; bits.div_ceil(64).max(1)],
        }
    }

    /// The bits of a key: double hashing from one 64-bit hash (Kirsch–Mitzenmacher).
    fn probes(&self, kind: KeyKind, key: &str) -> impl Iterator<Item = usize> + use<> {
        let mut h = BuildHasherDefault::<FastHasher>::default().build_hasher();
        (kind as u8).hash(&mut h);
        key.hash(&mut h);
        let hash = h.finish();
        let (a, b) = (hash & 0xffff_ffff, (hash >> 32) | 1);
        let n = (self.bits.len() * 64) as u64;
        (0..Self::PROBES).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) % n) as usize)
    }

    fn insert(&mut self, kind: KeyKind, key: &str) {
        for bit in self.probes(kind, key) {
            self.bits[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn may_hold(&self, kind: KeyKind, key: &str) -> bool {
        self.probes(kind, key)
            .all(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

/// A fast hash for short keys (the Fx hash of rustc, eight bytes at a time, with
/// MurmurHash3's finaliser so that every bit of the result depends on every byte, as
/// the filter's bit positions need). SipHash, std's default, took a tenth of the
/// import's time here; these keys come from the user's own file, and a crafted file
/// could only slow its own import down.
#[derive(Default, Clone, Copy)]
pub(super) struct FastHasher(u64);

impl FastHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AttendeeId;

    /// A backing in memory that counts how often it is asked.
    #[derive(Default)]
    struct Table {
        keys: HashMap<(u8, String), Holder>,
        asked: usize,
        recorded: usize,
    }

    impl Backing for Table {
        type Error = String;
        fn holder(&mut self, kind: KeyKind, key: &str) -> Result<Option<Holder>, String> {
            self.asked += 1;
            Ok(self.keys.get(&(kind as u8, key.to_string())).copied())
        }
        fn record(&mut self, keys: &[(KeyKind, &str, Holder)]) -> Result<(), String> {
            for (kind, key, holder) in keys {
                let old = self.keys.insert((*kind as u8, key.to_string()), *holder);
                if old.is_some() {
                    return Err(format!("{key} recorded twice"));
                }
                self.recorded += 1;
            }
            Ok(())
        }
        fn release(&mut self, kind: KeyKind, key: &str) -> Result<(), String> {
            self.keys.remove(&(kind as u8, key.to_string()));
            Ok(())
        }
    }

    /// Random claims and releases over a small key space answer exactly as one map
    /// would, whatever was flushed when (the memory holds at most 7 keys here, and
    /// the filter is tiny so that it often says "perhaps").
    #[test]
    fn answers_as_one_map_would() {
        let mut keys = Keys::with_limits(7, 256);
        let mut table = Table::default();
        let mut model: HashMap<(u8, String), Holder> = HashMap::new();
        let mut seed = 12345u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for row in 0..20_000usize {
            let r = next();
            let kind = KINDS[(r % 4) as usize];
            let key = format!("k{}", (r >> 2) % 300);
            let holder = if r % 5 == 0 {
                Holder::Person(AttendeeId(row as i64))
            } else {
                Holder::Row(row)
            };
            if (r >> 12) % 4 == 0 {
                // Release only what is held, as the checker does.
                if model.remove(&(kind as u8, key.clone())).is_some() {
                    keys.release(&mut table, kind, &key).unwrap();
                }
                continue;
            }
            let expected = match model.entry((kind as u8, key.clone())) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(holder);
                    None
                }
            };
            assert_eq!(
                keys.claim(&mut table, kind, &key, holder).unwrap(),
                expected
            );
        }
        keys.flush(&mut table).unwrap();
        assert_eq!(table.keys, model);
    }

    /// Keys are recorded in statements of many, and the table is asked only when the
    /// filter says it may hold a key.
    #[test]
    fn the_table_is_asked_only_when_it_may_hold_the_key() {
        let mut keys = Keys::with_limits(1000, Bloom::BITS);
        let mut table = Table::default();
        for i in 0..10_000 {
            let key = format!("person{i}@example.org");
            assert_eq!(
                keys.claim(&mut table, KeyKind::Email, &key, Holder::Row(i))
                    .unwrap(),
                None
            );
        }
        assert_eq!(table.recorded, 10_000);
        assert!(table.asked < 5, "asked {} times", table.asked);
        // A key recorded long ago is found in the table.
        assert_eq!(
            keys.claim(
                &mut table,
                KeyKind::Email,
                "person3@example.org",
                Holder::Row(1)
            )
            .unwrap(),
            Some(Holder::Row(3))
        );
        // The same text under another kind is another key.
        assert_eq!(
            keys.claim(
                &mut table,
                KeyKind::Name,
                "person3@example.org",
                Holder::Row(1)
            )
            .unwrap(),
            None
        );
    }
}
