//! The generic "number-like run" candidate (digit groups joined by spaces, dashes, dots and
//! parentheses, optionally led by `+` or `(`) and the cascade that classifies it:
//! card (Luhn) → international phone → NHS number vs US phone → US SSN → national phone.
//!
//! When the whole run is not an identifier, sub-spans that start and end at single-space group
//! boundaries are tried, longest first ("2024 07700 900123" yields the phone).

use super::number_span::NumberSpan;
use super::{card, nhs, phone, ssn};
use crate::redact::detect::text::{char_after, char_before, cue_after, cue_before, is_word, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str =
    r"(?:\+ ?\(?|\(\+?)?[0-9]+(?:(?:[ .\-/]|\)[ .\-]?|[ \-]?\()[0-9]+)*";

/// At most this many digit groups are looked at per candidate (the rest is rescanned).
const MAX_GROUPS: usize = 24;

/// Words just before a number that make it a reference, not personal data.
const NEGATIVE_CUES: &[&str] = &[
    "order",
    "orders",
    "sku",
    "ref",
    "reference",
    "invoice",
    "tracking",
    "model",
    "serial",
    "part",
    "item",
    "product",
    "booking",
    "ticket",
    "case",
    "transaction",
    "receipt",
    "policy",
    "#",
    "id",
    "isbn",
    "ean",
    "upc",
    "barcode",
    "code",
    "version",
    "build",
    "account",
    "acct",
    "membership",
    "member",
    "voucher",
    "coupon",
    "batch",
    "lot",
    "imei",
    "vin",
    "firmware",
    "art",
    "article",
];
pub(crate) const PHONE_CUES: &[&str] = &[
    "call",
    "called",
    "calling",
    "phone",
    "phoned",
    "telephone",
    "tel",
    "mobile",
    "mob",
    "cell",
    "ring",
    "rang",
    "text",
    "texted",
    "whatsapp",
    "fax",
    "landline",
    "contact",
    "reach",
    "tel.",
    "mob.",
    "sms",
];
const NHS_CUES: &[&str] = &["nhs", "patient", "hospital", "gp", "health"];
const CARD_CUES: &[&str] = &[
    "card",
    "visa",
    "mastercard",
    "amex",
    "maestro",
    "debit",
    "credit",
    "paid",
    "payment",
    "charged",
];
const SSN_CUES: &[&str] = &["ssn", "social security", "ss#", "ss no", "ss number"];

/// Context cues around a span start, computed once per start.
#[derive(Clone, Copy, Default)]
struct Context {
    negative: bool,
    phone: bool,
    nhs: bool,
    ssn: bool,
    card: bool,
}

fn context(text: &str, start: usize, end: usize) -> Context {
    Context {
        negative: cue_before(text, start, 20, NEGATIVE_CUES),
        phone: cue_before(text, start, 48, PHONE_CUES)
            || cue_after(text, end, 16, &["mobile", "landline", "phone"]),
        nhs: cue_before(text, start, 40, NHS_CUES),
        ssn: cue_before(text, start, 40, SSN_CUES),
        card: cue_before(text, start, 16, CARD_CUES),
    }
}

fn bad_left(c: Option<char>) -> bool {
    is_word(c)
        || matches!(
            c,
            Some('.' | ',' | '/' | '\\' | '#' | '£' | '$' | '€' | '¥' | '-' | '+')
        )
}

fn bad_right(text: &str, end: usize) -> bool {
    let c = char_after(text, end);
    // "3560x4587": a phone number's extension, taken by the phone classifier.
    let extension = matches!(c, Some('x' | 'X'))
        && text.as_bytes().get(end + 1).is_some_and(u8::is_ascii_digit);
    if extension {
        return false;
    }
    if is_word(c) || matches!(c, Some('%' | '£' | '$' | '€' | '+' | '@')) {
        return true;
    }
    // "1,234" / "10:30" / "12/03": the number continues.
    matches!(c, Some(',' | ':' | '/' | '.' | '-'))
        && text.as_bytes().get(end + 1).is_some_and(u8::is_ascii_digit)
}

/// Classifies the run at `start..end`, emitting what it finds; returns where the scan resumes.
pub(crate) fn classify(
    text: &str,
    start: usize,
    end: usize,
    home: phone::Home,
    emit: &mut dyn FnMut(Hit),
) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    let mut plus = false;
    let mut open_paren = false;
    // Every index is checked against `end`: a run may end right after its `+` or `(` (the
    // fuzzer found "on(+44" at the end of a text).
    if i < end && b[i] == b'+' {
        plus = true;
        i += 1;
        if i < end && b[i] == b' ' {
            i += 1;
        }
        // "+(371) 68111366"
        if i < end && b[i] == b'(' {
            i += 1;
        }
    } else if i < end && b[i] == b'(' {
        open_paren = true;
        i += 1;
        if i < end && b[i] == b'+' {
            plus = true;
            i += 1;
        }
    }
    let mut groups = [(0usize, 0usize); MAX_GROUPS];
    let mut g = 0;
    let mut resume = end;
    while i < end {
        let s = i;
        while i < end && b[i].is_ascii_digit() {
            i += 1;
        }
        if g == MAX_GROUPS {
            resume = s;
            break;
        }
        groups[g] = (s, i);
        g += 1;
        while i < end && !b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if g == 0 {
        return end;
    }
    let groups = &groups[..g];
    let span_end = groups[g - 1].1;
    let paren_first = open_paren && b.get(groups[0].1) == Some(&b')') && g > 1;
    let lead_start = if open_paren && !paren_first {
        if plus {
            start + 1
        } else {
            groups[0].0
        }
    } else {
        start
    };
    let left_ok = !bad_left(char_before(text, lead_start));
    let right_ok = span_end == resume && !bad_right(text, span_end);

    let start_ok = |k: usize| {
        if k == 0 {
            left_ok
        } else {
            text[groups[k - 1].1..groups[k].0] == *" "
        }
    };
    let end_ok = |k: usize| {
        if k + 1 == g {
            right_ok
        } else {
            text[groups[k].1..groups[k + 1].0] == *" "
        }
    };
    let span = |i: usize, j: usize| NumberSpan {
        text,
        start: if i == 0 { lead_start } else { groups[i].0 },
        end: groups[j].1,
        plus: i == 0 && plus,
        paren_first: i == 0 && paren_first,
        groups: &groups[i..=j],
        part: (i, j) != (0, g - 1),
    };

    // A phone number takes its extension with it.
    let hit = |n: &NumberSpan, kind: EntityKind, score: f32| {
        let end = if kind == EntityKind::Phone {
            phone::extension_end(text, n.end)
        } else {
            n.end
        };
        Hit::new(n.start, end, kind, score)
    };
    if start_ok(0) && end_ok(g - 1) {
        let n = span(0, g - 1);
        if let Some((kind, score)) = classify_span(&n, home) {
            let h = hit(&n, kind, score);
            emit(h);
            return resume.max(h.end);
        }
    }
    let mut any = false;
    let mut i = 0;
    'outer: while i < g {
        if start_ok(i) {
            for j in (i..g.min(i + 6)).rev() {
                if (i, j) == (0, g - 1) || !end_ok(j) {
                    continue;
                }
                let n = span(i, j);
                if let Some((kind, score)) = classify_span(&n, home) {
                    emit(hit(&n, kind, score));
                    any = true;
                    i = j + 1;
                    continue 'outer;
                }
            }
        }
        i += 1;
    }
    if !any {
        // A rejected "(" or "+" lead may hide another shape: rescan from the first digit
        // ("(136.221.53.130)", "(1bff:e385::1)").
        if start < groups[0].0 {
            return groups[0].0;
        }
        // Let the next token start its own candidate ("v6 2001:db8::1", "1 192.168.0.1").
        if let Some(k) = (1..g).find(|&k| text[groups[k - 1].1..groups[k].0].contains(' ')) {
            return groups[k].0;
        }
    }
    resume
}

