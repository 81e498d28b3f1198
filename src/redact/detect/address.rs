//! Street addresses: a house number (or "Flat 3", "Unit 5") followed by capitalised name words
//! and a street word ("Road", "St", "Avenue", …), optionally a flat/suite and then the town
//! when the town is clearly part of the address (followed by a UK postcode or a US state and
//! ZIP). The span stops before the postcode or state: postal codes are their own kind.
//! `abroad` reads the forms of other countries and the postal codes beside them.
//!
//! Lower-case filler between the number and the street word is never accepted, which keeps
//! "10 minutes late down the road" and "a 5 star service" out.

use super::Detector;
use crate::redact::entity::{Detection, EntityKind};
use std::collections::HashSet;
use std::sync::LazyLock;
use words::{
    DIRECTIONS, LOWER_ADDRESS_CUES, LOWER_STREET_WORDS, NAME_FILLERS, NOT_STREET_NAMES,
    STREET_PREFIXES, STREET_WORDS, UNIT_WORDS, US_STATES, WAY_WORDS,
};

mod abroad;
mod abroad_words;
mod words;

#[derive(Debug)]
struct T<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    lower: String,
}

fn tokenize(text: &str) -> Vec<T<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                it.next();
            } else if d == '-' || d == '\'' || d == '\u{2019}' {
                let next = text[j + d.len_utf8()..].chars().next();
                if next.is_some_and(char::is_alphanumeric) {
                    it.next();
                    continue;
                }
                break;
            } else {
                break;
            }
        }
        let t = &text[i..end];
        out.push(T {
            start: i,
            end,
            text: t,
            lower: t.to_lowercase(),
        });
    }
    out
}

/// "12", "12a", "12A", "12-14", "1/2"-free house numbers of at most 5 digits (US numbers
/// run to five: "44091 David Plains").
fn is_house_number(s: &str) -> bool {
    let (range_a, range_b) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let ok = |p: &str| {
        let digits = p.chars().take_while(char::is_ascii_digit).count();
        let rest = &p[digits..];
        (1..=5).contains(&digits)
            && !p.starts_with('0')
            && (rest.is_empty()
                || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphabetic())))
    };
    ok(range_a) && range_b.is_none_or(ok)
}

fn is_ordinal(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&s.to_ascii_lowercase()[digits..], "st" | "nd" | "rd" | "th")
}

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// UK postcode starting at token `i` (one token "SW1A1AA" or two "SW1A" "1AA"), in any case
/// ("nr3 8xt" in a lower-case comment).
fn uk_postcode_at(toks: &[T<'_>], i: usize) -> bool {
    fn outward(s: &str) -> bool {
        let b = s.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
        if !(1..=2).contains(&letters) || b.len() <= letters {
            return false;
        }
        let rest = &b[letters..];
        rest[0].is_ascii_digit()
            && rest.len() <= 2
            && rest[1..]
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    }
    fn inward(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1..].iter().all(u8::is_ascii_uppercase)
    }
    let Some(t) = toks.get(i) else { return false };
    if !t.text.is_ascii() {
        return false;
    }
    let up = t.text.to_ascii_uppercase();
    if up.len() >= 5 && up.len() <= 7 {
        let (a, b) = up.split_at(up.len() - 3);
        if outward(a) && inward(b) {
            return true;
        }
    }
    outward(&up)
        && toks
            .get(i + 1)
            .is_some_and(|n| inward(&n.text.to_ascii_uppercase()))
}

/// Whether a word (lower case) names a kind of street in another language ("allee", "utca",
/// "via"): the person detector's evidence against a name. The USPS suffixes are left out:
/// many are surnames too ("Wells", "Fields").
pub(crate) fn is_street_type(lower: &str) -> bool {
    static TYPES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        abroad_words::TYPE_AFTER
            .iter()
            .chain(abroad_words::TYPE_FIRST)
            .copied()
            .collect()
    });
    TYPES.contains(lower)
}

/// Whether a capitalised word (`text`, and `lower` its lower case) is a one-word street name
/// ("Veldstraat", "Königsallee").
pub(crate) fn is_street_compound(text: &str, lower: &str) -> bool {
    lower.len() >= 5
        && is_capitalised(text)
        && abroad_words::COMPOUND_SUFFIXES
            .iter()
            .any(|s| lower.len() >= s.len() + 3 && lower.ends_with(s))
}

