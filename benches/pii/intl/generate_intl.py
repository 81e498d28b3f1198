#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Generate the international PII evaluation set ``intl_dev.jsonl``.

English-language customer feedback (survey comments, complaint e-mails, chat
messages, social posts, agent notes, interview snippets, signatures) written by
customers and staff of many origins, with character-exact labels.

Only the Python standard library and Faker are used.  Every value is fake.
Run through ``generate_intl.sh`` (pins the Faker version); the output is
byte-for-byte reproducible for a given seed and Faker version.

Usage: generate_intl.py --seed 20250611 --out fixtures/pii/intl_dev.jsonl
"""

import argparse
import json
import random
import re
import sys
import unicodedata
import warnings
import zlib
from collections import Counter, OrderedDict

warnings.simplefilter("ignore")

import faker  # noqa: E402
from faker import Faker  # noqa: E402

FAKER_VERSION = "40.63.0"

TYPES = [
    "person", "phone", "email", "street_address", "postal_code", "credit_card",
    "iban", "ip_address", "us_ssn", "url", "social_handle", "date_of_birth",
    "age", "driver_licence", "passport", "account_number",
]
GROUP_SIZES = OrderedDict([("pii", 900), ("names", 350), ("clean", 150), ("near_miss", 200)])
REF_YEAR = 2025

SEED = 0
RNG = random.Random(0)


def R():
    return RNG


def pick(seq):
    return RNG.choice(seq)


def chance(p):
    return RNG.random() < p


def wpick(pairs):
    """pairs: list of (item, weight)."""
    total = sum(w for _, w in pairs)
    x = RNG.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def digits(n):
    return "".join(str(RNG.randint(0, 9)) for _ in range(n))


def digits_nz(n):
    return str(RNG.randint(1, 9)) + digits(n - 1)


UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = UPPER + "0123456789"


def pattern(p):
    """D digit, L upper letter, A upper alnum, N non-zero digit; others literal."""
    out = []
    for ch in p:
        if ch == "D":
            out.append(str(RNG.randint(0, 9)))
        elif ch == "N":
            out.append(str(RNG.randint(1, 9)))
        elif ch == "L":
            out.append(pick(UPPER))
        elif ch == "A":
            out.append(pick(ALNUM))
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------
# Faker instances (one per locale, each seeded from the global seed + locale)
# --------------------------------------------------------------------------
_FK = {}


def fk(loc):
    f = _FK.get(loc)
    if f is None:
        f = Faker(loc)
        f.seed_instance(SEED * 1000003 + zlib.crc32(loc.encode("ascii")))
        _FK[loc] = f
    return f


# --------------------------------------------------------------------------
# Text helpers: ASCII folding and transliteration
# --------------------------------------------------------------------------
_FOLD = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d",
         "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "OE",
         "ħ": "h", "’": "'"}


def fold(s):
    s = "".join(_FOLD.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def slug(s):
    return re.sub(r"[^a-z0-9]", "", fold(s).lower())


_CYR_RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
           "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
           "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
           "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
           "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}
_CYR_UK = dict(_CYR_RU, **{"г": "h", "и": "y", "х": "kh", "щ": "shch", "е": "e"})
_CYR_BG = dict(_CYR_RU, **{"ъ": "a", "щ": "sht", "х": "h", "ю": "yu", "я": "ya", "ь": "y"})
_GREEK_DI = [("ου", "ou"), ("αι", "ai"), ("ει", "ei"), ("οι", "oi"), ("αυ", "av"), ("ευ", "ev"),
             ("γγ", "ng"), ("γκ", "gk"), ("μπ", "mp"), ("ντ", "nt"), ("τσ", "ts"), ("τζ", "tz")]
_GREEK = {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
          "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
          "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
          "ω": "o"}


def _cap_parts(s):
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


def translit(s, loc):
    out_words = []
    for word in s.split(" "):
        w = word.lower()
        if loc == "el_GR":
            w = "".join(ch for ch in unicodedata.normalize("NFD", w) if not unicodedata.combining(ch))
            for a, b in _GREEK_DI:
                if w.startswith("μπ"):
                    w = "b" + w[2:]
                if w.startswith("ντ"):
                    w = "d" + w[2:]
                w = w.replace(a, b)
            w = "".join(_GREEK.get(ch, ch) for ch in w)
        else:
            table = {"uk_UA": _CYR_UK, "bg_BG": _CYR_BG}.get(loc, _CYR_RU)
            res = []
            for i, ch in enumerate(w):
                t = table.get(ch, ch)
                if loc == "ru_RU" and ch == "е" and (i == 0 or w[i - 1] in "аеёиоуыэюяьъ"):
                    t = "ye"
                res.append(t)
            w = "".join(res)
        out_words.append(_cap_parts(w))
    return " ".join(out_words)


def cap_name(s):
    return " ".join(_cap_parts(p) if p.islower() else p for p in s.split(" "))


# --------------------------------------------------------------------------
# Locale profiles
# --------------------------------------------------------------------------
# Residence locales: where addresses, phones, postcodes, bank and ID documents
# come from.  Weight = share of pii / clean / near_miss texts.
RESIDENCE = OrderedDict([
    ("en_GB", 8), ("de_DE", 7), ("fr_FR", 6), ("it_IT", 4.5), ("es_ES", 4.5), ("nl_NL", 4),
    ("pl_PL", 4), ("en_US", 3.5), ("en_IE", 3), ("de_AT", 2.5), ("de_CH", 2.5), ("pt_PT", 2.5),
    ("sv_SE", 2.5), ("nl_BE", 2), ("fr_BE", 2), ("fr_CH", 1.5), ("da_DK", 2), ("no_NO", 2),
    ("fi_FI", 2), ("cs_CZ", 2), ("sk_SK", 1.5), ("hu_HU", 2), ("ro_RO", 2), ("hr_HR", 1.5),
    ("sl_SI", 1.2), ("lt_LT", 1.2), ("lv_LV", 1.2), ("et_EE", 1.2), ("el_GR", 1.8), ("bg_BG", 1.3),
    ("tr_TR", 1.3), ("en_CA", 1.8), ("en_AU", 1.8), ("en_NZ", 1), ("en_IN", 1.5), ("en_PH", 1),
    ("es_MX", 1.2), ("pt_BR", 1.2), ("id_ID", 0.8), ("vi_VN", 0.8),
])

# Name-origin locales (all residences plus origin-only ones).
NAME_LOCALES = OrderedDict([
    ("en_GB", 5), ("en_US", 3), ("en_IE", 2), ("ga_IE", 1), ("en_AU", 1.5), ("en_CA", 1.5),
    ("en_NZ", 1), ("en_IN", 3), ("en_PK", 2), ("en_NG", 1.5), ("yo_NG", 1), ("ig_NG", 1),
    ("ha_NG", 0.7), ("en_KE", 1), ("en_PH", 1), ("de_DE", 4), ("de_AT", 2), ("de_CH", 2),
    ("fr_FR", 4), ("fr_CH", 1.5), ("fr_BE", 1.5), ("fr_DZ", 2), ("nl_NL", 3), ("nl_BE", 2),
    ("it_IT", 3.5), ("es_ES", 3.5), ("es_MX", 1.5), ("es_AR", 1), ("es_CO", 1), ("pt_PT", 2),
    ("pt_BR", 2), ("da_DK", 1.5), ("sv_SE", 2), ("no_NO", 1.5), ("fi_FI", 1.5), ("is_IS", 1),
    ("pl_PL", 4), ("cs_CZ", 2), ("sk_SK", 1.5), ("hu_HU", 2), ("ro_RO", 2.5), ("bg_BG", 1.5),
    ("el_GR", 2), ("tr_TR", 3), ("ru_RU", 2.5), ("uk_UA", 2.5), ("hr_HR", 1.5), ("sl_SI", 1),
    ("lt_LT", 1.2), ("lv_LV", 1.2), ("et_EE", 1.2), ("az_AZ", 0.7), ("zh_CN", 2.5), ("zh_TW", 1),
    ("ja_JP", 1.5), ("vi_VN", 1.5), ("id_ID", 1.2),
])

COUNTRY = {
    "en_GB": ("United Kingdom", "GB", "44"), "en_US": ("USA", "US", "1"),
    "en_IE": ("Ireland", "IE", "353"), "en_AU": ("Australia", "AU", "61"),
    "en_CA": ("Canada", "CA", "1"), "en_NZ": ("New Zealand", "NZ", "64"),
    "en_IN": ("India", "IN", "91"), "en_PH": ("Philippines", "PH", "63"),
    "de_DE": ("Germany", "DE", "49"), "de_AT": ("Austria", "AT", "43"),
    "de_CH": ("Switzerland", "CH", "41"), "fr_CH": ("Switzerland", "CH", "41"),
    "fr_FR": ("France", "FR", "33"), "fr_BE": ("Belgium", "BE", "32"),
    "nl_BE": ("Belgium", "BE", "32"), "nl_NL": ("Netherlands", "NL", "31"),
    "it_IT": ("Italy", "IT", "39"), "es_ES": ("Spain", "ES", "34"),
    "es_MX": ("Mexico", "MX", "52"), "pt_PT": ("Portugal", "PT", "351"),
    "pt_BR": ("Brazil", "BR", "55"), "da_DK": ("Denmark", "DK", "45"),
    "sv_SE": ("Sweden", "SE", "46"), "no_NO": ("Norway", "NO", "47"),
    "fi_FI": ("Finland", "FI", "358"), "pl_PL": ("Poland", "PL", "48"),
    "cs_CZ": ("Czech Republic", "CZ", "420"), "sk_SK": ("Slovakia", "SK", "421"),
    "hu_HU": ("Hungary", "HU", "36"), "ro_RO": ("Romania", "RO", "40"),
    "hr_HR": ("Croatia", "HR", "385"), "sl_SI": ("Slovenia", "SI", "386"),
    "lt_LT": ("Lithuania", "LT", "370"), "lv_LV": ("Latvia", "LV", "371"),
    "et_EE": ("Estonia", "EE", "372"), "el_GR": ("Greece", "GR", "30"),
    "bg_BG": ("Bulgaria", "BG", "359"), "tr_TR": ("Turkey", "TR", "90"),
    "id_ID": ("Indonesia", "ID", "62"), "vi_VN": ("Vietnam", "VN", "84"),
}

# Real city lists where Faker's are invented or missing.  (city, region) for
# US/CA/AU/BR; plain strings elsewhere.
CITIES = {
    "en_GB": ["London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "Edinburgh",
              "Birmingham", "Sheffield", "Nottingham", "Brighton", "Norwich", "York", "Reading",
              "Belfast", "Leicester", "Coventry", "Swansea", "Aberdeen", "Exeter", "Bath", "Hull"],
    "en_US": [("Boston", "MA"), ("Austin", "TX"), ("Denver", "CO"), ("Portland", "OR"),
              ("Columbus", "OH"), ("Raleigh", "NC"), ("Tucson", "AZ"), ("Madison", "WI"),
              ("Richmond", "VA"), ("Spokane", "WA"), ("Albany", "NY"), ("Sacramento", "CA"),
              ("Omaha", "NE"), ("Savannah", "GA"), ("Pittsburgh", "PA")],
    "en_CA": [("Toronto", "ON"), ("Ottawa", "ON"), ("Montreal", "QC"), ("Calgary", "AB"),
              ("Vancouver", "BC"), ("Halifax", "NS"), ("Winnipeg", "MB"), ("Victoria", "BC"),
              ("Hamilton", "ON"), ("Saskatoon", "SK")],
    "en_AU": [("Sydney", "NSW"), ("Melbourne", "VIC"), ("Brisbane", "QLD"), ("Perth", "WA"),
              ("Adelaide", "SA"), ("Hobart", "TAS"), ("Geelong", "VIC"), ("Newcastle", "NSW"),
              ("Canberra", "ACT"), ("Cairns", "QLD")],
    "en_IE": ["Dublin", "Cork", "Galway", "Limerick", "Waterford", "Kilkenny", "Sligo", "Athlone",
              "Drogheda", "Dundalk", "Bray", "Ennis", "Tralee"],
    "en_NZ": ["Auckland", "Wellington", "Christchurch", "Hamilton", "Dunedin", "Tauranga", "Napier",
              "Nelson", "Palmerston North", "Rotorua"],
    "en_PH": ["Quezon City", "Makati", "Manila", "Cebu City", "Davao City", "Pasig", "Taguig",
              "Iloilo City", "Baguio", "Mandaue"],
    "fr_FR": ["Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg",
              "Montpellier", "Bordeaux", "Lille", "Rennes", "Reims", "Grenoble", "Dijon", "Angers",
              "Tours", "Metz", "Rouen"],
    "fr_CH": ["Genève", "Lausanne", "Neuchâtel", "Fribourg", "Sion", "Montreux", "Yverdon-les-Bains",
              "Nyon", "Vevey", "Delémont"],
    "fr_BE": ["Bruxelles", "Liège", "Namur", "Charleroi", "Mons", "Wavre", "Louvain-la-Neuve",
              "Ixelles", "Uccle", "Tournai", "Arlon"],
    "no_NO": ["Oslo", "Bergen", "Trondheim", "Stavanger", "Drammen", "Tromsø", "Kristiansand",
              "Fredrikstad", "Bodø", "Ålesund", "Hamar"],
    "pt_BR": [("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Belo Horizonte", "MG"),
              ("Curitiba", "PR"), ("Porto Alegre", "RS"), ("Recife", "PE"), ("Salvador", "BA"),
              ("Fortaleza", "CE"), ("Campinas", "SP"), ("Florianópolis", "SC")],
    "es_MX": ["Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida",
              "Toluca", "León", "Oaxaca", "Morelia"],
    "lt_LT": ["Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys", "Alytus", "Marijampolė"],
    "lv_LV": ["Rīga", "Daugavpils", "Liepāja", "Jelgava", "Jūrmala", "Ventspils", "Valmiera"],
    "et_EE": ["Tallinn", "Tartu", "Narva", "Pärnu", "Viljandi", "Rakvere", "Kuressaare"],
    "el_GR": ["Athens", "Thessaloniki", "Patras", "Heraklion", "Larissa", "Volos", "Ioannina",
              "Chania", "Piraeus", "Kalamata"],
    "bg_BG": ["Sofia", "Plovdiv", "Varna", "Burgas", "Ruse", "Stara Zagora", "Pleven",
              "Veliko Tarnovo"],
    "tr_TR": ["Kadıköy/İstanbul", "Beşiktaş/İstanbul", "Çankaya/Ankara", "Konak/İzmir",
              "Nilüfer/Bursa", "Muratpaşa/Antalya", "Üsküdar/İstanbul", "Keçiören/Ankara"],
    "es_ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao",
              "Murcia", "Palma", "Valladolid", "Vigo", "Granada", "Alicante", "Córdoba"],
    "it_IT": ["Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze", "Genova", "Bari",
              "Verona", "Padova", "Palermo", "Trieste", "Brescia", "Parma"],
}

# The best-known shopping streets (no house number: never labelled).
FAMOUS_STREETS = {
    "en_GB": ["Oxford Street", "Regent Street", "the High Street", "Buchanan Street",
              "Deansgate", "Princes Street", "Briggate"],
    "en_IE": ["Grafton Street", "Henry Street", "Patrick Street", "Shop Street"],
    "en_US": ["Fifth Avenue", "Main Street", "Michigan Avenue", "Newbury Street"],
    "en_CA": ["Yonge Street", "Robson Street", "Rue Sainte-Catherine"],
    "en_AU": ["George Street", "Bourke Street", "Queen Street Mall", "Rundle Mall"],
    "en_NZ": ["Queen Street", "Lambton Quay", "Cuba Street"],
    "en_IN": ["MG Road", "Linking Road", "Park Street", "Brigade Road"],
    "en_PH": ["Ayala Avenue", "Colon Street", "Session Road"],
    "de_DE": ["Kurfürstendamm", "Königsallee", "the Zeil", "Maximilianstraße",
              "Mönckebergstraße", "Schildergasse", "Alexanderplatz"],
    "de_AT": ["Mariahilfer Straße", "Kärntner Straße", "Getreidegasse", "Landstraße"],
    "de_CH": ["Bahnhofstrasse", "Marktgasse", "Freie Strasse", "Spitalgasse"],
    "fr_CH": ["Rue du Rhône", "Rue de Bourg", "Rue du Marché"],
    "fr_FR": ["Rue de Rivoli", "the Champs-Élysées", "Rue de la République",
              "Boulevard Haussmann", "La Canebière", "Rue Sainte-Catherine"],
    "fr_BE": ["Rue Neuve", "Avenue Louise", "Rue de Fer", "Place Saint-Lambert"],
    "nl_BE": ["Meir", "Veldstraat", "Diestsestraat", "Steenstraat"],
    "nl_NL": ["Kalverstraat", "Damrak", "Lijnbaan", "Grote Marktstraat", "Vredenburg"],
    "it_IT": ["Via del Corso", "Via Montenapoleone", "Via Toledo", "Via Roma", "Via dei Calzaiuoli"],
    "es_ES": ["Gran Vía", "Calle Preciados", "Passeig de Gràcia", "Calle Larios", "Calle Colón"],
    "es_MX": ["Paseo de la Reforma", "Avenida Madero", "Avenida Chapultepec"],
    "pt_PT": ["Rua Augusta", "Rua de Santa Catarina", "Avenida da Liberdade", "Rua do Carmo"],
    "pt_BR": ["Avenida Paulista", "Rua Oscar Freire", "Rua 25 de Março"],
    "da_DK": ["Strøget", "Købmagergade", "Ryesgade"],
    "sv_SE": ["Drottninggatan", "Kungsgatan", "Biblioteksgatan", "Stora Nygatan"],
    "no_NO": ["Karl Johans gate", "Bogstadveien", "Torgallmenningen"],
    "fi_FI": ["Aleksanterinkatu", "Mannerheimintie", "Hämeenkatu"],
    "pl_PL": ["Marszałkowska", "Nowy Świat", "Piotrkowska", "Floriańska", "Długa"],
    "cs_CZ": ["Václavské náměstí", "Na Příkopě", "Pařížská", "Masarykova"],
    "sk_SK": ["Obchodná", "Hlavná", "Michalská"],
    "hu_HU": ["Váci utca", "Andrássy út", "Király utca"],
    "ro_RO": ["Calea Victoriei", "Lipscani", "Strada Republicii"],
    "hr_HR": ["Ilica", "Stradun", "Riva"],
    "sl_SI": ["Čopova", "Slovenska cesta", "Gosposvetska cesta"],
    "lt_LT": ["Gedimino prospektas", "Pilies gatvė", "Laisvės alėja"],
    "lv_LV": ["Brīvības iela", "Tērbatas iela", "Kaļķu iela"],
    "et_EE": ["Viru tänav", "Rüütli tänav", "Pärnu maantee"],
    "el_GR": ["Ermou", "Tsimiski", "Stadiou", "Kifisias Avenue"],
    "bg_BG": ["Vitosha Boulevard", "Graf Ignatiev", "Knyaz Aleksandar I"],
    "tr_TR": ["İstiklal Caddesi", "Bağdat Caddesi", "Kordon"],
    "id_ID": ["Jalan Malioboro", "Jalan Braga", "Jalan Thamrin"],
    "vi_VN": ["Đồng Khởi", "Nguyễn Huệ", "Hàng Gai"],
}

CURRENCY = {
    "en_GB": "£", "en_US": "$", "en_CA": "CA$", "en_AU": "A$", "en_NZ": "NZ$", "en_IN": "₹",
    "en_PH": "₱", "de_CH": "CHF", "fr_CH": "CHF", "da_DK": "kr", "sv_SE": "kr", "no_NO": "kr",
    "pl_PL": "zł", "cs_CZ": "Kč", "hu_HU": "Ft", "ro_RO": "lei", "bg_BG": "лв", "tr_TR": "TL",
    "es_MX": "MXN", "pt_BR": "R$", "id_ID": "Rp", "vi_VN": "₫",
}
MDY = {"en_US", "en_PH"}


def rcity(loc):
    lst = CITIES.get(loc)
    if lst:
        c = pick(lst)
        return c if isinstance(c, str) else c[0]
    return fk(loc).city()


def rcity_region(loc):
    lst = CITIES.get(loc)
    c = pick(lst)
    return c


# --------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------
TITLES_M = [("Mr", 30), ("Mr.", 14), ("Dr", 6), ("Dr.", 4), ("Prof.", 1), ("MR", 1)]
TITLES_F = [("Mrs", 18), ("Ms", 20), ("Ms.", 8), ("Miss", 5), ("Mrs.", 6), ("Dr", 5), ("Dr.", 3),
            ("Prof.", 1), ("MS", 1)]

# English first names / surnames that are also ordinary words (names group only).
WORD_FIRST_F = ["May", "Grace", "Rose", "Hope", "Joy", "Faith", "Dawn", "Summer", "Amber", "Penny",
                "Holly", "Ivy", "Daisy", "Crystal", "Robin", "Sky", "Autumn", "April", "June",
                "Pearl", "Ruby", "Heather", "Victoria", "Charity", "Florence", "Sydney"]
WORD_FIRST_M = ["Will", "Mark", "Bill", "Frank", "Jack", "Rob", "Ray", "Art", "Bob", "Chase",
                "Pat", "Hunter", "Miles", "Drew", "Grant", "Lance", "Rich", "Dean", "Guy",
                "Austin", "Jordan", "Chance", "Gene", "Sterling", "Victor", "Bruce"]
WORD_LAST = ["Baker", "Cook", "King", "Brown", "White", "Young", "Rich", "Green", "Hill", "Wood",
             "Bell", "Stone", "Fox", "Hunter", "Mason", "Church", "Law", "Short", "Long", "Moody",
             "Best", "Sharp", "Savage", "Little", "Power", "Day", "Frost", "Snow", "Rivers",
             "Cross", "Price", "Page", "Marsh", "Banks", "Lane", "Field", "Bird", "Swift", "Gold",
             "Wise", "Hope", "Golden", "Booth", "Parish", "Sterling", "Waters"]

NAME_CFG = {
    "es_ES": {"two": 0.65, "mid": 0.08}, "es_MX": {"two": 0.55, "mid": 0.15},
    "es_AR": {"two": 0.2, "mid": 0.1}, "es_CO": {"two": 0.55, "mid": 0.15},
    "pt_PT": {"two": 0.45, "mid": 0.15, "short_last": "last"},
    "pt_BR": {"two": 0.35, "mid": 0.1, "short_last": "last"},
    "de_DE": {"hyph": 0.08, "mid": 0.08}, "de_AT": {"hyph": 0.05, "mid": 0.06},
    "fr_FR": {"hyph": 0.05, "mid": 0.05}, "en_GB": {"mid": 0.12, "hyph": 0.03},
    "en_US": {"mid": 0.18}, "en_AU": {"mid": 0.1}, "en_CA": {"mid": 0.1}, "en_IE": {"mid": 0.1},
    "hu_HU": {"eastern": 0.5}, "sv_SE": {"mid": 0.1}, "da_DK": {"mid": 0.12},
    "no_NO": {"mid": 0.1}, "fi_FI": {"mid": 0.1}, "en_IN": {"mid": 0.05},
}
SCRIPT_LOCALES = {"ru_RU", "uk_UA", "bg_BG", "el_GR"}


class Person:
    def __init__(self, loc, gender, given, surname, middle="", eastern=False, native=False,
                 latin_given=None, latin_surname=None, short_last=None, surname_caps=False,
                 mid_in_full=False, nospace=False):
        self.loc = loc
        self.gender = gender
        self.given = given
        self.surname = surname
        self.middle = middle
        self.eastern = eastern
        self.native = native          # non-Latin script
        self.nospace = nospace        # CJK written without space
        self.latin_given = latin_given or given
        self.latin_surname = latin_surname or surname
        self.short_last = short_last or surname
        self.surname_caps = surname_caps
        self.mid_in_full = mid_in_full
        self.dob = None
        self._email = None
        self._handle = None
        self._url = None
        self._passport = None
        self._dl = None

    # -- renderings -------------------------------------------------------
    def full(self, with_middle=None):
        mid = self.middle if (with_middle if with_middle is not None else self.mid_in_full) else ""
        sur = self.surname.upper() if self.surname_caps else self.surname
        if self.nospace:
            return self.surname + self.given
        if self.eastern:
            parts = [sur, mid, self.given]
        else:
            parts = [self.given, mid, sur]
        return " ".join(p for p in parts if p)

    def first(self):
        return self.given

    def last(self):
        return self.short_last

    def initial_last(self):
        sep = ". " if not chance(0.15) else "."
        return self.given[0] + sep + self.short_last

    def first_initial(self):
        return self.given + " " + self.short_last[0] + "."

    def last_comma_first(self):
        return self.surname + ", " + self.given

    def caps_last_first(self):
        return self.surname.upper() + " " + self.given

    def plain(self):
        return fold(self.full())

    @property
    def age(self):
        if getattr(self, "_age", None) is None:
            self._age = REF_YEAR - self.dob[0] - (1 if chance(0.4) else 0)
        return self._age


def _first(f, g):
    return getattr(f, "first_name_female" if g == "f" else "first_name_male")()


def _last(f, g):
    m = "last_name_female" if g == "f" else "last_name_male"
    if hasattr(f, m):
        return getattr(f, m)()
    return f.last_name()


def make_person(loc, gender=None, surname_of=None, kid=False):
    g = gender or pick("fm")
    f = fk(loc)
    cfg = NAME_CFG.get(loc, {})
    p = None
    if surname_of is not None and not surname_of.native:
        # family member: same origin, same surname (gendered forms recomputed where needed)
        base = surname_of
        sur = base.surname
        if base.loc in ("pl_PL", "cs_CZ", "sk_SK", "ru_RU", "uk_UA", "bg_BG", "lt_LT", "lv_LV",
                        "el_GR", "is_IS") and g != base.gender:
            sur = None  # gendered surname: draw a fresh one (family resemblance not modelled)
        if base.loc in SCRIPT_LOCALES and sur is not None:
            given_n = _first(f, g)
            given = translit(given_n, base.loc)
            p = Person(base.loc, g, cap_name(given), sur, short_last=base.short_last)
        elif sur is not None and base.loc not in ("zh_CN", "zh_TW", "ja_JP", "vi_VN", "hu_HU"):
            if base.loc == "is_IS":
                sur = None
            else:
                p = Person(base.loc, g, _first(f, g), sur, short_last=base.short_last)
        if p is None:
            loc = base.loc
            f = fk(loc)
    if p is None:
        if loc in SCRIPT_LOCALES:
            given_n, sur_n = cap_name(_first(f, g)), cap_name(_last(f, g))
            mid_n = ""
            if loc == "ru_RU" and chance(0.15):
                mid_n = getattr(f, "middle_name_female" if g == "f" else "middle_name_male")()
            if chance(0.2):
                p = Person(loc, g, given_n, sur_n, middle=mid_n, native=True,
                           latin_given=translit(given_n, loc), latin_surname=translit(sur_n, loc),
                           mid_in_full=bool(mid_n))
            else:
                p = Person(loc, g, translit(given_n, loc), translit(sur_n, loc),
                           middle=translit(mid_n, loc) if mid_n else "", mid_in_full=bool(mid_n))
        elif loc in ("zh_CN", "zh_TW", "ja_JP"):
            if loc == "ja_JP":
                rg = getattr(f, "first_romanized_name_female" if g == "f" else "first_romanized_name_male")()
            elif loc == "zh_TW":
                rg = getattr(f, "first_romanized_name_female" if g == "f" else "first_romanized_name_male")()
                rg = _cap_parts(rg.lower())
            else:
                rg = f.first_romanized_name()
            rs = f.last_romanized_name()
            rs = rs[:1].upper() + rs[1:].lower()
            if chance(0.12):
                ng, ns = _first(f, g), f.last_name()
                p = Person(loc, g, ng, ns, eastern=True, native=True, latin_given=rg,
                           latin_surname=rs, nospace=(loc != "ja_JP"))
            else:
                x = RNG.random()
                p = Person(loc, g, rg, rs, eastern=(x > 0.6), surname_caps=(x > 0.85))
        elif loc == "vi_VN":
            mid = f.middle_name() if chance(0.75) else ""
            p = Person(loc, g, _first(f, g), f.last_name(), middle=mid, eastern=chance(0.7),
                       mid_in_full=True)
        else:
            given = _first(f, g)
            sur = _last(f, g)
            mid = ""
            short = None
            if chance(cfg.get("two", 0)):
                sur2 = _last(f, g)
                if sur2 != sur:
                    short = sur2 if cfg.get("short_last") == "last" else sur
                    sur = sur + " " + sur2
            elif chance(cfg.get("hyph", 0)):
                sur2 = _last(f, g)
                if sur2 != sur and " " not in sur + sur2:
                    sur = sur + "-" + sur2
            if chance(cfg.get("mid", 0)):
                mid = _first(f, g)
                if mid == given:
                    mid = ""
            if short is None and " " in sur and loc.startswith(("nl_", "de_", "fr_", "ga_", "it_")):
                short = sur
            p = Person(loc, g, given, sur, middle=mid, eastern=chance(cfg.get("eastern", 0)),
                       short_last=short)
    if kid:
        y = RNG.randint(REF_YEAR - 17, REF_YEAR - 6)
    else:
        y = RNG.randint(1936, 2005)
    p.dob = (y, RNG.randint(1, 12), RNG.randint(1, 28))
    return p


def make_word_person(gender=None):
    g = gender or pick("fm")
    f = fk("en_GB")
    if chance(0.6):
        given = pick(WORD_FIRST_F if g == "f" else WORD_FIRST_M)
        sur = pick(WORD_LAST) if chance(0.4) else _last(f, g)
    else:
        given = _first(f, g)
        sur = pick(WORD_LAST)
    p = Person("en_GB", g, given, sur)
    p.dob = (RNG.randint(1950, 2002), RNG.randint(1, 12), RNG.randint(1, 28))
    return p


# --------------------------------------------------------------------------
# Contact details derived from persons
# --------------------------------------------------------------------------
GLOBAL_MAIL = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me",
               "gmx.net", "live.com", "aol.com"]
LOCAL_MAIL = {
    "de_DE": ["web.de", "gmx.de", "t-online.de", "posteo.de"], "de_AT": ["gmx.at", "aon.at", "chello.at"],
    "de_CH": ["bluewin.ch", "gmx.ch"], "fr_CH": ["bluewin.ch", "sunrise.ch"],
    "fr_FR": ["orange.fr", "free.fr", "laposte.net", "sfr.fr"], "fr_BE": ["skynet.be", "telenet.be"],
    "nl_BE": ["telenet.be", "skynet.be"], "nl_NL": ["ziggo.nl", "kpnmail.nl", "planet.nl"],
    "it_IT": ["libero.it", "virgilio.it", "tiscali.it", "alice.it"],
    "es_ES": ["telefonica.net", "yahoo.es", "hotmail.es"], "pt_PT": ["sapo.pt", "clix.pt"],
    "pt_BR": ["uol.com.br", "bol.com.br", "terra.com.br"], "pl_PL": ["wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "cs_CZ": ["seznam.cz", "centrum.cz", "email.cz"], "sk_SK": ["azet.sk", "zoznam.sk"],
    "hu_HU": ["freemail.hu", "citromail.hu"], "ro_RO": ["yahoo.ro"], "da_DK": ["mail.dk", "jubii.dk"],
    "sv_SE": ["telia.com", "bredband.net"], "no_NO": ["online.no", "getmail.no"], "fi_FI": ["kolumbus.fi", "luukku.com"],
    "en_GB": ["btinternet.com", "sky.com", "yahoo.co.uk", "virginmedia.com", "talktalk.net"],
    "en_IE": ["eircom.net", "yahoo.ie"], "en_AU": ["bigpond.com", "optusnet.com.au"],
    "en_NZ": ["xtra.co.nz"], "en_CA": ["rogers.com", "shaw.ca", "sympatico.ca"],
    "en_US": ["comcast.net", "verizon.net", "att.net"], "ru_RU": ["mail.ru", "yandex.ru"],
    "uk_UA": ["ukr.net", "i.ua"], "bg_BG": ["abv.bg"], "el_GR": ["otenet.gr", "yahoo.gr"],
    "tr_TR": ["yandex.com.tr", "hotmail.com.tr"], "lt_LT": ["one.lt", "inbox.lt"],
    "lv_LV": ["inbox.lv", "apollo.lv"], "et_EE": ["hot.ee", "mail.ee"], "hr_HR": ["net.hr", "t-com.hr"],
    "sl_SI": ["siol.net", "gmail.com"], "zh_CN": ["163.com", "qq.com"], "ja_JP": ["yahoo.co.jp"],
    "en_IN": ["rediffmail.com", "yahoo.co.in"], "vi_VN": ["gmail.com"], "id_ID": ["yahoo.co.id"],
}
WORK_DOMAINS = ["northbay-dental.co.uk", "kessler-bau.de", "atelier-rousseau.fr", "studio-verde.it",
                "vanlint-advocaten.nl", "brightmoor.ie", "fjordline-consulting.no", "kovac-gradnja.hr",
                "nowak-serwis.pl", "limaconsult.pt", "alpinlogistik.at", "baltic-freight.lt",
                "helios-tours.gr", "uni-example.edu", "stadtwerke-musterhain.de", "pinecrest-hr.com"]


def email_for(p):
    if p._email:
        return p._email
    fi, la = slug(p.latin_given.split(" ")[0].split("-")[0]) or "info", slug(p.latin_surname) or "x"
    yy = str(p.dob[0])[2:] if p.dob else digits(2)
    local = wpick([
        (fi + "." + la, 30), (fi + la, 10), (fi[0] + "." + la, 8), (fi + "_" + la, 6),
        (fi + "." + la + digits(RNG.randint(1, 3)), 10), (fi + la[0] + yy, 6), (la + "." + fi, 5),
        (fi + yy, 5), (la + fi[0], 4), (fi[0] + la, 8), (fi + "-" + la, 3),
        (fi + "." + la + str(p.dob[0]) if p.dob else fi, 3),
    ])
    dom = wpick([(pick(LOCAL_MAIL.get(p.loc, GLOBAL_MAIL)), 45), (pick(GLOBAL_MAIL), 40),
                 (pick(WORK_DOMAINS), 15)])
    if chance(0.06):
        local = local.capitalize()
    p._email = local + "@" + dom
    return p._email


def handle_for(p, bare=False):
    if not p._handle:
        fi, la = slug(p.latin_given.split(" ")[0]), slug(p.latin_surname)
        h = wpick([
            (fi + la, 10), (fi + "_" + la[:1], 8), (fi + "." + la + digits(2), 6), (la + fi[:1], 5),
            ("the" + fi, 3), (fi + "_" + pick(["travels", "bakes", "runs", "photo", "music", "fit", "eats", "art"]), 8),
            (fi + la[:3] + digits(RNG.randint(1, 4)), 8), (fi[:1] + "_" + la, 5), ("real" + fi + la[:1], 2),
            ("x" + fi + "x", 1), (fi + "." + la, 5), (fi + "__" + la, 2),
        ])
        p._handle = h[:24]
    return p._handle if bare else "@" + p._handle


def url_for(p, kind="any"):
    if p._url is None:
        p._url = {}
    if kind not in p._url:
        fi, la = slug(p.latin_given.split(" ")[0]), slug(p.latin_surname)
        li = [
            ("https://www.linkedin.com/in/" + fi + "-" + la + "-" + "".join(pick("0123456789abcdef") for _ in range(8)), 8),
            ("linkedin.com/in/" + fi + la, 4), ("www.linkedin.com/in/" + fi + "-" + la, 3)]
        blog = [
            ("www." + fi + la + "." + pick(["com", "net", "eu", "de", "fr", "pl", "nl", "co.uk", "it"]), 5),
            ("https://" + fi + "-" + la + "." + pick(["photography", "blog", "art", "design"]), 3),
            ("https://" + fi + la + ".substack.com", 2), ("https://" + fi + la[:1] + ".wordpress.com/reviews", 2),
            ("https://www." + la + "-" + fi + ".com/blog/" + pick(["unboxing", "review", "my-experience"]), 2)]
        channel = [("https://www.youtube.com/@" + fi + la, 3), ("youtube.com/@" + fi + "_" + la[:3], 2),
                   ("https://www.tiktok.com/@" + fi + "." + la, 2)]
        anyk = li + blog + channel + [
            ("https://www.facebook.com/" + fi + "." + la + "." + digits(2), 5),
            ("https://instagram.com/" + handle_for(p, bare=True), 4),
            ("https://github.com/" + fi + la[:1] + digits(2), 1)]
        p._url[kind] = wpick({"linkedin": li, "blog": blog, "channel": channel}.get(kind, anyk))
    return p._url[kind]


def any_url():
    tok = "".join(pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(RNG.randint(6, 11)))
    return wpick([
        ("https://imgur.com/a/" + tok, 5),
        ("https://drive.google.com/file/d/1" + tok + tok[::-1] + "/view?usp=sharing", 4),
        ("https://www.dropbox.com/s/" + tok.lower() + "/photo_" + digits(4) + ".jpg?dl=0", 3),
        ("https://youtu.be/" + tok + "Q", 3),
        ("https://we.tl/t-" + tok, 2),
        ("https://photos.app.goo.gl/" + tok + "Zx", 2),
        ("http://bit.ly/" + tok[:7], 2),
        ("https://www.icloud.com/photos/#0" + tok, 1),
    ])


# --------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------
def _faker_phone(loc):
    return re.sub(r"\s+", " ", fk(loc).phone_number()).strip()


def custom_phone(loc, intl):
    if loc == "fr_BE":
        if chance(0.6):
            core = "4" + pick("789") + digits(1) + " " + digits(2) + " " + digits(2) + " " + digits(2)
        else:
            core = pick(["2 ", "3 ", "9 ", "4 ", "10 ", "16 "]) + digits(3) + " " + digits(2) + " " + digits(2)
        return ("+32 " + core) if intl else ("0" + core)
    if loc == "et_EE":
        core = pick(["5" + digits(3) + " " + digits(4), "5" + digits(2) + " " + digits(4),
                     "6" + digits(2) + " " + digits(4), "7" + digits(2) + " " + digits(4)])
        return ("+372 " + core) if intl or chance(0.4) else core
    if loc == "en_PH":
        core = pick(["9" + digits(2) + " " + digits(3) + " " + digits(4),
                     "9" + digits(2) + "-" + digits(3) + "-" + digits(4)])
        if intl:
            return "+63 " + core
        if chance(0.2):
            return "(02) 8" + digits(3) + " " + digits(4)
        return "0" + core
    if loc == "en_IE":
        core = pick(["8" + pick("35679") + " " + digits(3) + " " + digits(4),
                     "1 " + digits(3) + " " + digits(4), pick(["21", "91", "61", "51", "71"]) + " " + digits(3) + " " + digits(4)])
        return ("+353 " + core) if intl else ("0" + core if chance(0.7) else "(0" + core.replace(" ", ") ", 1))
    if loc == "es_MX":
        core = pick(["55 " + digits(4) + " " + digits(4), "33 " + digits(4) + " " + digits(4),
                     "81 " + digits(4) + " " + digits(4), digits_nz(3) + " " + digits(3) + " " + digits(4)])
        return ("+52 " + core) if intl else core
    if loc == "en_IN":
        core = pick("6789") + digits(4) + " " + digits(5)
        if intl:
            return pick(["+91 ", "+91-", "+91"]) + core
        return pick(["", "0", ""]) + core if chance(0.8) else "0" + pick(["11", "22", "80", "44", "33"]) + "-" + digits(8)
    if loc == "tr_TR" and not intl and chance(0.7):
        return pick(["05" + digits(2) + " " + digits(3) + " " + digits(2) + " " + digits(2),
                     "(0212) " + digits(3) + " " + digits(2) + " " + digits(2),
                     "0 5" + digits(2) + " " + digits(3) + " " + digits(4)])
    if loc == "sl_SI" and intl:
        return "+386 " + pick(["31", "40", "41", "51", "1"]) + " " + digits(3) + " " + digits(3)
    if loc == "tr_TR" and intl:
        return "+90 5" + digits(2) + " " + digits(3) + " " + digits(2) + " " + digits(2)
    return None


def to_intl(num, loc):
    cc = COUNTRY.get(loc, ("", "", ""))[2]
    if not cc or num.startswith("+"):
        return num
    n = num
    if n.startswith("(%s)" % cc):
        return "+" + cc + " " + n[len(cc) + 2:].strip()
    if loc == "ru_RU" and n.startswith("8"):
        return "+7 " + n[1:].strip()
    if n.startswith("00"):
        return "+" + n[2:]
    if loc in ("en_US", "en_CA"):
        n = re.sub(r"^1[-. ]", "", n)
        n = re.sub(r"^\((\d{3})\)\s*", r"\1-", n)
        return "+1 " + n
    if loc == "it_IT":
        return "+39 " + n
    if n.startswith("(0"):
        n = n[2:].replace(")", "", 1).lstrip("- ")
        return "+" + cc + " " + n
    if n.startswith("0"):
        n = n[1:].lstrip("-/ ")
        if loc == "hu_HU":
            n = n.lstrip("6").lstrip("-/ ")
        return "+" + cc + " " + n
    return "+" + cc + " " + n


def phone(loc, style=None):
    style = style or wpick([("nat", 50), ("intl", 35), ("ext", 15)])
    c = custom_phone(loc, style == "intl")
    if c is None:
        num = None
        for _ in range(6):
            num = _faker_phone(loc)
            if loc in ("en_US", "en_CA") and style != "ext":
                num = re.sub(r"\s*x\d+$", "", num)
            if style == "nat" and not num.startswith("+"):
                break
            if style == "intl" and (num.startswith("+") or num.startswith("00")):
                break
            if style == "ext":
                break
        if style == "intl" and not (num.startswith("+") or num.startswith("00")):
            num = to_intl(num, loc)
    else:
        num = c
    if style == "ext" and not re.search(r"x\d+$", num):
        if loc.startswith("de_") and chance(0.5) and not num.endswith(")"):
            num = num + "-" + digits(RNG.randint(2, 3))
        else:
            num = num + pick([" ext. ", " ext ", " x", " x", " Ext. ", " extn ", " ext.", " EXT "]) + digits(RNG.randint(2, 4))
    return num


# --------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------
CUSTOM_STREETS = {
    "fr_BE": ["Rue de la Loi", "Avenue Louise", "Rue Neuve", "Chaussée de Waterloo", "Rue du Midi",
              "Boulevard Anspach", "Avenue de Tervueren", "Rue de Namur", "Chaussée d'Ixelles",
              "Rue Haute", "Rue Saint-Gilles", "Boulevard d'Avroy", "Rue Léopold", "Rue des Carmes",
              "Avenue des Combattants", "Rue de Bruxelles", "Place du Marché"],
    "lt_LT": ["Gedimino pr.", "Vilniaus g.", "Laisvės al.", "Savanorių pr.", "Pilies g.", "Kauno g.",
              "Taikos pr.", "Žirmūnų g.", "Antakalnio g.", "Ukmergės g.", "J. Basanavičiaus g.",
              "Tilžės g.", "Liepų g.", "Mindaugo g.", "Kalvarijų g.", "Dariaus ir Girėno g."],
    "lv_LV": ["Brīvības iela", "Elizabetes iela", "Krišjāņa Barona iela", "Tērbatas iela",
              "Lāčplēša iela", "Maskavas iela", "Dzirnavu iela", "Ganību dambis", "Jelgavas iela",
              "Rīgas iela", "Kr. Valdemāra iela", "Stabu iela", "Ropažu iela", "Imantas iela"],
    "et_EE": ["Pärnu mnt", "Narva mnt", "Tartu mnt", "Viru tn", "Pikk tn", "Lai tn", "Sõpruse pst",
              "Mustamäe tee", "Kalaranna tn", "Riia tn", "Rüütli tn", "Jõe tn", "Ülikooli tn",
              "Kase tn", "Akadeemia tee", "Paldiski mnt"],
    "el_GR": ["Ermou", "Stadiou", "Panepistimiou", "Akadimias", "Vasilissis Sofias", "Kifisias",
              "Egnatias", "Tsimiski", "Patision", "Mitropoleos", "Agiou Dimitriou", "Alexandras",
              "Solonos", "Dimokratias", "Kolokotroni", "Ippokratous", "Papanastasiou"],
    "bg_BG": ["ul. Vitosha", "bul. Vitosha", "ul. Rakovski", "bul. Tsar Osvoboditel",
              "ul. Graf Ignatiev", "bul. Bulgaria", "ul. Shipka", "bul. Cherni vrah", "ul. Oborishte",
              "ul. Knyaz Boris I", "bul. Maria Luiza", "ul. Tsar Simeon", "ul. Pirotska",
              "ul. Slivnitsa", "bul. Vasil Levski"],
    "tr_TR": ["Atatürk Cad.", "İstiklal Cad.", "Bağdat Cad.", "Kızılay Sok.", "Menekşe Sok.",
              "Barbaros Bulvarı", "Gazi Mustafa Kemal Bulvarı", "Necatibey Cad.", "Halaskargazi Cad.",
              "Lale Sok.", "Cumhuriyet Cad.", "Mimar Sinan Sok.", "Gül Sok.", "Moda Cad."],
}
BG_ESTATES = ["Mladost 1", "Mladost 3", "Lyulin 5", "Nadezhda 2", "Druzhba 1", "Studentski grad",
              "Izgrev", "Trakia", "Chayka", "Zornitsa"]


def fix_numbers(s):
    def repl(m):
        n = int(m.group())
        if n == 0:
            n = RNG.randint(1, 60)
        return str(n)
    return re.sub(r"\d+", repl, s)


def _unit(loc):
    n = RNG.randint(1, 40)
    L = pick("ABCDEF")
    return {
        "en_GB": [("pre", "Flat %d, " % n), ("pre", "Flat %d%s, " % (n, L)), ("pre", "Apartment %d, " % n)],
        "en_IE": [("pre", "Apt %d, " % n), ("pre", "Apartment %d, " % n), ("pre", "Flat %d, " % n)],
        "en_US": [("post", " Apt %d" % (n * 10 + RNG.randint(0, 9))), ("post", " Unit %d%s" % (n, L)),
                  ("post", " #%d" % (n * 10)), ("pre", "Apt. %d, " % RNG.randint(100, 999)),
                  ("post", ", Suite %d" % RNG.randint(100, 950))],
        "en_CA": [("post", " Unit %d" % n), ("post", ", Suite %d" % RNG.randint(100, 950)),
                  ("prefix_dash", "%d-" % n)],
        "en_AU": [("prefix_slash", "%d/" % n), ("pre", "Unit %d, " % n)],
        "en_NZ": [("pre", "Flat %d, " % n), ("prefix_slash", "%d/" % n)],
        "de_DE": [("post", ", %d. OG" % RNG.randint(1, 5)), ("post", ", Whg. %d" % n), ("post", ", Hinterhaus")],
        "de_AT": [("post", "/Top %d" % n), ("post", "/%d/%d" % (RNG.randint(1, 4), n)), ("post", ", Stiege %d" % RNG.randint(1, 4))],
        "de_CH": [("post", ", %d. Stock" % RNG.randint(1, 5))],
        "fr_FR": [("post", ", Bât. %s" % L), ("post", ", appt %d" % n), ("post", ", Apt %d" % n)],
        "fr_CH": [("post", ", app. %d" % n)],
        "fr_BE": [("post", " bte %d" % n), ("post", " boîte %d" % n), ("post", "/%d" % n)],
        "nl_NL": [("post", "-%s" % pick(["I", "II", "III", "hs", "bis"])), ("post", " %s" % L), ("post", "-%d" % n)],
        "nl_BE": [("post", " bus %d" % n), ("post", "/%d" % n)],
        "it_IT": [("post", ", Scala %s, Int. %d" % (L, n)), ("post", ", int. %d" % n)],
        "es_ES": [("post", ", %dº %s" % (RNG.randint(1, 9), L)), ("post", ", Piso %d, Puerta %d" % (RNG.randint(1, 9), RNG.randint(1, 4))),
                  ("post", ", %dº Izq." % RNG.randint(1, 9))],
        "pt_PT": [("post", ", %dº Esq." % RNG.randint(1, 9)), ("post", ", %dº Dto." % RNG.randint(1, 9)), ("post", " R/C")],
        "pt_BR": [("post", ", apto %d" % RNG.randint(11, 1204)), ("post", ", casa %d" % RNG.randint(1, 4)),
                  ("post", ", bloco %s, apto %d" % (L, RNG.randint(11, 904)))],
        "da_DK": [("post", ", %d. tv." % RNG.randint(1, 5)), ("post", ", %d. th." % RNG.randint(1, 5)), ("post", ", st. tv.")],
        "sv_SE": [("post", ", lgh %d" % RNG.randint(1001, 1704))],
        "no_NO": [("post", ", H0%d0%d" % (RNG.randint(1, 5), RNG.randint(1, 6)))],
        "fi_FI": [("post", " %s %d" % (L, n)), ("post", " as. %d" % n)],
        "pl_PL": [("post", "/%d" % n), ("post", " m. %d" % n)],
        "cs_CZ": [("post", "/%d" % n)],
        "sk_SK": [("post", "/%d" % n)],
        "hu_HU": [("post", " %d. em. %d." % (RNG.randint(1, 8), n))],
        "ro_RO": [("post", ", bl. %s%d, sc. %d, ap. %d" % (L, RNG.randint(1, 30), RNG.randint(1, 4), n))],
        "lt_LT": [("post", "-%d" % n)], "lv_LV": [("post", "-%d" % n)], "et_EE": [("post", "-%d" % n)],
        "bg_BG": [("post", ", et. %d, ap. %d" % (RNG.randint(1, 8), n)), ("post", ", ap. %d" % n)],
        "tr_TR": [("post", " D: %d" % n), ("post", " Daire %d" % n)],
        "id_ID": [("post", " RT %02d/RW %02d" % (RNG.randint(1, 15), RNG.randint(1, 12)))],
        "hr_HR": [("post", ", stan %d" % n)], "sl_SI": [("post", ", stanovanje %d" % n)],
    }.get(loc)


def street(loc, unit=None):
    f = fk(loc)
    if loc in CUSTOM_STREETS:
        st = pick(CUSTOM_STREETS[loc])
        n = RNG.randint(1, 180)
        if loc == "fr_BE":
            s = pick(["%s %d", "%s, %d", "%d, %s"])
            s = s % ((st, n) if not s.startswith("%d") else (n, st.lower() if chance(0.5) else st))
        elif loc == "tr_TR":
            s = pick(["%s No: %d", "%s No:%d", "%s No. %d", "%s %d"]) % (st, n)
        elif loc == "bg_BG" and chance(0.25):
            s = "zh.k. %s, bl. %d, vh. %s" % (pick(BG_ESTATES), RNG.randint(1, 320), pick("ABVGD"))
        elif loc == "el_GR":
            s = pick(["%s %d", "%s %d", "Odos %s %d", "Leoforos %s %d"]) % (st, n) if "Vasilissis" not in st else "%s %d" % (st, n)
        elif loc in ("lt_LT", "lv_LV", "et_EE") and chance(0.2):
            s = "%s %d%s" % (st, n, pick("ABC"))
        else:
            s = "%s %d" % (st, n)
    elif loc == "en_GB":
        s = "%d %s" % (RNG.randint(1, 240), f.street_name())
    elif loc == "en_IN":
        s = fix_numbers(f.street_address()).replace("\n", ", ")
    else:
        for _ in range(10):
            s = f.street_address()
            if not re.search(r"\b(PO Box|P\.O\.|Private Bag|RD \d)", s):
                break
        s = re.sub(r"\s+", " ", s.replace("\n", ", ")).strip().rstrip(",")
        s = fix_numbers(s)
        if loc not in ("en_US", "en_CA", "en_PH", "en_IN", "es_MX", "vi_VN"):
            # European house numbers rarely exceed a few hundred
            s = re.sub(r"\d+", lambda m: m.group() if int(m.group()) <= 350 else str(RNG.randint(1, 180)), s)
        if not re.search(r"\d", s):
            n = RNG.randint(1, 150)
            if loc in ("fr_FR", "fr_CH") and chance(0.6):
                s = "%d %s" % (n, s) if loc == "fr_FR" else "%s %d" % (s, n)
            elif loc in ("pt_BR", "pt_PT", "it_IT"):
                s = "%s, %d" % (s, n)
            elif loc == "ro_RO":
                s = "%s Nr. %d" % (s, n) if chance(0.6) else "%s %d" % (s, n)
            else:
                s = "%s %d" % (s, n)
    if unit is None:
        unit = chance(0.22)
    has_unit = re.search(r"\b(Apt|Ap|Apartment|Appartamento|Piano|Piso|Puerta|Suite|Unit|Flat|Studio|"
                         r"Interior|Int|Depto|Edif|Bl|Sc|Room|Block|stan|lgh)\b\.?", s, re.I)
    if unit and not has_unit:
        opts = _unit(loc)
        if opts:
            kind, u = pick(opts)
            if kind == "pre":
                s = u + s
            elif kind == "post":
                s = s + u
            elif kind == "prefix_slash" and re.match(r"^\d", s) and "/" not in s.split(" ")[0]:
                s = u + s
            elif kind == "prefix_dash" and re.match(r"^\d", s):
                s = u + s
    return s


def postcode(loc):
    f = fk(loc)
    if loc == "fr_BE":
        return str(RNG.randint(1000, 7999))
    if loc == "lt_LT":
        return pick(["LT-", "LT-", ""]) + "%05d" % RNG.randint(1000, 99999)
    if loc == "lv_LV":
        return "LV-%04d" % RNG.randint(1001, 5799)
    if loc == "et_EE":
        return "%05d" % RNG.randint(10001, 94999)
    if loc == "el_GR":
        n = RNG.randint(10431, 85100)
        return "%d %02d" % (n // 100, n % 100) if chance(0.6) else str(n)
    if loc == "bg_BG":
        return str(RNG.randint(1000, 9999))
    if loc == "tr_TR":
        return "%05d" % RNG.randint(1010, 81999)
    if loc == "en_US" and chance(0.15):
        return f.postalcode_plus4()
    if loc == "pt_BR":
        s = re.sub(r"\D", "", f.postcode())
        return s[:5] + "-" + s[5:8]
    if loc == "en_PH":
        return f.postcode()
    if loc == "en_IE":
        return pick(["D0", "D1", "D2", "T12", "H91", "V94", "X91", "R95", "F91", "A98", "N37", "A92", "A63", "V92"])[:3].ljust(3, "2")[:3] + " " + pattern(pick(["ADAA", "AADA", "DAAD"])).replace("O", "K").replace("I", "X")
    if loc == "en_CA":
        pc = f.postcode()
        return pc if " " in pc else pc[:3] + " " + pc[3:]
    if loc == "nl_NL":
        pc = f.postcode()
        return pc if chance(0.5) else re.sub(r"^(\d{4})\s*([A-Z]{2})$", r"\1 \2", pc)
    if loc == "hu_HU":
        pc = f.postcode()
        return pc if chance(0.4) else pc.replace("H-", "")
    return f.postcode()


def _city_region(loc):
    c = pick(CITIES[loc])
    return c if isinstance(c, tuple) else (c, "")


def address_parts(loc, unit=None):
    """Return dict with street, pc, city, region, country."""
    d = {"street": street(loc, unit), "pc": postcode(loc), "country": COUNTRY[loc][0], "region": ""}
    if loc in ("en_US", "en_CA", "en_AU", "pt_BR"):
        d["city"], d["region"] = _city_region(loc)
    else:
        d["city"] = rcity(loc)
    return d


S, P_, C = "street_address", "postal_code", None


def addr_inline(loc, unit=None, country=None):
    d = address_parts(loc, unit)
    st, pc, city, reg = d["street"], d["pc"], d["city"], d["region"]
    if loc == "en_GB":
        segs = [(st, S), (", " + city + pick([" ", ", "]), C), (pc, P_)]
    elif loc in ("en_US", "en_CA"):
        segs = [(st, S), (", %s, %s " % (city, reg), C), (pc, P_)]
    elif loc == "en_AU":
        segs = [(st, S), (", %s %s " % (city, reg), C), (pc, P_)]
    elif loc == "en_IE":
        segs = [(st, S), (", " + city + ", ", C), (pc, P_)]
    elif loc in ("en_NZ", "id_ID", "en_PH", "vi_VN"):
        segs = [(st, S), (", " + city + " ", C), (pc, P_)]
    elif loc == "en_IN":
        segs = [(st, S), (", " + city + pick([" - ", " ", ", "]), C), (pc, P_)]
    elif loc == "hu_HU":
        if chance(0.5):
            segs = [(pc, P_), (" " + city + ", ", C), (st, S)]
        else:
            segs = [(st, S), (", ", C), (pc, P_), (" " + city, C)]
    elif loc == "es_MX":
        segs = [(st, S), (", %s, C.P. " % city, C), (pc, P_)]
    elif loc == "pt_BR":
        segs = [(st, S), (" - %s/%s, CEP " % (city, reg), C), (pc, P_)]
    elif loc == "lv_LV":
        segs = [(st, S), (", " + city + ", ", C), (pc, P_)]
    elif loc == "bg_BG" and chance(0.4):
        segs = [(city + " ", C), (pc, P_), (", ", C), (st, S)]
    else:
        segs = [(st, S), (", ", C), (pc, P_), (" " + city, C)]
    if country is None:
        country = chance(0.2)
    if country:
        segs.append((", " + d["country"], C))
    return segs


def addr_block(loc, country=None):
    d = address_parts(loc)
    st, pc, city, reg = d["street"], d["pc"], d["city"], d["region"]
    if loc == "en_GB":
        segs = [(st, S), ("\n" + city + "\n", C), (pc, P_)]
    elif loc in ("en_US", "en_CA"):
        segs = [(st, S), ("\n%s, %s " % (city, reg), C), (pc, P_)]
    elif loc == "en_AU":
        segs = [(st, S), ("\n%s %s " % (city.upper() if chance(0.5) else city, reg), C), (pc, P_)]
    elif loc == "en_IE":
        segs = [(st, S), ("\n" + city + "\n", C), (pc, P_)]
    elif loc in ("en_NZ", "id_ID", "en_PH", "vi_VN", "en_IN"):
        segs = [(st, S), ("\n" + city + " ", C), (pc, P_)]
    elif loc == "hu_HU":
        segs = [(city + "\n", C), (st, S), ("\n", C), (pc, P_)]
    elif loc == "es_MX":
        segs = [(st, S), ("\nC.P. ", C), (pc, P_), (" " + city, C)]
    elif loc == "pt_BR":
        segs = [(st, S), ("\n%s - %s\n" % (city, reg), C), (pc, P_)]
    elif loc == "lv_LV":
        segs = [(st, S), ("\n" + city + ", ", C), (pc, P_)]
    else:
        segs = [(st, S), ("\n", C), (pc, P_), (" " + city, C)]
    if country is None:
        country = chance(0.35)
    if country:
        segs.append(("\n" + (d["country"].upper() if chance(0.4) else d["country"]), C))
    return segs


POBOX = {
    "en_GB": ["PO Box %d", "P.O. Box %d"], "en_IE": ["PO Box %d"], "en_US": ["P.O. Box %d", "PO Box %d"],
    "en_CA": ["PO Box %d", "P.O. Box %d Stn Main"], "en_AU": ["PO Box %d", "Locked Bag %d"],
    "en_NZ": ["PO Box %d", "Private Bag %d"], "de_DE": ["Postfach %d"], "de_AT": ["Postfach %d"],
    "de_CH": ["Postfach %d"], "fr_CH": ["Case postale %d"], "fr_FR": ["BP %d", "CS %d"],
    "fr_BE": ["Boîte postale %d"], "nl_BE": ["Postbus %d"], "nl_NL": ["Postbus %d"],
    "it_IT": ["Casella Postale %d", "C.P. %d"], "es_ES": ["Apartado de Correos %d", "Apdo. %d"],
    "pt_PT": ["Apartado %d"], "pt_BR": ["Caixa Postal %d"], "sv_SE": ["Box %d"], "da_DK": ["Postboks %d"],
    "no_NO": ["Postboks %d"], "fi_FI": ["PL %d"], "pl_PL": ["skr. poczt. %d"],
}


def pobox_segs(loc):
    fmt = pick(POBOX.get(loc, ["P.O. Box %d"]))
    if loc in ("de_DE",) and chance(0.5):
        box = "Postfach %d %02d %02d" % (RNG.randint(10, 99), RNG.randint(0, 99), RNG.randint(1, 99))
    else:
        box = fmt % RNG.randint(2, 9999)
    d = address_parts(loc)
    if loc in ("en_US", "en_CA"):
        return [(box, S), (", %s, %s " % (d["city"], d["region"]), C), (d["pc"], P_)]
    if loc == "en_AU":
        return [(box, S), (", %s %s " % (d["city"], d["region"]), C), (d["pc"], P_)]
    if loc in ("en_GB", "en_IE", "en_NZ"):
        return [(box, S), (", " + d["city"] + " ", C), (d["pc"], P_)]
    return [(box, S), (", ", C), (d["pc"], P_), (" " + d["city"], C)]


def military_segs():
    f = fk("en_US")
    kind = pick(["apo", "apo", "dpo", "ship"])
    if kind == "apo":
        line = f.military_apo()
        city = "APO"
    elif kind == "dpo":
        line = f.military_dpo()
        city = "DPO"
    else:
        line = f.military_ship() + " " + fk("en_US").last_name()
        city = "FPO"
    st = pick(["AE", "AP", "AA"])
    return [(line, S), ("\n%s %s " % (city, st), C), (f.postcode(), P_)]


def pc_city(loc):
    pc, city = postcode(loc), rcity(loc)
    if loc in ("en_GB", "en_IE", "en_NZ", "en_IN", "en_PH", "id_ID", "vi_VN", "lv_LV"):
        return [(city + " ", C), (pc, P_)]
    if loc in ("en_US", "en_CA", "en_AU"):
        c, reg = _city_region(loc)
        return [("%s, %s " % (c, reg) if loc != "en_AU" else "%s %s " % (c, reg), C), (pc, P_)]
    if loc == "pt_BR":
        return [(pc, P_), (" " + city, C)]
    return [(pc, P_), (" " + city, C)]


# --------------------------------------------------------------------------
# Finance, identifiers, dates
# --------------------------------------------------------------------------
IBAN_NATIVE = {"en_GB", "en_IE", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CH", "it_IT", "es_ES",
               "pt_PT", "nl_NL", "nl_BE", "da_DK", "no_NO", "fi_FI", "pl_PL", "cs_CZ", "sk_SK",
               "ro_RO", "el_GR", "tr_TR", "pt_BR"}
IBAN_CUSTOM = {"sv_SE": ("SE", "DDDDDDDDDDDDDDDDDDDD"), "hu_HU": ("HU", "DDDDDDDDDDDDDDDDDDDDDDDD"),
               "hr_HR": ("HR", "DDDDDDDDDDDDDDDDD"), "sl_SI": ("SI", "DDDDDDDDDDDDDDD"),
               "lt_LT": ("LT", "DDDDDDDDDDDDDDDD"), "lv_LV": ("LV", "LLLLAAAAAAAAAAAAA"),
               "et_EE": ("EE", "DDDDDDDDDDDDDDDD"), "bg_BG": ("BG", "LLLLDDDDDDAAAAAAAA"),
               "fr_BE": ("BE", "DDDDDDDDDDDD")}


def iban_check(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    n = "".join(str(int(ch, 36)) for ch in r)
    return int(n) % 97 == 1


def make_iban(cc, bban):
    r = bban + cc + "00"
    n = int("".join(str(int(ch, 36)) for ch in r))
    return "%s%02d%s" % (cc, 98 - n % 97, bban)


def iban(loc):
    if loc in IBAN_CUSTOM:
        cc, pat = IBAN_CUSTOM[loc]
        ib = make_iban(cc, pattern(pat))
    elif loc in IBAN_NATIVE:
        ib = fk(loc).iban()
    else:
        alt = pick(["de_DE", "fr_FR", "nl_NL", "es_ES", "en_GB", "it_IT", "en_IE"])
        ib = fk(alt).iban()
    assert iban_check(ib), ib
    if chance(0.6):
        ib = " ".join(ib[i:i + 4] for i in range(0, len(ib), 4))
    return ib


def luhn_ok(num):
    ds = [int(c) for c in re.sub(r"\D", "", num)]
    tot = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def card():
    t = wpick([("visa16", 45), ("mastercard", 35), ("amex", 12), ("discover", 4), ("diners", 4)])
    num = fk("en_US").credit_card_number(t)
    assert luhn_ok(num)
    sep = wpick([(" ", 55), ("", 25), ("-", 20)])
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    if len(num) == 14:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def ip():
    f = fk("en_US")
    if chance(0.2):
        return f.ipv6()
    return f.ipv4_public()


def ssn():
    s = fk("en_US").ssn()
    return s if chance(0.8) else (s.replace("-", " ") if chance(0.5) else s.replace("-", ""))


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def ordinal(n):
    return "%d%s" % (n, "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def fmt_date(y, m, d, loc):
    mdy = loc in MDY
    opts = [
        ("%02d/%02d/%d" % ((m, d, y) if mdy else (d, m, y)), 20),
        ("%d/%d/%d" % ((m, d, y) if mdy else (d, m, y)), 8),
        ("%02d.%02d.%d" % (d, m, y), 0 if mdy else 12),
        ("%d-%02d-%02d" % (y, m, d), 8),
        ("%d %s %d" % (d, MONTHS[m - 1], y), 10),
        ("%s %d, %d" % (MONTHS[m - 1], d, y), 8 if mdy else 3),
        ("%s %s %d" % (ordinal(d), MONTHS[m - 1], y), 5),
        ("%d %s %d" % (d, MONTHS[m - 1][:3], y), 5),
        ("%02d-%02d-%02d" % ((m, d, y % 100) if mdy else (d, m, y % 100)), 4),
        ("%d.%d.%d" % (d, m, y), 0 if mdy else 4),
    ]
    return wpick(opts)


def dob_str(p, loc):
    y, m, d = p.dob
    return fmt_date(y, m, d, loc)


def age_phrase(n, kind):
    if kind == "yo":
        return wpick([("%d years old" % n, 40), ("%d yrs old" % n, 8), ("%d y/o" % n, 6),
                      ("%d years of age" % n, 5), ("%dyo" % n, 3), ("%d year old" % n, 4)])
    if kind == "aged":
        return wpick([("aged %d" % n, 8), ("Aged %d" % n, 1)])
    return wpick([("%d-year-old" % n, 10), ("%d year old" % n, 3)])


def dvla(p):
    sur = re.sub(r"[^A-Z]", "", fold(p.latin_surname).upper())[:5].ljust(5, "9")
    y, m, d = p.dob
    mm = m + (50 if p.gender == "f" else 0)
    ini = (fold(p.latin_given)[:1] + (fold(p.middle)[:1] if p.middle else "9")).upper()
    ini = re.sub(r"[^A-Z9]", "9", ini).ljust(2, "9")
    return "%s%d%02d%02d%d%s9%s" % (sur, (y // 10) % 10, mm, d, y % 10, ini, pattern("AA"))


DL_PATTERNS = {
    "en_IE": ["DDDDDDDDD"], "en_US": ["LDDDDDDD", "LDDD-DDDD-DDDD", "DDDDDDDDD", "LDDD-DDD-DD-DDD-D", "DDD DDD DDD"],
    "en_CA": ["LDDDD-DDDDD-DDDDD", "DDDDDDD"], "en_AU": ["DDDDDDDD", "DDDDDDDDD"], "en_NZ": ["LLDDDDDD"],
    "en_IN": ["LL-DDDDDDDDDDDDD", "LLDD DDDDDDDDDDD"], "en_PH": ["LDD-DD-DDDDDD"],
    "de_DE": ["LDDDAAAAAADD", "DDDDAAAAAAD"], "de_AT": ["DDDDDDDD"], "de_CH": ["DDDDDDDDD"], "fr_CH": ["DDDDDDDDD"],
    "fr_FR": ["DDDDDDDDDDDD", "DDLLDDDDD"], "fr_BE": ["DDDDDDDDDD"], "nl_BE": ["DDDDDDDDDD"], "nl_NL": ["DDDDDDDDDD"],
    "it_IT": ["LLDDDDDDDL", "LDDDDDDDDL"], "pt_PT": ["L-DDDDDD D", "LL-DDDDDD D"], "pt_BR": ["DDDDDDDDDDD"],
    "es_MX": ["LDDDDDDDD"], "da_DK": ["DDDDDDDD"], "sv_SE": ["DDDDDDDD"], "no_NO": ["DDDDDDDDDDD"],
    "fi_FI": ["DDDDDDDDD"], "pl_PL": ["DDDDD/DD/DDDD"], "cs_CZ": ["LL DDDDDD", "LLDDDDDD"], "sk_SK": ["LLDDDDDD"],
    "hu_HU": ["LLDDDDDD"], "ro_RO": ["DDDDDDDDD"], "hr_HR": ["DDDDDDDD"], "sl_SI": ["DDDDDDDD"],
    "lt_LT": ["DDDDDDDD"], "lv_LV": ["LLDDDDDD"], "et_EE": ["LLDDDDDD"], "el_GR": ["DDDDDDDDD"],
    "bg_BG": ["DDDDDDDDD"], "tr_TR": ["DDDDDD"], "id_ID": ["DDDDDDDDDDDD"], "vi_VN": ["DDDDDDDDDDDD"],
}


def dni():
    n = RNG.randint(10000000, 99999999)
    return "%d%s" % (n, "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23])


def driver_licence(p, loc):
    if loc == "en_GB":
        s = dvla(p)
        return s if chance(0.75) else "%s %s %s" % (s[:5], s[5:11], s[11:])
    if loc == "es_ES":
        return dni()
    return pattern(pick(DL_PATTERNS.get(loc, ["LLDDDDDD"])))


PASSPORT_PATTERNS = {
    "en_GB": ["DDDDDDDDD"], "en_US": ["DDDDDDDDD", "LDDDDDDDD"], "en_IE": ["LLDDDDDDD"], "ga_IE": ["LLDDDDDDD"],
    "en_CA": ["LLDDDDDD"], "en_AU": ["LDDDDDDD", "PLDDDDDDD"], "en_NZ": ["LLDDDDDD"], "en_IN": ["LDDDDDDD"],
    "en_PH": ["PDDDDDDDL"], "en_NG": ["LDDDDDDDD"], "yo_NG": ["LDDDDDDDD"], "ig_NG": ["LDDDDDDDD"],
    "ha_NG": ["LDDDDDDDD"], "en_KE": ["LLDDDDDDD"], "en_PK": ["LLDDDDDDD"], "de_AT": ["LDDDDDDD"],
    "de_CH": ["LDDDDDDD"], "fr_CH": ["LDDDDDDD"], "fr_FR": ["DDLLDDDDD"], "fr_BE": ["LLDDDDDD"],
    "nl_BE": ["LLDDDDDD"], "fr_DZ": ["DDDDDDDDD"], "it_IT": ["LLDDDDDDD"], "es_ES": ["LLLDDDDDD"],
    "es_MX": ["LDDDDDDDD"], "es_AR": ["DDDDDDDDL", "LLLDDDDDD"], "es_CO": ["LLDDDDDDD"], "pt_PT": ["LDDDDDD"],
    "pt_BR": ["LLDDDDDD"], "da_DK": ["DDDDDDDDD"], "sv_SE": ["DDDDDDDD"], "no_NO": ["LLDDDDDDD"],
    "fi_FI": ["LLDDDDDDD"], "is_IS": ["LDDDDDDD"], "pl_PL": ["LLDDDDDDD"], "cs_CZ": ["DDDDDDDD"],
    "sk_SK": ["LLDDDDDDD"], "hu_HU": ["LLDDDDDDD"], "ro_RO": ["DDDDDDDDD"], "hr_HR": ["DDDDDDDDD"],
    "sl_SI": ["PBDDDDDDD"], "lt_LT": ["DDDDDDDD"], "lv_LV": ["LVDDDDDDD"], "et_EE": ["LLDDDDDDD"],
    "el_GR": ["LLDDDDDDD"], "bg_BG": ["DDDDDDDDD"], "tr_TR": ["LDDDDDDDD"], "ru_RU": ["DD DDDDDDD", "DDDDDDDDD"],
    "uk_UA": ["LLDDDDDD"], "zh_CN": ["EDDDDDDDD", "LLDDDDDDD"], "zh_TW": ["DDDDDDDDD"], "ja_JP": ["LLDDDDDDD"],
    "vi_VN": ["LDDDDDDD"], "id_ID": ["LDDDDDDD"], "az_AZ": ["LDDDDDDD"], "nl_NL": None, "de_DE": None,
}


def passport(p):
    loc = p.loc
    if loc == "de_DE":
        return "C" + "".join(pick("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))
    if loc == "nl_NL":
        al = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        return pick("NBX") + pick("ABCDEFGHJKLMNPRSTUVWXYZ") + "".join(pick(al) for _ in range(6)) + str(RNG.randint(0, 9))
    pats = PASSPORT_PATTERNS.get(loc) or ["LLDDDDDDD"]
    return pattern(pick(pats))


def customer_number():
    return wpick([(digits_nz(8), 20), ("KD-" + digits(6), 6), ("C" + digits(7), 8),
                  ("%s %s %s" % (digits_nz(3), digits(3), digits(3)), 6), ("CUST-" + digits(5), 5),
                  (digits_nz(10), 10), (pattern("LL") + digits(6), 5), (digits(4) + "-" + digits(4) + "-" + digits(2), 5),
                  ("00" + digits(7), 6), ("ACC-" + digits(2) + "-" + digits(4) + "-" + digits(2), 3)])


def bank_account(loc):
    if loc == "en_GB":
        return digits(8)
    if loc in ("en_US", "en_CA"):
        return digits_nz(RNG.randint(9, 12))
    if loc == "en_AU":
        return digits_nz(RNG.randint(6, 9))
    if loc == "en_IN":
        return digits_nz(RNG.randint(11, 16))
    if loc == "cs_CZ" or loc == "sk_SK":
        return "%s-%s/%s" % (digits_nz(2), digits_nz(10), pick(["0800", "0100", "0300", "2010", "0600"])) if chance(0.5) else "%s/%s" % (digits_nz(10), pick(["0800", "0100", "5500"]))
    return digits_nz(10)


# --------------------------------------------------------------------------
# Unlabelled fillers (order numbers, prices, ...)
# --------------------------------------------------------------------------
SHOPS = ["Nordvik Home", "Velora", "Bluefin Mobile", "Alpenstrom Energy", "Corvid Rail", "Lumio Bank",
         "Kestrel Air", "Tandem Telecom", "Parcelo", "Greenleaf Grocers", "Orbis Insurance", "Hyggelig",
         "Brisa Hotels", "Quantum Broadband", "FreshBox", "Skyline Car Hire", "Tavola Kitchens",
         "Polar Outdoor", "Medina Pharmacy", "Halcyon Travel"]
PRODUCTS = ["washing machine", "fridge-freezer", "sofa", "router", "phone", "laptop", "mattress",
            "coffee machine", "e-bike", "kettle", "dishwasher", "TV", "vacuum cleaner", "desk chair",
            "smartwatch", "pram", "wardrobe", "air fryer", "headphones", "gaming console", "tablet",
            "boiler", "heat pump", "winter jacket", "pair of boots", "suitcase"]
CLIENT_COMPANIES = ["Nordwind Logistics", "Alpine Dental Lab", "BrightPath Consulting", "Kobalt Systems",
                    "Riverside Veterinary Clinic", "Meridian Freight", "Sunfield Solar", "Arcadia Print",
                    "Blue Harbour Foods", "Zenit Engineering", "Castellum Legal", "Oakridge School"]
JOBS = ["Office Manager", "Head of Procurement", "Facilities Coordinator", "Project Engineer",
        "Sales Director", "Practice Manager", "Operations Lead", "Buyer", "Senior Accountant",
        "IT Administrator", "Teacher", "Store Supervisor"]


def order_no():
    return wpick([("#" + digits_nz(RNG.randint(7, 9)), 10), (pattern("LDDDDDD") + "-" + digits(2), 5),
                  (pattern("LLL") + "-" + digits(8), 4), ("ORD-%d-%s" % (pick([2023, 2024, 2025]), digits(6)), 5),
                  (digits(3) + "-" + digits(7) + "-" + digits(7), 4), (digits_nz(10), 4), ("WEB" + digits(7), 3)])


def case_ref():
    return wpick([("#" + digits(8), 6), ("INC-" + digits(6), 4),
                  ("%d/%02d/%04d" % (pick([2024, 2025]), RNG.randint(1, 12), RNG.randint(1, 9999)), 4),
                  ("CS-" + digits(7), 4), ("#" + digits_nz(6), 4), (pattern("LLDDDDDL"), 3),
                  ("SR-" + digits(2) + "-" + digits(5), 2)])


def price(loc):
    cur = CURRENCY.get(loc, "€")
    v = RNG.choice([RNG.randint(5, 99) + pick([0, 0.5, 0.99, 0.9]), RNG.randint(100, 2500) + pick([0, 0.99, 0.5])])
    en = loc.startswith("en_")
    if en or loc in ("es_MX",):
        s = "{:,.2f}".format(v)
        if s.endswith(".00") and chance(0.5):
            s = s[:-3]
        return (cur + s) if len(cur) <= 3 and cur not in ("kr", "zł", "Kč", "Ft", "lei") else cur + " " + s
    s = "{:,.2f}".format(v).replace(",", "X").replace(".", ",").replace("X", ".")
    if loc.startswith("fr_"):
        s = s.replace(".", " ")
    if cur in ("€",) and chance(0.3):
        return "€" + s
    return s + " " + cur if cur != "CHF" else "CHF " + s


def plain_date(loc):
    y = pick([2023, 2024, 2024, 2025, 2025])
    m, d = RNG.randint(1, 12), RNG.randint(1, 28)
    mdy = loc in MDY
    return wpick([
        ("%02d/%02d/%d" % ((m, d, y) if mdy else (d, m, y)), 20), ("%d.%d.%d" % (d, m, y), 0 if mdy else 6),
        ("%d %s" % (d, MONTHS[m - 1]), 10), ("%s %s" % (ordinal(d), MONTHS[m - 1]), 6),
        ("%d-%02d-%02d" % (y, m, d), 6), ("%s %d" % (MONTHS[m - 1], d), 6 if mdy else 2),
        ("%d/%d" % ((m, d) if mdy else (d, m)), 6),
    ])


def ftime():
    h, mi = RNG.randint(7, 21), pick([0, 5, 10, 15, 20, 30, 40, 45, 50, 55])
    return wpick([("%02d:%02d" % (h, mi), 10), ("%d:%02d" % (h, mi), 4),
                  ("%d.%02d%s" % (h if h <= 12 else h - 12, mi, "am" if h < 12 else "pm"), 4),
                  ("%d%s" % (h if h <= 12 else h - 12, "am" if h < 12 else "pm"), 3)])


def sku():
    return wpick([("SKU " + digits_nz(4) + "-" + digits(4), 6), ("art. no. %s.%s.%s" % (digits(3), digits(3), digits(2)), 4),
                  ("item " + digits_nz(6), 4), ("product code " + pattern("LL-DDDD-L"), 3),
                  ("part no. " + pattern("DDDDD-LLL-DD"), 2), ("SKU: " + pattern("LLLDDDDDD"), 3)])


def tracking():
    return wpick([("JD" + digits(18), 3), ("1Z" + pattern("AAAAAA") + digits(10), 3),
                  ("RM " + digits(4) + " " + digits(4) + " " + digits(1) + "GB", 2), ("00" + digits(18), 3),
                  (pattern("LL") + digits(9) + pattern("LL"), 3), (digits(12), 2), ("H" + digits(15), 1),
                  (pattern("LLLLDDDDDDDDDD"), 1)])


def flight():
    return wpick([("%s %d" % (pick(["BA", "LH", "AF", "KL", "IB", "AZ", "SK", "LX", "OS", "TP", "EI", "LO", "FR", "U2", "W6", "VY", "TK", "A3"]), RNG.randint(100, 9899)), 6),
                  ("%s%d" % (pick(["BA", "LH", "AF", "KL", "FR", "U2", "EI", "SK", "TK"]), RNG.randint(10, 9899)), 4)])


def version():
    return wpick([("v%d.%d.%d" % (RNG.randint(1, 9), RNG.randint(0, 30), RNG.randint(0, 20)), 5),
                  ("version %d.%d" % (RNG.randint(1, 12), RNG.randint(0, 9)), 3),
                  ("%d.%d.%d" % (RNG.randint(1, 30), RNG.randint(0, 30), RNG.randint(0, 99)), 3),
                  ("iOS %d.%d.%d" % (RNG.randint(15, 18), RNG.randint(0, 6), RNG.randint(1, 3)), 2),
                  ("Android %d" % RNG.randint(11, 15), 2)])


def build4():
    return wpick([("%d.%d.%d.%d" % (RNG.randint(1, 12), RNG.randint(0, 9), RNG.randint(0, 99), RNG.randint(0, 999)), 5),
                  ("10.0.%d.%d" % (RNG.randint(19041, 26100), RNG.randint(100, 4999)), 3),
                  ("%d.%d.%d.%d" % (RNG.randint(100, 131), 0, RNG.randint(4000, 6999), RNG.randint(10, 250)), 2)])


def voucher():
    return wpick([(pattern("LLLLLLDD"), 3), (pick(["SUMMER", "WELCOME", "SAVE", "SPRING", "XMAS", "BLACKFRIDAY"]) + str(pick([10, 15, 20, 25, 30])), 4),
                  (pattern("AAAA-AAAA-AAAA"), 3), (digits(4) + " " + digits(4) + " " + digits(4), 2)])


def ean():
    base = digits_nz(12)
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(base))
    return base + str((10 - s % 10) % 10)


# --------------------------------------------------------------------------
# Context and placeholder resolution
# --------------------------------------------------------------------------
PERSON_ROLES = {
    # role: (gender, relation)
    "c": (None, "customer"), "a": (None, "staff"), "b": (None, "staff"), "am": ("m", "staff"),
    "af": ("f", "staff"), "o": (None, "other"), "om": ("m", "other"), "of": ("f", "other"),
    "k": (None, "family"), "hu": ("m", "partner"), "wi": ("f", "partner"), "so": ("m", "kid"),
    "da": ("f", "kid"), "x": (None, "word"), "y": (None, "word"), "d": (None, "other"),
    "e": (None, "other"), "ck": (None, "family"), "fa": ("m", "family"), "mo": ("f", "family"),
}
PERSON_FORMS = {"", "full", "fullm", "first", "last", "il", "fi", "lcf", "LF", "upper", "lower",
                "lfirst", "plain", "title", "tfull", "any", "sig", "nick"}
VALUE_FORMS = {"email", "handle", "handlebare", "url", "blog", "linkedin", "channel", "dob", "age",
               "aged", "ageadj", "passport", "dl"}


class Ctx:
    def __init__(self, group, res, origin):
        self.group = group
        self.res = res              # residence locale
        self.origin = origin        # origin of the first person
        self.persons = {}
        self.first_person_loc = None
        self.cache = {}

    def person(self, role):
        p = self.persons.get(role)
        if p is not None:
            return p
        gender, rel = PERSON_ROLES[role]
        first = not self.persons
        if rel == "word":
            p = make_word_person(gender)
        elif rel in ("family", "partner", "kid"):
            c = self.person("c")
            same = chance(0.8) if rel != "kid" else chance(0.9)
            if same:
                p = make_person(c.loc, gender, surname_of=c, kid=(rel == "kid"))
            else:
                p = make_person(c.loc if chance(0.6) else pick_name_locale(), gender, kid=(rel == "kid"))
        elif (self.group == "pii" and role == "c") or (self.group != "pii" and first):
            p = make_person(self.origin, gender)
        elif rel == "staff":
            p = make_person(self.res if chance(0.45) else pick_name_locale(), gender)
        else:
            p = make_person(self.res if chance(0.5) else pick_name_locale(), gender)
        if self.first_person_loc is None:
            self.first_person_loc = p.loc
        self.persons[role] = p
        return p


def pick_name_locale():
    return wpick(list(NAME_LOCALES.items()))


def person_segs(p, form, ctx):
    if form in ("", "full"):
        return [(p.full(), "person")]
    if form == "fullm":
        return [(p.full(with_middle=True), "person")]
    if p.nospace or (p.native and p.loc in ("zh_CN", "zh_TW", "ja_JP")):
        if form in ("title", "tfull"):
            return [(pick_title(p) + " ", None), (p.full(), "person")]
        return [(p.full(), "person")]
    if form == "first":
        return [(p.first(), "person")]
    if form == "last":
        return [(p.last(), "person")]
    if form == "il":
        return [(p.initial_last(), "person")]
    if form == "fi":
        return [(p.first_initial(), "person")]
    if form == "lcf":
        return [(p.last_comma_first(), "person")]
    if form == "LF":
        return [(p.caps_last_first(), "person")]
    if form == "upper":
        return [(p.full().upper(), "person")]
    if form == "lower":
        return [(p.full().lower(), "person")]
    if form == "lfirst":
        return [(p.first().lower(), "person")]
    if form == "plain":
        return [(p.plain(), "person")]
    if form == "title":
        return [(pick_title(p) + " ", None), (p.last(), "person")]
    if form == "tfull":
        return [(pick_title(p) + " ", None), (p.full(), "person")]
    if form == "nick":
        return [(p.first() if chance(0.7) else p.first().lower(), "person")]
    if form == "sig":
        f = wpick([("full", 55), ("first", 22), ("fi", 9), ("il", 6), ("fullm", 5), ("upper", 3)])
        return person_segs(p, f, ctx)
    if form == "any":
        f = wpick([("full", 30), ("first", 18), ("title", 12), ("il", 5), ("fi", 7), ("lower", 7),
                   ("upper", 4), ("plain", 5), ("LF", 2), ("lfirst", 5), ("fullm", 5)])
        return person_segs(p, f, ctx)
    raise KeyError(form)


LOCAL_TITLES = {
    "de": (["Herr"], ["Frau"]), "fr": (["Monsieur", "M."], ["Madame", "Mme"]),
    "es": (["Señor", "Sr."], ["Señora", "Sra."]), "pl": (["Pan"], ["Pani"]),
    "it": (["Signor", "Sig."], ["Signora", "Sig.ra"]), "pt": (["Senhor", "Sr."], ["Senhora", "Sra."]),
    "nl": (["meneer"], ["mevrouw"]),
}


def pick_title(p):
    loc_titles = LOCAL_TITLES.get(p.loc[:2])
    if loc_titles and chance(0.15):
        return pick(loc_titles[1] if p.gender == "f" else loc_titles[0])
    return wpick(TITLES_F if p.gender == "f" else TITLES_M)


def resolve(key, form, ctx):
    loc = ctx.res
    if key in PERSON_ROLES:
        p = ctx.person(key)
        form = form or ""
        if form in PERSON_FORMS:
            return person_segs(p, form, ctx)
        if form == "email":
            return [(email_for(p), "email")]
        if form == "handle":
            return [(handle_for(p), "social_handle")]
        if form == "handlebare":
            return [(handle_for(p, bare=True), "social_handle")]
        if form in ("url", "blog", "linkedin", "channel"):
            return [(url_for(p, "any" if form == "url" else form), "url")]
        if form == "dob":
            return [(dob_str(p, loc), "date_of_birth")]
        if form == "age":
            return [(age_phrase(p.age, "yo"), "age")]
        if form == "aged":
            return [(age_phrase(p.age, "aged"), "age")]
        if form == "ageadj":
            return [(age_phrase(p.age, "adj"), "age")]
        if form == "passport":
            if p._passport is None:
                p._passport = passport(p)
            return [(p._passport, "passport")]
        if form == "dl":
            if p._dl is None:
                p._dl = driver_licence(p, loc)
            return [(p._dl, "driver_licence")]
        raise KeyError(key + "." + form)
    # labelled values
    if key == "phone":
        return [(phone(loc, form or None), "phone")]
    if key == "email":
        q = make_person(pick_name_locale())
        return [(email_for(q), "email")]
    if key == "street":
        return [(street(loc, True if form == "flat" else None), S)]
    if key == "addr":
        if form == "block":
            return addr_block(loc)
        if form == "nocountry":
            return addr_inline(loc, country=False)
        return addr_inline(loc)
    if key == "pc":
        if form == "city":
            return pc_city(loc)
        return [(postcode(loc), P_)]
    if key == "pobox":
        return pobox_segs(loc)
    if key == "mil":
        return military_segs()
    if key == "cc":
        return [(card(), "credit_card")]
    if key == "iban":
        return [(iban(loc), "iban")]
    if key == "ip":
        return [(ip(), "ip_address")]
    if key == "ssn":
        return [(ssn(), "us_ssn")]
    if key == "url":
        return [(any_url(), "url")]
    if key == "acct":
        return [(customer_number(), "account_number")]
    if key == "bankacct":
        return [(bank_account(loc), "account_number")]
    if key == "age":
        n = RNG.randint(18, 94)
        return [(age_phrase(n, form or "yo"), "age")]
    # unlabelled fillers
    return [(filler(key, form, ctx), None)]


def filler(key, form, ctx):
    loc = ctx.res
    if key == "shop":
        if "shop" not in ctx.cache:
            ctx.cache["shop"] = pick(SHOPS)
        return ctx.cache["shop"]
    if key == "prod":
        return pick(PRODUCTS)
    if key == "city":
        if "city" not in ctx.cache or form == "new":
            ctx.cache["city"] = rcity(loc)
        return ctx.cache["city"]
    if key == "country":
        return COUNTRY[loc][0]
    if key == "order":
        return order_no()
    if key == "ref":
        return case_ref()
    if key == "date":
        return plain_date(loc)
    if key == "time":
        return ftime()
    if key == "clock":
        t = ctx.cache.get("clock")
        t = RNG.randint(8 * 60, 21 * 60) if t is None else t + RNG.randint(0, 4)
        ctx.cache["clock"] = t
        return "%02d:%02d" % (t // 60, t % 60)
    if key == "price":
        return price(loc)
    if key == "n":
        return str(RNG.randint(2, 12))
    if key == "nn":
        return str(RNG.randint(13, 60))
    if key == "company":
        return pick(CLIENT_COMPANIES)
    if key == "job":
        return pick(JOBS)
    if key == "sku":
        return sku()
    if key == "track":
        return tracking()
    if key == "flight":
        return flight()
    if key == "ver":
        return version()
    if key == "build":
        return build4()
    if key == "pct":
        return pick(["%d%%" % RNG.randint(5, 70), "%d %%" % RNG.randint(5, 70), "%.1f%%" % (RNG.randint(1, 99) / 10)])
    if key == "voucher":
        return voucher()
    if key == "ean":
        return ean()
    if key == "fstreet":
        return pick(FAMOUS_STREETS.get(loc, ["the high street"]))
    if key == "storeno":
        return str(RNG.randint(100, 9999))
    if key == "room":
        return str(pick([RNG.randint(101, 920), RNG.randint(1001, 1420)]))
    if key == "year":
        return str(RNG.randint(2009, 2024))
    if key == "weekday":
        return pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
    if key == "month":
        return pick(MONTHS)
    if key == "emo":
        return pick(["", "", "", " 🙂", " 😡", " 👍", " 🙏", " 😤", " :)", " :(", " !!", " 🤦‍♀️", " ❤️"])
    if key == "cardend":
        return digits(4)
    if key == "sortcode":
        return "%s-%s-%s" % (digits(2), digits(2), digits(2))
    if key == "bic":
        return pattern("LLLL") + COUNTRY.get(loc, ("", "DE", ""))[1] + pattern("AA") + (pattern("AAA") if chance(0.5) else "")
    if key == "kg":
        return str(RNG.randint(2, 40))
    if key == "mins":
        return str(pick([10, 15, 20, 25, 30, 40, 45, 50, 90]))
    if key == "storecity":
        return rcity(loc)
    raise KeyError(key)


PH_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\}")
LABELLED_KEYS = {"phone", "email", "street", "addr", "pc", "pobox", "mil", "cc", "iban", "ip",
                 "ssn", "url", "acct", "bankacct", "age"}


def placeholder_types(tpl):
    """Types a template can emit and the maximum number of labelled spans."""
    types, n = set(), 0
    for m in PH_RE.finditer(tpl):
        key, form = m.group(1), m.group(2) or ""
        if key in PERSON_ROLES:
            t = {"email": "email", "handle": "social_handle", "handlebare": "social_handle",
                 "url": "url", "blog": "url", "linkedin": "url", "channel": "url", "dob": "date_of_birth", "age": "age", "aged": "age", "ageadj": "age",
                 "passport": "passport", "dl": "driver_licence"}.get(form, "person")
            types.add(t)
            n += 1
        elif key in LABELLED_KEYS:
            t = {"phone": ["phone"], "email": ["email"], "street": [S], "addr": [S, P_], "pc": [P_],
                 "pobox": [S, P_], "mil": [S, P_], "cc": ["credit_card"], "iban": ["iban"],
                 "ip": ["ip_address"], "ssn": ["us_ssn"], "url": ["url"], "acct": ["account_number"],
                 "bankacct": ["account_number"], "age": ["age"]}[key]
            types.update(t)
            n += len(t)
    return types, n


def render(tpl, ctx):
    out, spans, pos, last = [], [], 0, 0
    for m in PH_RE.finditer(tpl):
        lit = tpl[last:m.start()]
        if out and out[-1].endswith(".") and lit.startswith(".") and not lit.startswith(".."):
            lit = lit[1:]  # "... utca 27." + "." -> one full stop
        out.append(lit)
        pos += len(lit)
        for text, typ in resolve(m.group(1), m.group(2), ctx):
            if typ:
                assert text == text.strip() and text, (tpl, text)
                spans.append({"start": pos, "end": pos + len(text), "type": typ, "_v": text})
            out.append(text)
            pos += len(text)
        last = m.end()
    tail = tpl[last:]
    if out and out[-1].endswith(".") and tail.startswith(".") and not tail.startswith(".."):
        tail = tail[1:]
    out.append(tail)
    return "".join(out), spans


# ==========================================================================
# Templates.  {role.form} = person (c customer, a/b/am/af staff, o/om/of/d/e
# others, k/ck/hu/wi/fa/mo family, so/da children, x/y word-names);
# other {key.form} placeholders: see resolve() and filler().
# A leading "@us " / "@gb " restricts a template to that residence.
# ==========================================================================
PII_TEMPLATES = [
    # ---- complaint e-mails -------------------------------------------------
    "Dear {shop} team,\n\nI am writing for the third time about order {order}. Nobody answers my emails. You can reach me at {c.email} or on {phone}.\n\nKind regards,\n{c.sig}",
    "Hello,\n\nthe {prod} I ordered arrived broken. I want a replacement or my money back. Delivery address is still {addr}.\n\nBest regards\n{c.sig}",
    "To whom it may concern,\n\nOn {date} your engineer was supposed to come between 8 and 12. Nobody came and nobody called. I took a day off work for this. Please call me on {phone} to rebook.\n\n{c.tfull}",
    "Dear Sir or Madam,\nmy name is {c.tfull} and I have been your customer since {year} (customer number {acct}). Since the new tariff my bill has doubled. I expect an explanation.\nYours faithfully,\n{c.sig}",
    "Hi,\nI moved last month and my parcel still went to the old address. New address:\n{addr.block}\nPlease update it before the next delivery!\nThanks, {c.first}",
    "Hello {a.first},\n\nas discussed on the phone, here is the photo of the damaged box: {url}\n\nRegards,\n{c.sig}",
    "Good afternoon,\nI received someone else's order! The label says {o}, {addr.nocountry}. I don't know this person and I want my own parcel.\n{c.first}",
    "Dear {shop},\nplease stop sending letters addressed to my late mother, {mo.upper}, at {addr}. I have informed you three times now.\n{c.sig}",
    "Hello,\nmy email changed, please use {email} from now on (the old one, {c.email}, is closed).\nThank you",
    "Hi there,\nI'm writing from my partner's e-mail ({k.email}) because I can't get into my own account. Could you reset it? Date of birth {c.dob} if you need it.\n{c.sig}",
    "Hello,\nI was charged twice for order {order}. Card used: {cc}. Please refund one of the payments asap.\n{c}",
    "Dear team,\nthe refund should go to my account, IBAN {iban}, account holder {c.upper}. NOT to the card, that card was cancelled.\nRegards",
    "Hi,\nyour rental desk at {city} airport refused my driving licence ({c.dl}) saying it was invalid. It is a perfectly valid licence from {country}!\n{c.fi}",
    "Good morning,\nI need to change the name on my booking. It should read {c.LF} exactly as in my passport (passport no. {c.passport}).\nThank you,\n{c.first}",
    "Hello,\nplease find my details for the insurance claim below.\nName: {c}\nDate of birth: {c.dob}\nCustomer no.: {acct}\nPhone: {phone}",
    "Dear customer service,\nI am {c.age} and not very good with computers. Your new app is impossible for me, my grandson {so.first} had to do everything for me. Please send paper bills again to {street}.\n{c.tfull}",
    "Hello,\nthe courier left my parcel with a neighbour at {street} without leaving a card. The neighbour is {om.title} (very nice man, but I searched for two hours).\n{c.sig}",
    "Dear {shop},\nI wish to exercise my right of access to my personal data. My details: {c}, born {c.dob}, living at {addr.nocountry}.\nPlease respond within 30 days.",
    "Hello,\nsomeone has been using my account. I got a login alert from IP {ip} at 3am and I was asleep! Please lock everything. Customer no. {acct}.\n{c.sig}",
    "Hi,\nmy son {so.first} ({so.age}) was refused entry to the pool even though he had a valid ticket. The staff member, {a.first}, was very rude to him.\n{c.sig}",
    "Dear {af.title},\nthank you for your call today. As requested, my customer number is {acct} and my date of birth is {c.dob}.\nBest wishes,\n{c.sig}",
    "Hello, I am {c.fullm} (born {c.dob} in {city}). I lost my card and need a new one sent to {street}.",
    "Dear Sirs,\nI am writing on behalf of my father, {fa}, who is {fa.age} and partially deaf, so phone calls don't work for him. Please write to him at {street} instead.",
    "Hi {a.first},\nthanks for the quick reply. Refund please to IBAN {iban} (BIC {bic}).\n{c.sig}",
    "Hi, tracking says delivered to {street}, {pc.city}, but that's not my address and I wasn't even home! Order {order}.",
    "Good evening,\nsince you moved my data to the new system my name shows as {c.upper} (all capitals) and the birth date is missing. It is {c.dob}.\nRegards",
    # ---- chat ---------------------------------------------------------------
    "[{clock}] Customer: hi my name is {c.lower} i cant log in\n[{clock}] Agent: Hi! Could you confirm the email on the account?\n[{clock}] Customer: {c.email}",
    "customer: hello?? anyone there\nagent {a.first}: Hi, sorry for the wait! How can I help?\ncustomer: my order {order} is stuck, can u call me {phone.nat}",
    "Agent: Can I have your postcode please?\nCustomer: {pc}\nAgent: And the first line of the address?\nCustomer: {street}",
    "hey its {c.lfirst} from {city}... still no callback. my number is {phone} pls call after 5",
    "Agent ({a.first}): Thanks for waiting. For security, can you confirm your date of birth?\nCustomer: {c.dob}\nAgent: Thank you. And the amount of your last bill?\nCustomer: {price} I think",
    "me: why was i charged {price}??\nbot: I can help with billing questions! Please enter your account number.\nme: {acct}\nbot: Thanks! Connecting you to an agent…",
    "User: I want to change my delivery address\nAssistant: Sure! What is the new address?\nUser: {addr}",
    "Customer: the card ending {cardend} was declined but the other one works, {cc}\nAgent: Thanks, I've updated the payment method.",
    "[{clock}] {c.first}: hi, I paid by bank transfer yesterday from {iban} but the order still says unpaid\n[{clock}] {a.first}: Let me check that for you",
    "visitor: pls send the invoice to {c.email}, not to {email} – that was my old job",
    "WhatsApp me pls {phone.intl}, easier than email",
    "Hi it's {c.first} ({c.handle} on insta) – I posted a pic of the broken {prod}, your team said DM but DMs are closed?",
    "Customer: Do you need my customer ID?\nAgent: Yes please.\nCustomer: {acct}\nAgent: Thanks {c.first}, I can see the account.",
    "Agent: what's the best number to reach you?\nCustomer: mobile {phone}, or the landline {phone.nat} in the evenings",
    "> hi, I'm {c.first}\n> my parcel went to {street} instead of my address\n> can u fix it??",
    # ---- social posts ---------------------------------------------------------
    "Massive thanks to {a.first} from {shop}, went above and beyond for me today 🙌 full review on my blog {c.blog}",
    "Big shoutout to the {city} store team, esp. {a.first} and {b.first}! Follow me {c.handle} for more reviews",
    "Not impressed at all. Asked for {af.title} at the counter and she pretended not to hear me. #badservice",
    "If anyone from {shop} reads this, my ticket is {ref}, email me at {c.email}. 40 minutes on hold is a joke",
    "follow my blog for the full review → {c.blog}",
    "{c.handle}: when you order a {prod} and get a box of bricks 🧱 thanks {shop}",
    "Replying to {o.handle}: same here!! they sent mine to {street} which doesn't even exist",
    "Unboxing + review of the new {prod} is live on my channel: {c.channel} – spoiler: returning it",
    "insta: {c.handlebare} – DM me if you want to see what your 'premium' packaging looks like",
    # ---- agent notes / CRM --------------------------------------------------
    "Cust {c.lcf} called re double charge on card {cc}. Refund raised under {ref}. DOB {c.dob} verified.",
    "Note: caller {c.il} (cust no. {acct}) says the heating engineer never came. Callback requested on {phone.ext}.",
    "ID check done - passport {c.passport}, DOB {c.dob}. Address confirmed: {addr.nocountry}.",
    "Escalated by {a.il}: customer threatening to go to the press. Contact {c.email} / {phone}.",
    "Callback {date} {time} – {c.upper} – {phone} – re: missing refund",
    "Customer states card {cc} was used fraudulently in {storecity} on {date}. Card blocked. Acct no. {acct}.",
    "Verified via driving licence no. {c.dl}. Customer {c.lcf}, {c.aged}, wants to close the account.",
    "Login attempts from {ip} and {ip} within 2 minutes, flagged for fraud team. Customer ID {acct}.",
    "Spoke to {c.first} (daughter of account holder {fa}); not authorised on the account, advised to call back together.",
    "Customer changed bank details to {iban}, confirmation letter sent to {addr.nocountry}.",
    "Warm transfer from {a.first} to {b.first}. Caller {c} disputes roaming charges ({price}).",
    "Tel. {phone} / Mob. {phone} -- customer prefers mobile, after 6pm only.",
    "@us Fraud note: caller gave SSN {ssn} and DOB {c.dob} but failed the security question; account locked.",
    "@us Customer asked why we need the SSN ({ssn}). Explained it's for the credit check. Name on file {c.lcf}.",
    "@us Ship to APO:\n{c.upper}\n{mil}",
    "@us Military customer, currently deployed. Address on file:\n{c}\n{mil}",
    "@us New applicant {c.lcf}, SSN {ssn}, asked for paper statements.",
    "@gb Refund via BACS: sort code {sortcode}, account number {bankacct}, name {c.upper}.",
    "Direct debit set up: account no. {bankacct}, holder {c}. First collection on {date}.",
    "Chat summary: {c.first} wants the invoice re-issued to {company}, {addr.nocountry}.",
    "Internal: do NOT call {phone} again, customer {c.il} complained about marketing calls.",
    "Passport number given as {c.passport} for the fast-track booking; customer {c.LF}.",
    "Caller was {c.age}, confused about the new app. Walked through login. Account number {acct}.",
    # ---- surveys --------------------------------------------------------------
    "Service was fine but the driver, {om.first}, was smoking in the van. Please address this.",
    "Great service from {af.first} at the {city} branch, she sorted my problem in 5 minutes{emo}",
    "I'm a {c.ageadj} pensioner and your website font is way too small.",
    "Q: Anything else you would like to tell us?\nA: Yes, stop calling me on {phone}, I have said no three times.",
    "Q: May we contact you about your answers?\nA: yes, {c.email} or {phone.nat}",
    "Why do you need my postcode ({pc}) just to see prices? Ridiculous.",
    "Your website keeps saying my postcode {pc} is invalid, so I can't check out!!",
    "Delivered to {street} instead of my flat, please tell drivers to read the full address.",
    "NPS 2. The manager, {am.tfull}, promised a call back within 24h. Nothing.",
    "Thanks to {a.first} and {b.first} for sorting out my broadband. Ref {ref}.",
    "Please deliver to my work address instead: {c}, c/o {company}, {addr}",
    "Deliveries to {street.flat} never work because the buzzer is broken. Drivers should just phone {phone}.",
    "Lovely stay! Special thanks to {a.first} at reception and to {b.tfull}, who organised a cake for my {da.ageadj} daughter.",
    "The form wouldn't accept my passport number {c.passport} because of the format?!",
    "My driving licence number is {c.dl} - your app says it's invalid, it isn't.",
    "Booked for {c} and {k}, but the e-tickets only show {k.first}.",
    "I am {c.age} and I've been with {shop} since the beginning. This is how you treat loyal customers?",
    "Why is my date of birth ({c.dob}) printed on the envelope?? Anyone can see it.",
    "The agent asked for my full card number ({cc}) over the phone, is that even allowed?",
    "I was born {c.dob} so I qualify for the senior fare, but the website says I don't.",
    "My husband {hu.first} and I were very disappointed with the hotel. Room {room} smelled of smoke.",
    "The system has my surname wrong. It's {c.last}, not {o.last}!",
    "My IP address is {ip} if that helps your IT team, I still can't reach the login page.",
    "VPN off, same problem. Router shows public IP {ip}. Modem is the {sku}.",
    "Member no. {acct} here – the gym in {city} charged me after I cancelled. I'm {c.age}, I can't train after my knee operation!",
    "Tickets for {c}, {k} and our son {so.first} ({so.age}) never arrived by email.",
    "Pick-up person: {of} (passport {of.passport}). I'm abroad so she collects for me.",
    "Name on card: {c.upper}\nCard number: {cc}\nI've cancelled it, please remove it from my profile.",
    "The new number for the account is {phone.intl}, the address stays the same ({street}).",
    "My daughter {da.first} is {da.age} and you sold her an energy drink. Disgraceful.",
    "Appointment for {c.tfull}, {c.aged}, at the {city} clinic was cancelled without notice.",
    "Paid with {cc} and was charged {price} instead of the advertised price. I have screenshots.",
    "The courier {om.first} was lovely, but he left the parcel next door instead of at {street}.",
    "Our address is {street}, {pc.city} - the driver keeps going to the other side of town.",
    "pls update: {c.lower}, {street}, {pc} {city}",
    "Could someone call me back? {phone.ext} during office hours, ask for {c.first}.",
    "Contact person on site is {o}, mobile {phone}. Ring twice, the bell is weak.",
    "My account number is {acct} and I have been overcharged three months in a row. Fix it or I'm switching.",
    "Customer number {acct} - please merge it with my old account, customer no. {acct}.",
    "Photo of the damaged parcel: {url} (it was like that when it arrived)",
    "screenshot of the error: {url}",
    "Video of the noise the {prod} makes: {url} - this is not normal, right?",
    "The booking is under my husband's name, {hu}, passport number {hu.passport}. Please correct the spelling on the e-ticket.",
    "For verification: driving licence no. {c.dl}, date of birth {c.dob}.",
    "Please change the contact email on my account from {email} to {c.email}, and the phone to {phone.intl}.",
    "Please send all paperwork to my PO box from now on: {pobox}. Post to the house keeps going missing.",
    "Account holder: {c.upper}\nIBAN: {iban}\nReason: refund for order {order}",
    # ---- interviews -------------------------------------------------------------
    "Interviewer: And whereabouts do you live?\nRespondent: {city}, on {street}. We've been there since {year}.\nInterviewer: And may I ask your age?\nRespondent: I'm {c.age}.",
    "Interview #{n} - participant {c.fi}, {c.age}, lives in {city}. Says the onboarding was confusing and gave up at the ID step.",
    "P{nn} ({c.first}, {c.aged}): 'Honestly I just want a human on the phone.'",
    "Moderator: Can you tell us a bit about yourself?\n{c.first}: Sure, I'm {c.first}, I'm {c.age}, I work as a nurse in {city}.",
    "Researcher note: respondent {c.upper}, a {c.ageadj} teacher from {city}, asked to be contacted at {c.email} for the follow-up.",
    "Q3 verbatim: \"my neighbour {of.first} recommended you, she's been a customer for years\"",
    "Session {n}, user {c.first} ({c.age}): couldn't find where to enter the customer number, typed {acct} into the search box.",
    # ---- signatures -----------------------------------------------------------------
    "Sorry for the long mail.\n\n--\n{c}\n{job} | {company}\nT: {phone.intl}\n{c.email}",
    "Best regards / Mit freundlichen Grüßen\n\n{c.tfull}\n{job}\n{company}\n{addr.block}",
    "Kind regards,\n{c}\nMobile: {phone}\nLinkedIn: {c.linkedin}",
    "Cheers\n{c.sig}\n{phone.ext}",
    "{c.upper}\n{job}\n{phone.intl} | {c.email}",
    "Regards,\n{c.sig}\n{addr.block}",
    # ---- web forms -------------------------------------------------------------------
    "Name: {c}\nEmail: {c.email}\nPhone: {phone}\nMessage: the {prod} stopped working after 2 weeks",
    "First name: {c.first}\nLast name: {c.last}\nPostcode: {pc}\nComments: Bin collection missed again.",
    "Full name: {c.upper}\nDOB: {c.dob}\nAddress: {addr.nocountry}",
    "Contact form\nName: {c.lower}\nE-mail: {c.email}\nSubject: refund\nBody: still waiting for my refund for order {order}",
    "Reason for return: wrong size\nReturn label sent to: {c}, {addr}",
    "name: {c.lower}\ntel: {phone}\nwhat went wrong: the delivery guy threw the box over the fence",
]

NAMES_TEMPLATES = [
    "Big thanks to {a.first} in the {city} store, really patient with my mum.",
    "{a.title} was rude and refused to give me a refund.",
    "{a.last} was rude and refused to refund me. I want this escalated.",
    "spoke to {a.lfirst} on the phone yesterday, said someone would call back. nobody did",
    "Thanks,\n{c.sig}",
    "Kind regards\n\n{c.fullm}",
    "The manager, {am.tfull}, promised compensation in writing. Still waiting.",
    "cc: {a}; {b}; {o.il}",
    "I was served by {a.fi} according to the receipt. Very friendly!",
    "Please pass my thanks to {a.first} and {b.first}, they made our stay.",
    "Hi {a.first},\nthanks for the quick answer.\nBest,\n{c.first}",
    "Dear {a.title},\nI am still waiting for the replacement you promised on the phone.\nYours sincerely,\n{c}",
    "My neighbour {o} signed for the parcel but says it was empty.",
    "The driver (I think his name was {om.first}?) was super friendly and even carried it upstairs.",
    "Interviewer ({a.first}): How was the installation?\n{c.first}: Fine, the technician was on time. His name was {om.first}, I think.",
    "Ticket reassigned to {a.lcf}. Escalated by {b.il}.",
    "{c.upper} SAYS THE ORDER NEVER ARRIVED AND WANTS TO SPEAK TO A MANAGER",
    "shoutout to {a.lower} best customer service ever",
    "Why does the invoice say {o} when I ordered under my own name, {c}?",
    "According to {a.first}'s colleague {b.first}, the warranty doesn't cover this. Who is right?",
    "We were greeted by {a.first} and later helped by {b.tfull}, both excellent.",
    "Attn: {a.lcf}\nRe: complaint about the kitchen fitting",
    "Ask for {x.first} - {x.first} knows the case.",
    "{x.first} on the phone was brilliant, and {x.first} even called me back the next day.",
    "{x.title} from the accounts team sorted it in one call.",
    "Name on booking: {c.LF}",
    "My partner {k.first} and I had a lovely evening, thank you.",
    "Tickets for {c}, {k} and {ck.first}. Why did only two arrive?",
    "Gracias a {af.first}!! Very helpful lady, she even spoke Spanish with my mother.",
    "Who is {o.first}?? The email is signed by {o.first} but I spoke to {a.first}.",
    "{c.first} here again, still no callback{emo}",
    "Signed: {c.il}",
    "Courier: {om.upper}\nSignature: illegible\nReceived by: {c.title}",
    "from: {c}\nto: customer service\nsubject: complaint about {a.first}",
    "\"Quick, friendly, no nonsense.\" - {c.first}, {city}",
    "\"Best pizza in town\" — {c.fi}",
    "I called and {af.first} picked up, then transferred me to {am.first}, then to {b.first}. 45 minutes!!",
    "Thank you {a.first}!!!",
    "Special thanks to nurse {af.first} and to {am.tfull} on ward 7.",
    "The sales rep, a certain {am.last}, told me the contract could be cancelled anytime. It couldn't.",
    "{c.title}'s order was delivered to {o.title}'s house by mistake.",
    "My mum {mo} is the account holder, I'm just helping her with the online stuff.",
    "hi im {c.lfirst} 🙂 is {a.lfirst} working today?",
    "Cashier: {a.LF}",
    "{c.first}? It's me, {c.first}, from the Tuesday call.",
    "Present: {a}, {b}, {d}, {e.il}",
    "Thanks to the whole team - {a.first}, {b.first}, {d.first} and {e.first}!",
    "I want to complain about {a.plain}.",
    "{af.first} & {am.first} = dream team 😂",
    "Dr {am.last} at your clinic was excellent, please tell him.",
    "My name is {c}, I'm the one who called about the broken tiles.",
    "Please ask {of.title} to call me back, I believe she is the supervisor.",
    "We love {a.first}!! Give {a.first} a raise{emo}",
    "COMPLAINT AGAINST {a.upper} - RUDE AND UNHELPFUL",
    "{c.lcf} - feedback form",
    "--\n{c}\n(sent from mobile, sorry for typos)",
    "Hugs to {x.first} and {y.first} in the {city} shop xx",
    "Interview 3, speaker 2 ({c.first}): 'The old app was better.'\nInterviewer ({a.first}): 'Better in what way?'",
    "I asked {am.first} whether {af.first} was in today, he said she had left the company.",
    "{c.LF}\nFeedback: the seats were dirty.",
    "{o.il}, {d.il} and {e.il} have all tried and failed to fix my internet.",
    "Dear {c.first},\nthank you for your feedback.\n{a.sig}\nCustomer Care",
    "Thanks,\n{c.first}\n\nSent from my iPhone",
    "{x.title} and {y.title} were both very professional.",
    "The plumber, {om.plain}, did a great job.",
    "Best,\n{c.first} (and {k.first})",
    "I was told by {b.fi} on the phone that {af.first} would handle it personally.",
    "{a.first} - you are a star!",
    "our rep {a.lower} never replies to emails",
    "Message for {a.title}: the delivery is fine, thanks.",
    "Regards\n{c.upper}",
    "Best wishes from the {c.last} family!",
    "Hi, {c.first}{emo}\nAny update on my complaint?",
    "Booked by {c.lcf} for {hu.fi} and myself.",
    "The guide, {x.first}, was funny and knew everything about the old town.",
]

CLEAN_TEMPLATES = [
    "Delivery was quick, but the packaging was way over the top for such a small item.",
    "The app keeps logging me out every time I switch to another app. Very annoying.",
    "Good value for money. Would buy again.",
    "Staff were friendly and the store was clean. Parking is a nightmare though.",
    "I waited over an hour on hold and then the call dropped.",
    "Why is there no option to pay by bank transfer anymore?",
    "Love the new menu, especially the vegetarian options!",
    "The checkout page crashed twice before my payment went through.",
    "Customer service was polite but couldn't actually solve anything.",
    "The instructions were only in German and French, please add English.",
    "The train was late again and nobody announced anything.",
    "Please bring back the old loyalty scheme, the new one is confusing.",
    "Great product, poor delivery experience.",
    "The room was clean but the air conditioning was very loud at night.",
    "Your chatbot doesn't understand simple questions.",
    "Easy returns process, refund arrived within a few days. Thank you!",
    "I would like more information about how you use my data.",
    "Too many emails. I unsubscribed but they keep coming.",
    "The size guide is completely wrong, everything runs small.",
    "Installation was straightforward and the technician explained everything.",
    "Why can't I change my delivery slot online?",
    "The new website is much faster, well done.",
    "The {prod} arrived damaged, the box was clearly dropped.",
    "I am very satisfied with the service of your company, thank you for the professional help.",
    "Food was cold when it arrived and the driver didn't apologise.",
    "The hotel breakfast was excellent but the coffee machine was broken all week.",
    "Honestly the best customer support I've had in years.",
    "The colour is different from the pictures on the website.",
    "It took me ages to find the cancel button. Feels deliberate.",
    "Please add a dark mode to the app.",
    "Nothing to add, all good.",
    "n/a",
    "Everything fine 👍",
    "The queue at the self-checkout was longer than at the staffed tills.",
    "I am waiting since weeks for an answer to my complaint, this is not acceptable.",
    "The fitting room had no mirrors, which is a bit absurd.",
    "Your prices went up but the quality went down.",
    "The invoice is very hard to understand, too many abbreviations.",
    "It would be nice to get a notification before the driver arrives.",
    "The seats on the bus were dirty and the wifi didn't work.",
    "Friendly staff in the {city} store, but they never have my size.",
    "I like the product but the subscription model is annoying.",
    "Support told me to reinstall the app, which did nothing.",
    "The manual for the {prod} was missing from the box.",
    "Please offer more vegan options at the airport kiosks.",
    "Your staff should wear name badges, I never know who I spoke to.",
    "The agent was nice but I had to explain my problem three times to three different people.",
    "Could you make the font on the bills bigger? My parents struggle to read it.",
    "Quick and painless. The form was simple.",
    "The {prod} is much louder than advertised.",
    "I'm happy with the tariff but the roaming charges are a scam.",
    "the app is ok i guess but why does it need my location all the time",
    "Very disappointed. I expected more from a company of your size.",
    "Keep up the good work, the new opening hours are much better for families.",
    "The delivery driver was careful and polite. Five stars.",
    "My parcel was left in the rain and everything inside was wet.",
    "Product works as described, setup took five minutes.",
    "Please stop changing the layout of the app every month, my mother can't find anything.",
    "The online chat closes too early in the evening.",
    "Hotel was fine, nothing special. Breakfast was overpriced.",
    "I had to pay extra for a seat next to my own child, that's outrageous.",
    "Not bad, not great. The {prod} does the job.",
    "Customer for many years, first time I'm really unhappy.",
    "Thank you for the quick replacement, much appreciated!",
    "The voice menu on the hotline is endless, I just want to talk to a person.",
]

NEAR_MISS_TEMPLATES = [
    "Order {order} arrived on {date} but {sku} was missing from the box.",
    "Paid {price} for the {prod} and it broke after {n} weeks. Tracking number was {track}.",
    "Flight {flight} on {date} was delayed by {n} hours and no food vouchers were given.",
    "The app ({ver}) crashes every time I open my invoices.",
    "After the update to firmware {build} the router restarts every night at {time}.",
    "Store {storeno} in {city} had nobody at the tills at {time} on a {weekday}.",
    "The shop on {fstreet} always closes before {time}, even though the website says later.",
    "We stayed in room {room}, the shower was broken for the whole stay.",
    "Took the train from Victoria station and the connection at King's Cross was cancelled.",
    "Rented a Ford Focus and got a Fiat 500 instead, without any discount.",
    "Bought the same thing at Marks & Spencer for {price}, yours is {pct} more expensive.",
    "Will you ever fix the login page? May I suggest testing it before release.",
    "The grace period for payment is only {n} days, that's far too short.",
    "Can I get a refund if I cancel before {date}? The voucher code {voucher} didn't work either.",
    "Gift card ending {cardend} was declined at the till.",
    "My complaint ({ref}) is still open after {nn} days.",
    "Bought the cheddar aged {nn} months and it was mouldy when I opened it.",
    "My {n}-year-old laptop runs your app better than the new one.",
    "The boiler is only {n} years old and it already broke down twice.",
    "The building is over 100 years old and the lift is always broken.",
    "Platform {n} at {city} station had no signs at all. Missed the {time} train.",
    "Seat 14C was broken on flight {flight}, the crew moved me to row {nn}.",
    "Invoice {order} from {date} shows {price} but the quote said less.",
    "The barcode {ean} isn't recognised by your scanner app.",
    "Error E{storeno} on the display, the manual just says 'contact service'.",
    "Speed test: 48 Mbit/s instead of the 500 I pay for. Ping 35 ms.",
    "The parcel weighs {kg} kg and you charged me for {nn} kg.",
    "The website says 200x90 cm, the mattress is 190x90.",
    "Call centre hours are 08:00-20:00 but nobody picks up after 18:30.",
    "Opened at 9:15 instead of 9:00. Third time this month.",
    "The Charles de Gaulle shuttle was {mins} minutes late and the driver didn't care.",
    "Landed at Václav Havel Airport and the car rental desk was closed.",
    "John Lewis price-matched it, why can't you? The model {sku} is identical.",
    "Bought a Tommy Hilfiger shirt, the colour ran in the first wash.",
    "My Dr. Martens lasted two weeks. Two!",
    "The Ben & Jerry's in the freezer had clearly melted and refrozen.",
    "Victoria sponge was dry. Earl Grey was lovely though.",
    "Ordered a Margherita and got a Hawaiian on a {weekday} evening.",
    "The Mozart concert package was great but the bus to Salzburg was {mins} min late.",
    "I'll grant that the delivery was fast, but the packaging was ripped.",
    "Frank feedback: the new loyalty app is worse than the old one.",
    "In May the price was {price}, now in {month} it's higher. Why?",
    "Summer sale ended early, the banner still said it runs until {date}.",
    "The Jaguar dealership in {city} never called back about the service.",
    "Sainsbury's sells exactly the same thing for less.",
    "Chelsea boots in size 42 are sold out everywhere.",
    "The hotel in Florence was great, Paris less so.",
    "Flights to Jordan and Georgia were cancelled and no refund has been offered yet.",
    "I'm on the Sterling tariff and still got charged in euros.",
    "Bill is wrong again: {price} instead of {price}.",
    "Mark my words, I will never shop here again.",
    "Rose gold version arrived in silver. Hope you can swap it.",
    "Penny for your thoughts: why does shipping cost more than the product?",
    "Joy of joys, the app crashed again during payment.",
    "My Ray-Ban sunglasses arrived scratched.",
    "The Alexa integration doesn't work with the {prod}.",
    "Took the Eurostar 9014 to Paris, coach 11, no wifi at all.",
    "Bus 73 from {fstreet} never shows up when the app says it will.",
    "We were table 12 and waited 40 minutes for drinks.",
    "Delivery window 12:00-14:00, the driver came at 17:45.",
    "Week 32 delivery was promised, now it says week 41.",
    "The promo ended on 31/12 but the site still charged the old price.",
    "It was 28°C in the store, the staff were melting.",
    "Gate B27 changed to C12 without any announcement.",
    "The {storecity} branch at the corner of {fstreet} has the worst queues.",
    "Update {ver} broke the widget, the previous version was fine.",
    "Ticket {ref}: the Peugeot 208 courtesy car had a flat tyre.",
    "My grace period ended on {date} and you already sent it to collections.",
    "Order total {price} incl. {pct} VAT, but the receipt shows a different rate.",
    "Your hotline costs 14 cents per minute, outrageous.",
    "Born in the USA at full volume in the store all day. Please make it stop.",
    "This is the 3rd time this year the {time} from {city} has been cancelled.",
    "Delivered on {date} according to tracking {track}, nothing arrived.",
    "Customer since {year} and never had an issue until now.",
    "The account page shows 'Account no. ********' with stars, how do I see the real one?",
    "My birthday voucher didn't arrive this year.",
    "The birthday offer expired on {date} before I could use it.",
    "Promo for over-60s only works in store, not online.",
    "The survey asks for an age range (18-24, 25-34 ...) but stops at 65+.",
    "3 weeks waiting for a refund from {shop}. Order {order}. Never again. #customerservice",
    "Build {build} of the desktop app is still broken on Windows.",
    "Returned {n} items on {date}, refund of {price} still not received.",
    "The 10:40 ferry left at 11:25. Again.",
    "The receipt says till 6, transaction {storeno}, and the discount is missing.",
    "Lot number {sku} was recalled but the shop still sells it.",
    "Got {n} x 500 ml bottles instead of {nn} x 1 l.",
    "Apartment 4B in the brochure looked nothing like the real one.",
    "The guest in room {room} was playing loud music until 2am.",
    "We were {n} adults and {n} kids and only got 3 towels.",
    "Tuesday's 07:52 from {city} to the airport never came.",
    "Your booking code {voucher} was rejected at check-in.",
    "Ordered size EU 42 and received 44.",
    "The display says firmware {ver}, support says I need {build}.",
    "The lady on the phone said {n} to {nn} working days.",
]


def parse_template(t):
    req = None
    m = re.match(r"^@(us|gb) ", t)
    if m:
        req = {"us": "en_US", "gb": "en_GB"}[m.group(1)]
        t = t[m.end():]
    return t, req


CLEAN_PREFIX = [("", 70), ("Feedback: ", 4), ("Comment: ", 3), ("1/5. ", 3), ("5 stars. ", 3),
                ("3/5 - ", 3), ("Re your survey: ", 2), ("Honestly? ", 2), ("Hello, ", 3), ("Hi. ", 2),
                ("To be honest, ", 2), ("Q: What could we improve?\nA: ", 3)]
CLEAN_SUFFIX = [("", 70), (" Thanks.", 5), (" Regards", 2), (" 🙂", 3), (" Please fix it.", 3),
                (" Otherwise fine.", 3), (" Cheers", 2), ("!!", 2), (" Thank you", 3), (" 👎", 2)]


def wrap(tpl):
    if len(tpl) < 32:
        return tpl
    pre = wpick(CLEAN_PREFIX)
    suf = wpick(CLEAN_SUFFIX)
    if suf.startswith("!") and tpl.endswith("."):
        tpl = tpl[:-1]
    if suf.startswith("!") and tpl[-1:] in "!?":
        suf = ""
    if pre.endswith(", ") and tpl[:1].isupper() and not tpl.startswith("I "):
        tpl = tpl[0].lower() + tpl[1:]
    return pre + tpl + suf


# ==========================================================================
# Generation
# ==========================================================================
PII_TARGET = OrderedDict([
    ("person", 1.0), ("phone", 1.25), ("email", 1.2), ("street_address", 1.1),
    ("postal_code", 0.9), ("credit_card", 0.34), ("iban", 0.34), ("ip_address", 0.3),
    ("us_ssn", 0.14), ("url", 0.34), ("social_handle", 0.3), ("date_of_birth", 0.45),
    ("age", 0.45), ("driver_licence", 0.3), ("passport", 0.3), ("account_number", 0.45),
])


def validate_templates():
    for t in PII_TEMPLATES:
        tt, _ = parse_template(t)
        types, n = placeholder_types(tt)
        assert 1 <= n <= 4, (n, t)
    for t in NAMES_TEMPLATES:
        types, n = placeholder_types(t)
        assert types == {"person"} and 1 <= n <= 4, (types, t)
    for t in CLEAN_TEMPLATES + NEAR_MISS_TEMPLATES:
        types, n = placeholder_types(t)
        assert n == 0, t
    for lst in (PII_TEMPLATES, NAMES_TEMPLATES, CLEAN_TEMPLATES, NEAR_MISS_TEMPLATES):
        assert len(set(lst)) == len(lst), "duplicate template"
        for t in lst:
            # two labelled placeholders separated only by blanks would read as one item
            ms = list(PH_RE.finditer(t))
            for m1, m2 in zip(ms, ms[1:]):
                gap = t[m1.end():m2.start()]
                if re.fullmatch(r"[ \t]*", gap):
                    assert not (placeholder_types(m1.group())[1] and placeholder_types(m2.group())[1]), t


def residence():
    return wpick(list(RESIDENCE.items()))


def make_record(group, tpl, res, origin, seen):
    ctx = Ctx(group, res, origin)
    text, spans = render(tpl, ctx)
    if group == "names":
        loc = ctx.first_person_loc
    else:
        loc = res
    return text, spans, loc


def gen_pii(n, seen):
    out = []
    counts = Counter()
    parsed = [parse_template(t) for t in PII_TEMPLATES]
    by_type = {t: [] for t in TYPES}
    for i, (tpl, req) in enumerate(parsed):
        for ty in placeholder_types(tpl)[0]:
            by_type[ty].append(i)
    use = Counter()
    tot_w = sum(PII_TARGET.values())
    step = 0
    while len(out) < n:
        step += 1
        ratios = [((counts[t] + RNG.random()) / PII_TARGET[t], t) for t in TYPES]
        ratios.sort()
        ty = ratios[0][1]
        cands = by_type[ty]
        # prefer less-used templates
        minuse = min(use[i] for i in cands)
        pool = [i for i in cands if use[i] <= minuse + 2]
        idx = pick(pool)
        tpl, req = parsed[idx]
        res = req or residence()
        origin = res if chance(0.72) else pick_name_locale()
        text, spans, loc = make_record("pii", tpl, res, origin, seen)
        if not (1 <= len(spans) <= 4) or text in seen:
            continue
        seen.add(text)
        use[idx] += 1
        for s in spans:
            counts[s["type"]] += 1
        out.append(("pii", text, spans, loc))
    return out, use


def gen_names(n, seen):
    out = []
    locs = list(NAME_LOCALES.keys())
    order = []
    while len(order) < n * 2:
        block = []
        for l in locs:
            block.extend([l] * max(1, int(round(NAME_LOCALES[l] / 1.5))))
        RNG.shuffle(block)
        order.extend(block)
    use = Counter()
    k = 0
    while len(out) < n:
        origin = order[k]
        k += 1
        minuse = min(use[i] for i in range(len(NAMES_TEMPLATES)))
        pool = [i for i in range(len(NAMES_TEMPLATES)) if use[i] <= minuse + 1]
        idx = pick(pool)
        tpl = NAMES_TEMPLATES[idx]
        res = origin if origin in RESIDENCE else residence()
        text, spans, loc = make_record("names", tpl, res, origin, seen)
        if not spans or text in seen:
            continue
        seen.add(text)
        use[idx] += 1
        out.append(("names", text, spans, loc))
    return out, use


def gen_plain(group, templates, n, seen):
    out = []
    use = Counter()
    tries = 0
    while len(out) < n:
        tries += 1
        minuse = min(use[i] for i in range(len(templates)))
        pool = [i for i in range(len(templates)) if use[i] <= minuse + 1]
        idx = pick(pool)
        tpl = wrap(templates[idx]) if group == "clean" or chance(0.3) else templates[idx]
        res = residence()
        text, spans, loc = make_record(group, tpl, res, res, seen)
        assert not spans
        if text in seen:
            assert tries < 100000
            continue
        seen.add(text)
        use[idx] += 1
        out.append((group, text, spans, loc))
    return out, use


def check_record(rec):
    text, spans = rec["text"], rec["spans"]
    prev_end = -1
    for s in spans:
        assert s["type"] in TYPES, s
        assert 0 <= s["start"] < s["end"] <= len(text), s
        assert s["start"] >= prev_end, ("overlap/unsorted", rec["id"], spans)
        prev_end = s["end"]
        seg = text[s["start"]:s["end"]]
        assert seg == seg.strip() and seg, (rec["id"], seg)
    if rec["group"] in ("clean", "near_miss"):
        assert not spans, rec
    if rec["group"] == "pii":
        assert 1 <= len(spans) <= 4, rec
    if rec["group"] == "names":
        assert spans and all(s["type"] == "person" for s in spans), rec
    for s in spans:
        if s["type"] == "iban":
            assert iban_check(text[s["start"]:s["end"]]), s
        if s["type"] == "credit_card":
            assert luhn_ok(text[s["start"]:s["end"]]), s


def main(argv=None):
    global SEED, RNG
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=20250611)
    ap.add_argument("--out", required=True)
    ap.add_argument("--allow-other-faker", action="store_true",
                    help="do not abort when the installed Faker is not the pinned version")
    args = ap.parse_args(argv)
    if faker.VERSION != FAKER_VERSION and not args.allow_other_faker:
        sys.exit("Faker %s installed, %s required for reproducible output (use generate_intl.sh)"
                 % (faker.VERSION, FAKER_VERSION))
    SEED = args.seed
    RNG = random.Random(SEED)
    validate_templates()

    seen = set()
    rows = []
    pii, _ = gen_pii(GROUP_SIZES["pii"], seen)
    names, _ = gen_names(GROUP_SIZES["names"], seen)
    clean, _ = gen_plain("clean", CLEAN_TEMPLATES, GROUP_SIZES["clean"], seen)
    near, _ = gen_plain("near_miss", NEAR_MISS_TEMPLATES, GROUP_SIZES["near_miss"], seen)
    rows = pii + names + clean + near
    RNG.shuffle(rows)

    type_counts = Counter()
    group_counts = Counter()
    group_type = {g: Counter() for g in GROUP_SIZES}
    locale_counts = Counter()
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for i, (group, text, spans, loc) in enumerate(rows, 1):
            rec = OrderedDict()
            rec["id"] = "intl-%05d" % i
            rec["text"] = text
            sp = []
            for s in spans:
                assert text[s["start"]:s["end"]] == s["_v"], (text, s)
                sp.append(OrderedDict([("start", s["start"]), ("end", s["end"]), ("type", s["type"])]))
            rec["spans"] = sp
            rec["group"] = group
            rec["locale"] = loc
            check_record(rec)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            group_counts[group] += 1
            locale_counts[loc] += 1
            for s in sp:
                type_counts[s["type"]] += 1
                group_type[group][s["type"]] += 1

    print("texts: %d" % sum(group_counts.values()))
    print("per group:")
    for g in GROUP_SIZES:
        print("  %-10s %5d texts, %5d spans" % (g, group_counts[g], sum(group_type[g].values())))
    print("per type (all groups):")
    for t in TYPES:
        print("  %-15s %5d" % (t, type_counts[t]))
    print("locales (%d): %s" % (len(locale_counts), ", ".join("%s=%d" % kv for kv in sorted(locale_counts.items()))))
    print("templates: pii=%d names=%d clean=%d near_miss=%d" % (
        len(PII_TEMPLATES), len(NAMES_TEMPLATES), len(CLEAN_TEMPLATES), len(NEAR_MISS_TEMPLATES)))


if __name__ == "__main__":
    main()
