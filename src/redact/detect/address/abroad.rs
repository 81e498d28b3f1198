//! Addresses as the rest of the world writes them, beside the UK/US forms of the parent:
//! - the number after the street: "Hendrikstraat 5", "Puruntie 82 B 5", "Via Franscini, 71",
//!   "Egeri utca 79.", "ul. Marszałkowska 10/12", "Soseaua Mazilescu Nr. 141";
//! - the number before a street-type word of another language: "82, rue de Weber";
//! - flats, floors and doors after it ("4º B", "Piso 1, Puerta 3", "Whg. 32", "bus 12");
//! - PO boxes and military addresses ("Postfach 8222", "PSC 2814, Box 5280", "USS Stafford");
//! - postal codes of many countries when an address, a city or a cue vouches for them
//!   ("84745 Berlin", "LV-4800", "655 75 Stráž", "postcode 87-547", "APO AE 15101").

use super::abroad_words::{
    ABROAD_TAIL_WORDS, ADDRESS_CUES, COMPOUND_SUFFIXES, ENGLISH_HOMOGRAPHS, NAME_PARTICLES,
    NOT_CITIES, POSTAL_CUES, SLAVIC_ENDINGS, TYPE_AFTER, TYPE_FIRST,
};
use super::{is_capitalised, is_house_number, T};
use crate::redact::entity::{Detection, EntityKind};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The word lists the rules look up for every token, as sets.
struct Sets {
    type_first: HashSet<&'static str>,
    type_after: HashSet<&'static str>,
    homographs: HashSet<&'static str>,
    particles: HashSet<&'static str>,
    tail: HashSet<&'static str>,
}

