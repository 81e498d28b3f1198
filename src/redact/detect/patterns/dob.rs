//! Dates of birth, only when introduced as such: a cue ("DOB", "D.O.B.", "date of birth",
//! "birth date", "born", "birthday") followed within a few words (≤ 5 words, ≤ 48 bytes, same
//! sentence) by a date: "12/03/1987", "12-03-87", "1987-03-12", "12 March 1987",
//! "12th of March 1987", "March 12th, 1987", "Mar 12 1987". The span is the date only.

use regex_automata::{meta::Regex, Input};

use crate::redact::detect::text::{char_after, char_before, is_word, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const CUE_PATTERN: &str =
    r"(?i-u:d\.?o\.?b\.?|date\s+of\s+birth|birth\s?date|born|birthday)";

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// How far after the cue the date may start.
const WINDOW: usize = 48;

/// Checks the cue's own boundaries; returns where the cue ends.
pub(crate) fn validate_cue(text: &str, start: usize, end: usize) -> Option<usize> {
    if is_word(char_before(text, start)) || is_word(char_after(text, end)) {
        return None;
    }
    Some(end)
}

/// Finds the date that follows a cue.
pub(crate) struct DateFinder {
    regex: Regex,
}

impl DateFinder {
    pub(crate) fn new() -> DateFinder {
        let patterns = [
            r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:[0-9]{4}|[0-9]{2})".to_string(),
            r"[0-9]{4}[/.\-][0-9]{1,2}[/.\-][0-9]{1,2}".to_string(),
            format!(r"(?i-u)[0-9]{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH},?\s+[0-9]{{4}}"),
            format!(r"(?i-u){MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}"),
        ];
        DateFinder {
            regex: Regex::new_many(&patterns).expect("date patterns compile"),
        }
    }

    /// The date of birth introduced by a cue ending at `cue_end`, if any.
    pub(crate) fn find(&self, text: &str, cue_end: usize) -> Option<Hit> {
        let mut limit = (cue_end + WINDOW + 32).min(text.len());
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let m = self.regex.search(&Input::new(text).span(cue_end..limit))?;
        let (s, e) = (m.start(), m.end());
        if s - cue_end > WINDOW || !gap_ok(&text[cue_end..s]) {
            return None;
        }
        if is_word(char_before(text, s)) || is_word(char_after(text, e)) {
            return None;
        }
        if char_after(text, e).is_some_and(|c| "/.-".contains(c))
            && text.as_bytes().get(e + 1).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        date_ok(&text[s..e], m.pattern().as_usize())
            .then(|| Hit::new(s, e, EntityKind::DateOfBirth, 0.95))
    }
}

/// Words between cue and date: at most 5, no digits, no sentence break.
fn gap_ok(gap: &str) -> bool {
    !gap.bytes()
        .any(|b| b.is_ascii_digit() || b"!?;\n".contains(&b))
        && !gap.contains(". ")
        && gap.split_whitespace().count() <= 5
}

fn date_ok(date: &str, pattern: usize) -> bool {
    let nums: Vec<u32> = date
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let year_ok = |y: u32, digits: usize| digits == 2 || (1900..=2099).contains(&y);
    let day = |d: u32| (1..=31).contains(&d);
    let month = |m: u32| (1..=12).contains(&m);
    match (pattern, nums.as_slice()) {
        (0, &[a, b, y]) => {
            let ylen = date
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .map_or(0, str::len);
            year_ok(y, ylen) && ((day(a) && month(b)) || (month(a) && day(b)))
        }
        (1, &[y, m, d]) => year_ok(y, 4) && month(m) && day(d),
        (2 | 3, &[d, y]) => day(d) && year_ok(y, 4),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::{find, find_all};
    use crate::redact::entity::EntityKind::DateOfBirth;

    #[test]
    fn dob_positives() {
        let t = "DOB: 12/03/1987. D.O.B. 1987-03-12; my date of birth is 12 March 1987, \
                 born on March 12th, 1987 and my birthday is the 3rd of May 1990. dob 5-6-87, \
                 Date of Birth - Sep 9 2001";
        assert_eq!(
            find(DateOfBirth, t),
            vec![
                "12/03/1987",
                "1987-03-12",
                "12 March 1987",
                "March 12th, 1987",
                "3rd of May 1990",
                "5-6-87",
                "Sep 9 2001"
            ]
        );
    }

    #[test]
    fn dob_needs_a_cue() {
        for t in [
            "Delivered on 12/03/2026, ordered 12 March 2026.",
            "I was born in 1987 in Leeds.",
            "Born and raised here. On 12/03/1987 we moved.",
            "Stubborn staff, 12/03/1987",
            "DOB 31/31/1987",
            "my birthday was ruined when the parcel promised for it came at last on 12/03/2026",
        ] {
            assert_eq!(find(DateOfBirth, t), Vec::<&str>::new(), "{t}");
        }
    }

    #[test]
    fn dob_date_is_not_reread_as_a_number() {
        assert_eq!(
            find_all("DOB 12.03.1987"),
            vec![("12.03.1987", DateOfBirth)]
        );
    }
}
