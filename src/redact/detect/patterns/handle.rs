//! Social-media handles: "@name" with 2–30 characters of [A-Za-z0-9_.], not part of an email
//! address or URL, not a time ("@5pm"), not all digits, not a domain ("@gmail.com") and not a
//! chat keyword ("@here", "@everyone").

use crate::redact::detect::text::{char_after, char_before, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str = r"@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?";

const TLDS: &[&str] = &[
    "com", "net", "org", "co", "uk", "io", "de", "fr", "es", "it", "nl", "ie", "edu", "gov",
    "info", "biz", "me", "us", "ca", "au",
];
const KEYWORDS: &[&str] = &["here", "channel", "everyone", "all", "home", "work"];

/// Validates the candidate `text[start..end]` (starting with '@').
pub(crate) fn validate(text: &str, start: usize, end: usize) -> Option<Hit> {
    if matches!(char_before(text, start), Some(c) if c.is_alphanumeric() || "_.+-/@=&".contains(c))
    {
        return None;
    }
    if matches!(char_after(text, end), Some('@' | '-')) {
        return None;
    }
    let name = &text[start + 1..end];
    if !(2..=30).contains(&name.len()) || name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if is_time(name) || KEYWORDS.iter().any(|k| name.eq_ignore_ascii_case(k)) {
        return None;
    }
    if let Some((_, last)) = name.rsplit_once('.') {
        if TLDS.iter().any(|t| last.eq_ignore_ascii_case(t)) {
            return None;
        }
    }
    Some(Hit::new(start, end, EntityKind::SocialHandle, 0.85))
}

/// "5pm", "10am", "10.30", "10.30pm", "1030h".
fn is_time(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let core = lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("pm"))
        .or_else(|| lower.strip_suffix('h'))
        .unwrap_or(&lower);
    !core.is_empty() && core.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::SocialHandle;

    #[test]
    fn handle_positives() {
        let t = "Follow @jane_doe and @Acme.Support, DM @x_1. (@bob99)";
        assert_eq!(
            find(SocialHandle, t),
            vec!["@jane_doe", "@Acme.Support", "@x_1", "@bob99"]
        );
    }

    #[test]
    fn handle_near_misses() {
        for t in [
            "jane@example.com",
            "meet @ 5pm",
            "meet @5pm or @10.30",
            "@a",
            "@12345",
            "name @gmail.com",
            "@here please look",
            "https://medium.com/@author/post",
            "@abcdefghijabcdefghijabcdefghijk",
        ] {
            assert_eq!(find(SocialHandle, t), Vec::<&str>::new(), "{t}");
        }
    }
}
