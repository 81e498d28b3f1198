//! Statistical inference for the figures managers ask about: intervals for rates and NPS,
//! two-proportion tests between periods or runs, and the chi-square test of independence with
//! adjusted residuals for theme × segment tables.
//!
//! Written out here (rather than pulled from a statistics crate) because each is a few lines
//! and the outputs must be byte-stable; every function is checked against hand-computed values.

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A point estimate with a 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// Wilson score interval for `successes` out of `n` (good at small n and near 0 or 1, where
/// the textbook p ± z·√(p(1−p)/n) interval leaves [0, 1]). `None` when n = 0.
pub fn wilson(successes: usize, n: usize) -> Option<Estimate> {
    if n == 0 {
        return None;
    }
    let (n, p) = (n as f64, successes as f64 / n as f64);
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(Estimate {
        value: p,
        low: centre - half,
        high: centre + half,
    })
}

/// Net Promoter Score (−100..100) from promoter, passive and detractor counts, with the usual
/// margin of error: the variance of (promoter − detractor) indicators is
/// `p_pro + p_det − (p_pro − p_det)²`.
pub fn nps(promoters: usize, passives: usize, detractors: usize) -> Option<Estimate> {
    let n = (promoters + passives + detractors) as f64;
    if n == 0.0 {
        return None;
    }
    let (pro, det) = (promoters as f64 / n, detractors as f64 / n);
    let score = pro - det;
    let moe = Z95 * ((pro + det - score * score) / n).sqrt();
    // The normal interval can pass ±100 with small n or extreme scores: clip to the scale.
    Some(Estimate {
        value: 100.0 * score,
        low: (100.0 * (score - moe)).max(-100.0),
        high: (100.0 * (score + moe)).min(100.0),
    })
}

/// Two-sided two-proportion z-test (pooled): returns (difference p2 − p1, z, p-value).
/// `None` when either sample is empty or the pooled rate is 0 or 1.
pub fn two_proportions(x1: usize, n1: usize, x2: usize, n2: usize) -> Option<(f64, f64, f64)> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    if se == 0.0 {
        return None;
    }
    let z = (p2 - p1) / se;
    Some((p2 - p1, z, 2.0 * normal_sf(z.abs())))
}

/// A difference between two independent estimates, `b − a`, with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// Two-sided p-value of "no difference"; `None` when both standard errors are 0.
    pub p_value: Option<f64>,
}

/// Wald interval and z-test for `b − a` from two independent estimates and their standard
/// errors: the variance of a difference of independent estimates is the sum of variances.
/// Used for every KPI (NPS, rates, means) so groups and runs are compared the same way.
pub fn difference(a: f64, se_a: f64, b: f64, se_b: f64) -> Difference {
    let value = b - a;
    let se = (se_a * se_a + se_b * se_b).sqrt();
    Difference {
        value,
        low: value - Z95 * se,
        high: value + Z95 * se,
        p_value: (se > 0.0).then(|| 2.0 * normal_sf((value / se).abs())),
    }
}

/// Chi-square test of independence on an r × c table of counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ChiSquare {
    pub statistic: f64,
    pub df: usize,
    pub p_value: f64,
    /// Adjusted standardised residual per cell, `(O − E) / √(E (1 − row/N)(1 − col/N))`:
    /// approximately standard normal under independence, so |r| > 2 marks a cell that differs
    /// from what independence predicts.
    pub residuals: Vec<Vec<f64>>,
    /// Cells whose expected count is under 5 (the test's approximation is then rough).
    pub sparse_cells: usize,
}

/// `None` when the table has fewer than two non-empty rows or columns.
pub fn chi_square(table: &[Vec<usize>]) -> Option<ChiSquare> {
    let rows: Vec<f64> = table
        .iter()
        .map(|r| r.iter().sum::<usize>() as f64)
        .collect();
    let cols_n = table.first().map_or(0, Vec::len);
    let cols: Vec<f64> = (0..cols_n)
        .map(|c| table.iter().map(|r| r[c]).sum::<usize>() as f64)
        .collect();
    let total: f64 = rows.iter().sum();
    let live_rows = rows.iter().filter(|&&r| r > 0.0).count();
    let live_cols = cols.iter().filter(|&&c| c > 0.0).count();
    if live_rows < 2 || live_cols < 2 {
        return None;
    }
    let mut statistic = 0.0;
    let mut sparse_cells = 0;
    let mut residuals = vec![vec![0.0; cols_n]; table.len()];
    for (r, row) in table.iter().enumerate() {
        for (c, &observed) in row.iter().enumerate() {
            let expected = rows[r] * cols[c] / total;
            if expected == 0.0 {
                continue;
            }
            if expected < 5.0 {
                sparse_cells += 1;
            }
            let diff = observed as f64 - expected;
            statistic += diff * diff / expected;
            let var = expected * (1.0 - rows[r] / total) * (1.0 - cols[c] / total);
            residuals[r][c] = if var > 0.0 { diff / var.sqrt() } else { 0.0 };
        }
    }
    let df = (live_rows - 1) * (live_cols - 1);
    Some(ChiSquare {
        statistic,
        df,
        p_value: chi_square_sf(statistic, df as f64),
        residuals,
        sparse_cells,
    })
}

