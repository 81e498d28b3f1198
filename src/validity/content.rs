//! `no_content`: posts with no words of their own once links, handles, hashtags, redaction
//! tags, emoji and punctuation are set aside ("🔥🔥", "https://…", "@brand", "[URL]").

use super::Post;

pub fn check(posts: &[Post<'_>]) -> Vec<Option<String>> {
    posts
        .iter()
        .map(|p| {
            (!has_words(p.text))
                .then(|| "no words besides links, handles, tags or emoji".to_owned())
        })
        .collect()
}

/// Whether some token is a word: it has a letter and is not a link, `@handle`, `#tag` or a
/// redaction tag such as `[URL]` or `[HANDLE_2]`.
fn has_words(text: &str) -> bool {
    text.split_whitespace().any(|token| {
        let t = token.trim_matches(|c: char| !c.is_alphanumeric() && !"@#[]_:/.".contains(c));
        let tag = t.starts_with('[') && t.ends_with(']');
        let link = t.contains("://") || t.starts_with("www.");
        !(tag || link || t.starts_with('@') || t.starts_with('#'))
            && t.chars().any(char::is_alphabetic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_handles_tags_and_emoji_are_not_content() {
        for empty in [
            "🔥🔥🔥",
            "[URL]",
            "@FreshBasket [URL] #win",
            "https://x.y/z",
            "!!! 😡",
            "[HANDLE_2] [URL]",
        ] {
            assert!(!has_words(empty), "{empty}");
        }
        for text in [
            "late again",
            "@FreshBasket where is my order?",
            "ok",
            "[URL] broken link",
        ] {
            assert!(has_words(text), "{text}");
        }
    }
}
