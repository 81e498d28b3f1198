//! Coding with a codebook: deductive (codes only) and hybrid (codes, then new themes found
//! among the segments no code fits).
//!
//! Rule, the same for hand-written and learned codes: a segment gets the codes whose centroid
//! it resembles at least as much as the code's threshold (cosine), best first, at most
//! `max_codes`. Accepted codes are tried first; candidate codes (`new = true`) only code the
//! segments no accepted code fits. A learned codebook's codes are all candidates with
//! `threshold = min_similarity`, so coding the same segments with it gives exactly the
//! assignment of the run that learned it. Codes that are parents of other codes group them
//! and are never assigned directly.

use super::{cluster, exemplar, find, label, ParentTheme, Theme, ThemeModel};
use crate::codebook::{Centroid, Code, Codebook};
use crate::embed::vectors::BLOCK as CODE_BLOCK;
use crate::embed::{normalise, Vectors};
use crate::error::{Error, Result};
use crate::themes::config::ThemesConfig;
use ndarray::{Array2, Axis};

/// Gives every assignable code a centroid: the normalised mean embedding of its prototype texts
/// (name and description, examples) when it has none. Refuses centroids learned with another
/// model, which would compare vectors from different spaces.
pub fn fill_centroids(
    mut codebook: Codebook,
    model: &str,
    dim: usize,
    embed: &mut dyn FnMut(&[&str]) -> Result<Array2<f32>>,
) -> Result<Codebook> {
    let has_centroids = codebook.codes.iter().any(|c| c.centroid.is_some());
    match &codebook.model {
        Some(m) if has_centroids && m != model => {
            return Err(Error::config(format!(
                "themes.codebook: its centroids were learned with model '{m}', this run uses \
                 '{model}'; remove the centroid lines to re-place the codes from their text"
            )))
        }
        _ => {}
    }
    for index in 0..codebook.codes.len() {
        if codebook.is_parent(index) {
            continue;
        }
        let code = &mut codebook.codes[index];
        match &code.centroid {
            Some(c) if c.len() != dim => {
                return Err(Error::config(format!(
                "themes.codebook: code '{}' has a {}-dimensional centroid, the model gives {dim}",
                code.id,
                c.len()
            )))
            }
            Some(_) => {}
            None => {
                let texts = code.prototype_texts();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let mut centre = embed(&refs)?.sum_axis(Axis(0)).to_vec();
                normalise(&mut centre);
                code.centroid = Some(Centroid::new(centre));
            }
        }
    }
    codebook.model = Some(model.to_owned());
    Ok(codebook)
}

/// Codes segments with a codebook whose assignable codes all have centroids (see
/// [`fill_centroids`]); with `hybrid`, clusters the segments left uncoded into new themes.
pub fn code(
    vectors: &Vectors,
    texts: &[&str],
    codebook: &Codebook,
    config: &ThemesConfig,
    seed: u64,
    hybrid: bool,
) -> ThemeModel {
    let n = vectors.len();
    let leaves: Vec<&Code> = (0..codebook.codes.len())
        .filter(|&c| !codebook.is_parent(c))
        .map(|c| &codebook.codes[c])
        .collect();
    let dim = vectors.dim();
    let mut centres = Array2::zeros((leaves.len(), dim));
    for (mut row, code) in centres.rows_mut().into_iter().zip(&leaves) {
        let c = code
            .centroid
            .as_ref()
            .expect("fill_centroids gave every code a centroid");
        row.assign(&ndarray::ArrayView1::from(c.as_slice()));
    }
    let thresholds: Vec<f32> = leaves
        .iter()
        .map(|c| c.threshold.unwrap_or(config.code_threshold))
        .collect();
    // Per segment: codes (leaf index) best first; accepted codes, then candidates. The
    // similarities are computed a block of segments at a time, so memory stays O(n + codes).
    let mut codes: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut similarity: Vec<f32> = Vec::with_capacity(n);
    for start in (0..n).step_by(CODE_BLOCK) {
        let end = (start + CODE_BLOCK).min(n);
        let sims = cluster::similarities(vectors.block(start..end).view(), centres.view());
        for row in sims.rows() {
            let pick = |candidates: bool| -> Vec<usize> {
                let mut fit: Vec<usize> = (0..leaves.len())
                    .filter(|&c| leaves[c].new == candidates && row[c] >= thresholds[c])
                    .collect();
                fit.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
                fit.truncate(config.max_codes);
                fit
            };
            let mut fit = pick(false);
            if fit.is_empty() {
                fit = pick(true);
            }
            similarity.push(match fit.first() {
                Some(&c) => row[c],
                None => row.iter().copied().fold(f32::NAN, f32::max),
            });
            codes.push(fit);
        }
    }

    // Hybrid: new themes among the uncoded segments, numbered after existing N ids.
    let mut found: Option<ThemeModel> = None;
    if hybrid {
        let rest: Vec<usize> = (0..n).filter(|&i| codes[i].is_empty()).collect();
        if !rest.is_empty() {
            let sub = vectors.subset(&rest);
            let sub_texts: Vec<&str> = rest.iter().map(|&i| texts[i]).collect();
            let model = find(&sub, &sub_texts, &vec![0; rest.len()], config, seed);
            for (j, &i) in rest.iter().enumerate() {
                if let Some(t) = model.assignment[j] {
                    codes[i] = vec![leaves.len() + t - 1];
                    similarity[i] = model.similarity[j];
                }
            }
            found = Some(model);
        }
    }

    build(
        vectors, texts, codebook, &leaves, &centres, codes, similarity, found, config,
    )
}

