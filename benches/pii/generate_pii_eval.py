#!/usr/bin/env python3
"""Generate the labelled PII evaluation set for Verbatim's redaction stage.

Writes fixtures/pii/eval.jsonl: one JSON object per line,
    {"id": "pii-00001", "text": "...", "spans": [{"start": s, "end": e, "type": t}, ...], "group": g}
with start/end in Unicode code points (Python str indices), end exclusive, spans sorted and
non-overlapping. Output is deterministic for a given SEED and pinned Faker version (see
generate_pii_eval.sh, which is the supported way to run this).

Labelling conventions are documented in benches/pii/README.md; the important ones are enforced
by asserts below (every span is exactly its value, no surrounding whitespace or punctuation,
checksummed identifiers validate, near_miss and no_pii texts carry no spans).

Usage: python generate_pii_eval.py [--out PATH] [--seed N]
"""
import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import faker
from faker import Faker

SEED = 20260711
TYPES = [
    "email", "phone", "credit_card", "iban", "uk_nino", "nhs_number", "us_ssn", "uk_postcode",
    "ip_address", "url", "social_handle", "date_of_birth", "person", "street_address",
]
GROUP_SIZES = {  # generated in this order
    "pii": 1000,
    "names_diverse": 360,
    "names_handwritten": 220,
    "no_pii": 450,
    "near_miss": 380,
}

# ----------------------------------------------------------------------------------------------
# Hand-written names (NOT from Faker): the detector's gazetteer is partly Faker-derived, so recall
# on these is reported separately (group names_handwritten). (full name, informal/first, surname
# used after an honorific). Vietnamese and Chinese names are family-name first.
# ----------------------------------------------------------------------------------------------
HANDWRITTEN_NAMES = [
    ("Oluwaseun Adeyemi", "Oluwaseun", "Adeyemi"), ("Chiamaka Eze", "Chiamaka", "Eze"),
    ("Siobhan O'Neill", "Siobhan", "O'Neill"), ("Wojciech Kowalczyk", "Wojciech", "Kowalczyk"),
    ("Nguyen Thi Lan", "Lan", "Nguyen"), ("Zainab Hussain", "Zainab", "Hussain"),
    ("Aoife Byrne", "Aoife", "Byrne"), ("Tendai Moyo", "Tendai", "Moyo"),
    ("Kwame Mensah", "Kwame", "Mensah"), ("Anjali Iyer", "Anjali", "Iyer"),
    ("Dmitri Volkov", "Dmitri", "Volkov"), ("Leilani Kahale", "Leilani", "Kahale"),
    ("Saoirse Ní Bhriain", "Saoirse", "Ní Bhriain"), ("Eilidh MacLeod", "Eilidh", "MacLeod"),
    ("Ngozi Okonkwo-Bell", "Ngozi", "Okonkwo-Bell"), ("Tamsin Korrigan", "Tamsin", "Korrigan"),
    ("Yusra Belkadi", "Yusra", "Belkadi"), ("Bartholomew Fenwick-Hythe", "Bartholomew", "Fenwick-Hythe"),
    ("Zephyrine Quillfeather", "Zephyrine", "Quillfeather"), ("Oriel Vantassel", "Oriel", "Vantassel"),
    ("Thandiwe Dlamini", "Thandiwe", "Dlamini"), ("Kofi Boateng", "Kofi", "Boateng"),
    ("Abena Owusu", "Abena", "Owusu"), ("Folasade Bankole", "Folasade", "Bankole"),
    ("Emeka Nwosu", "Emeka", "Nwosu"), ("Amara Chukwuma", "Amara", "Chukwuma"),
    ("Tunde Bakare", "Tunde", "Bakare"), ("Nomvula Khumalo", "Nomvula", "Khumalo"),
    ("Wanjiru Kamau", "Wanjiru", "Kamau"), ("Selam Tesfaye", "Selam", "Tesfaye"),
    ("Hamza Farouk", "Hamza", "Farouk"), ("Mariam Haddad", "Mariam", "Haddad"),
    ("Youssef El Amrani", "Youssef", "El Amrani"), ("Layla Nasser", "Layla", "Nasser"),
    ("Imran Chaudhry", "Imran", "Chaudhry"), ("Sadia Rahman", "Sadia", "Rahman"),
    ("Arjun Venkataraman", "Arjun", "Venkataraman"), ("Priyanka Deshpande", "Priyanka", "Deshpande"),
    ("Harpreet Kaur Sandhu", "Harpreet", "Sandhu"), ("Gurdeep Singh Bhamra", "Gurdeep", "Bhamra"),
    ("Meenakshi Sundaram", "Meenakshi", "Sundaram"), ("Rohan Mukherjee", "Rohan", "Mukherjee"),
    ("Tharindu Perera", "Tharindu", "Perera"), ("Nadeesha Wickramasinghe", "Nadeesha", "Wickramasinghe"),
    ("Bilal Qureshi", "Bilal", "Qureshi"), ("Ayesha Siddiqui", "Ayesha", "Siddiqui"),
    ("Tran Van Minh", "Minh", "Tran"), ("Pham Thu Ha", "Ha", "Pham"),
    ("Le Quang Huy", "Huy", "Le"), ("Zhang Wei", "Wei", "Zhang"),
    ("Liu Yifan", "Yifan", "Liu"), ("Chen Xiaoling", "Xiaoling", "Chen"),
    ("Haruto Takahashi", "Haruto", "Takahashi"), ("Yuki Matsumoto", "Yuki", "Matsumoto"),
    ("Ji-woo Park", "Ji-woo", "Park"), ("Seo-yeon Choi", "Seo-yeon", "Choi"),
    ("Maria Clara Santos", "Maria", "Santos"), ("João Pedro Ferreira", "João", "Ferreira"),
    ("Agnieszka Wiśniewska", "Agnieszka", "Wiśniewska"), ("Grzegorz Brzęczyszczykiewicz", "Grzegorz", "Brzęczyszczykiewicz"),
    ("Katarzyna Zielińska", "Kasia", "Zielińska"), ("Mateusz Lewandowski", "Mateusz", "Lewandowski"),
    ("Ionuț Popescu", "Ionuț", "Popescu"), ("Andreea Dumitrescu", "Andreea", "Dumitrescu"),
    ("Vasile Munteanu", "Vasile", "Munteanu"), ("Lina Petrauskaitė", "Lina", "Petrauskaitė"),
    ("Jānis Bērziņš", "Jānis", "Bērziņš"), ("Katrin Tamm", "Katrin", "Tamm"),
    ("Milica Jovanović", "Milica", "Jovanović"), ("Dragan Petrović", "Dragan", "Petrović"),
    ("Elif Yıldırım", "Elif", "Yıldırım"), ("Mehmet Öztürk", "Mehmet", "Öztürk"),
    ("Anastasia Papadopoulou", "Anastasia", "Papadopoulou"), ("Giorgos Nikolaidis", "Giorgos", "Nikolaidis"),
    ("Sven Lindqvist", "Sven", "Lindqvist"), ("Ingrid Haugland", "Ingrid", "Haugland"),
    ("Aleksi Virtanen", "Aleksi", "Virtanen"), ("Freya Sigurdardottir", "Freya", "Sigurdardottir"),
    ("Niamh Gallagher", "Niamh", "Gallagher"), ("Ciarán Ó Súilleabháin", "Ciarán", "Ó Súilleabháin"),
    ("Padraig Nolan", "Padraig", "Nolan"), ("Caoimhe Doherty", "Caoimhe", "Doherty"),
    ("Rhiannon Pritchard", "Rhiannon", "Pritchard"), ("Gethin Llewellyn", "Gethin", "Llewellyn"),
    ("Cerys ap Gwilym", "Cerys", "ap Gwilym"), ("Iestyn Rhys-Evans", "Iestyn", "Rhys-Evans"),
    ("Morag Sutherland", "Morag", "Sutherland"), ("Hamish Drummond", "Hamish", "Drummond"),
    ("Kirsty McAllister", "Kirsty", "McAllister"), ("Lachlan Urquhart", "Lachlan", "Urquhart"),
    ("Dolores Quintanilla", "Dolores", "Quintanilla"), ("Xiomara Cifuentes", "Xiomara", "Cifuentes"),
    ("Guadalupe Ybarra", "Lupe", "Ybarra"), ("Thiago Albuquerque", "Thiago", "Albuquerque"),
    ("Isadora Vasconcelos", "Isadora", "Vasconcelos"), ("Benedetta Lombardi", "Benedetta", "Lombardi"),
    ("Ottavio Scarpellini", "Ottavio", "Scarpellini"), ("Margaux Delacroix", "Margaux", "Delacroix"),
    ("Aurélien Fontaine", "Aurélien", "Fontaine"), ("Friederike Vogelsang", "Friederike", "Vogelsang"),
    ("Leopold Hirschfeld", "Leopold", "Hirschfeld"), ("Maartje van der Berg", "Maartje", "van der Berg"),
    ("Joost de Vries", "Joost", "de Vries"), ("Tomasz Grabowski", "Tomasz", "Grabowski"),
    ("Rafał Wójcik", "Rafał", "Wójcik"), ("Esther Abimbola", "Esther", "Abimbola"),
    ("Chidi Obi", "Chidi", "Obi"), ("Adaeze Nnamdi", "Adaeze", "Nnamdi"),
    ("Kelechi Iheanacho", "Kelechi", "Iheanacho"), ("Yaw Asante", "Yaw", "Asante"),
    ("Efua Quartey", "Efua", "Quartey"), ("Sipho Ndlovu", "Sipho", "Ndlovu"),
    ("Nyasha Chikwanha", "Nyasha", "Chikwanha"), ("Farai Mutasa", "Farai", "Mutasa"),
    ("Abdirahman Warsame", "Abdirahman", "Warsame"), ("Hodan Abdullahi", "Hodan", "Abdullahi"),
    ("Leilani Akana", "Leilani", "Akana"), ("Keoni Kealoha", "Keoni", "Kealoha"),
    ("Aroha Ngata", "Aroha", "Ngata"), ("Wiremu Tipene", "Wiremu", "Tipene"),
    ("Marisol Echeverría", "Marisol", "Echeverría"), ("Esperanza Villalobos", "Esperanza", "Villalobos"),
    ("Rukhsana Begum", "Rukhsana", "Begum"), ("Shirin Tehrani", "Shirin", "Tehrani"),
    ("Dariush Karimi", "Dariush", "Karimi"), ("Narges Hosseini", "Narges", "Hosseini"),
    ("Avraham Rosenblatt", "Avraham", "Rosenblatt"), ("Tova Weisberg", "Tova", "Weisberg"),
    ("Kalinda Marrawuy", "Kalinda", "Marrawuy"), ("Jarrah Coolwell", "Jarrah", "Coolwell"),
    ("Orlaith Brennan", "Orlaith", "Brennan"), ("Ptolemy Ashcombe", "Ptolemy", "Ashcombe"),
    ("Sunniva Ravndal", "Sunniva", "Ravndal"), ("Quorra Madsen-Vey", "Quorra", "Madsen-Vey"),
    ("Ezinne Ogbonnaya", "Ezinne", "Ogbonnaya"), ("Tiberiu Olteanu", "Tiberiu", "Olteanu"),
    ("Kaveh Azadeh", "Kaveh", "Azadeh"), ("Ilse Brouwer", "Ilse", "Brouwer"),
    ("Zdeněk Dvořák", "Zdeněk", "Dvořák"), ("Bronwen Tudor-Jones", "Bronwen", "Tudor-Jones"),
    ("Marek Nowicki", "Marek", "Nowicki"), ("Saanvi Raghunathan", "Saanvi", "Raghunathan"),
    ("Yarran Blackwood", "Yarran", "Blackwood"), ("Xanthe Okoro", "Xanthe", "Okoro"),
    ("Obadiah Frimpong", "Obadiah", "Frimpong"), ("Ysolde Penhallow", "Ysolde", "Penhallow"),
]

