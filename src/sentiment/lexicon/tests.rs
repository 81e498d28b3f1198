//! Tests of `sentiment/lexicon.rs`.

use super::*;

fn s(text: &str) -> Sentiment {
    LexiconScorer::new().score(text)
}
fn c(text: &str) -> f32 {
    s(text).score
}

/// Compound (4 d.p.) and neg/neu/pos (3 d.p.) printed by the Python package
/// vaderSentiment 3.3.2 (`SentimentIntensityAnalyzer().polarity_scores`), run once by
/// `models/vader/prepare_vader.sh`, which prints them again on every run.
const PYTHON_REFERENCE: &[(&str, f32, [f32; 3])] = &[
    ("The book was good.", 0.4404, [0.0, 0.508, 0.492]),
    ("The book was not good.", -0.3412, [0.376, 0.624, 0.0]),
    (
        "The staff were VERY friendly and helpful!!",
        0.8602,
        [0.0, 0.369, 0.631],
    ),
    (
        "Terrible service, I am never coming back.",
        -0.4767,
        [0.341, 0.659, 0.0],
    ),
    (
        "At least it isn't a horrible book.",
        0.431,
        [0.0, 0.678, 0.322],
    ),
    (
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        -0.7042,
        [0.327, 0.579, 0.094],
    ),
    ("I love it :)", 0.802, [0.0, 0.217, 0.783]),
    ("It was kind of good.", 0.3832, [0.0, 0.605, 0.395]),
    ("Not bad at all", 0.431, [0.0, 0.513, 0.487]),
    (
        "The room was clean and the bed was comfortable",
        0.7184,
        [0.0, 0.538, 0.462],
    ),
];

#[test]
fn matches_python_vader_reference() {
    for &(text, compound, probs) in PYTHON_REFERENCE {
        let got = s(text);
        assert!(
            (got.score - compound).abs() < 6e-5,
            "{text:?}: {} vs python {compound}",
            got.score
        );
        for k in 0..3 {
            assert!(
                (got.probs[k] - probs[k]).abs() < 6e-4,
                "{text:?}: probs {:?} vs python {probs:?}",
                got.probs
            );
        }
    }
}

#[test]
fn clear_positive_negative_neutral() {
    for text in [
        "The staff were friendly and helpful.",
        "Great service, I love it",
        "Excellent, thank you!",
    ] {
        assert_eq!(s(text).label, 2, "{text:?} {:?}", s(text));
    }
    for text in [
        "The food was awful and the waiter was rude.",
        "Terrible experience, never again",
        "I hate this app",
    ] {
        assert_eq!(s(text).label, 0, "{text:?} {:?}", s(text));
    }
    for text in [
        "I ordered a pizza on Tuesday.",
        "The store is on Main Street",
        "Parcel 4471 arrived on Tuesday",
    ] {
        let got = s(text);
        assert_eq!(got.label, 1, "{text:?} {got:?}");
        assert_eq!(got.score, 0.0);
        assert_eq!(got.probs, [0.0, 1.0, 0.0]);
    }
}

#[test]
fn probabilities_sum_to_one() {
    for text in [
        "good",
        "not good but fine",
        "Awful!!! :(",
        "the",
        "😡😡 late AGAIN",
        "...",
    ] {
        let p = s(text).probs;
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{text:?} {p:?}");
        assert!(p.iter().all(|&x| (0.0..=1.0).contains(&x)));
    }
}

#[test]
fn empty_text_is_neutral() {
    for text in ["", "   ", "\n\t"] {
        assert_eq!(
            s(text),
            Sentiment {
                probs: [0.0, 1.0, 0.0],
                label: 1,
                score: 0.0
            }
        );
    }
    assert!(LexiconScorer::new().explain("").is_empty());
}