/// Assembles the model: codebook codes in file order (parents as the parent level), then new
/// themes; and the codebook to write back (with every centroid, new themes appended).
#[allow(clippy::too_many_arguments)]
fn build(
    vectors: &Vectors,
    texts: &[&str],
    codebook: &Codebook,
    leaves: &[&Code],
    centres: &Array2<f32>,
    codes: Vec<Vec<usize>>,
    similarity: Vec<f32>,
    found: Option<ThemeModel>,
    config: &ThemesConfig,
) -> ThemeModel {
    let n_found = found.as_ref().map_or(0, |m| m.themes.len());
    let fitted_on = found.as_ref().map_or(0, |m| m.fitted_on);
    let total = leaves.len() + n_found;
    let class_of: Vec<Option<usize>> = codes.iter().map(|c| c.first().copied()).collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (i, list) in codes.iter().enumerate() {
        for &c in list {
            members[c].push(i);
        }
    }
    let computed = label::keywords(texts, &class_of, total, config.keywords);
    let parent_codes: Vec<usize> = (0..codebook.codes.len())
        .filter(|&c| codebook.is_parent(c))
        .collect();
    let parent_id = |code: &Code| {
        code.parent
            .as_ref()
            .and_then(|p| {
                parent_codes
                    .iter()
                    .position(|&c| codebook.codes[c].id == *p)
            })
            .map(|p| p + 1)
    };
    // Fresh ids for new themes: N<k> after the highest N<k> already in the codebook.
    let taken = codebook
        .codes
        .iter()
        .filter_map(|c| c.id.strip_prefix('N')?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let mut themes: Vec<Theme> = Vec::with_capacity(total);
    for (c, keywords) in computed.into_iter().enumerate() {
        let (code, name, keywords, new, parent) = match leaves.get(c) {
            Some(code) => {
                let keywords = if code.keywords.is_empty() {
                    keywords
                } else {
                    code.keywords.clone()
                };
                (
                    code.id.clone(),
                    code.name.clone(),
                    keywords,
                    code.new,
                    parent_id(code),
                )
            }
            None => {
                let t = c - leaves.len();
                let name = found
                    .as_ref()
                    .map_or(String::new(), |m| m.themes[t].name.clone());
                (format!("N{}", taken + t + 1), name, keywords, true, None)
            }
        };
        themes.push(Theme {
            id: c + 1,
            code,
            new,
            name,
            exemplars: exemplar::pick(
                &|i| vectors.row(i),
                texts,
                &members[c],
                &similarity,
                config.exemplars,
            ),
            keywords,
            size: members[c].len(),
            parent,
        });
    }
    let parents: Vec<ParentTheme> = parent_codes
        .iter()
        .enumerate()
        .map(|(p, &c)| {
            let code = &codebook.codes[c];
            let children: Vec<usize> = themes
                .iter()
                .filter(|t| t.parent == Some(p + 1))
                .map(|t| t.id)
                .collect();
            ParentTheme {
                id: p + 1,
                code: code.id.clone(),
                name: code.name.clone(),
                keywords: code.keywords.clone(),
                size: children.iter().map(|&t| themes[t - 1].size).sum(),
                themes: children,
            }
        })
        .collect();

    let mut all_centres = centres.clone();
    let mut written = codebook.clone();
    if let Some(model) = &found {
        let theme_rows = model.centroids.view();
        ndarray::concatenate(Axis(0), &[centres.view(), theme_rows])
            .map(|c| all_centres = c)
            .expect("centroids share the embedding dimension");
        for (t, row) in model.themes.iter().zip(theme_rows.rows()) {
            let theme = &themes[leaves.len() + t.id - 1];
            written.codes.push(Code {
                id: theme.code.clone(),
                name: theme.name.clone(),
                keywords: theme.keywords.clone(),
                threshold: Some(config.min_similarity),
                new: true,
                centroid: Some(Centroid::new(row.to_vec())),
                ..Code::default()
            });
        }
    }
    ThemeModel {
        themes,
        parents,
        assignment: class_of.iter().map(|c| c.map(|c| c + 1)).collect(),
        secondary: codes
            .iter()
            .map(|c| c.iter().skip(1).map(|c| c + 1).collect())
            .collect(),
        similarity,
        centroids: all_centres,
        k_scores: Vec::new(),
        codebook: written,
        fitted_on,
    }
}
