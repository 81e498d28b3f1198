//! IP addresses, validated with `std::net` parsing. IPv4 needs four dotted parts (so "1.2.3"
//! version numbers never match), must not continue with ".digit", and is rejected after
//! version words ("v", "version", "build", "iOS", …). IPv6 needs at least two non-empty groups
//! and one group that is not a short decimal (so times like "10:30:45" are not addresses).

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::redact::detect::text::{char_after, char_before, cue_before, is_word, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const V4_PATTERN: &str = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}";
pub(crate) const V6_PATTERN: &str =
    r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.[0-9]{1,3}){0,3}";

const VERSION_CUES: &[&str] = &[
    "v", "ver", "version", "build", "release", "firmware", "ios", "android", "macos", "windows",
    "chrome", "firefox", "update", "updated", "app", "os",
];

/// Validates an IPv4 candidate.
pub(crate) fn validate_v4(text: &str, start: usize, end: usize) -> Option<Hit> {
    let before = char_before(text, start);
    if is_word(before) || before == Some('.') {
        return None;
    }
    let after = char_after(text, end);
    if is_word(after) {
        return None;
    }
    if after == Some('.') && text.as_bytes().get(end + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    text[start..end].parse::<Ipv4Addr>().ok()?;
    if cue_before(text, start, 16, VERSION_CUES) {
        return None;
    }
    Some(Hit::new(start, end, EntityKind::IpAddress, 0.95))
}

/// Validates an IPv6 candidate.
pub(crate) fn validate_v6(text: &str, start: usize, end: usize) -> Option<Hit> {
    let before = char_before(text, start);
    if is_word(before) || matches!(before, Some(':' | '.')) {
        return None;
    }
    let after = char_after(text, end);
    if is_word(after) || after == Some(':') {
        return None;
    }
    let cand = &text[start..end];
    cand.parse::<Ipv6Addr>().ok()?;
    let groups: Vec<&str> = cand.split(':').filter(|g| !g.is_empty()).collect();
    let substantial = groups
        .iter()
        .any(|g| g.len() >= 3 || g.bytes().any(|b| b.is_ascii_alphabetic()) || g.contains('.'));
    if groups.len() < 2 || !substantial {
        return None;
    }
    Some(Hit::new(start, end, EntityKind::IpAddress, 0.95))
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::IpAddress;

    #[test]
    fn ip_positives() {
        let t = "From 192.168.0.17, 8.8.8.8:53 and 203.0.113.254. v6 2001:db8::8a2e:370:7334, \
                 fe80::1ff:fe23:4567:890a, ::ffff:192.0.2.128 and 2001:0db8:0000:0000:0000:ff00:0042:8329.";
        assert_eq!(
            find(IpAddress, t),
            vec![
                "192.168.0.17",
                "8.8.8.8",
                "203.0.113.254",
                "2001:db8::8a2e:370:7334",
                "fe80::1ff:fe23:4567:890a",
                "::ffff:192.0.2.128",
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
            ]
        );
    }

    #[test]
    fn ip_near_misses() {
        for t in [
            "v2.3.1",
            "iOS 17.4.1",
            "version 1.2.3.4",
            "v1.2.3.4",
            "1.2.3.4.5",
            "256.1.1.1",
            "192.168.01.1",
            "at 10:30:45",
            "ratio 1:2:3",
            "£1,234.56",
            "Note:: see",
        ] {
            assert_eq!(find(IpAddress, t), Vec::<&str>::new(), "{t}");
        }
    }
}