fn classify_span(n: &NumberSpan, home: phone::Home) -> Option<(EntityKind, f32)> {
    let digits = n.digits()?;
    let d = digits.as_bytes();
    // Everything below needs at least 7 digits (phones of small plans); skip the common
    // short numbers cheaply.
    if d.len() < 7 {
        return None;
    }
    let ctx = context(n.text, n.start, n.end);
    if let Some(s) = card::score(n, d, ctx.negative && !ctx.card) {
        return Some((EntityKind::CreditCard, s));
    }
    if n.plus || d.starts_with(b"00") {
        return phone::score(n, d, ctx.phone, home).map(|s| (EntityKind::Phone, s));
    }
    if ctx.negative && !(ctx.phone || ctx.nhs || ctx.ssn) {
        return None;
    }
    if d.len() == 10 && d[0] != b'0' && !n.paren_first {
        let nhs = nhs::score(n, d);
        let ph = phone::score(n, d, ctx.phone, home);
        return match (nhs, ph) {
            (Some(s), _) if ctx.nhs => Some((EntityKind::NhsNumber, s.max(0.95))),
            (_, Some(p)) if ctx.phone => Some((EntityKind::Phone, p)),
            // 555 exchanges are the classic fictional US numbers.
            (Some(_), Some(p)) if &d[3..6] == b"555" => Some((EntityKind::Phone, p)),
            (Some(s), _) => Some((EntityKind::NhsNumber, s)),
            (None, Some(p)) => Some((EntityKind::Phone, p)),
            (None, None) => None,
        };
    }
    if d.len() == 9 {
        if let Some(s) = ssn::score(n, d, ctx.ssn) {
            return Some((EntityKind::UsSsn, s));
        }
    }
    phone::score(n, d, ctx.phone, home).map(|s| (EntityKind::Phone, s))
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::find_all;
    use crate::redact::entity::EntityKind::*;

    #[test]
    fn runs_ending_at_a_plus_or_bracket_do_not_panic() {
        // Found by `make fuzz`: each of these ended the whole run with a panic.
        for text in [
            "on(+44",
            "on(+",
            "(+",
            "+",
            "(",
            "x +",
            "Ann Exam+44 ple on(+4",
            "1(",
            "(1",
        ] {
            let _ = find_all(text);
        }
    }

    #[test]
    fn sub_spans_split_at_spaces() {
        assert_eq!(
            find_all("in 2024 07700 900123 ok"),
            vec![("07700 900123", Phone)]
        );
        assert_eq!(
            find_all("07700 900123 07700 900456"),
            vec![("07700 900123", Phone), ("07700 900456", Phone)]
        );
        assert_eq!(
            find_all("ABC123 07700 900123"),
            vec![("07700 900123", Phone)]
        );
    }

    #[test]
    fn rejected_run_lets_next_token_start_a_candidate() {
        assert_eq!(
            find_all("a VPN (136.221.53.130) ok"),
            vec![("136.221.53.130", IpAddress)]
        );
        assert_eq!(
            find_all("(1bff:e385::7c4b)"),
            vec![("1bff:e385::7c4b", IpAddress)]
        );
        assert_eq!(
            find_all("slot 1 192.168.0.1"),
            vec![("192.168.0.1", IpAddress)]
        );
        assert_eq!(find_all("v6 2001:db8::1"), vec![("2001:db8::1", IpAddress)]);
    }

    #[test]
    fn dashed_codes_are_not_split() {
        assert_eq!(find_all("SKU 4412-883-201 and 12-34-56"), vec![]);
        assert_eq!(find_all("part 0770-090-0123-99"), vec![]);
    }

    #[test]
    fn negative_context_suppresses_phone_and_nhs() {
        assert_eq!(find_all("Order 01234 567890 arrived"), vec![]);
        assert_eq!(find_all("invoice 9434765919"), vec![]);
        assert_eq!(find_all("ref: 07700 900123"), vec![]);
        assert_eq!(
            find_all("the order. card number 2280721934443050 exp"),
            vec![("2280721934443050", CreditCard)]
        );
    }
}