static SETS: LazyLock<Sets> = LazyLock::new(|| {
    let set = |words: &[&'static str]| words.iter().copied().collect();
    Sets {
        type_first: set(TYPE_FIRST),
        type_after: set(TYPE_AFTER),
        homographs: set(ENGLISH_HOMOGRAPHS),
        particles: set(NAME_PARTICLES),
        tail: set(ABROAD_TAIL_WORDS),
    }
});

fn gap<'a>(text: &'a str, toks: &[T<'_>], j: usize) -> &'a str {
    &text[toks[j - 1].end..toks[j].start]
}

/// A word of a street's name: capitalised ("Ferrando", "Knyaz"), a roman numeral ("I") or a
/// particle ("de", "della", "d'").
fn name_word(t: &T<'_>) -> bool {
    // "DOB", "NI": short capitals are acronyms, not names.
    let acronym = t.text.chars().count() <= 3 && !t.text.chars().any(char::is_lowercase);
    (is_capitalised(t.text) && t.text.chars().any(char::is_alphabetic) && !acronym)
        || SETS.particles.contains(t.lower.as_str())
}

/// A street-type word in front of the name: English homographs ("via", "place", "route")
/// count only capitalised ("Via Roma", "Place Vendôme").
fn type_first(t: &T<'_>) -> bool {
    SETS.type_first.contains(t.lower.as_str())
        && (is_capitalised(t.text) || !SETS.homographs.contains(t.lower.as_str()))
}

fn compound_street(t: &T<'_>) -> bool {
    is_capitalised(t.text)
        && COMPOUND_SUFFIXES
            .iter()
            .any(|s| t.lower.len() >= s.len() + 2 && t.lower.ends_with(s))
}

/// Markers between a street and its number: "Nr.", "No.", "n°", "nº", "No:".
fn number_marker(t: &T<'_>) -> bool {
    matches!(
        t.lower.as_str(),
        "nr" | "no" | "n" | "n°" | "nº" | "num" | "br"
    )
}

/// The house number at token `k` (after a street ending at `k - 1`): its last token, taking
/// "42/44", "10/13" and a marker ("Nr. 141") with it.
fn number_after(text: &str, toks: &[T<'_>], k: usize) -> Option<usize> {
    let mut k = k;
    if k >= toks.len() || !matches!(gap(text, toks, k), " " | ", " | ". ") {
        return None;
    }
    if number_marker(&toks[k])
        && k + 1 < toks.len()
        && matches!(gap(text, toks, k + 1), ". " | " " | ": " | ":" | ".")
    {
        k += 1;
    }
    if !is_house_number(toks[k].text) {
        return None;
    }
    // "42/44", "10/13": a building and its flat, or a range.
    if k + 1 < toks.len()
        && gap(text, toks, k + 1) == "/"
        && toks[k + 1].text.chars().all(|c| c.is_ascii_alphanumeric())
        && toks[k + 1].text.len() <= 4
    {
        k += 1;
    }
    Some(k)
}

/// Flats, floors, doors and staircases after the number: ", 4º B", " Piso 1, Puerta 3",
/// ", Whg. 32", " bus 12", " B 5", " D: 31", " RT 14/RW 07". Returns the last token.
fn tail(text: &str, toks: &[T<'_>], last: usize) -> usize {
    let mut last = last;
    for _ in 0..3 {
        let k = last + 1;
        if k >= toks.len() || !matches!(gap(text, toks, k), " " | ", " | "\n") {
            break;
        }
        let t = &toks[k];
        let ordinal = t.text.ends_with(['º', 'ª']) || gap_after(text, toks, k) == ". ";
        let unit_word = SETS.tail.contains(t.lower.as_str());
        // "B 5" (Finnish staircase and flat).
        let letter = t.text.len() == 1 && t.text.chars().all(|c| c.is_ascii_uppercase());
        let ordinal_number = ordinal && t.text.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !(unit_word || letter || ordinal_number) {
            break;
        }
        let mut end = k;
        if k + 1 < toks.len() {
            let g = gap(text, toks, k + 1);
            let next = &toks[k + 1];
            let short = next.text.chars().count() <= 4
                && next
                    .text
                    .chars()
                    .any(|c| c.is_ascii_digit() || c.is_uppercase());
            if matches!(g, " " | ". " | ": " | "." | ":") && short
                || ordinal && matches!(g, " " | ". ") && SETS.tail.contains(next.lower.as_str())
            {
                end = k + 1;
                // "RT 14/RW 07"
                if end + 2 < toks.len()
                    && gap(text, toks, end + 1) == "/"
                    && SETS.tail.contains(toks[end + 1].lower.as_str())
                {
                    end += 2;
                }
            } else if letter {
                break;
            }
        }
        if letter && end == k {
            break;
        }
        last = end;
    }
    last
}

fn gap_after<'a>(text: &'a str, toks: &[T<'_>], k: usize) -> &'a str {
    if k + 1 < toks.len() {
        gap(text, toks, k + 1)
    } else {
        &text[toks[k].end..]
    }
}

fn cue_before(toks: &[T<'_>], i: usize, cues: &[&str], reach: usize) -> bool {
    toks[i.saturating_sub(reach)..i]
        .iter()
        .any(|t| cues.contains(&t.lower.as_str()))
}

/// Street-first addresses, numbers before a foreign street-type word, PO boxes and military
/// addresses.
pub(super) fn streets(
    text: &str,
    toks: &[T<'_>],
    found: &[(usize, usize)],
    out: &mut Vec<Detection>,
) {
    let n = toks.len();
    let mut i = 0;
    while i < n {
        // Inside an address the UK/US rules already found.
        if let Some(&(_, end)) = found
            .iter()
            .find(|&&(s, e)| s <= toks[i].start && toks[i].start < e)
        {
            while i < n && toks[i].start < end {
                i += 1;
            }
            continue;
        }
        let found = street_at(text, toks, i);
        match found {
            Some((start_tok, last, score)) => {
                let last = tail(text, toks, last);
                out.push(Detection {
                    start: toks[start_tok].start,
                    end: toks[last].end,
                    kind: EntityKind::StreetAddress,
                    score,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
}

/// An address starting at token `i`: (first token, house-number token, score).
fn street_at(text: &str, toks: &[T<'_>], i: usize) -> Option<(usize, usize, f32)> {
    let n = toks.len();
    let t = &toks[i];
    // "PO Box 5292", "P.O. Box 12", "Postfach 8222", "PSC 2814, Box 5280", "Unit 6833 Box 6142".
    if let Some(last) = box_at(text, toks, i) {
        return Some((i, last, 0.85));
    }
    // "USS Stafford" / "USNS Luna" above an FPO line.
    if matches!(t.text, "USS" | "USNS") && i + 2 < n && is_capitalised(toks[i + 1].text) {
        let fpo = toks[i + 2..]
            .iter()
            .take(3)
            .any(|x| matches!(x.text, "FPO" | "APO" | "DPO"));
        if fpo && gap(text, toks, i + 1) == " " {
            return Some((i, i + 1, 0.8));
        }
    }
    // "82, rue de Weber", "88 rue de Didier": a number, then a street-type word in front.
    if is_house_number(t.text)
        && i + 2 < n
        && matches!(gap(text, toks, i + 1), " " | ", ")
        && toks[i + 1].lower.chars().count() >= 3
        && type_first(&toks[i + 1])
        // "3 place settings", "5 Avenue Road" (the UK rules' own): French types are lower case.
        && (!matches!(toks[i + 1].lower.as_str(), "place" | "square" | "avenue")
            || toks[i + 1].text.chars().all(char::is_lowercase))
    {
        let mut j = i + 2;
        let mut last = None;
        while j < n && j < i + 7 && matches!(gap(text, toks, j), " " | "'") {
            // "d'ixelles", or any word after a particle ("rue de la paix").
            let elided = ["d'", "l'", "d’", "l’"]
                .iter()
                .any(|p| toks[j].lower.starts_with(p));
            let after_particle = SETS.particles.contains(toks[j - 1].lower.as_str());
            let lower_word = (elided || after_particle)
                && toks[j]
                    .text
                    .chars()
                    .all(|c| c.is_lowercase() || c == '\'' || c == '’');
            if !name_word(&toks[j]) && !lower_word {
                break;
            }
            if !SETS.particles.contains(toks[j].lower.as_str()) {
                last = Some(j);
            }
            j += 1;
        }
        if let Some(last) = last {
            return Some((i, last, 0.85));
        }
    }
    // "H.No. 42, Goel Zila": an Indian house number, then the locality.
    if t.lower == "h" && i + 3 < n && toks[i + 1].lower == "no" && is_house_number(toks[i + 2].text)
    {
        let mut last = i + 2;
        let mut j = i + 3;
        while j < n
            && j < i + 6
            && matches!(gap(text, toks, j), " " | ", ")
            && is_capitalised(toks[j].text)
        {
            last = j;
            j += 1;
            if gap(text, toks, j.min(n - 1)) == ", " {
                break;
            }
        }
        if last > i + 2 {
            return Some((i, last, 0.8));
        }
    }
    if !(is_capitalised(t.text) || type_first(t)) {
        return None;
    }
    // "Via Franscini 71", "ul. Chopina 82", "Ronda Carina Arroyo 14", "Soseaua X Nr. 141".
    if type_first(t) {
        let mut j = i + 1;
        let mut names = 0;
        while j < n && j < i + 7 {
            let g = gap(text, toks, j);
            if !matches!(g, " " | ". " | "'") {
                break;
            }
            if !name_word(&toks[j]) {
                break;
            }
            names += usize::from(!SETS.particles.contains(toks[j].lower.as_str()));
            j += 1;
        }
        if names > 0 {
            if let Some(last) = number_after(text, toks, j) {
                return Some((i, last, 0.85));
            }
        }
    }
    // "Hendrikstraat 5", "Charlotte-Schuller-Weg 8/7", "Bährstr. 3/4".
    if compound_street(t) {
        if let Some(last) = number_after(text, toks, i + 1) {
            return Some((i, last, 0.85));
        }
    }
    // "Egeri utca 79.", "Lāčplēša iela 105", "Cigaletova ulica 4c", "Lale Sok. 112".
    let mut j = i;
    while j < n && j < i + 4 && (j == i || gap(text, toks, j) == " ") && name_word(&toks[j]) {
        j += 1;
        if j < n
            && j > i
            && matches!(gap(text, toks, j), " ")
            && SETS.type_after.contains(toks[j].lower.as_str())
        {
            if let Some(last) = number_after(text, toks, j + 1) {
                return Some((i, last, 0.85));
            }
        }
    }
    // "K Vodě 162/33", "Nad Rohatci 9": a Czech or Slovak preposition street.
    if matches!(
        t.lower.as_str(),
        "k" | "na" | "nad" | "pod" | "u" | "v" | "za" | "pri" | "pred"
    ) && i + 1 < n
        && gap(text, toks, i + 1) == " "
        && is_capitalised(toks[i + 1].text)
    {
        if let Some(last) = number_after(text, toks, i + 2) {
            return Some((i, last, 0.75));
        }
    }
    // "Neužilova 10/13", "Medvedgradska 6a": an adjectival Slavic street name, or any
    // capitalised name after an address cue ("Address: Brekkevollen 135").
    let slavic = SLAVIC_ENDINGS
        .iter()
        .any(|e| t.lower.len() >= e.len() + 3 && t.lower.ends_with(e));
    // "Address: Brekkevollen 135", "moved to Eideeggen 22", "address is Medvedgradska 6a".
    let cued = i >= 1 && {
        let g = gap(text, toks, i);
        let p = toks[i - 1].lower.as_str();
        (ADDRESS_CUES.contains(&p) && (g.contains(':') || g.contains('\n')))
            || (matches!(p, "to" | "at" | "is")
                && i >= 2
                && ADDRESS_CUES.contains(&toks[i - 2].lower.as_str()))
    };
    if (slavic || cued) && t.text.chars().all(char::is_alphabetic) {
        let mut j = i + 1;
        while cued && j < n && j < i + 3 && gap(text, toks, j) == " " && name_word(&toks[j]) {
            j += 1;
        }
        if let Some(last) = number_after(text, toks, j) {
            let own_number = gap(text, toks, j) == " ";
            if own_number {
                return Some((i, last, if cued { 0.75 } else { 0.6 }));
            }
        }
    }
    None
}

/// "PO Box 5292", "P.O. Box 12", "Postfach 8222", "Apartado 31", "PSC 2814, Box 5280",
/// "Unit 6833 Box 6142": the last token of the box number.
fn box_at(text: &str, toks: &[T<'_>], i: usize) -> Option<usize> {
    let n = toks.len();
    let digits = |k: usize| k < n && toks[k].text.chars().all(|c| c.is_ascii_digit());
    let t = &toks[i];
    let box_word = |k: usize| k < n && toks[k].lower == "box";
    match t.lower.as_str() {
        "po" | "p" if box_word(i + 1) && digits(i + 2) => Some(i + 2),
        "p" if i + 3 < n && toks[i + 1].lower == "o" && box_word(i + 2) && digits(i + 3) => {
            Some(i + 3)
        }
        "postfach" | "apartado" | "casilla" | "postbus" | "postboks" | "postilokero"
            if digits(i + 1) =>
        {
            Some(i + 1)
        }
        "psc" | "unit" | "cmr"
            if t.text
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == 'U' || c.is_lowercase())
                && digits(i + 1)
                && box_word(i + 2)
                && digits(i + 3)
                && matches!(gap(text, toks, i + 2), " " | ", ") =>
        {
            Some(i + 3)
        }
        _ => None,
    }
}

/// The postal code at token `i`: (last token, shape strength). Strong shapes carry their
/// country ("LV-4800", "1012 AB", "87-547", "V4N 3X9"); plain digits need more support.
fn code_at(text: &str, toks: &[T<'_>], i: usize) -> Option<(usize, Shape)> {
    let n = toks.len();
    let t = toks[i].text;
    let all_digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    let next = |k: usize| (k < n && gap(text, toks, k) == " ").then(|| toks[k].text);
    // Country-prefixed: "LV-4800", "LT-41074", "D-10115", "CH-8001", "SE-114 55".
    if let Some((cc, rest)) = t.split_once('-') {
        if (1..=2).contains(&cc.len()) && cc.bytes().all(|b| b.is_ascii_uppercase()) {
            if (4..=5).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit()) {
                return Some((i, Shape::Strong));
            }
            if all_digits(rest, 3) && next(i + 1).is_some_and(|s| all_digits(s, 2)) {
                return Some((i + 1, Shape::Strong));
            }
        }
        // "87-547" (Poland), "1114-185" (Portugal), "91888-515" (Brazil).
        let (a, b) = (cc, rest);
        let digits = a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit());
        if digits && matches!((a.len(), b.len()), (2, 3) | (4, 3) | (5, 3)) {
            return Some((i, Shape::Strong));
        }
        return None;
    }
    // "1012 AB" (Netherlands).
    if all_digits(t, 4)
        && next(i + 1).is_some_and(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Some((i + 1, Shape::Strong));
    }
    // "114 55", "655 75", "390 92" (Sweden, Czechia, Slovakia, Greece).
    if all_digits(t, 3) && next(i + 1).is_some_and(|s| all_digits(s, 2)) {
        return Some((i + 1, Shape::Strong));
    }
    // "V4N 3X9" (Canada), "D02 X285" / "A98 9LV2" (Ireland's Eircode).
    let b = t.as_bytes();
    let canada = |s: &[u8]| {
        s.len() == 3
            && s[0].is_ascii_uppercase()
            && s[1].is_ascii_digit()
            && s[2].is_ascii_uppercase()
    };
    let canada_in = |s: &[u8]| {
        s.len() == 3 && s[0].is_ascii_digit() && s[1].is_ascii_uppercase() && s[2].is_ascii_digit()
    };
    if canada(b) && next(i + 1).is_some_and(|s| canada_in(s.as_bytes())) {
        return Some((i + 1, Shape::Strong));
    }
    let eircode = b.len() == 3
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && (b[2].is_ascii_digit() || b[2] == b'W');
    let unique = |s: &str| {
        s.len() == 4
            && s.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && s.bytes().any(|c| c.is_ascii_digit())
    };
    if eircode && next(i + 1).is_some_and(unique) {
        return Some((i + 1, Shape::Strong));
    }
    if all_digits(t, 5) || all_digits(t, 6) {
        return Some((i, Shape::Digits));
    }
    if all_digits(t, 4) {
        return Some((i, Shape::FourDigits));
    }
    None
}

/// Words before a number that make it a reference, not a postal code.
const REFERENCE_WORDS: &[&str] = &[
    "order",
    "ref",
    "reference",
    "invoice",
    "ticket",
    "case",
    "no",
    "number",
    "nr",
    "sku",
    "item",
    "booking",
    "flight",
    "room",
    "store",
    "account",
    "id",
    "version",
    "model",
    "gate",
    "page",
    "line",
    "tracking",
    "parcel",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Strong,
    /// Five or six digits: a code beside a city or an address.
    Digits,
    /// Four digits: only beside an address or after a cue (years and amounts look the same).
    FourDigits,
}

/// Postal codes vouched for by an address ending in `addresses`, a city after them, a US
/// state or military code before them, or a cue ("postcode", "PLZ", "CEP").
pub(super) fn postal_codes(
    text: &str,
    toks: &[T<'_>],
    addresses: &[(usize, usize)],
    out: &mut Vec<Detection>,
) {
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let Some((last, shape)) = code_at(text, toks, i) else {
            i += 1;
            continue;
        };
        let start = toks[i].start;
        // An address ends just before, perhaps with a city between: "…, Spokane, WA 74428",
        // "Puruntie 82, 00100 Helsinki", "Via Franscini 71\n6900 Lugano".
        let after_address = addresses.iter().any(|&(_, end)| {
            end <= start && {
                // "Váci utca 19., 1052 Budapest": the number's dot is not a sentence end.
                let between = text[end..start]
                    .strip_prefix('.')
                    .unwrap_or(&text[end..start]);
                between.len() <= 40
                    && between.chars().filter(|&c| c == '\n').count() <= 1
                    && between
                        .split([',', '\n', ' '])
                        .filter(|w| !w.is_empty())
                        .count()
                        <= 3
                    && !between.contains(['.', '!', '?', ':'])
            }
        });
        let prev = i.checked_sub(1).map(|k| &toks[k]);
        let state_before = prev.is_some_and(|p| {
            super::words::US_STATES.contains(&p.text) && gap(text, toks, i) == " "
        });
        let cue = cue_before(toks, i, POSTAL_CUES, 3);
        let city_after = last + 1 < n
            && matches!(gap(text, toks, last + 1), " " | ", ")
            && is_capitalised(toks[last + 1].text)
            && toks[last + 1]
                .text
                .chars()
                .all(|c| c.is_alphabetic() || c == '-')
            && !NOT_CITIES.contains(&toks[last + 1].lower.as_str());
        let before_ok = prev.is_none_or(|p| {
            let g = gap(text, toks, i);
            let number_before = g == " " && p.text.chars().all(|c| c.is_ascii_digit());
            !(number_before
                || REFERENCE_WORDS.contains(&p.lower.as_str())
                || text[..start].ends_with(['£', '$', '€', '#', '.']))
        });
        // "…, Sirsa 071078", "…\nValmiera, 2055": a code after the town of an address line
        // (the town itself follows a comma or a line break).
        let city_before = shape == Shape::Digits
            && i >= 2
            && matches!(gap(text, toks, i), " " | ", ")
            && is_capitalised(toks[i - 1].text)
            && toks[i - 1].text.chars().all(char::is_alphabetic)
            && !NOT_CITIES.contains(&toks[i - 1].lower.as_str())
            && matches!(gap(text, toks, i - 1), ", " | "\n" | ",\n");
        let year = toks[i].text.len() == 4
            && toks[i]
                .text
                .parse::<u32>()
                .is_ok_and(|y| (1900..2100).contains(&y));
        let ok = before_ok
            && match shape {
                Shape::Strong => after_address || cue || city_after || state_before,
                Shape::Digits => after_address || cue || state_before || city_after || city_before,
                Shape::FourDigits => (after_address || cue) && !year || after_address && city_after,
            };
        if ok {
            out.push(Detection {
                start,
                end: toks[last].end,
                kind: EntityKind::PostalCode,
                score: if after_address || cue || state_before {
                    0.85
                } else {
                    0.7
                },
            });
        }
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::{AddressDetector, Detector};
    use crate::redact::entity::EntityKind;

    fn found(text: &str) -> (Vec<&str>, Vec<&str>) {
        let mut out = Vec::new();
        AddressDetector::new().detect(text, &mut out);
        let of = |k: EntityKind| {
            out.iter()
                .filter(|d| d.kind == k)
                .map(|d| &text[d.start..d.end])
                .collect::<Vec<_>>()
        };
        (of(EntityKind::StreetAddress), of(EntityKind::PostalCode))
    }

    #[test]
    fn number_after_the_street() {
        for (text, street, code) in [
            (
                "Send it to Wiesenstraße 12, 10115 Berlin.",
                "Wiesenstraße 12",
                "10115",
            ),
            (
                "new address: Puruntie 82 B 5, 00100 Helsinki",
                "Puruntie 82 B 5",
                "00100",
            ),
            (
                "Via Franscini, 71\n6900 Lugano",
                "Via Franscini, 71",
                "6900",
            ),
            (
                "at Keizersgracht 123, 1015 CJ Amsterdam",
                "Keizersgracht 123",
                "1015 CJ",
            ),
            (
                "ul. Marszałkowska 10/12, 00-950 Warszawa",
                "ul. Marszałkowska 10/12",
                "00-950",
            ),
            ("Váci utca 19., 1052 Budapest", "Váci utca 19", "1052"),
            (
                "Calle Mayor 5, 2º B, 28013 Madrid",
                "Calle Mayor 5, 2º B",
                "28013",
            ),
            ("Storgatan 4, 114 55 Stockholm", "Storgatan 4", "114 55"),
            (
                "Brīvības iela 5, LV-1010 Rīga",
                "Brīvības iela 5",
                "LV-1010",
            ),
            (
                "Strada Lipscani Nr. 12, 030031 București",
                "Strada Lipscani Nr. 12",
                "030031",
            ),
        ] {
            let (streets, codes) = found(text);
            assert_eq!(streets, [street], "{text}");
            assert_eq!(codes, [code], "{text}");
        }
    }

    #[test]
    fn number_first_boxes_and_military() {
        assert_eq!(
            found("au 12, rue de la Paix, 75002 Paris").0,
            ["12, rue de la Paix"]
        );
        assert_eq!(found("PO Box 5292, Springfield").0, ["PO Box 5292"]);
        assert_eq!(found("Postfach 8222, 96918 Sangerhausen").1, ["96918"]);
        let (streets, codes) = found("Sgt Ray\nPSC 2814, Box 5280\nAPO AE 15101");
        assert_eq!(streets, ["PSC 2814, Box 5280"]);
        assert_eq!(codes, ["15101"]);
        assert_eq!(found("USS Stafford\nFPO AE 84468").0, ["USS Stafford"]);
        assert_eq!(
            found("742 Evergreen Terrace\nSpringfield, IL 62704").1,
            ["62704"]
        );
    }

    #[test]
    fn codes_need_support() {
        assert_eq!(found("my postcode 87-547 is rejected").1, ["87-547"]);
        assert_eq!(found("Postcode: 1748").1, ["1748"]);
        assert_eq!(found("postal code V4N 3X9").1, ["V4N 3X9"]);
        assert_eq!(found("Goel Zila, Sirsa 071078, India").1, ["071078"]);
        assert_eq!(found("87 Moody Stairs, Hobart").0, ["87 Moody Stairs"]);
        for text in [
            "I have 5000 Points and 12000 Euros of credit",
            "in 2024 Christmas orders were late",
            "order 12345 Arrived late",
            "It cost 1299 and took 3 weeks",
            "the 12 Days of Christmas box",
            "we waited 45 minutes at gate 12",
            "Version 2.14 of the App",
        ] {
            assert_eq!(found(text), (vec![], vec![]), "{text}");
        }
    }
}
