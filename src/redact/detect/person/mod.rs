//! Person names: a rule-based detector over a name gazetteer (see `models/names/README.md`).
//!
//! Evidence combined per candidate span (a run of adjacent name-like tokens):
//! * gazetteer membership: first names (`F`), surnames (`S`), names that are also English words
//!   (`A`: "Will", "Grace", "Young"), English words that are no name (`W`), unknown tokens (`U`);
//! * capitalisation and position (a sentence-initial capital is weak evidence);
//! * context cues before the span (honorifics, "my name is", "spoke to", "the driver",
//!   "Thanks,", "Kind regards", "Dear", …) or after it ("… from Sky", "… the manager");
//! * curated stoplists: words that are names but usually are not ("Will", "May", "Bill",
//!   "Victoria"), brands and UK places, which need a strong cue or a surname to count.
//! * context that rules a word out: all-capitals words in a mixed-case text (acronyms, codes),
//!   contractions ("I've"), month abbreviations beside a day number ("15 Jan"), nationality
//!   adjectives, brands made of names ("Mr Kipling", "Ben & Jerry's") and a capitalised word
//!   before a product noun ("Charlotte potatoes");
//! * context that rules a word in: a possessive before a person's noun ("Morag's van"),
//!   "X who …", "X and I", "X here -", a second name joined by "and" to a found one, a
//!   signature closing the text ("— Nyasha", "x Folasade", a last line of its own);
//! * lower-case texts: names after cues, a first name with a surname ("dmitri volkov"), a first
//!   name before a person verb mid-sentence; strong cues ("shoutout to", "my carer",
//!   "packed by") also take a lower-case word that is in no list. An all-capitals text is read
//!   like a lower-case one.
//!
//! Unknown names (not in the gazetteer) are found through cues and through a known first name
//! or surname beside them; a lone unknown capitalised word is never enough.
//!
//! The [`Detector`] trait is the seam where a statistical model (an ONNX token-classification
//! NER model run through `ort`) can later be added beside or instead of these rules; its spans
//! would go through the same overlap resolution in the redactor.
//!
//! Scores: cue or honorific + known name 0.95, + unknown name 0.85–0.9; first name + surname
//! 0.9; other two-token names 0.8; lone capitalised first name 0.75 (0.6 sentence-initially);
//! lower-case known first name after a cue 0.8; trailing cue ("X from Sky") 0.7–0.85.
//!
//! The code follows the phases of a detection (`phases.rs` runs them): `words.rs` loads the
//! lists, `tokens.rs` splits the text, `classes.rs` says what each word is, `cues.rs` reads the
//! context and `score.rs` weighs the evidence.

use std::collections::HashSet;

use super::Detector;
use crate::redact::entity::Detection;
use words::lexicon;

mod classes;
mod cues;
mod phases;
mod score;
mod tokens;
mod words;

/// Finds person names. See the module documentation.
pub struct PersonDetector {
    /// Single-word `allow` entries, lower case: never names.
    deny_words: HashSet<String>,
    /// Brands made of names and multi-word `allow` entries: no span containing one is a name.
    deny_phrases: Vec<String>,
}

impl Default for PersonDetector {
    fn default() -> Self {
        PersonDetector::new(&[])
    }
}

impl PersonDetector {
    /// `allow`: words or phrases never treated as names (the organisation's brand, product
    /// names, staff aliases that are public): matched case-insensitively; a multi-word entry
    /// suppresses any span containing it.
    pub fn new(allow: &[String]) -> Self {
        let lex = lexicon();
        let mut deny_words = HashSet::new();
        let mut deny_phrases: Vec<String> =
            lex.brand_phrases.iter().map(|s| s.to_string()).collect();
        for a in allow {
            let norm: Vec<String> = a
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase())
                .collect();
            match norm.len() {
                0 => {}
                1 => {
                    deny_words.insert(norm[0].clone());
                }
                _ => deny_phrases.push(norm.join(" ")),
            }
        }
        PersonDetector {
            deny_words,
            deny_phrases,
        }
    }
}

