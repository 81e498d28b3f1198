//! Email addresses: `local@domain.tld` with an alphabetic TLD of ≥ 2 letters, no empty or
//! dash-edged labels, no ".." in the local part.

use crate::redact::detect::text::{char_after, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str = r"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+";

/// Validates the candidate `text[start..end]`.
pub(crate) fn validate(text: &str, start: usize, end: usize) -> Option<Hit> {
    let cand = &text[start..end];
    let at = cand.find('@')?;
    // Leading punctuation ("-john@…", "...john@…") is not part of the address.
    let skip = cand[..at].find(|c: char| c.is_ascii_alphanumeric())?;
    let local = &cand[skip..at];
    let domain = &cand[at + 1..];
    if local.len() > 64 || local.ends_with('.') || local.contains("..") {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels
        .iter()
        .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-') || l.len() > 63)
    {
        return None;
    }
    let tld = labels.last()?;
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if char_after(text, end) == Some('@') {
        return None;
    }
    Some(Hit::new(start + skip, end, EntityKind::Email, 0.99))
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::Email;

    #[test]
    fn email_positives() {
        let t = "Mail jane.doe@example.com, (j_smith+news@mail.example.co.uk) or \
                 <O'Brien-x@ex-ample.org>. Also 123@numbers.io.";
        assert_eq!(
            find(Email, t),
            vec![
                "jane.doe@example.com",
                "j_smith+news@mail.example.co.uk",
                "O'Brien-x@ex-ample.org",
                "123@numbers.io"
            ]
        );
        assert_eq!(find(Email, "-bob@example.com."), vec!["bob@example.com"]);
        assert_eq!(find(Email, "'bob@example.com'"), vec!["bob@example.com"]);
    }

    #[test]
    fn email_near_misses() {
        for t in [
            "bob@localhost",
            "bob@example.c",
            "bob@example.123",
            "bob..x@example.com",
            "bob.@example.com",
            "bob@-example.com",
            "meet @ 5pm",
            "@handle",
        ] {
            assert_eq!(find(Email, t), Vec::<&str>::new(), "{t}");
        }
    }
}
