//! Tests of `themes/mod.rs`.

use super::*;
use crate::themes::config::AutoK;
use ndarray::Array2;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

fn gaussian(rng: &mut Xoshiro256Plus) -> f32 {
    // Box–Muller from two uniforms in (0, 1].
    let u = |rng: &mut Xoshiro256Plus| ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
    let (u1, u2) = (u(rng), u(rng));
    ((-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
}

/// Unit vectors around `sizes.len()` random directions in d dimensions (cosine to their
/// direction ≈ 1 / √(1 + noise²)), shuffled; returns the rows and each row's group.
fn planted(sizes: &[usize], d: usize, noise: f32, seed: u64) -> (Array2<f32>, Vec<usize>) {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let dirs: Vec<Vec<f32>> = sizes
        .iter()
        .map(|_| {
            let mut v: Vec<f32> = (0..d).map(|_| gaussian(&mut rng)).collect();
            normalise(&mut v);
            v
        })
        .collect();
    let mut groups: Vec<usize> = sizes
        .iter()
        .enumerate()
        .flat_map(|(g, &s)| std::iter::repeat_n(g, s))
        .collect();
    for i in (1..groups.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        groups.swap(i, j);
    }
    let scale = noise / (d as f32).sqrt();
    let mut data = Array2::zeros((groups.len(), d));
    for (mut row, &g) in data.rows_mut().into_iter().zip(&groups) {
        let mut v: Vec<f32> = dirs[g]
            .iter()
            .map(|&x| x + scale * gaussian(&mut rng))
            .collect();
        normalise(&mut v);
        row.assign(&ndarray::ArrayView1::from(&v[..]));
    }
    (data, groups)
}

fn auto(k_min: usize, k_max: usize) -> ThemesConfig {
    ThemesConfig {
        method: ClusterMethod::Kmeans,
        k: ThemeCount::Auto(AutoK::Auto),
        k_min,
        k_max,
        ..ThemesConfig::default()
    }
}

fn fixed(k: usize) -> ThemesConfig {
    ThemesConfig {
        method: ClusterMethod::Kmeans,
        k: ThemeCount::Fixed(k),
        ..ThemesConfig::default()
    }
}

fn blank_texts(n: usize) -> Vec<&'static str> {
    vec!["some feedback text here"; n]
}

/// Asserts that theme t (id t+1) is exactly planted group `expected_group[t]`.
fn assert_partition(model: &ThemeModel, groups: &[usize], expected_group: &[usize]) {
    assert_eq!(model.themes.len(), expected_group.len());
    for (i, (&a, &g)) in model.assignment.iter().zip(groups).enumerate() {
        assert_eq!(
            a,
            Some(expected_group.iter().position(|&e| e == g).unwrap() + 1),
            "row {i}"
        );
    }
}

#[test]
fn graph_method_finds_the_number_of_groups_itself() {
    let sizes = [120, 90, 60, 40, 30];
    let (data, groups) = planted(&sizes, 384, 0.8, 5);
    let texts = blank_texts(data.nrows());
    let model = discover(data.view(), &texts, &ThemesConfig::default(), 42);
    assert_partition(&model, &groups, &[0, 1, 2, 3, 4]);
    assert!(model.k_scores.is_empty());
}

#[test]
fn above_fit_sample_themes_come_from_a_sample_and_code_everything() {
    let sizes = [400, 300, 200, 100];
    let (data, groups) = planted(&sizes, 128, 0.8, 21);
    let texts = blank_texts(data.nrows());
    let config = ThemesConfig {
        fit_sample: 250,
        ..ThemesConfig::default()
    };
    // Two strata: the odd rows and the even rows.
    let strata: Vec<usize> = (0..data.nrows()).map(|i| i % 2).collect();
    // Spilled as a run spills them.
    let dir = tempfile::tempdir().unwrap();
    let data = Vectors::spill(&data, dir.path()).unwrap();
    let model = find(&data, &texts, &strata, &config, 42);
    assert_eq!(model.fitted_on, 250);
    assert_partition(&model, &groups, &[0, 1, 2, 3]);
    assert_eq!(
        model.themes.iter().map(|t| t.size).collect::<Vec<_>>(),
        sizes
    );
    // Coding with the run's own codebook reproduces it: the reuse path is the same path.
    let again = apply::code(&data, &texts, &model.codebook, &config, 42, false);
    assert_eq!(again.assignment, model.assignment);
    // At or below the sample size, every segment is fitted.
    let all = find(&data, &texts, &strata, &ThemesConfig::default(), 42);
    assert_eq!(all.fitted_on, data.len());
}

#[test]
fn graph_method_reaches_a_target_number_of_themes() {
    // Eight planted groups; asking for four makes the resolution search join neighbours.
    let (data, _) = planted(&[40; 8], 384, 1.2, 9);
    let texts = blank_texts(data.nrows());
    for target in [4, 8] {
        let config = ThemesConfig {
            k: ThemeCount::Fixed(target),
            merge_similarity: 1.0,
            ..ThemesConfig::default()
        };
        let model = discover(data.view(), &texts, &config, 42);
        assert!(
            model.themes.len().abs_diff(target) <= 1,
            "target {target}: got {}",
            model.themes.len()
        );
    }
}

#[test]
fn near_duplicate_themes_merge_and_parents_group_themes() {
    let (data, _) = planted(&[60, 50, 40, 30, 30, 20, 20], 384, 0.8, 3);
    let texts = blank_texts(data.nrows());
    let model = discover(data.view(), &texts, &ThemesConfig::default(), 42);
    assert_eq!(model.themes.len(), 7);
    assert_eq!(model.parents.len(), 3, "√7 rounds to 3 parents");
    let mut children: Vec<usize> = model
        .parents
        .iter()
        .flat_map(|p| p.themes.clone())
        .collect();
    children.sort_unstable();
    assert_eq!(children, (1..=7).collect::<Vec<_>>());
    for t in &model.themes {
        let p = &model.parents[t.parent.unwrap() - 1];
        assert!(p.themes.contains(&t.id));
    }
    // A merge threshold below the planted groups' centre similarity joins them all.
    let merged = discover(
        data.view(),
        &texts,
        &ThemesConfig {
            merge_similarity: -0.5,
            ..ThemesConfig::default()
        },
        42,
    );
    assert_eq!(merged.themes.len(), 1);
    assert!(merged.parents.is_empty());
}

#[test]
fn themes_auto_k_recovers_planted_groups_ordered_by_size() {
    // Group sizes differ so the size order is known: group 0 is the largest.
    let sizes = [120, 90, 60, 40];
    let (data, groups) = planted(&sizes, 384, 0.8, 11);
    let texts = blank_texts(data.nrows());
    let model = discover(data.view(), &texts, &auto(2, 8), 42);
    let ks: Vec<usize> = model.k_scores.iter().map(|&(k, _)| k).collect();
    assert_eq!(ks, (2..=8).collect::<Vec<_>>());
    let best = model
        .k_scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .unwrap();
    assert_eq!(best.0, 4, "scores {:?}", model.k_scores);
    assert_partition(&model, &groups, &[0, 1, 2, 3]);
    let sizes_out: Vec<usize> = model.themes.iter().map(|t| t.size).collect();
    assert_eq!(sizes_out, vec![120, 90, 60, 40]);
    let ids: Vec<usize> = model.themes.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(model.centroids.dim(), (4, 384));
    for (row, theme) in model.centroids.rows().into_iter().zip(&model.themes) {
        assert!((row.dot(&row) - 1.0).abs() < 1e-4);
        assert_eq!(
            theme.exemplars.len(),
            1.min(theme.size).max(theme.exemplars.len())
        );
    }
    // similarity[i] is the similarity to the assigned theme's centre.
    for (i, a) in model.assignment.iter().enumerate() {
        let c = model.centroids.row(a.unwrap() - 1);
        assert!((c.dot(&data.row(i)) - model.similarity[i]).abs() < 1e-5);
    }
}

#[test]
fn themes_auto_k_with_sample_and_refit_on_all_points() {
    // n > silhouette_sample: candidates are fitted and scored on 150 sampled points, the
    // chosen k refined on all 700.
    let sizes = [300, 200, 120, 80];
    let (data, groups) = planted(&sizes, 64, 0.9, 5);
    let texts = blank_texts(data.nrows());
    let config = ThemesConfig {
        silhouette_sample: 150,
        ..auto(3, 9)
    };
    let model = discover(data.view(), &texts, &config, 7);
    assert_eq!(model.k_scores.len(), 7);
    assert_partition(&model, &groups, &[0, 1, 2, 3]);
}

fn assert_same(a: &ThemeModel, b: &ThemeModel) {
    assert_eq!(a.themes, b.themes);
    assert_eq!(a.assignment, b.assignment);
    let bits = |m: &ThemeModel| m.similarity.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(a), bits(b));
    let cbits = |m: &ThemeModel| m.centroids.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
    assert_eq!(cbits(a), cbits(b));
    let kbits = |m: &ThemeModel| {
        m.k_scores
            .iter()
            .map(|&(k, s)| (k, s.to_bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(kbits(a), kbits(b));
}

#[test]
fn themes_deterministic_for_a_seed() {
    let (data, _) = planted(&[80, 70, 50, 30, 20], 96, 0.6, 3);
    let texts: Vec<String> = (0..data.nrows())
        .map(|i| format!("comment number {i} about topic {}", i % 7))
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let config = ThemesConfig {
        silhouette_sample: 120,
        ..auto(2, 10)
    };
    let a = discover(data.view(), &texts, &config, 42);
    let b = discover(data.view(), &texts, &config, 42);
    assert_same(&a, &b);
    // Another seed: same partition on well-separated data (ids follow sizes, so equal).
    let c = discover(data.view(), &texts, &config, 4242);
    assert_eq!(a.assignment, c.assignment);
    let names = |m: &ThemeModel| m.themes.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&c));
}

#[test]
fn themes_orthogonal_point_is_uncoded() {
    // Three groups around e0, e1, e2 with noise in dims 3..40; the extra point e63 has
    // cosine exactly 0 with every centre.
    let d = 64;
    let mut rng = Xoshiro256Plus::seed_from_u64(8);
    let mut rows: Vec<Vec<f32>> = Vec::new();
    for i in 0..90 {
        let mut v = vec![0.0f32; d];
        v[i % 3] = 1.0;
        for x in &mut v[3..40] {
            *x = 0.05 * gaussian(&mut rng);
        }
        normalise(&mut v);
        rows.push(v);
    }
    let mut lone = vec![0.0f32; d];
    lone[63] = 1.0;
    rows.push(lone);
    let n = rows.len();
    let data = Array2::from_shape_vec((n, d), rows.concat()).unwrap();
    let config = ThemesConfig {
        min_similarity: 0.5,
        ..fixed(3)
    };
    let model = discover(data.view(), &blank_texts(n), &config, 1);
    assert_eq!(model.assignment[n - 1], None);
    // Near 0: the centre of the cluster linfa put it in moved towards it by 1/31 at most.
    assert!(
        model.similarity[n - 1].abs() < 0.1,
        "{}",
        model.similarity[n - 1]
    );
    assert!(model.assignment[..n - 1].iter().all(Option::is_some));
    assert_eq!(model.themes.len(), 3);
    assert_eq!(model.themes.iter().map(|t| t.size).sum::<usize>(), n - 1);
    // Equal sizes: ids follow the smallest member (rows 0, 1, 2 are in groups 0, 1, 2).
    assert_eq!(&model.assignment[..3], &[Some(1), Some(2), Some(3)]);
}

#[test]
fn themes_all_uncoded_gives_no_themes() {
    let (data, _) = planted(&[20, 20], 32, 0.5, 2);
    let config = ThemesConfig {
        min_similarity: 1.0,
        ..fixed(2)
    };
    let model = discover(data.view(), &blank_texts(40), &config, 1);
    assert!(model.themes.is_empty());
    assert!(model.assignment.iter().all(Option::is_none));
    assert_eq!(model.centroids.dim(), (0, 32));
    assert_eq!(model.similarity.len(), 40);
}

#[test]
fn themes_fixed_k_respected() {
    let (data, _) = planted(&[60, 50, 40, 30], 48, 0.8, 9);
    let config = ThemesConfig {
        min_similarity: -1.0,
        ..fixed(3)
    };
    let model = discover(data.view(), &blank_texts(180), &config, 3);
    assert_eq!(model.themes.len(), 3);
    assert_eq!(model.centroids.nrows(), 3);
    assert!(model.k_scores.is_empty());
    assert!(model.assignment.iter().all(Option::is_some));
    let sizes: Vec<usize> = model.themes.iter().map(|t| t.size).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    assert_eq!(sizes.iter().sum::<usize>(), 180);
}

#[test]
fn themes_tiny_inputs() {
    // n = 0
    let empty = Array2::<f32>::zeros((0, 8));
    let model = discover(empty.view(), &[], &auto(4, 20), 1);
    assert!(model.themes.is_empty() && model.assignment.is_empty());
    assert_eq!(model.centroids.dim(), (0, 8));

    // n = 1, auto and fixed
    let mut one = Array2::<f32>::zeros((1, 8));
    one[[0, 2]] = 1.0;
    for config in [auto(4, 20), fixed(5)] {
        let model = discover(one.view(), &["the only comment about billing"], &config, 1);
        assert_eq!(model.assignment, vec![Some(1)]);
        assert_eq!(model.themes.len(), 1);
        assert_eq!(model.themes[0].size, 1);
        assert_eq!(model.themes[0].exemplars, vec![0]);
        assert!((model.similarity[0] - 1.0).abs() < 1e-6);
        // Equal scores: alphabetical; "about" (stopword) prevents the bigram.
        assert_eq!(model.themes[0].keywords, vec!["billing", "comment"]);
    }

    // n < k, with duplicate points
    let (data, _) = planted(&[2, 1], 8, 0.1, 4);
    let mut dup = Array2::zeros((4, 8));
    dup.slice_mut(ndarray::s![0..3, ..]).assign(&data);
    dup.row_mut(3).assign(&data.row(0));
    for config in [fixed(10), auto(4, 20)] {
        let model = discover(dup.view(), &blank_texts(4), &config, 1);
        assert!(!model.themes.is_empty() && model.themes.len() <= 3);
        assert_eq!(model.themes.iter().map(|t| t.size).sum::<usize>(), 4);
        assert_eq!(model.assignment[0], model.assignment[3]);
    }

    // All points identical, k > 1: one theme, no NaN.
    let same = Array2::from_shape_fn((6, 4), |(_, j)| if j == 0 { 1.0f32 } else { 0.0 });
    let model = discover(same.view(), &blank_texts(6), &auto(2, 5), 1);
    assert_eq!(model.themes.len(), 1);
    assert!(model.similarity.iter().all(|s| (s - 1.0).abs() < 1e-6));
}

#[test]
fn themes_keywords_names_and_exemplars_end_to_end() {
    // Two planted groups; texts match the groups.
    let (data, groups) = planted(&[8, 6], 32, 0.6, 12);
    let delivery = [
        "the delivery was late again",
        "late delivery, driver never came",
        "my late delivery arrived two days after the date",
        "another late delivery and the driver was rude",
        "the driver left the parcel outside, late delivery as usual",
        "late delivery again",
        "Late delivery again!",
        "why is every delivery so late",
    ];
    let app = [
        "the app keeps crashing on login",
        "app crashing every time I open it",
        "login fails and the app crashing again",
        "the app is crashing after the update",
        "cannot login, the app crashing constantly",
        "app crashing",
    ];
    let (mut di, mut ai) = (0, 0);
    let texts: Vec<&str> = groups
        .iter()
        .map(|&g| {
            if g == 0 {
                di += 1;
                delivery[di - 1]
            } else {
                ai += 1;
                app[ai - 1]
            }
        })
        .collect();
    let config = ThemesConfig {
        exemplars: 3,
        ..fixed(2)
    };
    let model = discover(data.view(), &texts, &config, 42);
    assert_eq!(model.themes.len(), 2);
    assert_eq!(model.themes[0].keywords[0], "late delivery");
    assert_eq!(model.themes[1].keywords[0], "app crashing");
    assert!(model.themes[0].name.starts_with("late delivery"));
    for theme in &model.themes {
        assert_eq!(theme.exemplars.len(), 3);
        let lowered: Vec<String> = theme
            .exemplars
            .iter()
            .map(|&i| texts[i].trim().to_lowercase())
            .collect();
        let mut unique = lowered.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 3, "{lowered:?}");
        for &i in &theme.exemplars {
            assert_eq!(model.assignment[i], Some(theme.id));
            // Preferred: at least 4 words (each group has 3+ such texts).
            assert!(texts[i].split_whitespace().count() >= 4, "{}", texts[i]);
        }
    }
}

/// Timing on 10k × 384 with k = auto over 4..=20 (run with `--ignored`, ideally optimised).
#[test]
#[ignore]
fn themes_timing_10k_auto() {
    let sizes = [
        1500, 1300, 1100, 1000, 900, 800, 700, 650, 600, 550, 500, 400,
    ];
    let (data, groups) = planted(&sizes, 384, 1.2, 1);
    let texts = blank_texts(data.nrows());
    let start = std::time::Instant::now();
    let model = discover(data.view(), &texts, &auto(4, 20), 42);
    let elapsed = start.elapsed();
    eprintln!(
        "10k x 384 auto k: {:?}, chose {} themes, scores {:?}",
        elapsed,
        model.themes.len(),
        model.k_scores
    );
    assert_eq!(model.themes.len(), sizes.len());
    assert_partition(&model, &groups, &(0..sizes.len()).collect::<Vec<_>>());
}