/// P(Z > z) for a standard normal Z.
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// P(X > x) for X ~ chi-square with `df` degrees of freedom: the regularised upper incomplete
/// gamma Q(df/2, x/2).
pub fn chi_square_sf(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    upper_gamma_q(df / 2.0, x / 2.0)
}

fn ln_gamma(x: f64) -> f64 {
    // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// Q(a, x) by the series for P when x < a + 1, else Lentz's continued fraction.
fn upper_gamma_q(a: f64, x: f64) -> f64 {
    let log_prefix = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..500 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * log_prefix.exp()).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (log_prefix.exp() * h).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() < tol, "{a} vs {b}");
    }

    #[test]
    fn wilson_matches_hand_computation() {
        // 8 of 10: centre (0.8 + 1.9208/10)/(1.38415) = 0.71673, half 0.22652.
        let e = wilson(8, 10).unwrap();
        close(e.value, 0.8, 1e-12);
        close(e.low, 0.49016, 1e-4);
        close(e.high, 0.94331, 1e-4);
        let zero = wilson(0, 20).unwrap();
        close(zero.low, 0.0, 1e-12);
        close(zero.high, 0.16113, 1e-4);
        assert!(wilson(0, 0).is_none());
    }

    #[test]
    fn nps_and_its_margin_of_error() {
        // 50 promoters, 30 passives, 20 detractors: NPS 30; variance (0.7 − 0.09)/100.
        let e = nps(50, 30, 20).unwrap();
        close(e.value, 30.0, 1e-9);
        let moe = 100.0 * Z95 * (0.61f64 / 100.0).sqrt();
        close(e.high - e.value, moe, 1e-9);
        close(moe, 15.307, 1e-3);
    }

    #[test]
    fn two_proportion_test_matches_hand_computation() {
        // 30/100 vs 45/100: pooled 0.375, se = √(0.375·0.625·0.02) = 0.068465, z = 2.1909.
        let (diff, z, p) = two_proportions(30, 100, 45, 100).unwrap();
        close(diff, 0.15, 1e-12);
        close(z, 2.19089, 1e-4);
        close(p, 0.02846, 2e-4);
        assert!(two_proportions(0, 10, 0, 10).is_none());
    }

    #[test]
    fn difference_matches_hand_computation() {
        // NPS 30 (se 7.81) vs NPS 10 (se 9.0): −20 ± 1.96·√(7.81² + 9²) = −20 ± 23.35.
        let d = difference(30.0, 7.81, 10.0, 9.0);
        close(d.value, -20.0, 1e-12);
        close(
            d.high - d.value,
            Z95 * (7.81f64.powi(2) + 81.0).sqrt(),
            1e-9,
        );
        close(d.high, 3.355, 1e-3);
        // z = 20 / 11.916 = 1.6784 → p = 0.0933.
        close(d.p_value.unwrap(), 0.0933, 2e-4);
        assert!(difference(1.0, 0.0, 1.0, 0.0).p_value.is_none());
    }

    #[test]
    fn chi_square_matches_hand_computation() {
        // [[10, 20], [30, 40]]: χ² = N(ad − bc)² / (r1 r2 c1 c2) = 100·200² / (30·70·40·60).
        let t = chi_square(&[vec![10, 20], vec![30, 40]]).unwrap();
        close(t.statistic, 100.0 * 40_000.0 / 5_040_000.0, 1e-9);
        assert_eq!(t.df, 1);
        close(t.p_value, 0.37300, 2e-4);
        // Adjusted residual of cell (0,0): (10 − 12) / √(12 · 0.7 · 0.6) = −0.8909.
        close(t.residuals[0][0], -0.89087, 1e-4);
        assert_eq!(t.sparse_cells, 0);
        assert!(chi_square(&[vec![3, 4]]).is_none());
    }

    #[test]
    fn chi_square_tail_matches_tables() {
        close(chi_square_sf(3.841_459, 1.0), 0.05, 1e-6);
        close(chi_square_sf(5.991_465, 2.0), 0.05, 1e-6);
        close(chi_square_sf(18.307_04, 10.0), 0.05, 1e-6);
        // df 3 in closed form: erfc(√(x/2)) + √(2x/π)·e^(−x/2) = 0.479500 + 0.439391.
        close(chi_square_sf(0.5, 3.0), 0.918_891, 1e-5);
        close(normal_sf(1.959_964), 0.025, 1e-7);
    }
}