# Faker locales for names_diverse / pii. Each is probed at start-up and kept only if it yields
# Latin-script names (zh_CN is used through its pinyin romanized_* methods). In the pinned Faker,
# hi_IN, ar_AA and ar_SA give only Devanagari/Arabic script and are skipped; en_IN covers Indian
# names and the hand-written list covers Arabic-origin ones.
NAME_LOCALES = [
    ("en_GB", 6), ("en_IE", 2), ("ga_IE", 1), ("en_IN", 3), ("pl_PL", 2), ("vi_VN", 2),
    ("yo_NG", 2), ("ig_NG", 1), ("ha_NG", 1), ("en_NG", 1), ("zu_ZA", 1), ("sw", 1), ("tw_GH", 1),
    ("es_ES", 1), ("pt_BR", 1), ("it_IT", 1), ("fr_FR", 1), ("de_DE", 1), ("tr_TR", 1),
    ("zh_CN", 2), ("hi_IN", 1), ("ar_AA", 1), ("ar_SA", 1),
]
FAMILY_FIRST = {"vi_VN", "zh_CN"}

HONORIFICS = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "Mrs.", "Mx"]

UK_STREETS = [
    "Acacia Avenue", "Mill Lane", "Station Road", "Church Street", "Victoria Road", "Park Crescent",
    "Meadow Close", "Kingsway", "High Street", "Queen's Road", "Orchard Way", "Willow Drive",
    "Beech Grove", "Albert Terrace", "Manor Gardens", "Chapel Row", "Forest View", "St Mary's Road",
    "Heol y Nant", "Sauchiehall Street", "Cowley Road", "Hyde Park Road", "Wilmslow Road",
    "Otley Road", "Mansfield Road", "Gloucester Place", "Elm Court", "Clifton Drive",
    "Harrowby Lane", "Brackenfield Close", "Dunraven Street", "Larkspur Rise", "Coldharbour Lane",
    "Moss Side Road", "Balmoral Terrace", "Glebe Street", "Ffordd Glan Môr", "Tannery Wharf",
]
UK_STREET_SUFFIX = ["Road", "Street", "Lane", "Close", "Avenue", "Drive", "Gardens", "Terrace",
                    "Way", "Grove", "Crescent", "Place", "Court", "Mews", "Walk"]
UK_CITIES = [  # (city, real outward codes)
    ("Leeds", ["LS6", "LS8", "LS11", "LS17"]), ("Manchester", ["M14", "M20", "M1", "M21"]),
    ("London", ["SW11", "E8", "N16", "SE15", "NW6", "W12", "SW1A", "EC1A", "W1D"]),
    ("Birmingham", ["B13", "B29", "B5"]), ("Glasgow", ["G12", "G41", "G3"]),
    ("Edinburgh", ["EH6", "EH10", "EH3"]), ("Cardiff", ["CF24", "CF11", "CF5"]),
    ("Bristol", ["BS3", "BS6", "BS16"]), ("Belfast", ["BT9", "BT7", "BT4"]),
    ("Sheffield", ["S10", "S7", "S11"]), ("Liverpool", ["L17", "L8", "L15"]),
    ("Newcastle upon Tyne", ["NE6", "NE2"]), ("Nottingham", ["NG7", "NG5"]),
    ("Leicester", ["LE2", "LE3"]), ("Brighton", ["BN2", "BN1"]), ("York", ["YO10", "YO31"]),
    ("Norwich", ["NR2", "NR3"]), ("Oxford", ["OX4", "OX2"]), ("Cambridge", ["CB1", "CB4"]),
    ("Southampton", ["SO17", "SO15"]), ("Plymouth", ["PL4"]), ("Aberdeen", ["AB10", "AB25"]),
    ("Swansea", ["SA1", "SA2"]), ("Derby", ["DE22"]), ("Coventry", ["CV5", "CV1"]),
    ("Hull", ["HU5"]), ("Reading", ["RG1", "RG30"]), ("Bradford", ["BD9"]), ("Exeter", ["EX4"]),
    ("Milton Keynes", ["MK9"]), ("Dundee", ["DD1"]), ("Inverness", ["IV2"]),
]
UK_AREAS = sorted({re.match(r"[A-Z]+", o).group(0) for _, os_ in UK_CITIES for o in os_} | set(
    "AL BA BB BH BL BR CA CH CM CO CR CT CW DA DG DH DL DN DT DY EN FK GL GU HA HD HG HP HR HS "
    "HX IG IP KA KT KW KY LA LD LN LU ME ML NN NP NW OL PA PE PH PO PR RH RM SE SG SK SL SM SN SP "
    "SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS WV".split()))
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
US_STREETS = ["1600 Pennsylvania Ave NW", "350 Fifth Avenue", "742 Evergreen Terrace",
              "221 Baker St Apt 4", "1 Infinite Loop", "4059 Mt Lee Dr", "90 Bedford St #3C"]
