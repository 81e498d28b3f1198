//! `other_language`: posts identified (whatlang) as a language outside `social.languages`
//! with at least `social.language_confidence`. Short posts (fewer than [`MIN_WORDS`] words)
//! and posts below that confidence are given the benefit of the doubt. (whatlang's own
//! `is_reliable` wants more text than most posts have.) whatlang's trigrams sometimes call
//! plain English Dutch with full confidence, so when English is allowed a post whose words are
//! at least [`ENGLISH_SHARE`] common English function words is English, whatever whatlang says.

use super::Post;
use whatlang::Lang;

/// Fewer words than this are too short to identify a language reliably.
const MIN_WORDS: usize = 4;

/// Share of English function words that makes a post English.
const ENGLISH_SHARE: f64 = 0.25;

/// Common English function words (none of them a common word in the languages whatlang
/// confuses English with).
const ENGLISH_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "am", "an", "and", "are", "at", "be", "because", "been",
    "but", "by", "can", "can't", "did", "didn't", "do", "does", "don't", "even", "for", "from",
    "had", "has", "hasn't", "have", "how", "i", "i'm", "if", "in", "is", "isn't", "it", "it's",
    "just", "me", "my", "no", "not", "of", "on", "one", "or", "our", "so", "still", "that", "the",
    "their", "them", "then", "there", "they", "this", "to", "too", "up", "was", "wasn't", "we",
    "were", "what", "when", "which", "who", "why", "will", "with", "you", "your",
];

/// Whether at least [`ENGLISH_SHARE`] of the post's words are English function words.
fn looks_english(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect();
    let english = words
        .iter()
        .filter(|w| ENGLISH_WORDS.contains(&w.as_str()))
        .count();
    !words.is_empty() && english as f64 / words.len() as f64 >= ENGLISH_SHARE
}

pub fn check(posts: &[Post<'_>], languages: &[String], confidence: f64) -> Vec<Option<String>> {
    let allowed: Vec<Lang> = languages
        .iter()
        .filter_map(|code| Lang::from_code(code.as_str()))
        .collect();
    posts
        .iter()
        .map(|p| {
            if allowed.is_empty() || super::words(p.text).len() < MIN_WORDS {
                return None;
            }
            if allowed.contains(&Lang::Eng) && looks_english(p.text) {
                return None;
            }
            let info = whatlang::detect(p.text)?;
            (info.confidence() >= confidence && !allowed.contains(&info.lang())).then(|| {
                format!(
                    "written in {} ({})",
                    info.lang().eng_name(),
                    info.lang().code()
                )
            })
        })
        .collect()
}

/// Whether `code` is an ISO 639-3 code whatlang knows, for config validation.
pub fn known(code: &str) -> bool {
    Lang::from_code(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(text: &str) -> Post<'_> {
        Post {
            id: "x",
            text,
            author: "a",
            minute: None,
        }
    }

    #[test]
    fn flags_confident_other_languages_only() {
        let posts = [
            post("The delivery was two hours late and the driver was rude to me."),
            post("El pedido llegó tarde otra vez y faltaban varios productos, muy mal servicio."),
            post("La livraison est encore arrivée en retard et il manquait des articles."),
            post("Muy mal"),
            // whatlang: Dutch, confidence 1.0.
            post("Quick shout out because the driver left my shopping on the wet doorstep."),
            post("De bezorging was weer te laat en er ontbraken een paar producten"),
        ];
        let flags = check(&posts, &["eng".to_owned()], 0.5);
        assert!(flags[0].is_none());
        assert_eq!(flags[1].as_deref(), Some("written in Spanish (spa)"));
        assert!(flags[2].as_deref().unwrap().contains("French"));
        assert!(flags[3].is_none(), "too short to tell");
        assert!(flags[4].is_none(), "English by its function words");
        assert!(flags[5].as_deref().unwrap().contains("Dutch"));
        assert!(
            check(&posts, &[], 0.5).iter().all(Option::is_none),
            "no languages: check off"
        );
        assert!(known("eng") && !known("en"));
    }
}
