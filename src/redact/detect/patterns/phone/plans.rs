//! Every region's numbering plan from libphonenumber's metadata (the `phonenumber` crate
//! carries Google's `PhoneNumberMetadata.xml`), compiled once into anchored regexes.
//!
//! The crate's own parser matches through one 100-entry regex cache behind a mutex: trying a
//! number against many regions thrashes it (about 1.4 ms per region here) and serialises the
//! redaction threads. Each plan's patterns are compiled on first use and shared read-only.

use phonenumber::metadata::{Descriptor, DATABASE};
use regex_automata::meta::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// How well a national number fits a region's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fit {
    No,
    /// Matches the region's general shape (leading digits and length), not an allocated range.
    Possible,
    /// Matches an allocated range: fixed line, mobile, toll free, VoIP, …
    Valid,
}

/// One region's plan.
pub(crate) struct Plan {
    region: String,
    pub code: u16,
    /// The trunk prefix dialled before a national number ("0" in most of Europe, "1" in NANP).
    national_prefix: Option<String>,
    general: String,
    ranges: String,
    /// National number lengths of the allocated ranges.
    lengths: Vec<u16>,
    compiled: OnceLock<(Regex, Regex)>,
}

/// Every region's plan, by region and by country calling code.
pub(crate) struct Plans {
    plans: Vec<Plan>,
    by_code: HashMap<u16, Vec<usize>>,
}

pub(crate) static PLANS: LazyLock<Plans> = LazyLock::new(Plans::load);

/// The metadata writes patterns laid out over several lines; whitespace never matters in them.
fn pattern(d: &Descriptor) -> String {
    d.national_number()
        .as_str()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

impl Plans {
    fn load() -> Plans {
        let mut plans: Vec<Plan> = DATABASE
            .iter()
            .map(|m| {
                let d = m.descriptors();
                let types = [
                    d.fixed_line(),
                    d.mobile(),
                    d.toll_free(),
                    d.premium_rate(),
                    d.shared_cost(),
                    d.personal_number(),
                    d.voip(),
                    d.pager(),
                    d.uan(),
                    d.voicemail(),
                ];
                let mut lengths: Vec<u16> = types
                    .iter()
                    .flatten()
                    .flat_map(|t| t.possible_length().iter().copied())
                    .collect();
                lengths.sort_unstable();
                lengths.dedup();
                let ranges: Vec<String> = types
                    .into_iter()
                    .flatten()
                    .map(pattern)
                    .filter(|p| !p.is_empty() && p != "NA")
                    .collect();
                Plan {
                    region: m.id().to_string(),
                    code: m.country_code(),
                    national_prefix: m.national_prefix().map(str::to_string),
                    general: pattern(d.general()),
                    ranges: ranges.join("|"),
                    lengths,
                    compiled: OnceLock::new(),
                }
            })
            .collect();
        // The database is a hash map: order the plans so that every run tries them alike.
        plans.sort_by(|a, b| a.region.cmp(&b.region));
        let mut by_code: HashMap<u16, Vec<usize>> = HashMap::new();
        for (i, p) in plans.iter().enumerate() {
            by_code.entry(p.code).or_default().push(i);
        }
        Plans { plans, by_code }
    }

    /// The plan of a region (ISO 3166 alpha-2, upper case), if libphonenumber has one.
    pub(crate) fn index(&self, region: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.region == region)
    }

    pub(crate) fn plan(&self, i: usize) -> &Plan {
        &self.plans[i]
    }

    pub(crate) fn len(&self) -> usize {
        self.plans.len()
    }

    /// The plans sharing country calling code `code` (NANP's 1 covers 25 regions).
    pub(crate) fn with_code(&self, code: u16) -> &[usize] {
        self.by_code.get(&code).map_or(&[], Vec::as_slice)
    }

    /// The country calling code at the start of `digits` and its length (codes are prefix-free).
    pub(crate) fn code_at(&self, digits: &[u8]) -> Option<(u16, usize)> {
        (1..=3.min(digits.len())).find_map(|len| {
            let code = std::str::from_utf8(&digits[..len]).ok()?.parse().ok()?;
            self.by_code.contains_key(&code).then_some((code, len))
        })
    }

    /// Whether any plan with country code `code` has national numbers of `len` digits.
    pub(crate) fn length_fits(&self, code: u16, len: usize) -> bool {
        self.with_code(code)
            .iter()
            .any(|&i| self.plans[i].lengths.contains(&(len as u16)))
    }

    /// The best fit of `digits` among the plans `among` (see [`Plan::fit`]).
    pub(crate) fn best_fit(
        &self,
        among: impl IntoIterator<Item = usize>,
        digits: &[u8],
        with_trunk: bool,
    ) -> Fit {
        let mut best = Fit::No;
        for i in among {
            best = best.max(self.plans[i].fit(digits, with_trunk));
            if best == Fit::Valid {
                break;
            }
        }
        best
    }
}

