//! Exemplar quotes: the most central members of a theme, without near-duplicates.

/// Cosine similarity at or above which two candidates count as near-duplicates.
pub(crate) const DUPLICATE_COSINE: f32 = 0.9;
/// Texts with at least this many words are preferred as exemplars.
pub(crate) const MIN_WORDS: usize = 4;

/// Up to `count` exemplar segment indices for one theme, most central first.
///
/// `members` are the theme's segment indices, `vector(i)` segment i's embedding,
/// `similarity[i]` its cosine similarity to
/// the theme centre. Candidates are taken by similarity (highest first, ties by index); one is
/// skipped when its embedding has cosine ≥ [`DUPLICATE_COSINE`] with an exemplar already chosen
/// or its trimmed lowercased text equals one already chosen. Texts of at least [`MIN_WORDS`]
/// words are taken first; shorter ones only fill the remaining places.
pub(crate) fn pick(
    vector: &dyn Fn(usize) -> Vec<f32>,
    texts: &[&str],
    members: &[usize],
    similarity: &[f32],
    count: usize,
) -> Vec<usize> {
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        similarity[b]
            .total_cmp(&similarity[a])
            .then_with(|| a.cmp(&b))
    });
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    let mut chosen_vectors: Vec<Vec<f32>> = Vec::with_capacity(count);
    let mut chosen_texts: Vec<String> = Vec::with_capacity(count);
    for long_pass in [true, false] {
        for &i in &order {
            if chosen.len() >= count {
                break;
            }
            let long = texts[i].split_whitespace().count() >= MIN_WORDS;
            if long != long_pass {
                continue;
            }
            let text = texts[i].trim().to_lowercase();
            if chosen_texts.contains(&text) {
                continue;
            }
            let row = vector(i);
            let dot = |other: &Vec<f32>| row.iter().zip(other).map(|(a, b)| a * b).sum::<f32>();
            if chosen_vectors.iter().any(|v| dot(v) >= DUPLICATE_COSINE) {
                continue;
            }
            chosen.push(i);
            chosen_vectors.push(row);
            chosen_texts.push(text);
        }
    }
    // Most central first, whichever pass chose them.
    chosen.sort_by(|&a, &b| {
        similarity[b]
            .total_cmp(&similarity[a])
            .then_with(|| a.cmp(&b))
    });
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn themes_exemplars_skip_near_duplicates() {
        let emb = array![
            [1.0f32, 0.0, 0.0],
            [0.999, 0.0447, 0.0], // near-duplicate of 0 (cos ≈ 0.999)
            [0.8, 0.6, 0.0],
            [0.8, 0.0, 0.6],
            [0.6, -0.8, 0.0],
        ];
        let texts = [
            "The delivery was late again",
            "the delivery was late again!",
            "Driver was rude at the door",
            "Parcel left outside in the rain",
            "The DELIVERY was late again", // same text as 0, different embedding
        ];
        let sims = [0.99, 0.98, 0.80, 0.80, 0.95];
        let members = [0, 1, 2, 3, 4];
        let ex = pick(&|i| emb.row(i).to_vec(), &texts, &members, &sims, 3);
        assert_eq!(ex, vec![0, 2, 3]);
        // Fewer exemplars than requested when every other candidate duplicates.
        let ex = pick(&|i| emb.row(i).to_vec(), &texts, &[0, 1, 4], &sims, 3);
        assert_eq!(ex, vec![0]);
    }

    #[test]
    fn themes_exemplars_prefer_longer_texts() {
        let emb = array![[1.0f32, 0.0], [0.0, 1.0], [0.6, 0.8]];
        let texts = ["Too slow", "The checkout page is very slow", "Slow"];
        let sims = [0.99, 0.7, 0.9];
        assert_eq!(
            pick(&|i| emb.row(i).to_vec(), &texts, &[0, 1, 2], &sims, 1),
            vec![1]
        );
        // Short texts fill remaining places; output is most central first.
        assert_eq!(
            pick(&|i| emb.row(i).to_vec(), &texts, &[0, 1, 2], &sims, 2),
            vec![0, 1]
        );
    }
}
