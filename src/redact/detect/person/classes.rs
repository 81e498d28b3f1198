//! Classifying words: what each token is as far as names go, first from the word lists, then
//! corrected by its context (acronyms, dates, brands and products made of names).

use super::tokens::Tok;
use super::words::lexicon;
use super::PersonDetector;
use crate::redact::detect::address;

/// What a token is as far as names go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Known first name, not an English word.
    First,
    /// Known surname (not a first name), not an English word.
    Surname,
    /// A name that is also a word or stoplisted; `first` when it is a known first name.
    Ambiguous { first: bool, surname: bool },
    /// An English word or curated non-name.
    Word,
    /// A brand or the caller's deny list: never starts a name.
    Brand,
    /// In no list.
    Unknown,
}

impl PersonDetector {
    /// What a word is on its own, from the lists and its shape.
    fn classify(&self, lower: &str, text: &str) -> Class {
        let lex = lexicon();
        if self.deny_words.contains(lower) || lex.brands.contains(lower) {
            return Class::Brand;
        }
        if lex.non_names.contains(lower) || lex.cue_words.contains(lower) {
            return Class::Word;
        }
        // Contractions: "I've", "I'd", "we'll", "didn't".
        if ["'ve", "'m", "'ll", "'re", "'d", "n't"]
            .iter()
            .any(|c| lower.len() > c.len() && lower.ends_with(c))
        {
            return Class::Word;
        }
        let first = lex.first.contains(lower);
        let surname = lex.last.contains(lower);
        if lex.stop.contains(lower) {
            return Class::Ambiguous { first, surname };
        }
        let letters = text.chars().count();
        if (2..=4).contains(&letters) && text.chars().all(|c| !c.is_lowercase()) && !first {
            // Acronyms: BT, NHS, ASAP.
            return Class::Word;
        }
        if first || surname {
            if lex.ambiguous.contains(lower) {
                return Class::Ambiguous { first, surname };
            }
            return if first { Class::First } else { Class::Surname };
        }
        if lex.words.contains(lower) || lower.chars().any(|c| c.is_ascii_digit()) {
            return Class::Word;
        }
        // Feminine forms of Polish surnames: Wiśniewska (Wiśniewski), Zawadzka, Nowicka.
        for (fem, masc) in [("ska", "ski"), ("cka", "cki"), ("dzka", "dzki")] {
            if let Some(stem) = lower.strip_suffix(fem) {
                if stem.chars().count() >= 2 && lex.last.contains(format!("{stem}{masc}").as_str())
                {
                    return Class::Surname;
                }
            }
        }
        // Compound forms: al-Rashid, Smith-Jones, O'Brien (census spells it obrien), D'Angelo.
        if lower.contains('\'') {
            let joined: String = lower.chars().filter(|&c| c != '\'').collect();
            if lex.last.contains(joined.as_str()) {
                return Class::Surname;
            }
            if let Some((head, tail)) = lower.split_once('\'') {
                if matches!(head, "o" | "d" | "l" | "di" | "de" | "mc") {
                    if lex.last.contains(tail) || lex.first.contains(tail) {
                        return Class::Surname;
                    }
                    return Class::Unknown;
                }
            }
        }
        if lower.contains('-') {
            let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
            let mut any_first = false;
            let mut any_known = false;
            let mut all_ok = true;
            for (k, p) in parts.iter().enumerate() {
                if lex.particles.contains(p) && k + 1 < parts.len() {
                    continue;
                }
                if lex.first.contains(p) {
                    any_first |= k == 0;
                    any_known = true;
                } else if lex.last.contains(p) {
                    any_known = true;
                } else if lex.words.contains(p) {
                    all_ok = false;
                }
            }
            if any_known && all_ok {
                return if any_first {
                    Class::First
                } else {
                    Class::Surname
                };
            }
            if !all_ok {
                return Class::Word;
            }
        }
        Class::Unknown
    }