impl Plan {
    fn compiled(&self) -> &(Regex, Regex) {
        self.compiled.get_or_init(|| {
            let anchored = |p: &str| {
                let p = if p.is_empty() { "[^\\s\\S]" } else { p };
                // Haystacks are at most 15 digits: the backtracker and PikeVM are quick enough,
                // and the lazy DFA's per-thread caches would cost ~80 MiB over ~500 patterns.
                Regex::builder()
                    .configure(Regex::config().hybrid(false).dfa(false))
                    .build(&format!("^(?:{p})$"))
                    .expect("libphonenumber patterns compile")
            };
            (anchored(&self.general), anchored(&self.ranges))
        })
    }

    /// How `digits` fit this plan, dialled nationally (`with_trunk`: the national prefix
    /// may lead, as "0" in "020 7946 0000") or after the country code.
    pub(crate) fn fit(&self, digits: &[u8], with_trunk: bool) -> Fit {
        let Ok(s) = std::str::from_utf8(digits) else {
            return Fit::No;
        };
        let mut best = self.fit_national(s);
        if with_trunk {
            if let Some(rest) = self
                .national_prefix
                .as_deref()
                .and_then(|p| s.strip_prefix(p))
            {
                best = best.max(self.fit_national(rest));
            }
        }
        best
    }

    fn fit_national(&self, s: &str) -> Fit {
        // A length no allocated range has is not possible: skip the patterns.
        if s.is_empty() || !self.lengths.is_empty() && !self.lengths.contains(&(s.len() as u16)) {
            return Fit::No;
        }
        let (general, ranges) = self.compiled();
        if ranges.is_match(s) {
            Fit::Valid
        } else if general.is_match(s) {
            Fit::Possible
        } else {
            Fit::No
        }
    }

    /// Whether the plan has a trunk prefix and `digits` start with it.
    pub(crate) fn starts_with_trunk(&self, digits: &[u8]) -> bool {
        self.national_prefix
            .as_deref()
            .is_some_and(|p| digits.starts_with(p.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(region: &str, digits: &str, trunk: bool) -> Fit {
        let i = PLANS.index(region).unwrap();
        PLANS.plan(i).fit(digits.as_bytes(), trunk)
    }

    #[test]
    fn ranges_come_from_libphonenumber() {
        assert!(PLANS.len() > 240);
        // A London number, and an Ofcom drama mobile (not allocated, shaped like one).
        assert_eq!(fit("GB", "02071838750", true), Fit::Valid);
        assert_eq!(fit("GB", "07700900123", true), Fit::Possible);
        assert_eq!(fit("GB", "04123456789", true), Fit::No);
        assert_eq!(fit("DK", "60568591", true), Fit::Valid);
        assert_eq!(fit("AU", "0490754081", true), Fit::Valid);
        // Without the trunk, "0" leads nowhere in GB.
        assert_eq!(fit("GB", "02071838750", false), Fit::No);
        assert_eq!(PLANS.code_at(b"447700900123"), Some((44, 2)));
        assert_eq!(PLANS.code_at(b"19841820190"), Some((1, 1)));
        assert_eq!(PLANS.code_at(b"358401234567"), Some((358, 3)));
        assert!(PLANS.with_code(1).len() > 20);
    }
}