#[test]
fn negation() {
    assert!(c("The food was not good") < 0.0);
    assert!(c("The food was not bad") > c("The food was bad"));
    assert!(c("The food was not bad") > 0.0);
    assert!(c("It isn't good") < 0.0);
    assert!(c("It isn\u{2019}t good") < 0.0, "typographic apostrophe");
    assert!(c("They were never helpful") < c("They were helpful"));
    assert!(
        c("The staff were not at all helpful") < 0.0,
        "negation three tokens back"
    );
    assert!(c("no problems at all") > 0.0, "'no' negates the next word");
    assert!(c("It was the least helpful call") < 0.0);
    assert!(c("At least it was clean") > 0.0);
    assert!(c("Never so good") > c("So good"), "never so/this");
}

#[test]
fn boosters_and_dampeners() {
    assert!(c("The food was very good") > c("The food was good"));
    assert!(c("The food was extremely good") > c("The food was good"));
    assert!(c("The food was really bad") < c("The food was bad"));
    assert!(c("The food was slightly good") < c("The food was good"));
    assert!(c("The food was kind of good") < c("The food was good"));
    assert!(c("The food was kind of good") > 0.0);
    assert!(
        c("The food was kind of bad") > c("The food was bad"),
        "dampener softens negatives too"
    );
}

#[test]
fn all_caps_emphasis_in_mixed_case() {
    assert!(c("The food was GOOD") > c("The food was good"));
    assert!(c("The food was BAD") < c("The food was bad"));
    // No emphasis when everything is in capitals.
    assert_eq!(c("THE FOOD WAS GOOD"), c("the food was good"));
}

#[test]
fn exclamation_and_question_marks() {
    assert!(c("The food was good!") > c("The food was good"));
    assert!(c("The food was good!!!") > c("The food was good!"));
    assert_eq!(
        c("The food was good!!!!!!!"),
        c("The food was good!!!!"),
        "capped at 4"
    );
    assert!(c("The food was bad!") < c("The food was bad"));
    assert!(c("Was the food bad??") < c("Was the food bad?"));
    assert_eq!(
        c("Where is it!!!"),
        0.0,
        "punctuation alone carries no sentiment"
    );
}

#[test]
fn but_clause_dominates() {
    let text = "The staff were lovely but I waited an hour";
    assert!(c(text) < 0.0, "{:?}", s(text));
    assert_eq!(s(text).label, 0);
    assert!(c(text) < c("The staff were lovely and I waited an hour"));
    assert!(c("The food was bad but the staff were great") > 0.0);
    assert!(c("The staff were great but the food was bad") < 0.0);
}

#[test]
fn emoticons_and_emoji() {
    assert!(c(":)") > 0.0);
    assert!(c("Delivered :-)") > 0.0);
    assert!(c("Delivered :(") < 0.0);
    assert!(c("Delivered :-(") < 0.0);
    assert!(c("Thanks <3") > c("Thanks"));
    assert!(c("Delivered :D") > 0.0, "mixed-case emoticon");
    assert!(
        c("Delivered :)!") > 0.0,
        "emoticon with trailing punctuation"
    );
    assert!(c("😡") < 0.0);
    assert_eq!(s("Delivery 😡😡").label, 0);
    assert!(c("Delivery 😀") > 0.0);
    assert!(c("Delivery😀") > 0.0, "emoji glued to a word");
    assert!(c("Delivery ❤️") > 0.0, "with variation selector");
    assert!(c("👍") > 0.0);
    assert!(c("👎") < 0.0);
    assert!(c("😢") < 0.0);
}

#[test]
fn idioms() {
    assert!(c("The cake was the bomb") > 0.0);
    assert!(c("This place is the shit") > 0.0);
    assert!(c("Yeah right") < 0.0);
    assert!(c("I am under the weather") < 0.0);
    assert_eq!(c("Meet me at the bus stop"), 0.0);
}

