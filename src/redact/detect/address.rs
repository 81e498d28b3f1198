//! Street addresses: a house number (or "Flat 3", "Unit 5") followed by capitalised name words
//! and a street word ("Road", "St", "Avenue", …), optionally a flat/suite and then the town
//! when the town is clearly part of the address (followed by a UK postcode or a US state and
//! ZIP). The span stops before a UK postcode: that is the postcode detector's.
//!
//! Lower-case filler between the number and the street word is never accepted, which keeps
//! "10 minutes late down the road" and "a 5 star service" out.

use super::Detector;
use crate::redact::entity::{Detection, EntityKind};

/// Street words (UK and USPS suffixes and their usual abbreviations), lower case.
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "av",
    "lane",
    "ln",
    "drive",
    "dr",
    "drv",
    "close",
    "cl",
    "crescent",
    "cres",
    "cresc",
    "way",
    "place",
    "pl",
    "court",
    "ct",
    "gardens",
    "gdns",
    "garden",
    "grove",
    "gr",
    "terrace",
    "terr",
    "ter",
    "tce",
    "hill",
    "hills",
    "park",
    "square",
    "sq",
    "mews",
    "row",
    "walk",
    "walks",
    "boulevard",
    "blvd",
    "highway",
    "hwy",
    "parkway",
    "pkwy",
    "green",
    "rise",
    "view",
    "views",
    "parade",
    "pde",
    "circus",
    "wharf",
    "quay",
    "yard",
    "vale",
    "gate",
    "broadway",
    "embankment",
    "circle",
    "cir",
    "trail",
    "trl",
    "pike",
    "alley",
    "hollow",
    "heights",
    "meadow",
    "meadows",
    "fields",
    "field",
    "end",
    "chase",
    "approach",
    "bank",
    "brow",
    "causeway",
    "common",
    "cross",
    "crossing",
    "dale",
    "dell",
    "glade",
    "glen",
    "lawn",
    "lawns",
    "link",
    "loop",
    "manor",
    "mount",
    "orchard",
    "oval",
    "path",
    "plaza",
    "point",
    "ridge",
    "side",
    "spur",
    "terrace",
    "track",
    "turnpike",
    "village",
    "villas",
    "wood",
    "woods",
    "wynd",
    "expressway",
    "freeway",
    "motorway",
    "bypass",
    "route",
    "run",
    "pass",
    "passage",
    "crest",
    "cove",
    "estate",
    "estates",
    "junction",
    "landing",
    "ranch",
    "springs",
    "spring",
    "stravenue",
    "throughway",
    "trafficway",
    "via",
    "viaduct",
    "vista",
    "ways",
    "streets",
    "roads",
    "groves",
    "mall",
    "knoll",
    "heath",
];

/// Words that open a unit before (or instead of) the house number.
const UNIT_WORDS: &[&str] = &[
    "flat",
    "unit",
    "apartment",
    "apt",
    "suite",
    "ste",
    "studio",
    "room",
];

const DIRECTIONS: &[&str] = &[
    "n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west",
];

const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP", "AA", "AE", "AP",
];

/// Lower-case words allowed inside a street name ("Stratford upon Avon Road", "Lord of the
/// Isles Way"), never first.
const NAME_FILLERS: &[&str] = &["of", "the", "upon", "on", "in", "by", "de", "la", "le"];

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