impl Detector for PersonDetector {
    fn name(&self) -> &'static str {
        "person"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        self.find_names(text, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::entity::EntityKind;

    fn spans(text: &str) -> Vec<&str> {
        let d = PersonDetector::new(&[]);
        let mut out = Vec::new();
        d.detect(text, &mut out);
        out.iter().map(|x| &text[x.start..x.end]).collect()
    }

    fn scored(text: &str) -> Vec<(String, f32)> {
        let d = PersonDetector::new(&[]);
        let mut out = Vec::new();
        d.detect(text, &mut out);
        out.iter()
            .map(|x| (text[x.start..x.end].to_string(), x.score))
            .collect()
    }

    #[test]
    fn gazetteer_covers_diverse_names() {
        let lex = lexicon();
        for f in [
            "priya",
            "wojciech",
            "siobhan",
            "aoife",
            "zainab",
            "krzysztof",
            "chiamaka",
            "jean-luc",
            "maría",
            "josé",
            "mohammed",
            "tom",
        ] {
            assert!(lex.first.contains(f), "first name {f}");
        }
        for s in [
            "sharma",
            "adeyemi",
            "kowalczyk",
            "o'neill",
            "nguyen",
            "okafor",
            "mcdonald",
        ] {
            assert!(lex.last.contains(s), "surname {s}");
        }
    }

    #[test]
    fn full_names_from_many_cultures() {
        assert_eq!(spans("Priya Sharma was really helpful."), ["Priya Sharma"]);
        assert_eq!(
            spans("The parcel was left with Oluwaseun Adeyemi next door."),
            ["Oluwaseun Adeyemi"]
        );
        assert_eq!(
            spans("I want to complain about Wojciech Kowalczyk in the Leeds store"),
            ["Wojciech Kowalczyk"]
        );
        assert_eq!(
            spans("Huge thanks to Siobhan O'Neill for sorting it"),
            ["Siobhan O'Neill"]
        );
        assert_eq!(
            spans("my neighbour Nguyen Van An signed for it"),
            ["Nguyen Van An"]
        );
        assert_eq!(
            spans("The form was signed by Mohammed al-Rashid yesterday"),
            ["Mohammed al-Rashid"]
        );
        assert_eq!(spans("It was María José who called back"), ["María José"]);
        assert_eq!(
            spans("the consultant Pieter van der Berg explained"),
            ["Pieter van der Berg"]
        );
        assert_eq!(spans("Signed off by J. Smith on the day"), ["J. Smith"]);
    }

    #[test]
    fn single_first_names_mid_sentence() {
        assert_eq!(spans("I think Aoife deserves a raise"), ["Aoife"]);
        assert_eq!(
            spans("it was Zainab and Krzysztof who helped"),
            ["Zainab", "Krzysztof"]
        );
        assert_eq!(spans("Luckily Chiamaka knew what to do"), ["Chiamaka"]);
        assert_eq!(spans("Ask whether Jean-Luc is in today"), ["Jean-Luc"]);
        let s = scored("I think Aoife deserves a raise");
        assert!((s[0].1 - 0.75).abs() < 1e-6);
    }

    #[test]
    fn unknown_names_found_through_cues() {
        // Invented names: in no gazetteer.
        assert!(!lexicon().first.contains("zorblat"));
        assert!(!lexicon().last.contains("quennixby"));
        assert_eq!(
            spans("Hello, my name is Zorblat Quennixby and I am furious"),
            ["Zorblat Quennixby"]
        );
        assert_eq!(spans("I spoke to Xantivor on the phone"), ["Xantivor"]);
        assert_eq!(spans("the driver, Brellik, was rude"), ["Brellik"]);
        assert_eq!(spans("Mrs Quennixby was lovely"), ["Quennixby"]);
        assert_eq!(
            spans("Yesterday Zorblat from Vodafone rang me"),
            ["Zorblat"]
        );
        assert_eq!(
            spans("Kind regards,\nZorblat Quennixby"),
            ["Zorblat Quennixby"]
        );
        assert_eq!(
            spans("I was served by Tamsk Olunde today"),
            ["Tamsk Olunde"]
        );
        // A known first name lends evidence to an unknown surname.
        assert_eq!(
            spans("thanks again to Priya Quennixby"),
            ["Priya Quennixby"]
        );
        // Without any cue an unknown capitalised word is not a name.
        assert!(spans("We loved the Zorblat blender").is_empty());
    }

    #[test]
    fn honorifics() {
        assert_eq!(spans("Mrs Okafor was very patient"), ["Okafor"]);
        assert_eq!(spans("I saw Dr. Patel and Mr Young"), ["Patel", "Young"]);
        assert_eq!(spans("Prof Siobhan Kelly"), ["Siobhan Kelly"]);
        assert_eq!(spans("Ms Rose was rude"), ["Rose"]);
        let s = scored("Mrs Okafor was very patient");
        assert!((s[0].1 - 0.95).abs() < 1e-6);
    }

    #[test]
    fn stoplist_needs_strong_evidence() {
        assert!(spans("I will pay the bill in May").is_empty());
        assert!(spans("Will you fix it? The Bill was wrong.").is_empty());
        assert!(spans("the Victoria line was closed").is_empty());
        assert!(spans("Grace period is too short").is_empty());
        assert!(spans("Amazon delivery was late again").is_empty());
        assert!(spans("Customer Service was great").is_empty());
        assert!(spans("Thanks for the quick refund!").is_empty());
        assert!(spans("Great App, Delivery on time").is_empty());
        assert!(spans("I shop at Tesco and Sky is my provider").is_empty());
        assert!(spans("We went to Chelsea and Bristol in June").is_empty());
        assert!(spans("I have Hope that Mark will frank the letter").is_empty());
        assert!(spans("Ordered on Monday, arrived Friday").is_empty());
        assert!(spans("Bought it at John Lewis last week").is_empty());
        assert!(spans("Sent via Royal Mail and Evri").is_empty());
        // ... but a strong cue or a surname makes them names.
        assert_eq!(spans("I spoke to Will on the phone"), ["Will"]);
        assert_eq!(spans("Mark Thompson sorted it"), ["Mark Thompson"]);
        assert_eq!(spans("Thanks, Grace"), ["Grace"]);
    }

    #[test]
    fn signatures() {
        assert_eq!(spans("Great service. Thanks, Tom"), ["Tom"]);
        assert_eq!(spans("Sorted quickly. Cheers Dave"), ["Dave"]);
        assert_eq!(spans("Kind regards, Sarah Jones"), ["Sarah Jones"]);
        assert_eq!(spans("Best wishes\nAoife"), ["Aoife"]);
        assert_eq!(spans("Dear Mr Patel, thank you"), ["Patel"]);
    }

    #[test]
    fn lowercase_after_cue() {
        assert_eq!(spans("i spoke to sarah and she fixed it"), ["sarah"]);
        assert_eq!(spans("the driver tom was lovely"), ["tom"]);
        assert_eq!(spans("thanks priya sharma"), ["priya sharma"]);
        assert_eq!(spans("my name is zorblat"), ["zorblat"]);
        // Lower case without a cue, or a common word after a cue: nothing.
        assert!(spans("sarah was lovely").is_empty());
        assert!(spans("i spoke to someone who said it will arrive").is_empty());
        assert!(spans("the driver was late and the manager will call").is_empty());
        assert!(spans("thanks again").is_empty());
    }

    #[test]
    fn possessives() {
        assert_eq!(spans("It was Sarah's fault"), ["Sarah"]);
        assert_eq!(spans("I spoke to Priya Sharma’s manager"), ["Priya Sharma"]);
        assert_eq!(spans("It's fine and Tesco's prices"), Vec::<&str>::new());
    }

    #[test]
    fn sentence_initial_is_weaker() {
        let s = scored("Priya was brilliant");
        assert_eq!(s.len(), 1);
        assert!((s[0].1 - 0.6).abs() < 1e-6);
        assert!(spans("Delivery was fine. Great stuff").is_empty());
        let s = scored("Priya Sharma was brilliant");
        assert!((s[0].1 - 0.9).abs() < 1e-6);
    }

    #[test]
    fn deny_list_from_config() {
        let d = PersonDetector::new(&["Monzo".to_string(), "Aoife Bank".to_string()]);
        let mut out = Vec::new();
        d.detect("I think Aoife Bank is better than Priya said", &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|x| &"I think Aoife Bank is better than Priya said"[x.start..x.end])
            .collect();
        assert_eq!(got, ["Priya"]);
        let d = PersonDetector::new(&["Priya".to_string()]);
        let mut out = Vec::new();
        d.detect("ask Priya", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "Café staff — Zoë Łukasik — helped “José” a lot; merci Aoife!";
        let d = PersonDetector::new(&[]);
        let mut out = Vec::new();
        d.detect(text, &mut out);
        for x in &out {
            assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
            assert_eq!(x.kind, EntityKind::Person);
        }
        assert!(out.iter().any(|x| &text[x.start..x.end] == "Aoife"));
    }

    #[test]
    fn acronyms_contractions_and_dates_are_no_names() {
        assert!(spans("Please refund to IBAN GB29 NWBK 6016 1331 9268 19.").is_empty());
        assert!(spans("my NINO is QQ 12 34 56 C").is_empty());
        assert!(spans("Case CAS-675412 closed without a reply.").is_empty());
        assert!(spans("No plastic bags please, I've asked before.").is_empty());
        assert!(spans("My name is Tom Jones and I'd like a refund")
            .iter()
            .all(|s| *s == "Tom Jones"));
        assert!(spans("Ordered on 15 Jan, arrived on 2 Jun.").is_empty());
        assert!(spans("My German account is closed").is_empty());
        // A month abbreviation that is a name away from numbers still counts.
        assert_eq!(spans("I spoke to Jan on the phone"), ["Jan"]);
        // An all-capitals text: mixed-case names still stand out, capitals need a cue.
        assert_eq!(
            spans("DRIVER Anthony CALLED ME. THE CHAT BOT WAS USELESS. WOULDN'T TALK TO ME."),
            ["Anthony"]
        );
    }

    #[test]
    fn brands_and_products_made_of_names() {
        for text in [
            "Marks & Spencer is cheaper for this now.",
            "Ben & Jerry's tubs had melted.",
            "Aunt Bessie's roasties were missing from the bag.",
            "Mr Kipling cakes were squashed flat.",
            "Dr Oetker pizzas arrived completely defrosted.",
            "Charlotte potatoes were replaced with baking potatoes.",
            "Rosemary and thyme were both substituted.",
            "Paris Brest pastries are amazing.",
            "Florence Fennel was labelled as celery.",
        ] {
            assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
        }
        // The same names as people.
        assert_eq!(spans("Ben and Jerry delivered it"), ["Ben", "Jerry"]);
        assert_eq!(spans("Thanks to Charlotte for the help"), ["Charlotte"]);
        assert_eq!(spans("I spoke to Mr Spencer"), ["Spencer"]);
    }

    #[test]
    fn initials_capitals_and_places() {
        assert_eq!(spans("Regards,\nA. Tománek"), ["A. Tománek"]);
        assert_eq!(
            spans("IBAN attached, account holder ANNA KOWALSKA. NOT the card"),
            ["ANNA KOWALSKA"]
        );
        assert_eq!(
            spans("The sales rep, a certain Angelopoulos, told me"),
            ["Angelopoulos"]
        );
        for text in [
            "delivered to Wiesenweg 5, 84745 Berlin, not here",
            "The shop on Veldstraat closes early",
            "Bus 73 from Avenida da Liberdade never shows up",
            "The Charles de Gaulle shuttle was late",
            "Dear Velora team, please stop",
            "The dealership in Tübingen never called back",
            "My IBAN and NINO are on the FORM",
        ] {
            assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
        }
    }

    #[test]
    fn new_cues_before_and_after() {
        assert_eq!(spans("shoutout to Zephyrine who delivered"), ["Zephyrine"]);
        assert_eq!(spans("shout out to thembile the driver"), ["thembile"]);
        assert_eq!(
            spans("Tell Shirin the strawberries were perfect"),
            ["Shirin"]
        );
        // A lower-case word in no list after an ordinary cue needs a person verb after it.
        assert_eq!(spans("ask for avraham next time"), Vec::<&str>::new());
        assert_eq!(
            spans("ask for avraham, he knows the way"),
            Vec::<&str>::new()
        );
        assert_eq!(spans("Ask for Avraham next time"), ["Avraham"]);
        assert_eq!(
            spans("I'm coeliac! Could have made me ill."),
            Vec::<&str>::new()
        );
        assert_eq!(
            spans("Asked for semi skimmed, got oat milk."),
            Vec::<&str>::new()
        );
        assert_eq!(spans("Driver didnt speak much english"), Vec::<&str>::new());
        assert_eq!(
            spans("please pass my thanks on to akinlabi olowokeere, who delivered"),
            ["akinlabi olowokeere"]
        );
        assert_eq!(spans("signed for by wu lei apparently"), ["wu lei"]);
        assert_eq!(spans("the picker note said 'packed by oni'"), ["oni"]);
        assert_eq!(spans("My carer, Giorgos, places the orders"), ["Giorgos"]);
        assert_eq!(spans("our lodger Morag took it in"), ["Morag"]);
        assert_eq!(
            spans("Customer Robin Wells requested a slot"),
            ["Robin Wells"]
        );
        assert_eq!(
            spans("name: laoise leneghan. phone: none"),
            ["laoise leneghan"]
        );
        assert_eq!(
            spans("escalated to ms gelabert, the team leader"),
            ["gelabert"]
        );
        assert_eq!(spans("mrs doshi from your complaints team"), ["doshi"]);
        assert_eq!(spans("we love Xiaoling! great"), ["Xiaoling"]);
        assert_eq!(spans("we love xiaoling! great"), Vec::<&str>::new());
        assert_eq!(
            spans("Really pleased with Sunniva and Jarrah"),
            ["Sunniva", "Jarrah"]
        );
        assert_eq!(spans("Chidi and I waited in all morning"), ["Chidi"]);
        assert_eq!(
            spans("Can Xiaoling do our Thursday slot again?"),
            ["Xiaoling"]
        );
        assert_eq!(spans("oh, Giorgos? lovely man"), ["Giorgos"]);
        assert_eq!(
            spans("my name is max sutton and i'd like a refund"),
            ["max sutton"]
        );
        assert_eq!(
            spans("My neighbour Cerys ap Gwilym took it"),
            ["Cerys ap Gwilym"]
        );
        assert_eq!(
            spans("my neighbour joost de vries took it"),
            ["joost de vries"]
        );
        // Cue words before ordinary words: nothing.
        assert!(spans("Tell them the strawberries were off").is_empty());
        assert!(spans("ask for help next time").is_empty());
        assert!(spans("account name as on the order").is_empty());
        assert!(spans("Can someone reply? Can Delivery be earlier?").is_empty());
    }

    #[test]
    fn signatures_at_the_end() {
        assert_eq!(spans("Would order again — Nyasha"), ["Nyasha"]);
        assert_eq!(spans("Great service as always x Folasade"), ["Folasade"]);
        assert_eq!(spans("great service as always x sipho"), ["sipho"]);
        assert_eq!(
            spans("Please sort this out.\n\nObadiah Frimpong"),
            ["Obadiah Frimpong"]
        );
        assert_eq!(spans("thanks, mark"), ["mark"]);
        assert!(spans("Complaint ref 123 — still open.").is_empty());
        assert!(spans("Sage, parsley and basil — all brown.").is_empty());
        assert!(spans("Please sort this out.\n\nCustomer Service").is_empty());
    }

    #[test]
    fn possessives_before_personal_nouns() {
        assert_eq!(spans("I think Morag's van had a broken freezer"), ["Morag"]);
        assert_eq!(spans("We ordered for Patience's birthday"), ["Patience"]);
        assert_eq!(spans("i think chiamaka's van was late"), ["chiamaka"]);
        assert!(spans("logs me into someone else's account").is_empty());
        assert!(spans("the driver's van was late").is_empty());
        assert!(spans("We need Patience and more Patience").is_empty());
    }

    #[test]
    fn lower_case_names_without_cue() {
        assert_eq!(
            spans("i gave the returns to dmitri volkov"),
            ["dmitri volkov"]
        );
        assert_eq!(
            spans("bronwen tudor-jones shouldn't have to chase"),
            ["bronwen tudor-jones"]
        );
        assert_eq!(spans("honestly lauren deserves a pay rise"), ["lauren"]);
        assert_eq!(
            spans("it was agnieszka wiśniewska who called me"),
            ["agnieszka wiśniewska"]
        );
        assert!(spans("the chat bot was useless").is_empty());
        assert!(spans("the dean was helpful").is_empty());
        assert!(spans("sarah was lovely").is_empty());
    }

    #[test]
    #[ignore]
    fn speed_person() {
        let base = [
            "I spoke to Sarah on the phone and she was brilliant, thanks!",
            "Delivery was late again and Customer Service did not help at all.",
            "Mrs Okafor at the Leeds branch sorted my refund within a day.",
            "The app keeps crashing when I try to pay my bill in May.",
            "Great service from Oluwaseun Adeyemi, would recommend. Cheers, Tom",
        ];
        let texts: Vec<String> = (0..20_000)
            .map(|i| format!("{} (#{i})", base[i % base.len()]))
            .collect();
        let d = PersonDetector::new(&[]);
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
            "person: {} texts in {secs:.3}s = {:.0} texts/s ({total} detections)",
            texts.len(),
            texts.len() as f64 / secs
        );
    }
}