#[test]
fn service_additions_feedback_terms() {
    assert!(c("the delivery was late again") < -0.05);
    assert_eq!(s("the delivery was late again").label, 0);
    assert_eq!(s("My parcel never arrived").label, 0);
    assert_eq!(s("The chips were cold and soggy").label, 0);
    // Not "Support was unhelpful": VADER rates "support" +1.7, which cancels it out.
    assert_eq!(s("The agent was unhelpful").label, 0);
    assert_eq!(s("Delivered on time").label, 2);
    assert!(c("Not on time") < 0.0);
    assert!(c("No hassle at all") > 0.0);
    assert!(c("The app keeps crashing") < 0.0);
}

#[test]
fn service_additions_only_add_to_vader() {
    let vader: HashSet<&str> = VADER_LEXICON
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut n = 0;
    for (term, v) in service_additions() {
        assert!(
            !vader.contains(term),
            "{term:?} is already in VADER's lexicon"
        );
        assert!((-4.0..=4.0).contains(&v) && v != 0.0, "{term:?} {v}");
        n += 1;
    }
    assert!(n >= 30, "parsed {n} additions");
    assert_eq!(vader.len(), 7506, "7,520 lines, 7,506 distinct words");
    assert!(tables().emoji.len() > 1000);
}

#[test]
fn explain_lists_driving_words() {
    let sc = LexiconScorer::new();
    let ex =
        sc.explain("The staff were lovely but the food was NOT good and the delivery was late 😡");
    let names: Vec<&str> = ex.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(names.len(), 4, "{ex:?}");
    for w in ["lovely", "good", "late", "😡"] {
        assert!(names.contains(&w), "{w} missing from {ex:?}");
    }
    for pair in ex.windows(2) {
        assert!(
            pair[0].1.abs() >= pair[1].1.abs(),
            "not strongest first: {ex:?}"
        );
    }
    let val = |w: &str| ex.iter().find(|(n, _)| n == w).unwrap().1;
    assert!(val("good") < 0.0, "negated: {ex:?}");
    assert!(
        (val("lovely") - 1.4).abs() < 1e-5,
        "lovely 2.8 halved before 'but': {ex:?}"
    );
    assert!(val("late") < 0.0 && val("😡") < 0.0);

    let ex = sc.explain("My order never arrived");
    assert_eq!(ex.len(), 1);
    assert_eq!(ex[0].0, "never arrived");
    let ex = sc.explain("Great 😂");
    assert_eq!(
        ex.iter().filter(|(w, _)| w == "😂").count(),
        1,
        "emoji words merged: {ex:?}"
    );
    assert!(sc.explain("Parcel 4471 arrived on Tuesday").is_empty());
}

#[test]
fn scorer_name_and_label_thresholds() {
    let sc = LexiconScorer::new();
    assert_eq!(sc.name(), "lexicon");
    for text in ["good", "bad", "ok", "fine", "meh", "okay-ish"] {
        let got = sc.score(text);
        let want = if got.score >= 0.05 {
            2
        } else if got.score <= -0.05 {
            0
        } else {
            1
        };
        assert_eq!(got.label, want, "{text:?}");
        assert!((-1.0..=1.0).contains(&got.score));
    }
}

/// Speed: `cargo test --release --lib lexicon_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn lexicon_speed() {
    let base = [
        "The delivery was late again and nobody called me.",
        "Staff were really friendly, thanks!",
        "I waited over an hour :(",
        "The food was not bad but the room was cold",
        "Great app, but it crashes every time I open it 😡",
        "Refund processed quickly, very happy",
        "Order 4471 arrived on Tuesday",
        "NEVER again. Absolutely awful customer service!!!",
    ];
    let texts: Vec<String> = (0..50_000)
        .map(|i| format!("{} #{i}", base[i % base.len()]))
        .collect();
    let sc = LexiconScorer::new();
    let _ = sc.score("warm up");
    let t0 = std::time::Instant::now();
    let mut acc = 0.0f32;
    for t in &texts {
        acc += sc.score(t).score;
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "lexicon_speed: {} sentences in {secs:.3} s = {:.0} sentences/s (checksum {acc:.3})",
        texts.len(),
        texts.len() as f64 / secs
    );
}
