//! The generator's random numbers: the same seed, the same registry, on any machine.

/// xorshift64*: tiny, fast, and good enough to make up names.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        // Any seed, even 0, gives a non-zero state.
        let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        if rng.0 == 0 {
            rng.0 = 1;
        }
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(super) fn pick<'a>(&mut self, list: &'a [impl AsRef<str>]) -> &'a str {
        list[self.below(list.len())].as_ref()
    }

    pub(super) fn shuffle<T>(&mut self, list: &mut [T]) {
        for i in (1..list.len()).rev() {
            list.swap(i, self.below(i + 1));
        }
    }
}