/// "12", "12a", "12A", "12-14", "1/2"-free house numbers of at most 4 digits.
fn is_house_number(s: &str) -> bool {
    let (range_a, range_b) = match s.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let ok = |p: &str| {
        let digits = p.chars().take_while(char::is_ascii_digit).count();
        let rest = &p[digits..];
        (1..=4).contains(&digits)
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

/// UK postcode starting at token `i` (one token "SW1A1AA" or two "SW1A" "1AA").
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
    if t.text.len() >= 5 && t.text.len() <= 7 && t.text.is_ascii() {
        let (a, b) = t.text.split_at(t.text.len() - 3);
        if outward(a) && inward(b) {
            return true;
        }
    }
    outward(t.text) && toks.get(i + 1).is_some_and(|n| inward(n.text))
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
        best
    }

    fn detect_impl(&self, text: &str, out: &mut Vec<Detection>) {
        let toks = tokenize(text);
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let t = &toks[i];
            let mut start = t.start;
            let mut name_at = None;
            // "Flat 3, 12 Baker Street", "Unit 5 Riverside Way", "Flat 12\nCooper walks".
            if UNIT_WORDS.contains(&t.lower.as_str())
                && i + 1 < n
                && is_house_number(toks[i + 1].text)
                && matches!(
                    Self::gap(text, &toks, i + 1),
                    " " | " #" | " No. " | " no. "
                )
            {
                let k = i + 2;
                if k < n {
                    let g = Self::gap(text, &toks, k);
                    if matches!(g, " " | ", " | "\n" | ",\n" | ", \n")
                        && is_house_number(toks[k].text)
                        && k + 1 < n
                        && matches!(Self::gap(text, &toks, k + 1), " " | ", ")
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
                    && matches!(Self::gap(text, &toks, i + 1), " " | ", ")
                {
                    name_at = Some(i + 1);
                }
            }
            let Some(k) = name_at else {
                i += 1;
                continue;
            };
            let Some(street) = Self::street_from(text, &toks, k) else {
                i += 1;
                continue;
            };
            // A direction after the street word: "Main St NW".
            let mut last = street;
            if last + 1 < n
                && Self::gap(text, &toks, last + 1) == " "
                && DIRECTIONS.contains(&toks[last + 1].lower.as_str())
                && toks[last + 1].text.chars().all(|c| c.is_uppercase())
            {
                last += 1;
            }
            // Secondary unit after the street: "Apt. 4B", "Suite 200".
            if last + 2 < n
                && matches!(Self::gap(text, &toks, last + 1), " " | ", " | "\n")
                && UNIT_WORDS.contains(&toks[last + 1].lower.as_str())
                && matches!(Self::gap(text, &toks, last + 2), " " | ". " | " #" | ". #")
                && is_house_number(toks[last + 2].text)
            {
                last += 2;
            }
            // Town, kept only when a US state + ZIP or a UK postcode follows.
            let mut score = 0.85;
            if last + 1 < n
                && matches!(
                    Self::gap(text, &toks, last + 1),
                    ", " | "\n" | ",\n" | ", \n"
                )
            {
                let town0 = last + 1;
                let mut j = town0;
                while j < n
                    && j < town0 + 3
                    && is_capitalised(toks[j].text)
                    && toks[j].text.chars().any(char::is_lowercase)
                    && (j == town0 || Self::gap(text, &toks, j) == " ")
                {
                    j += 1;
                }
                if j > town0 && j < n {
                    let g = Self::gap(text, &toks, j);
                    let state = toks[j].text;
                    if matches!(g, ", " | " ")
                        && US_STATES.contains(&state)
                        && j + 1 < n
                        && Self::gap(text, &toks, j + 1) == " "
                        && is_zip(toks[j + 1].text)
                    {
                        last = j + 1;
                        score = 0.9;
                    } else if matches!(g, " " | ", " | "\n" | ",\n") && uk_postcode_at(&toks, j) {
                        last = j - 1;
                        score = 0.9;
                    }
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
        self.detect_impl(text, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        AddressDetector::new().detect(text, &mut out);
        assert!(out.iter().all(|d| d.kind == EntityKind::StreetAddress));
        out.iter().map(|d| &text[d.start..d.end]).collect()
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
            ["1600 Pennsylvania Avenue NW, Washington, DC 20500"]
        );
        assert_eq!(
            spans("742 Evergreen Terrace\nSpringfield, IL 62704"),
            ["742 Evergreen Terrace\nSpringfield, IL 62704"]
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
