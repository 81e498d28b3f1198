//! A span over the digit groups of a number-like run: the candidate that the numeric cascade
//! hands to the card, NHS, phone and SSN validators. A leaf, so that the cascade can call the
//! validators and they can read the span without importing each other.

/// Longest digit string any classifier accepts (cards: 19).
const MAX_DIGITS: usize = 24;

/// Digits of a span, on the stack.
pub(crate) struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl Digits {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// A span over digit groups `groups` of a number-like run.
pub(crate) struct NumberSpan<'t, 'g> {
    pub text: &'t str,
    pub start: usize,
    pub end: usize,
    /// Led by `+` (international).
    pub plus: bool,
    /// The first group is in parentheses: "(020) 7946 0000", "(0)7700 900123".
    pub paren_first: bool,
    pub groups: &'g [(usize, usize)],
    /// Part of a longer run whose whole was not an identifier ("0343 6468" of a card number
    /// that failed its check digit): only strong evidence may take it.
    pub part: bool,
}

impl NumberSpan<'_, '_> {
    pub(crate) fn digits(&self) -> Option<Digits> {
        let mut d = Digits {
            buf: [0; MAX_DIGITS],
            len: 0,
        };
        let b = self.text.as_bytes();
        for &(s, e) in self.groups {
            if d.len + (e - s) > MAX_DIGITS {
                return None;
            }
            d.buf[d.len..d.len + (e - s)].copy_from_slice(&b[s..e]);
            d.len += e - s;
        }
        Some(d)
    }

    pub(crate) fn lens_are(&self, want: &[usize]) -> bool {
        self.groups.len() == want.len()
            && self.groups.iter().zip(want).all(|(&(s, e), &w)| e - s == w)
    }

    pub(crate) fn group_len(&self, k: usize) -> usize {
        self.groups[k].1 - self.groups[k].0
    }

    /// Separator before group `k` (k ≥ 1).
    pub(crate) fn sep(&self, k: usize) -> &str {
        &self.text[self.groups[k - 1].1..self.groups[k].0]
    }

    /// Whether every separator equals `s` (true for a single group).
    pub(crate) fn seps_all(&self, s: &str) -> bool {
        (1..self.groups.len()).all(|k| self.sep(k) == s)
    }

    /// Separators are uniformly " " or uniformly "-" (or there is a single group).
    pub(crate) fn plain_uniform_seps(&self) -> bool {
        self.seps_all(" ") || self.seps_all("-")
    }
}
