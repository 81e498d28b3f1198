//! US Social Security numbers: AAA-GG-SSSS with area ≠ 000/666/9xx, group ≠ 00 and serial
//! ≠ 0000. Written with uniform dashes (or spaces); 9 bare digits only after a cue ("SSN",
//! "social security").

use super::number_span::NumberSpan;

/// Area / group / serial rules over 9 ASCII digits.
pub fn valid_parts(d: &[u8]) -> bool {
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let area = &d[..3];
    area != b"000" && area != b"666" && area[0] != b'9' && &d[3..5] != b"00" && &d[5..] != b"0000"
}

/// Score for an SSN candidate, or `None`; `cue` = an SSN cue precedes it.
pub(crate) fn score(n: &NumberSpan, d: &[u8], cue: bool) -> Option<f32> {
    if n.plus || n.paren_first || !valid_parts(d) {
        return None;
    }
    let grouped = n.lens_are(&[3, 2, 4]);
    let base = if grouped && n.seps_all("-") {
        0.95
    } else if (grouped && n.seps_all(" ")) || (n.groups.len() == 1 && cue) {
        0.85
    } else {
        return None;
    };
    Some(if cue { f32::max(base, 0.95) } else { base })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::UsSsn;

    #[test]
    fn ssn_rules() {
        assert!(valid_parts(b"123456789"));
        assert!(!valid_parts(b"000456789"));
        assert!(!valid_parts(b"666456789"));
        assert!(!valid_parts(b"923456789"));
        assert!(!valid_parts(b"123006789"));
        assert!(!valid_parts(b"123450000"));
    }

    #[test]
    fn ssn_positives() {
        let t = "SSN 078-05-1120, spouse 219 09 9999, my social security number is 536221234.";
        assert_eq!(
            find(UsSsn, t),
            vec!["078-05-1120", "219 09 9999", "536221234"]
        );
    }

    #[test]
    fn ssn_near_misses() {
        for t in [
            "536221234",   // bare 9 digits without a cue
            "666-12-3456", // forbidden area
            "912-34-5678", // 9xx area
            "123-00-4567", // zero group
            "123-45-0000", // zero serial
            "123-456-789", // wrong grouping
            "order 123-45-6789",
        ] {
            assert_eq!(find(UsSsn, t), Vec::<&str>::new(), "{t}");
        }
    }
}
