//! URLs starting with `http://`, `https://` or `www.`.
//!
//! Policy: every URL is redacted **except bare domains** — a URL whose only content is a host
//! (optionally a port and a trailing "/"), such as `www.example.com` or `https://example.com/`.
//! Anything with a path, query string, fragment or user info can point at a person (profile
//! pages, order links, tracking tokens), so it is redacted whole. A bare URL whose host is an IP
//! address is reported as that IP address. URLs without a scheme or `www.` ("example.com/u/1")
//! are not detected.

use crate::redact::detect::text::{char_before, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str = r#"(?i-u:https?://|www\.)[^\s<>"'`]+"#;

/// What to do with a URL candidate.
pub(crate) enum UrlVerdict {
    Redact(Hit),
    /// A bare domain: keep it, skip to `end`; `ip` when the host is an IP address.
    Keep {
        end: usize,
        ip: Option<Hit>,
    },
}

/// Validates the candidate `text[start..end]`.
pub(crate) fn validate(text: &str, start: usize, end: usize) -> Option<UrlVerdict> {
    if matches!(char_before(text, start), Some(c) if c.is_alphanumeric() || "@./_-".contains(c)) {
        return None;
    }
    let end = trim_trailing(text, start, end);
    let url = &text[start..end];
    let lower4 = url.get(..4).map(str::to_ascii_lowercase);
    let after_scheme = if lower4.as_deref() == Some("http") {
        url.find("://")? + 3
    } else {
        0
    };
    let rest = &url[after_scheme..];
    let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_len];
    let tail = &rest[host_len..];
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(i) => (true, &authority[i + 1..]),
        None => (false, authority),
    };
    let host = if hostport.starts_with('[') {
        hostport
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
    } else {
        hostport.split(':').next().unwrap_or("")
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == ':')
        || (!host.contains('.') && !host.contains(':') && !host.eq_ignore_ascii_case("localhost"))
    {
        return None;
    }
    let host_start = start + after_scheme + (authority.len() - hostport.len());
    let host_start = if hostport.starts_with('[') {
        host_start + 1
    } else {
        host_start
    };
    if !userinfo && (tail.is_empty() || tail == "/") {
        let ip = host.parse::<std::net::IpAddr>().ok().map(|_| {
            Hit::new(
                host_start,
                host_start + host.len(),
                EntityKind::IpAddress,
                0.95,
            )
        });
        return Some(UrlVerdict::Keep { end, ip });
    }
    let score = if userinfo || tail.contains('?') || tail.contains('#') {
        0.95
    } else {
        0.9
    };
    Some(UrlVerdict::Redact(Hit::new(
        start,
        end,
        EntityKind::Url,
        score,
    )))
}

/// Drops sentence punctuation after a URL, keeping a ")" that closes a "(" inside it.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let url = &text[start..end];
        let Some(last) = url.chars().next_back() else {
            return end;
        };
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '*' | ']' | '}' => true,
            ')' => url.matches('(').count() < url.matches(')').count(),
            _ => false,
        };
        if !drop {
            return end;
        }
        end -= last.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::{find, find_all};
    use crate::redact::entity::EntityKind::{IpAddress, Url};

    #[test]
    fn url_positives() {
        let t = "See https://shop.example.com/orders?id=991&email=a@b.com. Profile: \
                 www.facebook.com/jane.doe, (http://example.org/wiki/Foo_(bar)) and \
                 HTTPS://Example.com/track#x, ftp://no, https://user:pw@example.com";
        assert_eq!(
            find(Url, t),
            vec![
                "https://shop.example.com/orders?id=991&email=a@b.com",
                "www.facebook.com/jane.doe",
                "http://example.org/wiki/Foo_(bar)",
                "HTTPS://Example.com/track#x",
                "https://user:pw@example.com",
            ]
        );
    }

    #[test]
    fn bare_domains_are_kept() {
        for t in [
            "Visit www.example.com, or https://example.com/ or http://example.co.uk:8080.",
            "http://nohost/path",
            "swww.example.com/x",
        ] {
            assert_eq!(find(Url, t), Vec::<&str>::new(), "{t}");
        }
        assert_eq!(
            find_all("router at http://192.168.1.1/"),
            vec![("192.168.1.1", IpAddress)]
        );
    }
}