    /// Context rules on top of the per-word classes: acronyms, dates, brands, products.
    pub(super) fn contextual_classes(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        shouting: bool,
    ) -> Vec<Class> {
        let lex = lexicon();
        let mut classes: Vec<Class> = toks
            .iter()
            .map(|t| self.classify(&t.lower, t.text))
            .collect();
        let n = toks.len();
        let spaced = |a: usize, b: usize| text[toks[a].full_end..toks[b].start] == *" ";
        let is_number = |t: &Tok<'_>| {
            let digits = t.text.chars().take_while(char::is_ascii_digit).count();
            (1..=2).contains(&digits)
                && matches!(&t.lower[digits..], "" | "st" | "nd" | "rd" | "th")
        };
        let capitals = |t: &Tok<'_>| {
            t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !t.text.chars().any(char::is_lowercase)
        };
        // Names written in capitals inside mixed-case text ("account holder RÜDIGER HEIN",
        // "Name on card: MARGIT SCHACHT"): a run of two to four capitalised words, one of them
        // a known first name or surname and none an English word.
        let mut capital_name = vec![false; n];
        let mut k = 0;
        while k < n {
            let mut e = k;
            while e < n && capitals(&toks[e]) && (e == k || spaced(e - 1, e)) {
                e += 1;
            }
            let run = &classes[k..e];
            let named = run
                .iter()
                .any(|c| matches!(c, Class::First | Class::Surname));
            let no_word = run.iter().all(|c| !matches!(c, Class::Word | Class::Brand));
            if (2..=4).contains(&(e - k)) && named && no_word {
                capital_name[k..e].fill(true);
            }
            k = e.max(k + 1);
        }
        for k in 0..n {
            let t = &toks[k];
            // An initial makes the capitalised word after it a surname: "A. Tománek",
            // "Escalated by A. Axelsson" (the "A" is no article there).
            let initial = t.text.chars().count() == 1
                && t.text.chars().all(char::is_uppercase)
                && text[t.full_end..].starts_with(". ")
                && toks.get(k + 1).is_some_and(|next| {
                    next.start == t.full_end + 2
                        && next.cap
                        && next.text.chars().any(char::is_lowercase)
                        && matches!(classes[k + 1], Class::Unknown | Class::Surname)
                });
            if initial {
                classes[k] = Class::Unknown;
                classes[k + 1] = Class::Surname;
            }
            // An all-capitals word in a mixed-case text is an acronym or a code ("IBAN",
            // "NINO", "CAS-675412"), not a name.
            if !shouting && capitals(t) && !capital_name[k] {
                classes[k] = Class::Word;
            }
            // Month abbreviations beside a day number: "15 Jan", "Jun 2nd".
            if matches!(
                t.lower.as_str(),
                "jan"
                    | "feb"
                    | "mar"
                    | "apr"
                    | "jun"
                    | "jul"
                    | "aug"
                    | "sep"
                    | "sept"
                    | "oct"
                    | "nov"
                    | "dec"
            ) && ((k > 0 && is_number(&toks[k - 1]) && spaced(k - 1, k))
                || (k + 1 < n && is_number(&toks[k + 1]) && spaced(k, k + 1)))
            {
                classes[k] = Class::Word;
            }
            // Streets and places named after people: "Veldstraat", "Via Roma", "Patrick
            // Street", "Charles de Gaulle airport", "Václav Havel Airport".
            if street_or_place(text, toks, k)
                || after_postal_code(text, toks, k)
                || after_place_preposition(text, toks, &classes, k)
            {
                let mut b = k;
                loop {
                    if !matches!(classes[b], Class::Word) {
                        classes[b] = Class::Brand;
                    }
                    let joined = b > 0
                        && (toks[b - 1].cap || lex.particles.contains(toks[b - 1].lower.as_str()))
                        && !toks[b - 1].poss
                        && spaced(b - 1, b);
                    if !joined {
                        break;
                    }
                    b -= 1;
                }
            }
            if k > 0
                && (toks[k].cap || lex.particles.contains(toks[k].lower.as_str()))
                && toks[k - 1].cap
                && spaced(k - 1, k)
                && address::is_street_type(toks[k - 1].lower.as_str())
                && toks[k - 1].lower.chars().count() >= 3
            {
                // "Via Roma", "Avenida da Liberdade", "Strada Republicii": the type and the
                // name after it.
                classes[k - 1] = Class::Brand;
                let mut e = k;
                while e < n
                    && (toks[e].cap || lex.particles.contains(toks[e].lower.as_str()))
                    && (e == k || spaced(e - 1, e))
                {
                    classes[e] = Class::Brand;
                    e += 1;
                }
            }
            // Brands made of names: "Marks & Spencer", "Mr Kipling", "Aunt Bessie's".
            let phrases = if lex.brand_heads.contains(t.lower.as_str()) {
                lex.brand_words.as_slice()
            } else {
                &[]
            };
            for phrase in phrases {
                let m = phrase.len();
                if k + m <= n
                    && phrase
                        .iter()
                        .enumerate()
                        .all(|(o, w)| toks[k + o].lower == *w)
                    && (k + 1..k + m).all(|o| {
                        let g = &text[toks[o - 1].full_end..toks[o].start];
                        matches!(g, " " | " & " | " and " | " 'n' " | "-" | " n " | ". ")
                    })
                {
                    for c in &mut classes[k..k + m] {
                        *c = Class::Brand;
                    }
                }
            }
            // "Name & Name's" or "Name & Name <product>": a brand ("Ben & Jerry's tubs").
            if k + 1 < n
                && text[t.full_end..toks[k + 1].start] == *" & "
                && toks[k].cap
                && toks[k + 1].cap
                && (toks[k + 1].poss
                    || (k + 2 < n
                        && spaced(k + 1, k + 2)
                        && lex.product_nouns.contains(toks[k + 2].lower.as_str())))
            {
                classes[k] = Class::Brand;
                classes[k + 1] = Class::Brand;
            }
            // A capitalised word right before a product noun names the product: "Charlotte
            // potatoes", "Mr Kipling cakes", "Aunt Bessie's roasties".
            if k + 1 < n
                && t.cap
                && !toks[k + 1].cap
                && text[t.full_end..toks[k + 1].start] == *" "
                && lex.product_nouns.contains(toks[k + 1].lower.as_str())
                && !matches!(classes[k], Class::Word)
            {
                let mut b = k;
                loop {
                    classes[b] = Class::Brand;
                    if b == 0 || !toks[b - 1].cap || toks[b - 1].poss || !spaced(b - 1, b) {
                        break;
                    }
                    b -= 1;
                }
            }
        }
        classes
    }
}