/// Finds street addresses. See the module documentation.
#[derive(Debug, Default, Clone)]
pub struct AddressDetector;

impl AddressDetector {
    pub fn new() -> Self {
        AddressDetector
    }

    fn gap<'a>(text: &'a str, toks: &[T<'_>], j: usize) -> &'a str {
        &text[toks[j - 1].end..toks[j].start]
    }

    /// Street name from token `k`: returns the index of the street word ending it.
    fn street_from(text: &str, toks: &[T<'_>], k: usize) -> Option<usize> {
        let first = &toks[k];
        // "5 OF THE RETAIL PARK": a filler never opens a street name.
        if NAME_FILLERS.contains(&first.lower.as_str()) {
            return None;
        }
        // Welsh streets put the type first: "Heol y Nant", "Ffordd Glan Môr".
        if STREET_PREFIXES.contains(&first.lower.as_str()) && is_capitalised(first.text) {
            let mut last = None;
            let mut j = k + 1;
            while j < toks.len() && j < k + 5 && Self::gap(text, toks, j) == " " {
                let t = &toks[j];
                if is_capitalised(t.text) && t.text.chars().all(char::is_alphabetic) {
                    last = Some(j);
                } else if !matches!(t.lower.as_str(), "y" | "yr" | "r") {
                    break;
                }
                j += 1;
            }
            if last.is_some() {
                return last;
            }
        }
        let mut best = None;
        let mut name_words = 0;
        let mut j = k;
        while j < toks.len() && j < k + 6 {
            if j > k {
                let g = Self::gap(text, toks, j);
                // "St. Mary's Road": a dot after an abbreviation.
                let dotted = g == ". " && matches!(toks[j - 1].lower.as_str(), "st" | "mt");
                if g != " " && !dotted {
                    break;
                }
            }
            let t = &toks[j];
            let is_street = STREET_WORDS.contains(&t.lower.as_str());
            if is_street && (name_words > 0 || t.lower == "broadway") {
                if !is_capitalised(t.text) {
                    // Lower-case suffix ("57 Cooper walks"): ends the name.
                    return Some(j);
                }
                best = Some(j);
            }
            let name_like = (is_capitalised(t.text) && t.text.chars().any(char::is_alphabetic))
                || is_ordinal(t.text)
                || (j > k && NAME_FILLERS.contains(&t.lower.as_str()));
            if !name_like {
                break;
            }
            // A street word can also be part of the name ("Park Lane", "Church Hill Road").
            name_words += 1;
            j += 1;
        }
        if best.is_none() && Self::way_street(first) {
            return Some(k);
        }
        best
    }

    /// "Kingsway": one capitalised word ending in "-way" that is no ordinary word.
    fn way_street(t: &T<'_>) -> bool {
        is_capitalised(t.text)
            && t.text.chars().skip(1).any(char::is_lowercase)
            && t.lower.len() >= 6
            && t.lower.ends_with("way")
            && t.lower.chars().all(|c| c.is_ascii_alphabetic())
            && !WAY_WORDS.contains(&t.lower.as_str())
    }

    /// A street written in lower case: one to three lower-case name words and an unambiguous
    /// street word ("64 hanson lane", "144a hill close"). The caller still needs a cue or a
    /// postcode, because "a 2 hour drive" has the same shape.
    fn lower_street_from(text: &str, toks: &[T<'_>], k: usize) -> Option<usize> {
        let mut j = k;
        while j < toks.len() && j < k + 4 {
            if j > k && Self::gap(text, toks, j) != " " {
                return None;
            }
            let t = &toks[j];
            if !t
                .text
                .chars()
                .all(|c| c.is_alphabetic() && c.is_lowercase())
            {
                return None;
            }
            if j > k && LOWER_STREET_WORDS.contains(&t.lower.as_str()) {
                // "hill close": a street word may be a name word when another follows.
                let more = j + 1 < toks.len()
                    && Self::gap(text, toks, j + 1) == " "
                    && LOWER_STREET_WORDS.contains(&toks[j + 1].lower.as_str());
                if !more {
                    return Some(j);
                }
            }
            if NOT_STREET_NAMES.contains(&t.lower.as_str())
                || (j == k && NAME_FILLERS.contains(&t.lower.as_str()))
            {
                return None;
            }
            j += 1;
        }
        None
    }

    fn detect_impl(&self, text: &str, toks: &[T<'_>], out: &mut Vec<Detection>) {
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let t = &toks[i];
            let mut start = t.start;
            let mut name_at = None;
            let unit = UNIT_WORDS.contains(&t.lower.as_str());
            // "Flat 3, 12 Baker Street", "Unit 5 Riverside Way", "Flat 12\nCooper walks".
            if unit
                && i + 1 < n
                && is_house_number(toks[i + 1].text)
                && matches!(Self::gap(text, toks, i + 1), " " | " #" | " No. " | " no. ")
            {
                let k = i + 2;
                if k < n {
                    let g = Self::gap(text, toks, k);
                    if matches!(g, " " | ", " | "\n" | ",\n" | ", \n")
                        && is_house_number(toks[k].text)
                        && k + 1 < n
                        && matches!(Self::gap(text, toks, k + 1), " " | ", ")
                    {
                        name_at = Some(k + 1);
                    } else if matches!(g, " " | ", " | "\n" | ",\n" | ", \n") {
                        name_at = Some(k);
                    }
                }
            } else if is_house_number(t.text) {
                let before = text[..t.start].chars().next_back();
                let money_or_ref = before
                    .is_some_and(|c| matches!(c, '£' | '$' | '€' | '#' | '/' | '.' | ':'))
                    || before.is_some_and(char::is_alphanumeric);
                // "in 2023 Park Run …": a year after a preposition is no house number.
                let year = t.text.len() == 4
                    && t.text
                        .parse::<u32>()
                        .is_ok_and(|y| (1900..=2099).contains(&y))
                    && i > 0
                    && matches!(
                        toks[i - 1].lower.as_str(),
                        "in" | "since"
                            | "of"
                            | "from"
                            | "until"
                            | "till"
                            | "by"
                            | "during"
                            | "year"
                            | "before"
                            | "after"
                            | "early"
                            | "late"
                            | "mid"
                            | "summer"
                            | "winter"
                            | "spring"
                            | "autumn"
                    );
                if !money_or_ref
                    && !year
                    && i + 1 < n
                    && matches!(Self::gap(text, toks, i + 1), " " | ", ")
                {
                    name_at = Some(i + 1);
                }
            }
            let Some(k) = name_at else {
                i += 1;
                continue;
            };
            let (street, lower) = match Self::street_from(text, toks, k) {
                Some(street) => (street, false),
                None => match Self::lower_street_from(text, toks, k) {
                    Some(street) => (street, true),
                    None => {
                        i += 1;
                        continue;
                    }
                },
            };
            // A direction after the street word: "Main St NW".
            let mut last = street;
            if last + 1 < n
                && Self::gap(text, toks, last + 1) == " "
                && DIRECTIONS.contains(&toks[last + 1].lower.as_str())
                && toks[last + 1].text.chars().all(|c| c.is_uppercase())
            {
                last += 1;
            }
            // Secondary unit after the street: "Apt. 4B", "Suite 200".
            if last + 2 < n
                && matches!(Self::gap(text, toks, last + 1), " " | ", " | "\n")
                && UNIT_WORDS.contains(&toks[last + 1].lower.as_str())
                && matches!(Self::gap(text, toks, last + 2), " " | ". " | " #" | ". #")
                && is_house_number(toks[last + 2].text)
            {
                last += 2;
            } else if last + 1 < n
                && Self::gap(text, toks, last + 1) == " #"
                && is_house_number(toks[last + 1].text)
            {
                // "90 Bedford St #3C".
                last += 1;
            }
            // Town, kept only when a US state + ZIP or a UK postcode follows. Without a comma
            // ("185 Osborne Mews Brighton, BN2 1UX") only a postcode confirms it.
            let mut score = 0.85;
            let mut postcode = false;
            if last + 1 < n {
                let g0 = Self::gap(text, toks, last + 1);
                let comma = matches!(g0, ", " | "\n" | ",\n" | ", \n");
                if comma || g0 == " " {
                    let town0 = last + 1;
                    let mut j = town0;
                    while j < n && j < town0 + 4 && (j == town0 || Self::gap(text, toks, j) == " ")
                    {
                        let w = toks[j].text;
                        let word = w.chars().all(|c| c.is_alphabetic() || c == '-')
                            && (is_capitalised(w) || lower);
                        let filler = j > town0 && matches!(toks[j].lower.as_str(), "upon" | "on");
                        if !(word || filler) || uk_postcode_at(toks, j) {
                            break;
                        }
                        j += 1;
                    }
                    if j > town0 && j < n {
                        let g = Self::gap(text, toks, j);
                        let state = toks[j].text;
                        if comma
                            && matches!(g, ", " | " ")
                            && US_STATES.contains(&state)
                            && j + 1 < n
                            && Self::gap(text, toks, j + 1) == " "
                            && is_zip(toks[j + 1].text)
                        {
                            // The town, not the state and ZIP: the ZIP is a postal code.
                            last = j - 1;
                            score = 0.9;
                        } else if matches!(g, " " | ", " | "\n" | ",\n") && uk_postcode_at(toks, j)
                        {
                            last = j - 1;
                            score = 0.9;
                            postcode = true;
                        }
                    }
                    if !postcode && comma && uk_postcode_at(toks, town0) {
                        postcode = true;
                    }
                }
            }
            // A lower-case street needs a postcode, a unit before it or an address cue
            // ("lives at", "doorstep of") before the number.
            if lower {
                let cue = i > 0 && LOWER_ADDRESS_CUES.contains(&toks[i - 1].lower.as_str());
                if !(postcode || unit || cue) {
                    i += 1;
                    continue;
                }
            }
            // Leading "No." is fine; start at the unit or number.
            if start > 0 && text[..start].ends_with("No. ") {
                start -= 4;
            }
            out.push(Detection {
                start,
                end: toks[last].end,
                kind: EntityKind::StreetAddress,
                score,
            });
            i = last + 1;
        }
    }
}

fn is_zip(s: &str) -> bool {
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    a.len() == 5
        && a.chars().all(|c| c.is_ascii_digit())
        && b.is_none_or(|b| b.len() == 4 && b.chars().all(|c| c.is_ascii_digit()))
}

impl Detector for AddressDetector {
    fn name(&self) -> &'static str {
        "street_address"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        let toks = tokenize(text);
        let before = out.len();
        self.detect_impl(text, &toks, out);
        let ours = |out: &[Detection]| -> Vec<(usize, usize)> {
            out[before..]
                .iter()
                .filter(|d| d.kind == EntityKind::StreetAddress)
                .map(|d| (d.start, d.end))
                .collect()
        };
        abroad::streets(text, &toks, &ours(out), out);
        abroad::postal_codes(text, &toks, &ours(out), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        AddressDetector::new().detect(text, &mut out);
        out.iter()
            .filter(|d| d.kind == EntityKind::StreetAddress)
            .map(|d| &text[d.start..d.end])
            .collect()
    }

    #[test]
    fn uk_addresses() {
        assert_eq!(
            spans("Please send it to 12 Baker Street, London NW1 6XE"),
            ["12 Baker Street, London"]
        );
        assert_eq!(
            spans("I live at 12a Church Rd near the shop"),
            ["12a Church Rd"]
        );
        assert_eq!(
            spans("Deliver to Flat 3, 45 Kings Road instead"),
            ["Flat 3, 45 Kings Road"]
        );
        assert_eq!(
            spans("Our office is Unit 5 Riverside Way, Leeds"),
            ["Unit 5 Riverside Way"]
        );
        assert_eq!(
            spans("left at 7 St. Mary's Close by mistake"),
            ["7 St. Mary's Close"]
        );
        assert_eq!(
            spans("moved to 221 Park Lane\nManchester\nM1 2AB last year"),
            ["221 Park Lane\nManchester"]
        );
        assert_eq!(
            spans("Flat 12\nCooper walks\nEast Sarah"),
            ["Flat 12\nCooper walks"]
        );
        assert_eq!(spans("57 Cooper walks"), ["57 Cooper walks"]);
        assert_eq!(spans("at 10 Downing St."), ["10 Downing St"]);
    }

    #[test]
    fn us_addresses() {
        assert_eq!(
            spans("Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 please"),
            ["1600 Pennsylvania Avenue NW, Washington"]
        );
        assert_eq!(
            spans("742 Evergreen Terrace\nSpringfield, IL 62704"),
            ["742 Evergreen Terrace\nSpringfield"]
        );
        assert_eq!(
            spans("my address is 350 W 5th Ave Apt. 4B in the city"),
            ["350 W 5th Ave Apt. 4B"]
        );
        assert_eq!(spans("at 12 Broadway"), ["12 Broadway"]);
    }

    #[test]
    fn near_misses() {
        for text in [
            "It took 2 days to arrive",
            "3 items were missing from my order",
            "the driver was 10 minutes late down the road",
            "a 5 star service from start to finish",
            "I paid £12 Park and Ride fee",
            "Order 1234 Street Food box was cold",
            "Rated 4 Stars overall",
            "I live on Baker Street",
            "page 2 of the Terms",
            "in 2023 Park Run was cancelled",
        ] {
            assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
        }
    }

    #[test]
    fn usps_suffixes_and_five_digit_numbers() {
        assert_eq!(
            spans("my US address, 9858 Terri Mission, Austin, TX 78701, which"),
            ["9858 Terri Mission, Austin"]
        );
        assert_eq!(
            spans("Billing address is 403 Reese Divide Apt 798 because"),
            ["403 Reese Divide Apt 798"]
        );
        assert_eq!(
            spans("at 18758 Stephen Crescent Suite 895, Seattle, WA 98103."),
            ["18758 Stephen Crescent Suite 895, Seattle"]
        );
        assert_eq!(
            spans("at 375 Randy Parks Suite 630"),
            ["375 Randy Parks Suite 630"]
        );
        assert_eq!(
            spans("to 90 Bedford St #3C, Denver, CO 80205."),
            ["90 Bedford St #3C, Denver"]
        );
    }

    #[test]
    fn uk_town_without_comma_and_single_word_streets() {
        assert_eq!(
            spans("my mum lives at 185 Osborne Mews Brighton, BN2 1UX."),
            ["185 Osborne Mews Brighton"]
        );
        assert_eq!(spans("lives at 137B Kingsway, nr3 8xt."), ["137B Kingsway"]);
        assert_eq!(spans("outside 55 Heol y Nant and then"), ["55 Heol y Nant"]);
        assert_eq!(
            spans("I live at 100 Ffordd Glan Môr, BT7 2BZ"),
            ["100 Ffordd Glan Môr"]
        );
        // A town needs the postcode when there is no comma.
        assert_eq!(
            spans("at 12 Baker Street Tomorrow is fine"),
            ["12 Baker Street"]
        );
        assert!(spans("I had 2 Takeaway meals").is_empty());
    }

    #[test]
    fn lower_case_streets_need_confirmation() {
        assert_eq!(
            spans("address on the order: 64 hanson lane, brighton bn2 0fe"),
            ["64 hanson lane, brighton"]
        );
        assert_eq!(
            spans("flat 29, 205 smith avenue, brighton"),
            ["flat 29, 205 smith avenue"]
        );
        assert_eq!(
            spans("the doorstep of 226 woodward way in the rain"),
            ["226 woodward way"]
        );
        for text in [
            "it was a 2 hour drive away",
            "took 10 min walk to the shop",
            "a 5 star service down the road",
            "I ordered 3 red grove things",
            "GATE 5 OF THE RETAIL PARK IS WHERE THE CLICK AND COLLECT IS.",
        ] {
            assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
        }
    }

    #[test]
    #[ignore]
    fn speed_address() {
        let base = [
            "Please send it to 12 Baker Street, London NW1 6XE as soon as possible.",
            "Delivery was late again and 3 items were missing, 10 minutes down the road.",
            "742 Evergreen Terrace\nSpringfield, IL 62704",
            "The app keeps crashing when I try to pay my bill in May.",
        ];
        let texts: Vec<String> = (0..20_000)
            .map(|i| format!("{} (#{i})", base[i % base.len()]))
            .collect();
        let d = AddressDetector::new();
        let t0 = std::time::Instant::now();
        let mut out = Vec::new();
        let mut total = 0;
        for t in &texts {
            out.clear();
            d.detect(t, &mut out);
            total += out.len();
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "address: {} texts in {secs:.3}s = {:.0} texts/s ({total} detections)",
            texts.len(),
            texts.len() as f64 / secs
        );
    }
}