US_PLACES = [("Washington", "DC", "20500"), ("New York", "NY", "10118"), ("Springfield", "OR", "97477"),
             ("Austin", "TX", "78701"), ("Chicago", "IL", "60614"), ("Boston", "MA", "02116"),
             ("San Francisco", "CA", "94110"), ("Seattle", "WA", "98103"), ("Denver", "CO", "80205")]

EMAIL_DOMAINS = ["example.com", "example.co.uk", "example.org", "example.net", "example.ie",
                 "mail.example.com", "students.example.ac.uk", "example-mail.co.uk", "post.example.de"]
URL_HOSTS = ["shop.example.com", "www.example.co.uk", "example.org", "track.example.net",
             "account.example.com", "m.example.co.uk", "help.example.com", "drive.example.com"]

# ----------------------------------------------------------------------------------------------
# Validators (asserted on every generated value)
# ----------------------------------------------------------------------------------------------

def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def nhs_ok(digits: str) -> bool:
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


NINO_RE = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$")


def ssn_ok(s: str) -> bool:
    d = re.sub(r"\D", "", s)
    a, g, n = int(d[:3]), int(d[3:5]), int(d[5:])
    return len(d) == 9 and 0 < a < 900 and a != 666 and g > 0 and n > 0


def is_latin(s: str) -> bool:
    return all((not c.isalpha()) or "LATIN" in unicodedata.name(c, "") for c in s)


