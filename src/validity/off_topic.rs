//! `off_topic`: posts that fit no theme and are not about the organisation. A post is off
//! topic when none of its segments reaches `social.off_topic_similarity` (cosine) to its
//! nearest theme centre or to the embedded `social.topic` description. It runs after the
//! themes are found (a post's fit is judged against them); the themes themselves are not
//! re-fitted without it.

/// Per post: its segments' best cosine to a theme centre and to the topic description
/// (`None` without a description). Returns the flags.
pub fn check(best: &[Option<(f32, Option<f32>)>], threshold: f32) -> Vec<Option<String>> {
    best.iter()
        .map(|b| {
            let (theme, topic) = (*b)?;
            let fit = theme.max(topic.unwrap_or(f32::MIN));
            (fit < threshold).then(|| {
                format!("fits no theme or the topic (best cosine {fit:.2} < {threshold:.2})")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_topic_needs_both_theme_and_topic_to_be_far() {
        let best = [
            Some((0.62, None)),
            Some((0.21, None)),
            Some((0.21, Some(0.55))),
            Some((0.21, Some(0.30))),
            None,
        ];
        let flags = check(&best, 0.4);
        assert!(flags[0].is_none());
        assert_eq!(
            flags[1].as_deref(),
            Some("fits no theme or the topic (best cosine 0.21 < 0.40)")
        );
        assert!(flags[2].is_none(), "about the organisation, if no theme");
        assert!(flags[3].is_some());
        assert!(flags[4].is_none(), "posts without segments are not judged");
    }
}
