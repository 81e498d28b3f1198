//! Scoring a found span: how much evidence its cue, its words' classes, its case and position
//! give that it is a person's name (see the scores in the module documentation), or `None`.

use super::classes::Class;
use super::cues::{cue_after, person_verb_after, possessive_person, Cue};
use super::tokens::Tok;

/// The score of the span `first_idx..=last_idx` whose name words have the classes `cls`.
pub(super) fn score(
    text: &str,
    toks: &[Tok<'_>],
    cls: &[Class],
    cue: Cue,
    first_idx: usize,
    last_idx: usize,
    has_initial: bool,
) -> Option<f32> {
    let count = |f: &dyn Fn(Class) -> bool| cls.iter().filter(|c| f(**c)).count();
    let n_first = count(&|c| c == Class::First);
    let n_sur = count(&|c| c == Class::Surname);
    let n_unknown = count(&|c| c == Class::Unknown);
    let n_amb_first = count(&|c| matches!(c, Class::Ambiguous { first: true, .. }));
    let n_amb = count(&|c| matches!(c, Class::Ambiguous { .. }));
    let n_brand = count(&|c| c == Class::Brand);
    let known = n_first + n_sur;
    let head = cls[0];
    let lower = !toks[first_idx].cap;
    let sentence_start = toks[first_idx].sentence_start;

    match cue {
        Cue::Honorific => {
            return Some(if known > 0 || n_amb > 0 { 0.95 } else { 0.9 });
        }
        Cue::Phrase | Cue::Strong => {
            if lower {
                return Some(if head == Class::Unknown { 0.7 } else { 0.8 });
            }
            if known > 0 {
                return Some(0.95);
            }
            if cls.len() == 1 {
                return match head {
                    Class::Unknown => Some(0.85),
                    Class::Ambiguous { first: true, .. } => Some(0.85),
                    _ => None,
                };
            }
            if n_unknown + n_amb_first > 0 {
                return Some(0.85);
            }
            return None;
        }
        Cue::None => {}
    }

    if cls.len() >= 2 {
        let score = if n_first > 0 && n_sur > 0 {
            0.9
        } else if n_first >= 2 {
            0.85
        } else if (n_first > 0 && (n_unknown > 0 || n_amb > 0 || n_brand > 0))
            || (n_sur > 0 && (n_unknown > 0 || n_amb_first > 0 || n_sur >= 2))
        {
            0.8
        } else {
            0.0
        };
        // Unknown names: two or three unknown capitalised words in a row. Mid-sentence
        // that is good evidence; sentence-initially only with a person-like verb after.
        let score = if score == 0.0 && n_unknown == cls.len() && cls.len() <= 3 {
            if !sentence_start {
                0.7
            } else if cue_after(text, toks, last_idx)
                || toks[last_idx].poss
                || person_verb_after(text, toks, last_idx)
            {
                0.65
            } else {
                0.0
            }
        } else {
            score
        };
        if score > 0.0 {
            return Some(if sentence_start && head == Class::Unknown {
                score - 0.05
            } else {
                score
            });
        }
    }
    if has_initial && cls.len() == 1 {
        return match head {
            Class::Surname | Class::First => Some(0.85),
            Class::Ambiguous { .. } => Some(0.8),
            Class::Unknown => Some(0.75),
            _ => None,
        };
    }
    if cls.len() == 1 {
        let after = cue_after(text, toks, last_idx);
        let poss = possessive_person(text, toks, last_idx);
        return match head {
            Class::Unknown | Class::Surname | Class::Ambiguous { first: true, .. } if poss => {
                Some(0.7)
            }
            Class::Ambiguous { first: true, .. } if after && !sentence_start => Some(0.6),
            Class::First if after => Some(0.85),
            Class::First if sentence_start => Some(0.6),
            Class::First => Some(0.75),
            Class::Unknown if after => Some(if sentence_start { 0.6 } else { 0.7 }),
            Class::Unknown if !sentence_start && person_verb_after(text, toks, last_idx) => {
                Some(0.6)
            }
            Class::Surname if after => Some(0.65),
            _ => None,
        };
    }
    None
}