/// Token `k` ends a street or place name: a one-word street ("Veldstraat"), or the last name
/// word before a street or place noun ("Patrick Street", "Charles de Gaulle shuttle").
fn street_or_place(text: &str, toks: &[Tok<'_>], k: usize) -> bool {
    let t = &toks[k];
    if !t.cap || t.poss {
        return false;
    }
    if address::is_street_compound(t.text, &t.lower) {
        return true;
    }
    toks.get(k + 1).is_some_and(|next| {
        text[t.full_end..next.start] == *" "
            && (lexicon().place_nouns.contains(next.lower.as_str())
                || next.cap && address::is_street_type(next.lower.as_str()))
    })
}

/// Token `k` is the town after a postal code ("84745 Berlin", "852 64 Dolný Lopašov",
/// "LV-4800 Daugavpils"): the name of a place.
fn after_postal_code(text: &str, toks: &[Tok<'_>], k: usize) -> bool {
    if k == 0 || !toks[k].cap || text[toks[k - 1].full_end..toks[k].start] != *" " {
        return false;
    }
    let digits = |t: &Tok<'_>| t.text.bytes().all(|b| b.is_ascii_digit());
    let prev = &toks[k - 1];
    let code = match prev.text.split_once('-') {
        Some((cc, rest)) => {
            cc.len() <= 2
                && rest.len() >= 3
                && rest.bytes().all(|b| b.is_ascii_digit())
                && (cc.bytes().all(|b| b.is_ascii_uppercase())
                    || cc.bytes().all(|b| b.is_ascii_digit()))
        }
        None => digits(prev) && (4..=6).contains(&prev.text.len()),
    };
    // "114 55 Stockholm"
    let split = digits(prev)
        && prev.text.len() == 2
        && k >= 2
        && digits(&toks[k - 2])
        && toks[k - 2].text.len() == 3;
    code || split
}

/// Token `k` ends a capitalised run right after "in" or "near" with no known first name in
/// it ("the dealership in Tübingen", "near Salzburg"): a place. People are "in" a place far
/// more often than a person is written after "in".
fn after_place_preposition(text: &str, toks: &[Tok<'_>], classes: &[Class], k: usize) -> bool {
    if !toks[k].cap || toks[k].poss {
        return false;
    }
    let mut b = k;
    while b > 0 && toks[b - 1].cap && text[toks[b - 1].full_end..toks[b].start] == *" " {
        b -= 1;
    }
    let next_is_cap = toks
        .get(k + 1)
        .is_some_and(|n| n.cap && text[toks[k].full_end..n.start] == *" ");
    b > 0
        && !next_is_cap
        && matches!(toks[b - 1].text, "in" | "near")
        && text[toks[b - 1].full_end..toks[b].start] == *" "
        && classes[b..=k]
            .iter()
            .all(|c| !matches!(c, Class::First | Class::Ambiguous { first: true, .. }))
}
