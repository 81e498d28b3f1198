//! Agreement statistics for binary "unit has the code" decisions: Cohen's κ and
//! precision/recall for two coders, Krippendorff's α (nominal) for any number of coders with
//! missing values.

/// Two coders' decisions on the same units for one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Confusion {
    /// Both applied the code.
    pub both: usize,
    /// Only the reference (human) coder applied it.
    pub reference_only: usize,
    /// Only the other (machine) coder applied it.
    pub other_only: usize,
    /// Neither applied it.
    pub neither: usize,
}

impl Confusion {
    pub fn add(&mut self, reference: bool, other: bool) {
        match (reference, other) {
            (true, true) => self.both += 1,
            (true, false) => self.reference_only += 1,
            (false, true) => self.other_only += 1,
            (false, false) => self.neither += 1,
        }
    }

    pub fn merge(&mut self, other: &Confusion) {
        self.both += other.both;
        self.reference_only += other.reference_only;
        self.other_only += other.other_only;
        self.neither += other.neither;
    }

    pub fn units(&self) -> usize {
        self.both + self.reference_only + self.other_only + self.neither
    }

    /// Cohen's κ = (pₒ − pₑ) / (1 − pₑ). `None` when undefined: no units, or both coders used
    /// a single category throughout (pₑ = 1).
    pub fn kappa(&self) -> Option<f64> {
        let n = self.units() as f64;
        if n == 0.0 {
            return None;
        }
        let observed = (self.both + self.neither) as f64 / n;
        let ref_yes = (self.both + self.reference_only) as f64 / n;
        let other_yes = (self.both + self.other_only) as f64 / n;
        let expected = ref_yes * other_yes + (1.0 - ref_yes) * (1.0 - other_yes);
        (expected < 1.0).then(|| (observed - expected) / (1.0 - expected))
    }

    /// Share of the other coder's applications the reference agrees with.
    pub fn precision(&self) -> Option<f64> {
        let applied = self.both + self.other_only;
        (applied > 0).then(|| self.both as f64 / applied as f64)
    }

    /// Share of the reference's applications the other coder found.
    pub fn recall(&self) -> Option<f64> {
        let relevant = self.both + self.reference_only;
        (relevant > 0).then(|| self.both as f64 / relevant as f64)
    }

    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
}

/// Krippendorff's α for nominal data. `units[u][c]` is coder c's value for unit u (`None` =
/// not coded). Units coded by fewer than two coders carry no information and are ignored.
/// `None` when no unit has two values or every pairable value is the same (Dₑ = 0).
pub fn krippendorff_alpha_nominal(units: &[Vec<Option<u32>>]) -> Option<f64> {
    use std::collections::BTreeMap;
    // Coincidence matrix o[(c, k)]: each unit with m values adds 1/(m − 1) per ordered pair
    // of values from different coders.
    let mut o: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for unit in units {
        let values: Vec<u32> = unit.iter().flatten().copied().collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    *o.entry((a, b)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let n: f64 = o.values().sum();
    if n == 0.0 {
        return None;
    }
    let mut marginal: BTreeMap<u32, f64> = BTreeMap::new();
    for (&(c, _), &v) in &o {
        *marginal.entry(c).or_default() += v;
    }
    let observed: f64 = o.iter().filter(|((c, k), _)| c != k).map(|(_, v)| v).sum();
    let expected: f64 = marginal
        .iter()
        .flat_map(|(c, nc)| marginal.iter().map(move |(k, nk)| (c, nc, k, nk)))
        .filter(|(c, _, k, _)| c != k)
        .map(|(_, nc, _, nk)| nc * nk)
        .sum::<f64>()
        / (n - 1.0);
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_hand_computation() {
        // 20 both, 5 human only, 10 machine only, 65 neither (100 units):
        // pₒ = 0.85; pₑ = 0.25·0.30 + 0.75·0.70 = 0.60; κ = 0.25 / 0.40 = 0.625.
        let c = Confusion {
            both: 20,
            reference_only: 5,
            other_only: 10,
            neither: 65,
        };
        assert!((c.kappa().unwrap() - 0.625).abs() < 1e-12);
        assert!((c.precision().unwrap() - 20.0 / 30.0).abs() < 1e-12);
        assert!((c.recall().unwrap() - 0.8).abs() < 1e-12);
        assert!((c.f1().unwrap() - 2.0 * (2.0 / 3.0) * 0.8 / (2.0 / 3.0 + 0.8)).abs() < 1e-12);
        // Perfect agreement is 1; when both coders never apply the code κ is undefined.
        let perfect = Confusion {
            both: 3,
            neither: 7,
            ..Default::default()
        };
        assert_eq!(perfect.kappa(), Some(1.0));
        let constant = Confusion {
            neither: 10,
            ..Default::default()
        };
        assert_eq!(constant.kappa(), None);
    }

    #[test]
    fn alpha_matches_krippendorffs_worked_example() {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example:
        // 4 coders, 12 units, values 1–5 with missing data; α = 0.743.
        let data: [[Option<u32>; 12]; 4] = [
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(1),
                Some(4),
                Some(1),
                Some(2),
                None,
                None,
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(2),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                None,
                Some(3),
            ],
            [
                None,
                Some(3),
                Some(3),
                Some(3),
                Some(2),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(4),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
        ];
        let units: Vec<Vec<Option<u32>>> = (0..12)
            .map(|u| (0..4).map(|c| data[c][u]).collect())
            .collect();
        let alpha = krippendorff_alpha_nominal(&units).unwrap();
        assert!((alpha - 0.743).abs() < 5e-4, "{alpha}");
        // Two coders agreeing everywhere: α = 1.
        let same: Vec<Vec<Option<u32>>> = [0, 1, 1, 0]
            .iter()
            .map(|&v| vec![Some(v), Some(v)])
            .collect();
        assert_eq!(krippendorff_alpha_nominal(&same), Some(1.0));
        assert_eq!(krippendorff_alpha_nominal(&[vec![Some(1), None]]), None);
    }
}