def ascii_fold(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# ----------------------------------------------------------------------------------------------
# Value generators
# ----------------------------------------------------------------------------------------------

class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.fk = {}
        locs = sorted({l for l, _ in NAME_LOCALES} | {"en_GB", "en_US", "de_DE", "fr_FR", "nl_NL",
                                                      "en_IE", "es_ES", "it_IT"})
        for i, loc in enumerate(locs):
            f = Faker(loc)
            f.seed_instance(seed + 1000 + i)
            self.fk[loc] = f
        self.name_locales = []
        for loc, w in NAME_LOCALES:
            probe = self.fk[loc]
            if is_latin(probe.first_name()) and is_latin(probe.last_name()) or loc == "zh_CN":
                self.name_locales.append((loc, w))
            else:
                SKIPPED_LOCALES.append(loc)
        self.name_source = "faker"

    def choice(self, xs):
        return self.r.choice(xs)

    def digits(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    # -- names --
    def faker_name(self):
        locs, ws = zip(*self.name_locales)
        loc = self.r.choices(locs, ws)[0]
        f = self.fk[loc]
        for _ in range(50):
            if loc == "zh_CN":
                first, last = f.first_romanized_name(), f.last_romanized_name()
            elif loc == "vi_VN":
                first = f.first_name_female() if self.r.random() < 0.5 else f.first_name_male()
                last = f.last_name()
                mid = f.middle_name() if self.r.random() < 0.6 else ""
                full = " ".join(x for x in (last, mid, first) if x)
                return full, first, last
            else:
                first, last = f.first_name(), f.last_name()
            if is_latin(first + last) and "." not in first + last:
                break
        full = f"{last} {first}" if loc in FAMILY_FIRST else f"{first} {last}"
        return full, first, last

    def name(self):
        if self.name_source == "handwritten":
            return self.choice(HANDWRITTEN_NAMES)
        return self.faker_name()

    # -- identifiers --
    def email(self, person=None):
        full, first, last = person or self.faker_name()
        fi = ascii_fold(first).lower().replace(" ", "").replace("'", "")
        la = ascii_fold(last).lower().replace(" ", "").replace("'", "")
        fi = re.sub(r"[^a-z-]", "", fi) or "customer"
        la = re.sub(r"[^a-z-]", "", la) or "home"
        local = self.choice([f"{fi}.{la}", f"{fi}{la}", f"{fi[0]}{la}", f"{fi}_{la}{self.r.randint(1, 99)}",
                             f"{fi}{self.r.randint(1960, 2005)}", f"{la}.{fi[0]}", f"{fi}.{la}+groceries",
                             f"{fi}-{la}"])
        e = f"{local}@{self.choice(EMAIL_DOMAINS)}"
        if self.r.random() < 0.08:
            e = e.capitalize() if self.r.random() < 0.5 else e.upper()
        return e

    def uk_mobile(self):
        if self.r.random() < 0.4:
            a, b = "7700", "900" + self.digits(3)
        else:
            a, b = "7" + self.choice("12345789") + self.digits(2), self.digits(6)
        # a = the 4 digits after the trunk 0 (7xxx), b = the remaining 6 digits
        return self.choice([
            f"0{a} {b}", f"0{a}{b}", f"0{a} {b[:3]} {b[3:]}", f"+44 {a} {b}", f"+44 {a} {b[:3]} {b[3:]}",
            f"+44{a}{b}", f"+44 (0){a} {b}", f"0044 {a} {b}", f"0{a}-{b[:3]}-{b[3:]}", f"(0{a}) {b}",
        ])

    def uk_landline(self):
        n4 = self.digits(3)
        return self.choice([
            f"020 7946 0{n4}", f"(020) 7946 0{n4}", f"020 8{self.digits(3)} {self.digits(4)}",
            f"0161 496 0{n4}", f"(0161) 496 0{n4}", f"0161-496-0{n4}", f"0113 496 0{n4}",
            f"0131 496 0{n4}", f"01632 960{n4}", f"(01632) 960 {n4}", f"0117 496 0{n4}",
            f"029 2018 0{n4}", f"0800 {self.digits(3)} {self.digits(4)}", f"0808 157 0{n4}",
            f"0345 {self.digits(3)} {self.digits(4)}", f"+44 20 7946 0{n4}", f"+44 161 496 0{n4}",
            f"01904 {self.digits(6)}", f"0300 {self.digits(3)} {self.digits(4)}",
        ])

    def intl_phone(self):
        return self.choice([
            f"+1 415 555 01{self.digits(2)}", f"+1 (212) 555-01{self.digits(2)}", f"(415) 555-01{self.digits(2)}",
            f"+1-646-555-01{self.digits(2)}", f"+33 1 {self.digits(2)} {self.digits(2)} {self.digits(2)} {self.digits(2)}",
            f"+33 6 {self.digits(2)} {self.digits(2)} {self.digits(2)} {self.digits(2)}",
            f"+91 98{self.digits(3)} {self.digits(5)}", f"+91-99{self.digits(8)}",
            f"+49 30 {self.digits(8)}", f"+49 151 {self.digits(8)}", f"+353 87 {self.digits(3)} {self.digits(4)}",
            f"+353 (0)1 {self.digits(3)} {self.digits(4)}", f"+48 {self.choice('5678')}{self.digits(2)} {self.digits(3)} {self.digits(3)}",
            f"+234 803 {self.digits(3)} {self.digits(4)}", f"+61 412 {self.digits(3)} {self.digits(3)}",
            f"+34 6{self.digits(2)} {self.digits(2)} {self.digits(2)} {self.digits(2)}",
            f"+39 3{self.digits(2)} {self.digits(3)} {self.digits(4)}", f"+90 532 {self.digits(3)} {self.digits(2)} {self.digits(2)}",
            f"+84 91 {self.digits(3)} {self.digits(4)}", f"+27 82 {self.digits(3)} {self.digits(4)}",
        ])

    def phone(self):
        x = self.r.random()
        return self.uk_mobile() if x < 0.5 else self.uk_landline() if x < 0.78 else self.intl_phone()

    def card(self):
        t = self.choice(["visa16", "visa16", "mastercard", "mastercard", "amex", "discover", "jcb16", "maestro"])
        num = self.fk["en_GB"].credit_card_number(card_type=t)
        assert luhn_ok(num), num
        style = self.r.random()
        if len(num) == 16 and style < 0.55:
            return " ".join(num[i:i + 4] for i in range(0, 16, 4))
        if len(num) == 16 and style < 0.7:
            return "-".join(num[i:i + 4] for i in range(0, 16, 4))
        if len(num) == 15 and style < 0.6:
            return f"{num[:4]} {num[4:10]} {num[10:]}"
        return num

    def iban(self):
        loc = self.choice(["en_GB", "en_GB", "en_GB", "de_DE", "fr_FR", "nl_NL", "en_IE", "es_ES", "it_IT"])
        raw = self.fk[loc].iban()
        assert iban_ok(raw), raw
        if self.r.random() < 0.55:
            return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
        return raw

    def nino(self):
        first = "ABCEGHJKLMNOPRSTWXYZ"
        second = "ABCEGHJKLMNPRSTWXYZ"
        while True:
            p = self.choice(first) + self.choice(second)
            if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                break
        d = self.digits(6)
        s = self.choice("ABCD")
        assert NINO_RE.match(p + d + s)
        v = self.choice([f"{p}{d}{s}", f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}", f"{p} {d} {s}", f"{p}{d} {s}"])
        return v.lower() if self.r.random() < 0.12 else v

    def nhs(self):
        while True:
            d = self.digits(9)
            if d[0] == "0":
                continue
            total = sum(int(x) * w for x, w in zip(d, range(10, 1, -1)))
            c = 11 - total % 11
            c = 0 if c == 11 else c
            if c == 10:
                continue
            num = d + str(c)
            assert nhs_ok(num)
            break
        return self.choice([f"{num[:3]} {num[3:6]} {num[6:]}", f"{num[:3]} {num[3:6]} {num[6:]}", num,
                            f"{num[:3]}-{num[3:6]}-{num[6:]}"])

    def ssn(self):
        while True:
            a = self.r.randint(1, 899)
            if a != 666:
                break
        g, n = self.r.randint(1, 99), self.r.randint(1, 9999)
        v = self.choice([f"{a:03d}-{g:02d}-{n:04d}", f"{a:03d}-{g:02d}-{n:04d}", f"{a:03d} {g:02d} {n:04d}",
                         f"{a:03d}{g:02d}{n:04d}"])
        assert ssn_ok(v)
        return v

    def postcode(self, outward=None):
        if outward is None:
            for _ in range(100):
                pc = self.fk["en_GB"].postcode().upper()
                area = re.match(r"[A-Z]+", pc).group(0)
                # keep Faker's realistic ones: A9/A99/AA9/AA99 forms, real area letters, no 0-led district
                if POSTCODE_RE.match(pc) and area in UK_AREAS and re.match(r"^[A-Z]{1,2}[1-9]\d? ", pc):
                    break
            else:
                raise RuntimeError("no realistic postcode")
        else:
            pc = f"{outward} {self.r.randint(0, 9)}{self.choice(INWARD_LETTERS)}{self.choice(INWARD_LETTERS)}"
        assert POSTCODE_RE.match(pc), pc
        x = self.r.random()
        if x < 0.1:
            return pc.lower()
        if x < 0.15:
            return pc.replace(" ", "")
        return pc

    def ip(self):
        x = self.r.random()
        f = self.fk["en_GB"]
        if x < 0.55:
            return f.ipv4_public()
        if x < 0.7:
            return f.ipv4_private()
        if x < 0.85:
            return f.ipv6()
        return self.choice([f"2001:db8::{self.r.randint(1, 0xffff):x}", f"fe80::{self.r.randint(1, 0xffff):x}:{self.r.randint(1, 0xffff):x}",
                            f"2a00:23c6:{self.r.randint(1, 0xffff):x}:{self.r.randint(1, 0xffff):x}::1"])

    def url(self):
        host = self.choice(URL_HOSTS)
        oid = self.r.randint(10000, 999999)
        uid = self.r.randint(100, 99999)
        path = self.choice([
            f"/orders?id={oid}&user={uid}", f"/account/orders/{oid}", f"/track/{oid}?ref=email",
            f"/refunds/claim?order={oid}&email=customer%40example.com", f"/profile.php?id=1000{self.digits(11)}",
            f"/my-account/addresses/{uid}/edit", f"/r/{self.digits(6)}", f"/help/contact?case={oid}#form",
            f"/users/{uid}/invoices/{oid}.pdf", f"/substitutions?basket={oid}&session=a{self.digits(8)}",
        ])
        scheme = self.choice(["https://", "https://", "https://", "http://", ""])
        if scheme == "" and not host.startswith("www."):
            scheme = "https://"
        u = scheme + host + path
        if self.r.random() < 0.12:
            u = self.choice(["https://bit.ly/", "https://tinyurl.com/"]) + "".join(
                self.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
        elif self.r.random() < 0.1:
            u = f"https://www.instagram.com/{self.handle()[1:]}/"
        return u

    def handle(self, person=None):
        if person and self.r.random() < 0.6:
            fi = re.sub(r"[^A-Za-z]", "", ascii_fold(person[1])) or "fan"
            la = re.sub(r"[^A-Za-z]", "", ascii_fold(person[2])) or "x"
            h = self.choice([f"{fi}{la[0]}_{self.r.randint(1, 99)}", f"{fi.lower()}_{la.lower()}",
                             f"{fi}{la}", f"the_real_{fi.lower()}", f"{la.lower()}{self.r.randint(70, 99)}"])
        else:
            h = re.sub(r"[^A-Za-z0-9_]", "", self.fk["en_GB"].user_name())
            if self.r.random() < 0.3:
                h = h.capitalize() + "_" + str(self.r.randint(1, 99))
        return "@" + h[:15]

    def dob(self):
        y, m, d = self.r.randint(1935, 2006), self.r.randint(1, 12), self.r.randint(1, 28)
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
        sfx = "th" if 4 <= d <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return self.choice([
            f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}",
            f"{d} {months[m - 1]} {y}", f"{d}{sfx} {months[m - 1]} {y}", f"{months[m - 1]} {d}, {y}",
            f"{d} {months[m - 1][:3]} {y}", f"{d:02d}-{m:02d}-{y}", f"{d}/{m}/{str(y)[2:]}",
        ])

    def uk_street(self):
        if self.r.random() < 0.6:
            st = self.choice(UK_STREETS)
        else:
            st = f"{self.fk['en_GB'].last_name()} {self.choice(UK_STREET_SUFFIX)}"
        n = self.r.randint(1, 240)
        num = self.choice([str(n), str(n), str(n), f"{n}a", f"{n}B"])
        x = self.r.random()
        if x < 0.18:
            return f"Flat {self.r.randint(1, 30)}, {num} {st}"
        if x < 0.24:
            return f"Flat {self.r.randint(1, 9)}{self.choice('ABCD')}, {num} {st}"
        if x < 0.28:
            return f"Apartment {self.r.randint(1, 120)}, {num} {st}"
        return f"{num} {st}"

    def us_street(self):
        if self.r.random() < 0.5:
            return self.choice(US_STREETS)
        s = self.fk["en_US"].street_address()
        return s.replace("Apt.", "Apt").replace("Suite", "Suite")


SKIPPED_LOCALES = []

# ----------------------------------------------------------------------------------------------
# Templates. {slot} placeholders; labelled slots produce spans. Unlabelled slots add variety.
# ----------------------------------------------------------------------------------------------

LABELLED_SLOTS = {
    "email": "email", "phone": "phone", "mobile": "phone", "landline": "phone", "intl_phone": "phone",
    "card": "credit_card", "iban": "iban", "nino": "uk_nino", "nhs": "nhs_number", "ssn": "us_ssn",
    "postcode": "uk_postcode", "ip": "ip_address", "url": "url", "handle": "social_handle",
    "dob": "date_of_birth", "full": "person", "first": "person", "last": "person", "name": "person",
    "full2": "person", "first2": "person", "uk_street": "street_address", "us_street": "street_address",
    "uk_addr": "street_address+uk_postcode", "us_addr": "street_address",
}

PII_TEMPLATES = [
    # phone
    "I rang {mobile} three times and nobody called back.",
    "Please call me on {phone} before you send the driver.",
    "My number is {mobile} if the driver can't find the gate.",
    "the driver kept ringing {mobile} which isnt even my number anymore",
    "Contact number: {phone}.",
    "Tried your helpline {landline} for 40 minutes, just music.",
    "You can reach my daughter on {phone}, she handles my shopping.",
    "Text me at {mobile} when you're 10 mins away please!",
    "Rang {landline} (the number on the receipt) and got cut off twice.",
    "I'm abroad this month so use {intl_phone} if there is a problem with the order.",
    "Call back requested on {phone} — still waiting.",
    "Why does the app have {mobile} as my phone? I changed it to {phone} months ago.",
    "my son's number is {intl_phone}, he's in the US and pays for my deliveries",
    "Customer called from {phone} about a missing bag of potatoes.",
    # email
    "email me at {email} with the refund confirmation",
    "Please send the receipt to {email} rather than the old address.",
    "I wrote to you from {email} on {date} and heard nothing.",
    "Your system keeps sending confirmations to {email}, which is my ex-partner's account.",
    "Can someone reply to {email}? Three emails, zero answers.",
    "Account email: {email} | Issue: substitutions not shown",
    "Login is {email}, password reset link never arrives.",
    # card
    "My card ending {last4} was charged twice — full number {card} if you need it.",
    "You took £{amount} from card {card} for an order I cancelled.",
    "Please refund to the card I paid with, {card}, not store credit.",
    "The payment page rejected {card} even though it works everywhere else.",
    "card number {card} exp 09/27 — the app keeps saying declined??",
    "I was charged on {card} on {date} and again the next day.",
    # iban
    "Please refund to IBAN {iban}.",
    "I don't use that card any more, pay the refund into {iban} instead.",
    "Bank details for the refund: IBAN {iban}, account name as on the order.",
    "My German account is {iban} — can you refund there?",
    "Refund went to the wrong account. The correct IBAN is {iban}.",
    # nino
    "Why on earth did the form ask for my NI number? I typed {nino} before I realised.",
    "NI number {nino} (I was asked for it for the staff discount scheme).",
    "The agent asked me to confirm my national insurance number, {nino}, which felt wrong.",
    "my NINO is {nino} and it's for the employee discount card",
    # nhs
    "My NHS number is {nhs} and I'm diabetic, so the missing insulin snacks matter.",
    "I'm on the priority slot list — NHS no. {nhs} — please check.",
    "For the vulnerable customer scheme you asked for my NHS number: {nhs}.",
    "Registered as shielding, NHS number {nhs}, still no priority slots.",
    # ssn
    "I'm visiting from the States and the form wanted an SSN, so I entered {ssn}.",
    "Why would a grocery app need my social security number ({ssn})?",
    "my US account was verified with SSN {ssn} and now it won't let me switch to UK delivery",
    "My husband's SSN ({ssn}) somehow ended up in the gift message box, please delete it.",
    "Social Security No. {ssn} is on the customs form you sent back with the hamper. Why??",
    # postcode
    "Delivery slots for {postcode} have been fully booked for two weeks.",
    "Your site says you don't deliver to {postcode} but my neighbour gets deliveries.",
    "The postcode checker rejects {postcode} every time.",
    "We moved to {postcode} and the app still shows the old area.",
    "Driver went to {postcode} instead of my actual postcode, {postcode}.",
    # address
    "I live at {uk_addr} and the driver left the bags at the wrong house.",
    "Deliver to {uk_addr}, not the old address.",
    "Please update my address to {uk_addr}.",
    "The van parked outside {uk_street} and then drove off.",
    "Bags were left on the doorstep of {uk_street} in the rain.",
    "Address on the order: {uk_addr}",
    "my old address was {uk_street} — why is it still the default?",
    "I'm sending this for my mum who lives at {uk_addr}.",
    "Ordering a gift hamper to my brother in the US: {us_addr}.",
    "The export form had my US address, {us_addr}, which I never entered.",
    "Billing address is {us_street} because my card is American.",
    # ip
    "The checkout blocked me, it said my IP {ip} was suspicious.",
    "Support asked for my IP address: {ip}.",
    "Error page showed 'request from {ip} denied' after I pressed pay.",
    "I'm on a VPN ({ip}) and the app keeps logging me out.",
    "Your fraud team flagged logins from {ip} and {ip} — both are just my home broadband.",
    "Home router is {ip}; the app works on mobile data but never on wifi.",
    # url
    "see {url} — that's the order with the missing items",
    "The link in your email ({url}) goes to a 404.",
    "Here is the order page: {url}",
    "Screenshot uploaded to {url} showing the double charge.",
    "Clicking {url} logs me into someone else's account!!",
    # handle
    "I tweeted {handle} about this and got more response than from your helpline.",
    "My daughter {handle} posted photos of the squashed eggs.",
    "DM'd you from {handle}, no reply yet.",
    "follow-up from {handle}: still no refund",
    "Tagged you in my post, I'm {handle} on Instagram.",
    # dob
    "DOB {dob}, please use it to find my account.",
    "The age check on the wine failed even though my date of birth is {dob}.",
    "I was born on {dob} so yes I'm old enough to buy paracetamol.",
    "date of birth: {dob}",
    "Your agent asked for my date of birth ({dob}) and then still couldn't find the order.",
    "Date of Birth - {dob}. Over 18, obviously.",
    # person (pii group mixes these in too)
    "the driver, {first}, was brilliant and carried everything upstairs.",
    "Spoke to {first} on the phone and she sorted it in five minutes.",
    "My name is {full} and I've been a customer for six years.",
    "{hon} {last} from your complaints team promised a callback.",
    "Thanks, {first}",
    # combos
    "Name: {full}. Phone: {phone}. Email: {email}.",
    "Hi, it's {full} ({email}) — order for {uk_addr} arrived without the frozen bag.",
    "Please call {first} on {mobile}; she's my carer and takes the deliveries.",
    "Customer {full}, DOB {dob}, NHS {nhs}, requested a priority slot.",
    "Refund £{amount} to {iban} or to the card {card}, either is fine.",
    "Login {email} from IP {ip} was locked after three attempts.",
    "Order for {full}, {uk_addr}. Tel {phone}.",
    "My husband {first} rang from {phone} but the agent wouldn't talk to him.",
    "Complaint logged by {first2}: customer {full} says driver left bags at {uk_street}.",
    "{full}\n{uk_addr}\n{phone}",
    "I posted about it as {handle} and also emailed {email}.",
    "Please send the voucher to {email} or text {mobile}.",
    "Driver {first} called me from {mobile} to say he was lost near {postcode}.",
    "Interviewer: Can you confirm your details? Customer: Yes, {full}, date of birth {dob}, postcode {postcode}.",
    "Agent note: cust verified via DOB {dob} and NI {nino}.",
    "The order page {url} shows {uk_addr} as the delivery address but I moved.",
]

NAME_TEMPLATES = [
    # cues
    "the driver, {first}, was brilliant",
    "Our driver {first} was so polite and even took the bags to the kitchen.",
    "I spoke to {first} on the phone and she was really helpful.",
    "My name is {full} and I'd like to make a complaint.",
    "Ask for {first} next time, he knows where our back door is.",
    "{hon} {last} in customer services was rude to me.",
    "Please pass my thanks on to {full}, who delivered on Saturday.",
    "I was helped by {first} in the chat, 10/10.",
    "My neighbour {full} took the delivery in for me.",
    "Signed for by {full} apparently, but I don't know who that is.",
    "My carer, {first}, places the orders for me.",
    "your colleague {full} said I'd get a refund in 3-5 days",
    "The picker note said 'packed by {first}'. The eggs were smashed.",
    "This is {first} again, still waiting on that refund.",
    "spoke to someone called {first} who hung up on me",
    "Shout out to {first} the driver!! absolute legend",
    "the delivery man {first} is always so cheerful, please tell his manager",
    "Escalated to {hon} {last}, the team leader.",
    # no cue, mid-sentence
    "{first} and I waited in all morning for nothing.",
    "Honestly {first} deserves a pay rise for dealing with my dog.",
    "I gave the returns to {full} at the door.",
    "{full} shouldn't have to chase a refund three times.",
    "Tell {first} the strawberries were perfect this week.",
    "I think {first}'s van had a broken freezer section.",
    "We ordered for {first}'s birthday and half the cake stuff was missing.",
    "Last week {full} brought the wrong bags entirely.",
    "Can {first} do our Thursday slot again? She is lovely.",
    "Really pleased with {first} and {first2}, they are both great.",
    "{first} here - when will the fresh bread be back in stock?",
    "We love {first}!",
    "it was {full} who called me, not the store",
    "{hon} {last} has ordered from you every week since 2019 and is now very upset.",
    # signatures
    "Missing the milk again. Thanks, {first}",
    "The bananas were green. Regards, {full}",
    "Please sort this out.\n\n{full}",
    "Great service as always x {first}",
    "Would order again — {first}",
    "Kind regards,\n{hon} {last}",
    "Cheers, {first} ({handle})",
    "Best wishes, {full}, {email}",
    # lowercase / social
    "shoutout to {first} who delivered in the snow",
    "@ the team: {first} was amazing today, 5 stars",
    "Interviewer: Who usually receives the delivery? Participant: Mostly my wife, {first}, or our lodger {first2}.",
    "Interviewer: How was the driver? Participant: Oh, {first}? Lovely man, always on time.",
]

FILLER = [
    # with unlabelled dates, times, prices (not PII)
    "Ordered on {date}, arrived at {time2}.", "Slot was {time} to {time2} and nobody came.",
    "Paid £{amount} for delivery saver and used it twice.", "Booked for {date} but it came a day early.",
    "The £{amount} basket was missing a third of the items.", "Refund of £{amount2} took ten days.",
    "Driver arrived at {time}, earlier than the window.", "Since {date} every order has had a substitution.",
    "Two of the {pct} items were wrong.", "Waited from {time} until {time2}.",
    "The delivery was two hours late.", "Half the items were substituted without asking.",
    "The eggs were cracked again.", "Bread was stale on arrival.", "Really happy with the service overall.",
    "The app crashed at checkout.", "Frozen items had defrosted by the time they arrived.",
    "No plastic bags please, I've asked before.", "The strawberries were mouldy.",
    "Great value compared to the supermarket down the road.", "Slot availability is terrible at weekends.",
    "The refund still hasn't come through.", "Driver was friendly and careful with the bags.",
    "I had to wait in all day.", "Substitutions were sensible this time.", "Loved the new recipe cards.",
    "Please bring back the old app layout.", "Why are the prices higher online than in store?",
    "The milk was out of date.", "Everything arrived on time and in perfect condition.",
    "I've been a loyal customer for years and this is the worst it has been.",
    "The chat bot was useless.", "Nobody answers the phone.", "Packaging is excessive.",
    "Veg was fresh and well packed.", "Missing items were refunded quickly, thank you.",
    "The tracking map showed the van going the wrong way.", "Lovely service, will order again.",
    "Can you add a note field for gate codes?", "Delivery charge went up without warning.",
    "The bags were really heavy and split.", "My order was cancelled the night before.",
    "Absolutely shocking service!!!", "Not impressed.", "Fine, no complaints.",
    "The loyalty points never show up.", "Prices are creeping up every week.",
    "Chilled items were warm.", "Best delivery service I've used.", "The website keeps logging me out.",
    "Please stop substituting oat milk with cow's milk, I'm allergic.", "Driver was in a rush and rude.",
    "Thank you for the quick resolution.", "The bananas were bruised.", "Rubbish.",
    "Checkout took ages on the website.", "The delivery window is far too wide.",
    "honestly the best part of my week lol", "couldnt find the gluten free section in the app",
    "The van blocked our drive for half an hour.", "Items were packed neatly.",
    "Too many single-use plastic trays.", "I'd like a refund for the damaged items.",
    "The meat was excellent quality.", "Order arrived early, which was a nice surprise.",
    "ALWAYS LATE.", "Why is there never any fresh fish?", "Customer service was polite but unhelpful.",
    "The new slot booking screen is confusing.", "The driver didn't have the frozen bag.",
]

# Near misses: look like PII to a naive detector, but contain none under our conventions.
NEAR_MISS = [
    "Product code {sku} was out of stock again.",
    "The item with product code {sku} arrived damaged.",
    "Model {model} kettle arrived with a cracked lid.",
    "The batch {batch} yoghurts were all past their date.",
    "My order total was £{bigamount} which seems wrong for a weekly shop.",
    "You charged me £{amount} for 2 x 500g mince instead of £{amount2}.",
    "Delivery was booked for {time} but came at {time2}.",
    "Delivered on {date}, two days late.",
    "Best before {date} and it was already mouldy.",
    "App version {version} keeps crashing on checkout.",
    "Since updating to iOS {ios} the app won't load.",
    "On Android 14 the substitution screen is blank (app {version}).",
    "Order number {order} still shows as 'processing'.",
    "Tracking {tracking} says delivered but nothing came.",
    "Will you be delivering on Boxing Day?",
    "Will the price match still apply in May?",
    "May I suggest a better way of packing eggs?",
    "My bill was higher than the basket total.",
    "The grace period for returns is too short.",
    "Delivery near the Victoria line station is always late.",
    "I used to order from Amazon but your fruit is better.",
    "Customer Service never call back.",
    "My Chase card was declined at checkout but works everywhere else.",
    "My sister in Jordan says your packaging is better than anything there.",
    "Jordans granola was substituted with a cheaper brand.",
    "Flat rate delivery is a great idea.",
    "Apple Pay failed three times.",
    "Paid with Google Pay and got charged twice.",
    "Delivery @ 5pm would be ideal.",
    "Got 3 @ £2 but was charged for 4.",
    "Prices went up {pct}% in a year.",
    "Only {pct}% of my order actually arrived.",
    "The card ending {last4} was charged twice.",
    "Mr Kipling cakes were squashed flat.",
    "Dr Oetker pizzas arrived completely defrosted.",
    "Aunt Bessie's roasties were missing from the bag.",
    "Ben & Jerry's tubs had melted.",
    "Captain Birds Eye fish fingers weren't in the freezer bag.",
    "John Lewis delivers on time, why can't you?",
    "Marks & Spencer is cheaper for this now, honestly.",
    "Sainsbury's and Morrisons both have better slots.",
    "The basil was wilted and the rosemary was missing.",
    "Rosemary and thyme were both substituted.",
    "Sage, parsley and basil — all brown.",
    "Olive oil leaked over everything.",
    "Frank answer: the service has got worse.",
    "To be Frank, I expected better.",
    "Amber warning for snow, so I understand the delay.",
    "The M25 was shut so I get the delay, but nobody told me.",
    "Roadworks on the A64 are no excuse for a three hour delay.",
    "E10 petrol prices are not my problem, stop raising delivery fees.",
    "The driver was stuck behind the number 38 bus.",
    "Barcode {ean} scanned as a different product.",
    "Voucher code {voucher} doesn't work.",
    "Firmware {fw} on the smart fridge doesn't sync with your app.",
    "Part number {ssn_like} for the replacement lid is wrong.",
    "#FreshFood #fail — rotten veg again",
    "Loving the #MeatFreeMonday range.",
    "Ordered via example.com because your site was down.",
    "Found it cheaper on example.co.uk, please price match.",
    "Is freshbasket.co.uk part of your company?",
    "{pts} loyalty points and I can't redeem any of them.",
    "Temperature in the chilled bag was {temp}°C when it arrived.",
    "Room 101 at the care home is where deliveries go, the staff know.",
    "Gate {gate} of the retail park is where the click and collect is.",
    "Christmas delivery on 23/12 was a disaster.",
    "We've been customers since 1987.",
    "Paris Brest pastries are amazing.",
    "Florence Fennel was labelled as celery.",
    "Victoria sponge arrived squashed.",
    "Earl Grey tea was swapped for English Breakfast.",
    "The Granny Smith apples were soft.",
    "Charlotte potatoes were replaced with baking potatoes.",
    "Ordered 12 x 330ml cans, got 6.",
    "The 1.5kg bag was only 1.2kg.",
    "Delivery slot 07:00-09:00 is too early for me.",
    "Receipt {receipt} shows two charges.",
    "Basket ID {order} is stuck.",
    "Complaint ref {caseref} — still open.",
    "Case {caseref} closed without a reply.",
    "I'm on the 3rd floor, flat rate for stairs seems unfair.",
    "Page 2 of 3 of the terms says refunds take 14 days.",
    "The app shows 0 items but the total is £{amount}.",
    "Store {store} had none in stock.",
    "Paid £{amount} on {date} at {time}.",
    "Error code {errcode} on checkout.",
    "Chrome {chrome} on Windows 11 can't load the basket.",
    "The president's choice range was out of stock.",
    "Grace, our cat, loves the salmon you sell.",
]
# (The last entry is deliberately NOT used: a pet's name is arguably a name. It is filtered out.)
NEAR_MISS = [t for t in NEAR_MISS if not t.startswith("Grace, our cat")]

NEAR_MISS_PREFIX = ["", "", "", "Feedback: ", "Re: order — ", "Complaint: ", "Tweet: ", "Survey comment: "]

# ----------------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------------

SLOT_RE = re.compile(r"\{(\w+)\}")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class Ctx:
    """Per-text state: one main person and a second one, reused across slots."""

    def __init__(self, g: Gen):
        self.g = g
        self.p1 = g.name()
        self.p2 = g.name()
        while self.p2[1] == self.p1[1]:
            self.p2 = g.name()

    def fill(self, slot):
        g, r = self.g, self.g.r
        if slot == "uk_addr":
            city, outs = g.choice(UK_CITIES)
            street = g.uk_street()
            pc = g.postcode(g.choice(outs))
            sep1 = g.choice([", ", ", ", " "])
            sep2 = g.choice([" ", ", ", " "])
            if r.random() < 0.15:
                return [(street, "street_address"), (", ", None), (pc, "uk_postcode")]
            if r.random() < 0.1:
                street, city, pc = street.lower(), city.lower(), pc.lower()
            return [(street, "street_address"), (sep1 + city + sep2, None), (pc, "uk_postcode")]
        if slot == "us_addr":
            city, st, z = g.choice(US_PLACES)
            return [(g.us_street(), "street_address"), (f", {city}, {st} {z}", None)]
        p = {"full": self.p1, "first": self.p1, "last": self.p1, "full2": self.p2, "first2": self.p2}
        if slot in ("full", "full2"):
            return [(p[slot][0], "person")]
        if slot in ("first", "first2"):
            return [(p[slot][1], "person")]
        if slot == "last":
            return [(p[slot][2], "person")]
        vals = {
            "email": lambda: g.email(self.p1 if r.random() < 0.7 else None),
            "phone": g.phone, "mobile": g.uk_mobile, "landline": g.uk_landline, "intl_phone": g.intl_phone,
            "card": g.card, "iban": g.iban, "nino": g.nino, "nhs": g.nhs, "ssn": g.ssn,
            "postcode": g.postcode, "ip": g.ip, "url": g.url, "handle": lambda: g.handle(self.p1),
            "dob": g.dob, "uk_street": g.uk_street, "us_street": g.us_street,
        }
        if slot in vals:
            return [(vals[slot](), LABELLED_SLOTS[slot])]
        # unlabelled fillers
        un = {
            "hon": lambda: g.choice(HONORIFICS),
            "last4": lambda: g.digits(4),
            "amount": lambda: f"{r.randint(3, 180)}.{r.randint(0, 99):02d}",
            "amount2": lambda: f"{r.randint(3, 30)}.{r.randint(0, 99):02d}",
            "bigamount": lambda: f"{r.randint(1, 3)},{r.randint(0, 999):03d}.{r.randint(0, 99):02d}",
            "date": lambda: g.choice([f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(2024, 2026)}",
                                      f"{r.randint(1, 28)} {g.choice(MONTHS)}", f"{r.randint(1, 28)}/{r.randint(1, 12)}",
                                      f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", g.choice(["Monday", "Tuesday", "Friday", "Sunday"])]),
            "time": lambda: g.choice([f"{r.randint(7, 11)}am", f"{r.randint(1, 9)}pm", f"{r.randint(7, 21):02d}:{g.choice(['00', '15', '30', '45'])}", f"{r.randint(1, 9)}.30pm"]),
            "time2": lambda: g.choice([f"{r.randint(1, 9)}pm", f"{r.randint(12, 22)}:{r.randint(0, 59):02d}", "gone midnight"]),
            "sku": lambda: g.choice([f"{g.digits(4)}-{g.digits(3)}-{g.digits(3)}", f"SKU {g.digits(6)}", f"{g.digits(2)}-{g.digits(5)}", f"P{g.digits(7)}"]),
            "model": lambda: f"{g.choice(['XJ', 'KT', 'BR', 'TX'])}-{r.randint(100, 9999)}",
            "batch": lambda: f"{r.randint(2024, 2026)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{r.randint(1, 9)}",
            "version": lambda: f"{r.randint(3, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
            "ios": lambda: f"{r.randint(15, 18)}.{r.randint(0, 6)}.{r.randint(1, 3)}",
            "chrome": lambda: f"{r.randint(118, 131)}.0.{r.randint(5000, 6999)}.{r.randint(10, 199)}",
            "order": lambda: g.choice([f"ORD-{g.digits(6)}", f"#{g.digits(7)}", f"{g.digits(8)}", f"GB-{g.digits(4)}-{g.digits(4)}"]),
            "tracking": lambda: g.choice([f"1Z{g.digits(3)}AA{g.digits(10)}", f"JD{g.digits(18)}", f"TT{g.digits(9)}GB"]),
            "pct": lambda: str(r.randint(5, 95)),
            "ean": lambda: "50" + g.digits(11),
            "voucher": lambda: g.choice(["SPRING25", "WELCOME10", "FREEDEL", "SAVE5NOW", "XMAS2025"]),
            "fw": lambda: f"{r.randint(1, 12)}.{r.randint(0, 9)}.{r.randint(0, 20)}.{r.randint(1, 250)}",
            "ssn_like": lambda: f"{r.randint(100, 899)}-{r.randint(10, 99)}-{g.digits(4)}",
            "pts": lambda: f"{r.randint(1, 9)},{g.digits(3)}",
            "temp": lambda: str(r.randint(8, 19)),
            "gate": lambda: str(r.randint(1, 9)),
            "receipt": lambda: f"R{g.digits(3)}-{g.digits(5)}",
            "caseref": lambda: f"CAS-{g.digits(6)}",
            "store": lambda: f"#{r.randint(100, 2999)}",
            "errcode": lambda: g.choice(["E-4012", "ERR_502", "0x80070005", "PAY-17"]),
        }
        return [(un[slot](), None)]


def render(tpl: str, ctx: Ctx):
    segs = []
    pos = 0
    for m in SLOT_RE.finditer(tpl):
        segs.append((tpl[pos:m.start()], None))
        segs.extend(ctx.fill(m.group(1)))
        pos = m.end()
    segs.append((tpl[pos:], None))
    return [s for s in segs if s[0]]


def template_types(tpl):
    out = set()
    for s in SLOT_RE.findall(tpl):
        for t in LABELLED_SLOTS.get(s, "").split("+"):
            if t:
                out.add(t)
    return out


BAD_EDGE = set(" \t\n.,;:!?()[]\"'—-")


def finish(segs, g: Gen, allow_case=True):
    """Apply case noise per segment, join, and compute spans."""
    r = g.r
    mode = r.random() if allow_case else 1.0
    out = []
    for text, label in segs:
        if mode < 0.08:  # social-post lowercase, PII included
            text = text.lower()
        elif mode < 0.12 and label is None:  # shouting, PII left as typed
            text = text.upper()
        out.append((text, label))
    text, spans, pos = "", [], 0
    for t, label in out:
        if label:
            spans.append({"start": pos, "end": pos + len(t), "type": label})
        text += t
        pos += len(t)
    for s in spans:
        v = text[s["start"]:s["end"]]
        lead_ok = s["type"] == "phone" and v[0] == "("  # "(0161) 496 0000": brackets are part of the number
        assert v and (v[0] not in BAD_EDGE or lead_ok) and v[-1] not in BAD_EDGE, (v, text)
        assert v == v.strip() and (v.count("(") == v.count(")")), (v, text)
        assert s["type"] in TYPES
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"], (text, spans)
    return text, spans


SIGNATURE_MARKS = ("Thanks, {", "Regards, {", "regards,\n", "Cheers, {", "Best wishes, {", "x {first}",
                   "— {first}", "\n\n{full}", "{full}\n{uk_addr}")


def compose(g: Gen, main_tpls, n_filler_max=2):
    """Join the chosen templates with filler sentences in a random order."""
    parts = list(main_tpls) + [g.choice(FILLER) for _ in range(g.r.randint(0, n_filler_max))]
    g.r.shuffle(parts)
    # keep signatures last
    sig = [p for p in parts if any(m in p for m in SIGNATURE_MARKS)]
    parts = [p for p in parts if p not in sig] + sig
    return g.choice([" ", " ", " ", "  ", "\n"]).join(parts) if len(parts) > 1 else parts[0]


def build(group, g: Gen):
    r = g.r
    if group == "pii":
        g.name_source = "faker"
        target = r.choice(TYPES)
        cands = [t for t in PII_TEMPLATES if target in template_types(t)]
        tpls = [r.choice(cands)]
        nslots = len(SLOT_RE.findall(tpls[0]))
        while r.random() < 0.35 and nslots < 4:
            t = r.choice(PII_TEMPLATES)
            k = sum(1 for s in SLOT_RE.findall(t) if s in LABELLED_SLOTS)
            if nslots + k <= 4 and t not in tpls:
                tpls.append(t)
                nslots += k
        tpl = compose(g, tpls)
    elif group in ("names_diverse", "names_handwritten"):
        g.name_source = "faker" if group == "names_diverse" else "handwritten"
        tpls = [r.choice(NAME_TEMPLATES)]
        if r.random() < 0.2:
            tpls.append(r.choice([t for t in PII_TEMPLATES if "person" not in template_types(t)]))
        tpl = compose(g, tpls)
    elif group == "no_pii":
        k = r.choice([1, 1, 2, 2, 2, 3, 3, 4])
        tpl = " ".join(r.sample(FILLER, k))
    elif group == "near_miss":
        tpls = [r.choice(NEAR_MISS)]
        if r.random() < 0.3:
            tpls.append(r.choice(NEAR_MISS))
        tpl = r.choice(NEAR_MISS_PREFIX) + compose(g, tpls, n_filler_max=1)
    else:
        raise ValueError(group)
    ctx = Ctx(g)
    segs = render(tpl, ctx)
    # Count PII items; the pii group must carry 1–4 (signatures + repeated names can push past 4 only
    # in the names groups, where that is fine).
    text, spans = finish(segs, g)
    if group in ("no_pii", "near_miss"):
        assert not spans, (group, text)
    return text, spans


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "fixtures/pii/eval.jsonl"))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    g = Gen(args.seed)
    rows, seen = [], set()
    for group, n in GROUP_SIZES.items():
        made, tries = 0, 0
        while made < n:
            tries += 1
            assert tries < n * 20, f"cannot make enough distinct texts for {group}"
            text, spans = build(group, g)
            if text in seen:
                continue
            if len(spans) > 4 or (group == "pii" and not spans):
                continue
            seen.add(text)
            rows.append({"id": f"pii-{len(rows) + 1:05d}", "text": text, "spans": spans, "group": group})
            made += 1

    # Interleave the groups (ids are assigned after the shuffle, so ids stay in file order).
    g.r.shuffle(rows)
    for i, row in enumerate(rows):
        row["id"] = f"pii-{i + 1:05d}"

    # Global re-checks of every span and every checksummed value.
    for row in rows:
        for s in row["spans"]:
            v = row["text"][s["start"]:s["end"]]
            t = s["type"]
            if t == "credit_card":
                assert luhn_ok(re.sub(r"\D", "", v)), v
            elif t == "iban":
                assert iban_ok(v), v
            elif t == "nhs_number":
                assert nhs_ok(re.sub(r"\D", "", v)), v
            elif t == "uk_nino":
                assert NINO_RE.match(v.replace(" ", "").upper()), v
            elif t == "us_ssn":
                assert ssn_ok(v), v
            elif t == "uk_postcode":
                u = v.upper()
                if " " not in u:
                    u = u[:-3] + " " + u[-3:]
                assert POSTCODE_RE.match(u), v

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")

    by_type = Counter(s["type"] for r in rows for s in r["spans"])
    by_group = Counter(r["group"] for r in rows)
    texts_with = Counter(t for r in rows for t in {s["type"] for s in r["spans"]})
    per_text = Counter(len(r["spans"]) for r in rows)
    print(f"faker {faker.VERSION}, seed {args.seed}, wrote {len(rows)} texts to {out} ({out.stat().st_size} bytes)")
    print(f"templates: {len(PII_TEMPLATES)} pii, {len(NAME_TEMPLATES)} name, {len(NEAR_MISS)} near-miss, {len(FILLER)} filler")
    print(f"skipped name locales (no Latin-script names): {', '.join(SKIPPED_LOCALES) or 'none'}")
    print("\nspans per type (texts containing the type):")
    for t in TYPES:
        print(f"  {t:15s} {by_type[t]:5d}  ({texts_with[t]})")
    print(f"  {'TOTAL':15s} {sum(by_type.values()):5d}")
    print("\ntexts per group (spans in group):")
    for gname in GROUP_SIZES:
        ns = sum(len(r["spans"]) for r in rows if r["group"] == gname)
        print(f"  {gname:18s} {by_group[gname]:5d}  ({ns})")
    print(f"  {'TOTAL':18s} {len(rows):5d}")
    print("\nspans per text: " + ", ".join(f"{k}: {per_text[k]}" for k in sorted(per_text)))
    hw = {n[0] for n in HANDWRITTEN_NAMES}
    assert len(hw) >= 120, len(hw)
    print(f"hand-written names: {len(hw)}")


if __name__ == "__main__":
    sys.exit(main())
