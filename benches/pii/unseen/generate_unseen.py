#!/usr/bin/env python3
"""Generate the held-out "unseen" PII evaluation set.

HELD OUT: never used for tuning. Developers may read only the scores.

Writes two JSONL files:
  * unseen.jsonl             ~1,500 texts built from this file's own templates, with names,
                             phones, streets and passport numbers drawn from Faker in 50 locales;
  * unseen_handwritten.jsonl 200 texts written by hand (handwritten.py next to this file).

Each line: {"id", "text", "spans": [{"start", "end", "label", "text"}], "group", "locale"}.
Offsets are Python str indices (Unicode code points), end exclusive.

Run through generate_unseen.sh, which pins Faker. Output is byte-identical for a given seed.
"""

import argparse
import json
import os
import random
import re
import sys
import unicodedata
import zlib

import faker
from faker import Faker

FAKER_VERSION = "40.63.0"

LABELS = [
    "person", "phone", "email", "street_address", "postal_code", "credit_card", "iban",
    "ip_address", "us_ssn", "url", "social_handle", "date_of_birth", "age",
    "driver_licence", "passport", "account_number",
]

REF_YEAR = 2024  # ages are computed against 1 June of this year

# ---------------------------------------------------------------------------------------------
# small pattern helper: '#' any digit, 'N' digit 2-9, 'A' letter A-Z (no I/O), anything else literal
# ---------------------------------------------------------------------------------------------
_LET = "ABCDEFGHJKLMNPRSTUVWXYZ"


def pat(rng, s):
    out = []
    for ch in s:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "N":
            out.append(str(rng.randrange(2, 10)))
        elif ch == "A":
            out.append(rng.choice(_LET))
        else:
            out.append(ch)
    return "".join(out)


_FOLD = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d",
         "Đ": "D", "ı": "i", "þ": "th", "ð": "d", "œ": "oe", "ŋ": "ng"}


def fold(s):
    s = "".join(_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def ascii_slug(s):
    s = fold(s).lower()
    return re.sub(r"[^a-z]", "", s)


# ---------------------------------------------------------------------------------------------
# locales
# ---------------------------------------------------------------------------------------------
# cities: (name, region or "", postcode prefix). The postcode pattern of the locale is filled
# from the left with the prefix.

UK_CITIES = [("London", "", "SW"), ("London", "", "SE"), ("London", "", "N"), ("London", "", "E"),
             ("London", "", "NW"), ("Manchester", "", "M"), ("Leeds", "", "LS"), ("Bristol", "", "BS"),
             ("Glasgow", "", "G"), ("Cardiff", "", "CF"), ("Sheffield", "", "S"),
             ("Nottingham", "", "NG"), ("Norwich", "", "NR"), ("Brighton", "", "BN"),
             ("York", "", "YO"), ("Belfast", "", "BT"), ("Leicester", "", "LE"), ("Exeter", "", "EX"),
             ("Newcastle upon Tyne", "", "NE"), ("Edinburgh", "", "EH"), ("Birmingham", "", "B"),
             ("Liverpool", "", "L"), ("Oxford", "", "OX"), ("Cambridge", "", "CB"),
             ("Swansea", "", "SA"), ("Aberdeen", "", "AB"), ("Plymouth", "", "PL")]

UK_STREETS = ["Church Lane", "Station Road", "High Street", "Victoria Road", "Mill Lane", "Kingsway",
              "Gloucester Road", "Hazel Avenue", "Coronation Street", "Sandy Lane", "Northgate", "Brook Street",
              "Cromwell Road", "Elm Close", "Whitehall Lane", "Ladysmith Road", "Kirkgate", "Heol y Coed",
              "The Crescent", "Queen's Drive", "Albert Terrace", "Park Avenue", "Orchard Close",
              "Manor Way", "Green Lane", "Chapel Street", "Beech Grove", "Windsor Gardens",
              "St Mary's Road", "Howard Street", "Holly Bank", "Marlborough Place"]

US_CITIES = [("Austin", "TX", "787"), ("Columbus", "OH", "432"), ("Portland", "OR", "972"),
             ("Denver", "CO", "802"), ("Boston", "MA", "021"), ("Seattle", "WA", "981"),
             ("Chicago", "IL", "606"), ("Atlanta", "GA", "303"), ("Phoenix", "AZ", "850"),
             ("Raleigh", "NC", "276"), ("Minneapolis", "MN", "554"), ("Tampa", "FL", "336"),
             ("Brooklyn", "NY", "112"), ("San Diego", "CA", "921"), ("Pittsburgh", "PA", "152"),
             ("Nashville", "TN", "372"), ("Albuquerque", "NM", "871"), ("Madison", "WI", "537")]

SPECS = {}


def spec(code, **kw):
    d = dict(code=code, names=code, faker_streets=True, streets=None, street_style="en",
             pc_pattern="#####", addr="{street}, {postcode} {city}",
             block="{street}\n{postcode} {city}", cc="", nat=[], intl=[], mobile_nat=None,
             mobile_intl=None, faker_phone=False, currency="€{p}", dob_fmt="dmy.",
             email_domains=["gmail.com", "outlook.com", "yahoo.com"], country="", cities=[],
             pobox="PO Box {n}", name_order="fl", iban_cc="DE", dl="A#######",
             passport="faker", titles=("Mr", "Ms", "Mrs", "Dr"), fake_city=False)
    d.update(kw)
    SPECS[code] = d


spec("en_GB", street_style="uk", streets=UK_STREETS, pc_pattern="uk",
     addr="{street}, {city} {postcode}", block="{street}\n{city}\n{postcode}", cc="44",
     nat=["07N## ######", "07N## ### ###", "020 7### ####", "020 8### ####", "0161 N## ####",
          "0113 N## ####", "01N## ######", "0117 N## ####"],
     intl=["+44 7N## ######", "+44 (0)20 7### ####", "+447N########", "0044 7N## ### ###",
           "+44 161 N## ####"],
     faker_phone=True, currency="£{p}", dob_fmt="dmy/", country="UK", cities=UK_CITIES,
     email_domains=["btinternet.com", "gmail.com", "hotmail.co.uk", "yahoo.co.uk", "sky.com",
                    "outlook.com"], iban_cc="GB", dl="uk", passport="#########",
     titles=("Mr", "Ms", "Mrs", "Miss", "Dr"))
spec("en_US", street_style="us", addr="{street}, {city}, {region} {postcode}",
     block="{street}\n{city}, {region} {postcode}", pc_pattern="us", cc="1",
     nat=["(N##) N##-####", "N##-N##-####", "N##.N##.####", "1-N##-N##-####"],
     intl=["+1 N##-N##-####", "+1 (N##) N##-####", "+1N##N######"], faker_phone=True,
     currency="${p}", dob_fmt="mdy/", country="USA", cities=US_CITIES,
     email_domains=["gmail.com", "yahoo.com", "aol.com", "comcast.net", "icloud.com",
                    "outlook.com"], iban_cc="DE", dl="us", passport="#########",
     titles=("Mr.", "Ms.", "Mrs.", "Dr."))
spec("en_CA", street_style="us", faker_streets=False, addr="{street}, {city}, {region} {postcode}",
     block="{street}\n{city} {region}  {postcode}", pc_pattern="ca", cc="1",
     streets=["Yonge Street", "Rue Sainte-Catherine", "Granville Street", "Jasper Avenue",
              "Bank Street", "Portage Avenue", "Queen Street West", "Barrington Street",
              "Kingsway", "Dundas Street East", "Boulevard René-Lévesque", "Whyte Avenue"],
     nat=["(N##) N##-####", "N##-N##-####", "N## N## ####"], intl=["+1 N##-N##-####", "+1 (N##) N##-####"],
     currency="C${p}", dob_fmt="iso", country="Canada",
     cities=[("Toronto", "ON", "M"), ("Ottawa", "ON", "K"), ("Montreal", "QC", "H"),
             ("Vancouver", "BC", "V"), ("Calgary", "AB", "T"), ("Halifax", "NS", "B"),
             ("Winnipeg", "MB", "R"), ("Quebec City", "QC", "G")],
     email_domains=["gmail.com", "rogers.com", "shaw.ca", "videotron.ca", "outlook.com"],
     iban_cc="FR", dl="A####-#####-#####", passport="AA######", titles=("Mr.", "Ms.", "Mrs.", "Dr."))
spec("en_AU", street_style="au", addr="{street}, {city} {region} {postcode}",
     block="{street}\n{city} {region} {postcode}", pc_pattern="####", cc="61",
     nat=["04## ### ###", "(02) N### ####", "03 N### ####", "0N ####-####"],
     intl=["+61 4## ### ###", "+61 2 N### ####", "+614########"], faker_phone=False,
     currency="A${p}", dob_fmt="dmy/", country="Australia",
     cities=[("Sydney", "NSW", "20"), ("Melbourne", "VIC", "30"), ("Brisbane", "QLD", "40"),
             ("Perth", "WA", "60"), ("Adelaide", "SA", "50"), ("Hobart", "TAS", "70"),
             ("Canberra", "ACT", "26"), ("Newcastle", "NSW", "23"), ("Geelong", "VIC", "32")],
     email_domains=["bigpond.com", "gmail.com", "optusnet.com.au", "outlook.com"],
     iban_cc="GB", dl="########", passport="PA#######")
spec("en_NZ", street_style="au", addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}",
     pc_pattern="####", cc="64", nat=["021 ### ####", "027 ### ####", "(09) N## ####", "04-N## ####"],
     intl=["+64 21 ### ####", "+64 9 N## ####", "+64 27 ### ####"], currency="NZ${p}",
     dob_fmt="dmy/", country="New Zealand",
     cities=[("Auckland", "", "10"), ("Wellington", "", "60"), ("Christchurch", "", "80"),
             ("Dunedin", "", "90"), ("Hamilton", "", "32"), ("Tauranga", "", "31"), ("Nelson", "", "70")],
     email_domains=["xtra.co.nz", "gmail.com", "slingshot.co.nz"], iban_cc="GB", dl="AA######",
     passport="AA######")
spec("en_IE", street_style="uk", streets=["Main Street", "Grafton Street", "Patrick Street",
     "Shop Street", "Strand Road", "O'Connell Street", "Church Road", "Castle Street",
     "Bridge Street", "Ashgrove Park", "Seafield Road", "Marine Terrace"],
     pc_pattern="eircode", addr="{street}, {city}, {postcode}", block="{street}\n{city}\n{postcode}",
     cc="353", nat=["08N ### ####", "(01) N## ####", "021 4## ####", "091 5## ###"],
     intl=["+353 8N ### ####", "+353 1 N## ####", "00353 8N#######"], dob_fmt="dmy/",
     country="Ireland", cities=[("Dublin", "", "D0"), ("Dublin", "", "D1"), ("Cork", "", "T12"),
                                ("Galway", "", "H91"), ("Limerick", "", "V94"), ("Waterford", "", "X91"),
                                ("Kilkenny", "", "R95"), ("Sligo", "", "F91"), ("Athlone", "", "N37")],
     email_domains=["eircom.net", "gmail.com", "hotmail.com", "outlook.ie"], iban_cc="IE",
     dl="### ### ###", passport="AA#######")
spec("en_IN", street_style="in", addr="{street}, {city} - {postcode}", block="{street}\n{city} {postcode}",
     pc_pattern="######", cc="91", nat=["9#########", "98### #####", "0N# #### ####", "07### #####"],
     intl=["+91 9#### #####", "+91-98########", "+91 22 N### ####"], currency="₹{p}",
     dob_fmt="dmy-", country="India",
     cities=[("Mumbai", "", "400"), ("Bengaluru", "", "560"), ("Chennai", "", "600"),
             ("Hyderabad", "", "500"), ("Pune", "", "411"), ("Kolkata", "", "700"),
             ("New Delhi", "", "110"), ("Jaipur", "", "302"), ("Kochi", "", "682")],
     email_domains=["gmail.com", "rediffmail.com", "yahoo.co.in"], iban_cc="GB",
     dl="AA## ###########", passport="A#######")
spec("hi_IN", **{k: v for k, v in SPECS["en_IN"].items() if k not in ("code", "names")})
spec("en_PH", street_style="ph", addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}",
     pc_pattern="####", cc="63", nat=["09## ### ####", "0917-N##-####", "(02) 8N##-####"],
     intl=["+63 9## ### ####", "+63 2 8N##-####", "+639#########"], currency="₱{p}", dob_fmt="mdy/",
     country="Philippines", cities=[("Quezon City", "", "11"), ("Makati", "", "12"),
                                    ("Cebu City", "", "6000"), ("Davao City", "", "8000"),
                                    ("Pasig", "", "16"), ("Iloilo City", "", "5000"), ("Baguio", "", "2600")],
     email_domains=["gmail.com", "yahoo.com.ph"], iban_cc="GB", dl="A##-##-######", passport="A#######A")
spec("en_NG", street_style="us", faker_streets=False, streets=["Adeola Odeku Street", "Awolowo Road", "Herbert Macaulay Way",
     "Allen Avenue", "Ogui Road", "Aminu Kano Crescent", "Ahmadu Bello Way", "Admiralty Way",
     "Bode Thomas Street", "Opebi Road"], addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}",
     pc_pattern="######", cc="234", nat=["080# ### ####", "070# ### ####", "081# ### ####"],
     intl=["+234 80# ### ####", "+234 (0)81# ### ####", "+23470########"], currency="₦{p}",
     dob_fmt="dmy/", country="Nigeria", cities=[("Lagos", "", "10"), ("Abuja", "", "900"),
                                                ("Ibadan", "", "200"), ("Port Harcourt", "", "500"),
                                                ("Enugu", "", "400"), ("Kano", "", "700")],
     iban_cc="GB", dl="AAA#####AA##", passport="A########")
spec("en_KE", street_style="us", faker_streets=False, streets=["Moi Avenue", "Kenyatta Avenue", "Ngong Road", "Waiyaki Way",
     "Mombasa Road", "Kimathi Street", "Argwings Kodhek Road", "Lenana Road", "Oginga Odinga Street"],
     addr="{street}, {city} {postcode}", block="{street}\n{postcode} {city}", pc_pattern="#####", cc="254",
     nat=["07## ######", "07## ### ###", "0722 ######"], intl=["+254 7## ######", "+254 7## ### ###"],
     currency="KSh {p}", dob_fmt="dmy/", country="Kenya",
     cities=[("Nairobi", "", "00100"), ("Mombasa", "", "80100"), ("Kisumu", "", "40100"),
             ("Nakuru", "", "20100"), ("Eldoret", "", "30100")], iban_cc="GB", dl="AAA######",
     passport="AK#######", pobox="P.O. Box {n}")
spec("de_DE", street_style="de", cc="49", nat=["0151 N#######", "0171 N######", "030 N#######",
     "089 N######", "(0221) N#####", "0176/N#######"], intl=["+49 151 N#######", "+49 (0)30 N#######",
     "+49 89 N######", "0049 171 N######"], faker_phone=False, dob_fmt="dmy.", country="Germany",
     cities=[("Berlin", "", "10"), ("Hamburg", "", "20"), ("München", "", "80"), ("Köln", "", "50"),
             ("Frankfurt am Main", "", "60"), ("Stuttgart", "", "70"), ("Leipzig", "", "04"),
             ("Dresden", "", "01"), ("Bremen", "", "28"), ("Nürnberg", "", "90"), ("Hannover", "", "30"),
             ("Freiburg im Breisgau", "", "79")],
     email_domains=["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"], iban_cc="DE",
     dl="A###AAA#A##", passport="C########", pobox="Postfach {n}", titles=("Herr", "Frau", "Dr", "Mr", "Ms"))
spec("de_AT", street_style="de", pc_pattern="####", cc="43", nat=["0664 N######", "0699 N#######",
     "01 N## ## ##", "0316 N## ###"], intl=["+43 664 N######", "+43 1 N## ## ##", "+43 699 N#######"],
     dob_fmt="dmy.", country="Austria", cities=[("Wien", "", "1"), ("Graz", "", "80"), ("Linz", "", "40"),
                                                ("Salzburg", "", "50"), ("Innsbruck", "", "60"),
                                                ("Klagenfurt", "", "90")],
     email_domains=["gmx.at", "aon.at", "chello.at", "gmail.com"], iban_cc="AT", dl="########",
     passport="A#######", pobox="Postfach {n}", titles=("Herr", "Frau", "Mag.", "Mr", "Ms"))
spec("de_CH", street_style="de", pc_pattern="####", cc="41", nat=["079 N## ## ##", "078 N## ## ##",
     "044 N## ## ##", "031 N## ## ##"], intl=["+41 79 N## ## ##", "+41 (0)44 N## ## ##", "0041 76 N## ## ##"],
     faker_phone=True, currency="CHF {p}", dob_fmt="dmy.", country="Switzerland",
     cities=[("Zürich", "", "80"), ("Bern", "", "30"), ("Basel", "", "40"), ("Luzern", "", "60"),
             ("St. Gallen", "", "90"), ("Winterthur", "", "84")],
     email_domains=["bluewin.ch", "gmx.ch", "sunrise.ch", "gmail.com"], iban_cc="CH", dl="######",
     passport="A#######", pobox="Postfach {n}", titles=("Herr", "Frau", "Mr", "Ms"))
spec("fr_FR", street_style="fr", cc="33", nat=["06 ## ## ## ##", "07 ## ## ## ##", "01 N# ## ## ##",
     "04 N# ## ## ##", "06.##.##.##.##"], intl=["+33 6 ## ## ## ##", "+33 (0)1 N# ## ## ##", "0033 7########",
     "+33 6########"], faker_phone=True, dob_fmt="dmy/", country="France",
     cities=[("Paris", "", "750"), ("Lyon", "", "6900"), ("Marseille", "", "130"), ("Toulouse", "", "310"),
             ("Nantes", "", "440"), ("Bordeaux", "", "330"), ("Lille", "", "590"), ("Strasbourg", "", "670"),
             ("Rennes", "", "350"), ("Montpellier", "", "340"), ("Nice", "", "060")],
     email_domains=["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com", "wanadoo.fr"],
     iban_cc="FR", dl="############", passport="##AA#####", pobox="BP {n}",
     titles=("M.", "Mme", "Mr", "Ms", "Dr"))
spec("fr_CH", street_style="frch", pc_pattern="####", cc="41", nat=["079 N## ## ##", "022 N## ## ##",
     "021 N## ## ##"], intl=["+41 79 N## ## ##", "+41 (0)22 N## ## ##"], currency="CHF {p}", dob_fmt="dmy.",
     country="Switzerland", cities=[("Genève", "", "12"), ("Lausanne", "", "10"), ("Neuchâtel", "", "20"),
                                    ("Fribourg", "", "17"), ("Sion", "", "19")],
     email_domains=["bluewin.ch", "gmail.com", "hispeed.ch"], iban_cc="CH", dl="######", passport="A#######",
     pobox="Case postale {n}", titles=("M.", "Mme", "Mr", "Ms"))
spec("it_IT", street_style="it", cc="39", nat=["3## ### ####", "3## #######", "06 N#######", "02 N#######"],
     intl=["+39 3## ### ####", "+39 06 N######", "+39 02 N#######", "0039 3#########"], faker_phone=False,
     dob_fmt="dmy/", country="Italy",
     cities=[("Roma", "", "001"), ("Milano", "", "201"), ("Torino", "", "101"), ("Napoli", "", "801"),
             ("Bologna", "", "401"), ("Firenze", "", "501"), ("Palermo", "", "901"), ("Genova", "", "161"),
             ("Verona", "", "371")],
     email_domains=["libero.it", "virgilio.it", "tiscali.it", "gmail.com", "alice.it"], iban_cc="IT",
     dl="AA#######A", passport="AA#######", pobox="Casella Postale {n}", titles=("Sig.", "Sig.ra", "Mr", "Ms", "Dott."))
spec("es_ES", street_style="es", cc="34", nat=["6## ### ###", "6## ## ## ##", "91 N## ## ##", "93 N## ## ##"],
     intl=["+34 6## ### ###", "+34 91 N## ## ##", "0034 6########", "+34 7## ## ## ##"], dob_fmt="dmy/",
     country="Spain", cities=[("Madrid", "", "280"), ("Barcelona", "", "080"), ("Valencia", "", "460"),
                              ("Sevilla", "", "410"), ("Zaragoza", "", "500"), ("Málaga", "", "290"),
                              ("Bilbao", "", "480"), ("Granada", "", "180")],
     email_domains=["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"], iban_cc="ES", dl="########A",
     passport="AAA######", pobox="Apartado de Correos {n}", titles=("Sr.", "Sra.", "Mr", "Ms"))
spec("es_MX", street_style="mx", cc="52", addr="{street}, {postcode} {city}", nat=["55 #### ####",
     "33 #### ####", "81 #### ####"], intl=["+52 55 #### ####", "+52 1 33 #### ####", "+52 81 ####-####"],
     currency="MX${p}", dob_fmt="dmy/", country="Mexico",
     cities=[("Ciudad de México", "", "0"), ("Guadalajara", "", "44"), ("Monterrey", "", "64"),
             ("Puebla", "", "72"), ("Mérida", "", "97"), ("Querétaro", "", "76"), ("Tijuana", "", "22")],
     email_domains=["gmail.com", "hotmail.com", "prodigy.net.mx"], iban_cc="ES", dl="A########",
     passport="A########", pobox="Apartado Postal {n}", titles=("Sr.", "Sra.", "Mr", "Ms"))
spec("pt_PT", street_style="pt", pc_pattern="####-###", cc="351", nat=["91# ### ###", "93# ### ###",
     "96# ### ###", "21# ### ###", "22# ### ###"], intl=["+351 91# ### ###", "+351 21# ### ###",
     "00351 96#######"], dob_fmt="dmy/", country="Portugal",
     cities=[("Lisboa", "", "1"), ("Porto", "", "4"), ("Braga", "", "47"), ("Coimbra", "", "30"),
             ("Faro", "", "80"), ("Aveiro", "", "38")],
     email_domains=["sapo.pt", "gmail.com", "netcabo.pt", "hotmail.com"], iban_cc="PT", dl="AA-######-#",
     passport="A######", pobox="Apartado {n}", titles=("Sr.", "Sra.", "Mr", "Ms"))
spec("pt_BR", street_style="br", pc_pattern="#####-###", addr="{street} - {city}, {postcode}",
     block="{street}\n{city}\nCEP {postcode}", cc="55", nat=["(11) 9####-####", "(21) 9####-####",
     "(31) N###-####", "11 9#### ####"], intl=["+55 11 9####-####", "+55 (21) 9####-####", "+5561N#######"],
     currency="R${p}", dob_fmt="dmy/", country="Brazil",
     cities=[("São Paulo", "", "0"), ("Rio de Janeiro", "", "2"), ("Belo Horizonte", "", "3"),
             ("Curitiba", "", "8"), ("Porto Alegre", "", "9"), ("Salvador", "", "4"), ("Recife", "", "5"),
             ("Fortaleza", "", "60")],
     email_domains=["gmail.com", "uol.com.br", "bol.com.br", "terra.com.br"], iban_cc="BR", dl="###########",
     passport="AA######", pobox="Caixa Postal {n}", titles=("Sr.", "Sra.", "Mr", "Ms"))
spec("nl_NL", street_style="nl", pc_pattern="nl", cc="31", nat=["06-N#######", "06 ## ## ## ##",
     "020-N######", "010 N## ####"], intl=["+31 6 ## ## ## ##", "+31 (0)20 N## ####", "+316N#######",
     "0031 6 N#######"], faker_phone=False, dob_fmt="dmy-", country="Netherlands",
     cities=[("Amsterdam", "", "10"), ("Rotterdam", "", "30"), ("Den Haag", "", "25"), ("Utrecht", "", "35"),
             ("Eindhoven", "", "56"), ("Groningen", "", "97"), ("Leiden", "", "23"), ("Haarlem", "", "20")],
     email_domains=["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "xs4all.nl"], iban_cc="NL",
     dl="##########", passport="AA#######", pobox="Postbus {n}", titles=("Mr", "Ms", "Mrs", "Dr"))
spec("nl_BE", street_style="be", pc_pattern="####", cc="32", nat=["04## ## ## ##", "02 N## ## ##",
     "09 N## ## ##"], intl=["+32 4## ## ## ##", "+32 2 N## ## ##", "0032 47# ## ## ##"], dob_fmt="dmy/",
     country="Belgium", cities=[("Antwerpen", "", "20"), ("Gent", "", "90"), ("Brugge", "", "80"),
                                ("Leuven", "", "30"), ("Mechelen", "", "28"), ("Hasselt", "", "35"),
                                ("Brussel", "", "10")],
     email_domains=["telenet.be", "skynet.be", "gmail.com", "proximus.be"], iban_cc="BE", dl="##########",
     passport="AA######", pobox="Postbus {n}")
spec("da_DK", street_style="dk", pc_pattern="####", cc="45", nat=["2# ## ## ##", "3# ## ## ##",
     "4# ## ## ##", "N#######"], intl=["+45 2# ## ## ##", "+45 N#######", "0045 3# ## ## ##"], faker_phone=True,
     currency="{p} kr.", dob_fmt="dmy-", country="Denmark",
     cities=[("København", "", "2"), ("Aarhus", "", "8000"), ("Odense", "", "5000"), ("Aalborg", "", "9000"),
             ("Esbjerg", "", "6700"), ("Roskilde", "", "4000")],
     email_domains=["mail.dk", "gmail.com", "hotmail.dk", "jubii.dk"], iban_cc="DK", dl="########",
     passport="#########", pobox="Postboks {n}")
spec("sv_SE", street_style="se", pc_pattern="### ##", cc="46", nat=["070-### ## ##", "073-### ## ##", "08-N## ### ##",
     "031-N# ## ##", "076 ### ## ##"], intl=["+46 70 ### ## ##", "+46 (0)8 N## ### ##", "+4673#######", "+46 72 ### ## ##"],
     currency="{p} kr", dob_fmt="iso", country="Sweden",
     cities=[("Stockholm", "", "1"), ("Göteborg", "", "4"), ("Malmö", "", "2"), ("Uppsala", "", "75"),
             ("Linköping", "", "58"), ("Umeå", "", "90")],
     email_domains=["telia.com", "gmail.com", "bredband.net", "hotmail.se"], iban_cc="SE", dl="######-####",
     passport="########", pobox="Box {n}")
spec("no_NO", street_style="no", pc_pattern="####", cc="47", nat=["4## ## ###", "9## ## ###",
     "2N ## ## ##"], intl=["+47 4## ## ###", "+47 9#######", "0047 9## ## ###"], currency="{p} kr",
     dob_fmt="dmy.", country="Norway",
     cities=[("Oslo", "", "0"), ("Bergen", "", "5"), ("Trondheim", "", "7"), ("Stavanger", "", "40"),
             ("Tromsø", "", "90"), ("Drammen", "", "30")],
     email_domains=["online.no", "gmail.com", "hotmail.no", "live.no"], iban_cc="NO", dl="### ### ### ##",
     passport="AA#######", pobox="Postboks {n}")
spec("fi_FI", street_style="fi", cc="358", nat=["04# ### ####", "050 ### ####", "09 N### ####"],
     intl=["+358 4# ### ####", "+358 50 ### ####", "+358 9 N### ####"], dob_fmt="dmy.", country="Finland",
     cities=[("Helsinki", "", "00"), ("Espoo", "", "02"), ("Tampere", "", "33"), ("Turku", "", "20"),
             ("Oulu", "", "90"), ("Jyväskylä", "", "40")],
     email_domains=["gmail.com", "elisanet.fi", "luukku.com", "outlook.com"], iban_cc="FI", dl="########",
     passport="AA#######", pobox="PL {n}")
spec("pl_PL", street_style="pl", pc_pattern="##-###", cc="48", nat=["5## ### ###", "6## ### ###",
     "7## ### ###", "22 N## ## ##"], intl=["+48 5## ### ###", "+48 22 N## ## ##", "0048 6## ### ###",
     "+48 7########"], faker_phone=True, currency="{p} zł", dob_fmt="dmy.", country="Poland",
     cities=[("Warszawa", "", "0"), ("Kraków", "", "3"), ("Wrocław", "", "5"), ("Gdańsk", "", "80"),
             ("Poznań", "", "6"), ("Łódź", "", "9"), ("Lublin", "", "20"), ("Katowice", "", "40")],
     email_domains=["wp.pl", "o2.pl", "onet.pl", "interia.pl", "gmail.com"], iban_cc="PL",
     dl="#####/##/####", passport="AA#######", pobox="skr. poczt. {n}", titles=("Pan", "Pani", "Mr", "Ms"))
spec("cs_CZ", street_style="cz", pc_pattern="### ##", cc="420", nat=["6## ### ###", "7## ### ###",
     "2## ### ###"], intl=["+420 6## ### ###", "00420 7## ### ###", "+420 2########"], faker_phone=True,
     currency="{p} Kč", dob_fmt="dmy.", country="Czech Republic",
     cities=[("Praha", "", "1"), ("Brno", "", "6"), ("Ostrava", "", "7"), ("Plzeň", "", "3"),
             ("Olomouc", "", "77"), ("Liberec", "", "46")],
     email_domains=["seznam.cz", "email.cz", "centrum.cz", "gmail.com"], iban_cc="CZ", dl="AA ######",
     passport="########")
spec("sk_SK", street_style="cz", pc_pattern="### ##", cc="421", nat=["09## ### ###", "02/N### ####"],
     intl=["+421 9## ### ###", "00421 9## ### ###"], faker_phone=False, dob_fmt="dmy.", country="Slovakia",
     cities=[("Bratislava", "", "8"), ("Košice", "", "04"), ("Žilina", "", "010"), ("Nitra", "", "949"),
             ("Banská Bystrica", "", "974")],
     email_domains=["azet.sk", "zoznam.sk", "centrum.sk", "gmail.com"], iban_cc="SK", dl="AA######",
     passport="AA#######")
spec("hu_HU", street_style="hu", pc_pattern="####", addr="{postcode} {city}, {street}",
     block="{city}\n{street}\n{postcode}", cc="36", nat=["06 20 ### ####", "06 30 ### ####",
     "06 1 N## ####", "06-70/###-####"], intl=["+36 20 ### ####", "+36 1 N## ####", "+36 30 ### ####",
     "0036 70 ### ####"], currency="{p} Ft", dob_fmt="ymd.", country="Hungary",
     cities=[("Budapest", "", "1"), ("Debrecen", "", "40"), ("Szeged", "", "67"), ("Pécs", "", "76"),
             ("Győr", "", "90"), ("Miskolc", "", "35")],
     email_domains=["freemail.hu", "citromail.hu", "gmail.com", "t-online.hu"], iban_cc="HU", dl="AA######",
     passport="AA#######", name_order="hu")
spec("ro_RO", street_style="ro", pc_pattern="######", addr="{street}, {city} {postcode}",
     block="{street}\n{city} {postcode}", cc="40", nat=["07## ### ###", "021 N## ####", "0264 ### ###"],
     intl=["+40 7## ### ###", "+40 21 N## ####", "0040 7########"], faker_phone=True, currency="{p} lei",
     dob_fmt="dmy.", country="Romania",
     cities=[("București", "", "0"), ("Cluj-Napoca", "", "400"), ("Iași", "", "700"), ("Timișoara", "", "300"),
             ("Brașov", "", "500"), ("Constanța", "", "900")],
     email_domains=["yahoo.com", "gmail.com", "rdslink.ro"], iban_cc="RO", dl="#########", passport="########")
spec("tr_TR", street_style="tr", streets=["Atatürk Caddesi", "Bağdat Caddesi", "Gül Sokak", "Çiçek Sokak",
     "İstiklal Caddesi", "Cumhuriyet Caddesi", "Menekşe Sokak", "Lale Sokak", "Kızılırmak Sokak",
     "Barbaros Bulvarı", "Fevzi Çakmak Caddesi"], addr="{street}, {postcode} {city}", cc="90",
     nat=["05## ### ## ##", "0 5## ### ## ##", "0212 N## ## ##"], intl=["+90 5## ### ## ##",
     "+90 212 N## ## ##", "+905#########"], currency="{p} TL", dob_fmt="dmy.", country="Turkey",
     cities=[("İstanbul", "", "34"), ("Ankara", "", "06"), ("İzmir", "", "35"), ("Bursa", "", "16"),
             ("Antalya", "", "07"), ("Eskişehir", "", "26")],
     email_domains=["gmail.com", "hotmail.com", "yandex.com.tr"], iban_cc="TR", dl="######", passport="A########",
     titles=("Mr", "Ms", "Bay", "Bayan"))
spec("hr_HR", street_style="de", cc="385", nat=["09# ### ####", "01 N### ###", "021 ### ###"],
     intl=["+385 9# ### ####", "+385 1 N### ###", "00385 91 ### ####"], faker_phone=False, dob_fmt="dmy.",
     country="Croatia", cities=[("Zagreb", "", "10"), ("Split", "", "21"), ("Rijeka", "", "51"),
                                ("Osijek", "", "31"), ("Zadar", "", "23"), ("Pula", "", "52")],
     email_domains=["gmail.com", "net.hr", "t-com.hr"], iban_cc="HR", dl="########", passport="#########")
spec("sl_SI", street_style="de", pc_pattern="####", cc="386", nat=["031 ### ###", "041 ### ###",
     "051 ### ###", "01 N## ## ##"], intl=["+386 31 ### ###", "+386 1 N## ## ##", "00386 41 ### ###"],
     faker_phone=False, dob_fmt="dmy.", country="Slovenia",
     cities=[("Ljubljana", "", "1000"), ("Maribor", "", "2000"), ("Celje", "", "3000"), ("Koper", "", "6000"),
             ("Kranj", "", "4000"), ("Novo mesto", "", "8000")],
     email_domains=["siol.net", "gmail.com", "amis.net"], iban_cc="SI", dl="########", passport="AA#######")
spec("lt_LT", street_style="lt", streets=["Gedimino pr.", "Vilniaus g.", "Pylimo g.", "Savanorių pr.",
     "Laisvės al.", "Taikos pr.", "Žirmūnų g.", "Kalvarijų g.", "Ukmergės g."], pc_pattern="LT-#####",
     addr="{street}, {postcode} {city}", cc="370", nat=["86## #####", "8 6## #####", "8 5 N## ####"],
     intl=["+370 6## #####", "+370 5 N## ####", "+3706#######"], dob_fmt="iso", country="Lithuania",
     cities=[("Vilnius", "", "LT-0"), ("Kaunas", "", "LT-4"), ("Klaipėda", "", "LT-9"), ("Šiauliai", "", "LT-7"),
             ("Panevėžys", "", "LT-3")],
     email_domains=["gmail.com", "inbox.lt", "one.lt"], iban_cc="LT", dl="########", passport="########")
spec("lv_LV", street_style="lt", streets=["Brīvības iela", "Elizabetes iela", "Krišjāņa Barona iela",
     "Tērbatas iela", "Lāčplēša iela", "Dzirnavu iela", "Gertrūdes iela", "Ģertrūdes iela"],
     pc_pattern="LV-####", addr="{street}, {city}, {postcode}", block="{street}\n{city}, {postcode}", cc="371",
     nat=["2#######", "2# ### ###", "67 N## ###"], intl=["+371 2# ### ###", "+371 67N#####", "00371 2#######"],
     dob_fmt="dmy.", country="Latvia",
     cities=[("Rīga", "", "LV-10"), ("Daugavpils", "", "LV-54"), ("Liepāja", "", "LV-34"),
             ("Jelgava", "", "LV-30"), ("Jūrmala", "", "LV-20")],
     email_domains=["inbox.lv", "gmail.com", "apollo.lv"], iban_cc="LV", dl="AA######", passport="LV#######")
spec("et_EE", street_style="lt", streets=["Pärnu mnt", "Narva mnt", "Tartu mnt", "Rüütli tn", "Vabaduse pst",
     "Kalda tee", "Mustamäe tee", "Telliskivi tn", "Raekoja plats"], addr="{street}, {postcode} {city}",
     cc="372", nat=["5### ####", "5## ####", "6N# ####"], intl=["+372 5### ####", "+372 6N# ####", "+3725#######"],
     dob_fmt="dmy.", country="Estonia",
     cities=[("Tallinn", "", "1"), ("Tartu", "", "5"), ("Pärnu", "", "8"), ("Narva", "", "2"), ("Viljandi", "", "71")],
     email_domains=["gmail.com", "hot.ee", "mail.ee"], iban_cc="EE", dl="AA######", passport="AA#######")
spec("vi_VN", street_style="faker", pc_pattern="######", addr="{street}, {city}", cc="84",
     nat=["09# ### ## ##", "03# ### ####", "028 #### ####"], intl=["+84 9# ### ####", "+84 28 #### ####",
     "+843########"], faker_phone=True, currency="{p} ₫", dob_fmt="dmy/", country="Vietnam",
     cities=[("Hà Nội", "", "1"), ("TP. Hồ Chí Minh", "", "7"), ("Đà Nẵng", "", "55"), ("Hải Phòng", "", "18"),
             ("Huế", "", "53"), ("Cần Thơ", "", "94")],
     email_domains=["gmail.com", "yahoo.com.vn"], iban_cc="GB", dl="############", passport="A#######",
     name_order="lf")
spec("id_ID", street_style="faker", addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}",
     cc="62", nat=["08##-####-####", "0812 #### ####", "(021) N## ####"], intl=["+62 812-####-####",
     "+62 21 N## ####", "+628##########"], currency="Rp{p}", dob_fmt="dmy-", country="Indonesia",
     cities=[("Jakarta", "", "1"), ("Bandung", "", "40"), ("Surabaya", "", "60"), ("Yogyakarta", "", "55"),
             ("Medan", "", "20"), ("Denpasar", "", "80"), ("Makassar", "", "90")],
     email_domains=["gmail.com", "yahoo.co.id"], iban_cc="GB", dl="############", passport="A#######")
spec("el_GR", street_style="de", pc_pattern="### ##", cc="30", nat=["69# ### ####", "21# ### ####",
     "210 N######"], intl=["+30 69# ### ####", "+30 210 N## ####", "0030 69########"], dob_fmt="dmy/",
     country="Greece", cities=[("Αθήνα", "", "1"), ("Θεσσαλονίκη", "", "54"), ("Πάτρα", "", "26"),
                               ("Ηράκλειο", "", "71"), ("Athens", "", "11")],
     email_domains=["gmail.com", "otenet.gr", "yahoo.gr"], iban_cc="GR", dl="#########", passport="AA#######")
spec("ru_RU", street_style="faker", pc_pattern="######", addr="{street}, {city}, {postcode}",
     block="{street}\n{city}\n{postcode}", cc="7", nat=["8 (9##) N##-##-##", "8 9## N##-##-##",
     "8 (495) N##-##-##"], intl=["+7 (9##) N##-##-##", "+7 9## N## ## ##", "+7 495 N##-##-##"], faker_phone=True,
     currency="{p} ₽", dob_fmt="dmy.", country="Russia",
     cities=[("Москва", "", "1"), ("Санкт-Петербург", "", "19"), ("Казань", "", "420"),
             ("Новосибирск", "", "630"), ("Екатеринбург", "", "620"), ("Moscow", "", "12")],
     email_domains=["mail.ru", "yandex.ru", "gmail.com", "rambler.ru"], iban_cc="DE", dl="## ## ######",
     passport="faker")
spec("uk_UA", street_style="faker", addr="{street}, {city}, {postcode}", block="{street}\n{city}\n{postcode}",
     cc="380", nat=["050 N## ## ##", "067 N## ## ##", "093 N##-##-##", "044 N## ## ##"],
     intl=["+380 50 N## ## ##", "+380 (44) N##-##-##", "+38067N######"], currency="{p} ₴", dob_fmt="dmy.",
     country="Ukraine", cities=[("Київ", "", "0"), ("Львів", "", "79"), ("Харків", "", "61"),
                                ("Одеса", "", "65"), ("Дніпро", "", "49"), ("Kyiv", "", "01")],
     email_domains=["ukr.net", "gmail.com", "i.ua", "meta.ua"], iban_cc="UA", dl="AAA######", passport="AA######")
spec("bg_BG", street_style="bg", streets=["ул. Витоша", "бул. Цар Освободител", "ул. Граф Игнатиев",
     "ул. Шипка", "бул. Васил Левски", "ул. Раковски", "бул. Христо Ботев", "ул. Оборище"],
     pc_pattern="####", cc="359", nat=["08## ### ###", "02 N## ####", "088 ### ####"],
     intl=["+359 8## ### ###", "+359 2 N## ####", "00359 88#######"], currency="{p} лв.", dob_fmt="dmy.",
     country="Bulgaria", cities=[("София", "", "1"), ("Пловдив", "", "4000"), ("Варна", "", "9000"),
                                 ("Бургас", "", "8000"), ("Sofia", "", "1")],
     email_domains=["abv.bg", "mail.bg", "gmail.com"], iban_cc="BG", dl="#########", passport="#########")
spec("ja_JP", street_style="jp", pc_pattern="###-####", addr="{street}, {city} {postcode}",
     block="{street}\n{city} {postcode}", cc="81", nat=["090-####-####", "080-####-####", "03-N###-####",
     "06-N###-####"], intl=["+81 90-####-####", "+81 3-N###-####", "+81 80 #### ####"], currency="¥{p}",
     dob_fmt="ymd/", country="Japan",
     cities=[("Shibuya-ku, Tokyo", "", "150-00"), ("Chuo-ku, Osaka", "", "54"), ("Naka-ku, Yokohama", "", "231-"),
             ("Sakyo-ku, Kyoto", "", "606-"), ("Chuo-ku, Sapporo", "", "06"), ("Hakata-ku, Fukuoka", "", "812-")],
     email_domains=["docomo.ne.jp", "yahoo.co.jp", "gmail.com", "nifty.com"], iban_cc="GB", dl="############",
     passport="AA#######", name_order="lf_sp")
spec("zh_CN", street_style="cn", pc_pattern="######", addr="{street}, {city} {postcode}",
     block="{street}\n{city} {postcode}", cc="86", nat=["13# #### ####", "15#########", "010-N#######",
     "021-N#######"], intl=["+86 13# #### ####", "+86 10 N### ####", "+8618#########"], currency="¥{p}",
     dob_fmt="iso", country="China",
     cities=[("Shanghai", "", "200"), ("Beijing", "", "100"), ("Guangzhou", "", "510"), ("Shenzhen", "", "518"),
             ("Chengdu", "", "610"), ("Hangzhou", "", "310")],
     email_domains=["qq.com", "163.com", "126.com", "gmail.com"], iban_cc="GB", dl="############",
     passport="E########", name_order="lf_ns")
spec("ko_KR", street_style="kr", addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}",
     cc="82", nat=["010-####-####", "02-N##-####", "031-N##-####"], intl=["+82 10-####-####", "+82 2-N##-####",
     "+82 10 #### ####"], currency="₩{p}", dob_fmt="ymd.", country="South Korea",
     cities=[("Seoul", "", "0"), ("Busan", "", "48"), ("Incheon", "", "2"), ("Daegu", "", "4"),
             ("Daejeon", "", "3")],
     email_domains=["naver.com", "daum.net", "gmail.com", "kakao.com"], iban_cc="GB", dl="##-##-######-##",
     passport="M########", name_order="lf_ns")
spec("he_IL", street_style="faker_he", pc_pattern="#######", addr="{street}, {city} {postcode}",
     block="{street}\n{city} {postcode}", cc="972", nat=["05#-###-####", "03-N##-####", "02-N######"],
     intl=["+972 5#-###-####", "+972 3-N##-####", "+9725########"], currency="₪{p}", dob_fmt="dmy/",
     country="Israel", cities=[("Tel Aviv", "", "6"), ("Jerusalem", "", "9"), ("Haifa", "", "3"),
                               ("Be'er Sheva", "", "84")],
     email_domains=["walla.co.il", "gmail.com", "bezeqint.net"], iban_cc="IL", dl="#######", passport="########")
spec("ar_SA", street_style="sa", streets=["King Fahd Road", "Prince Sultan Street", "Olaya Street",
     "Tahlia Street", "King Abdullah Road", "Prince Mohammed bin Abdulaziz Road", "Al Madinah Road"],
     addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}", cc="966",
     nat=["05# ### ####", "011 N## ####", "012 N## ####"], intl=["+966 5# ### ####", "+966 11 N## ####",
     "00966 5########"], currency="SAR {p}", dob_fmt="dmy/", country="Saudi Arabia",
     cities=[("Riyadh", "", "1"), ("Jeddah", "", "2"), ("Dammam", "", "3"), ("Makkah", "", "24")],
     email_domains=["gmail.com", "hotmail.com", "outlook.sa"], iban_cc="SA", dl="##########", passport="A#######")
spec("th_TH", street_style="faker", addr="{street}, {city} {postcode}", block="{street}\n{city} {postcode}",
     cc="66", nat=["08# ### ####", "09#-###-####", "02 N## ####"], intl=["+66 8# ### ####", "+66 2 N## ####",
     "+669########"], currency="฿{p}", dob_fmt="dmy/", country="Thailand",
     cities=[("Bangkok", "", "10"), ("Chiang Mai", "", "50"), ("Phuket", "", "83"), ("Khon Kaen", "", "40")],
     email_domains=["gmail.com", "hotmail.com", "yahoo.co.th"], iban_cc="GB", dl="########", passport="AA#######")

# the hi_IN spec is a copy of en_IN with Devanagari names
SPECS["hi_IN"]["names"] = "hi_IN"

LOCALES = list(SPECS.keys())
NON_LATIN = ["hi_IN", "el_GR", "ru_RU", "uk_UA", "bg_BG", "ja_JP", "zh_CN", "ko_KR", "he_IL", "ar_SA", "th_TH"]

IBAN_BBAN = {"GB": "AAAA##############", "DE": "##################", "FR": "#######################",
             "IT": "A######################", "ES": "####################", "NL": "AAAA##########",
             "BE": "############", "AT": "################", "CH": "#################",
             "IE": "AAAA##############", "PT": "#####################", "PL": "########################",
             "CZ": "####################", "SK": "####################", "HU": "########################",
             "RO": "AAAA################", "DK": "##############", "SE": "####################",
             "NO": "###########", "FI": "##############", "HR": "#################", "SI": "###############",
             "LT": "################", "LV": "AAAA#############", "EE": "################",
             "TR": "#####0################", "GR": "#######################", "BG": "AAAA######AAAAAAAA",
             "SA": "##################", "IL": "###################", "BR": "#######################AA",
             "UA": "#########################"}

LT_MALE = ["Jonas", "Tomas", "Mantas", "Lukas", "Paulius", "Darius", "Andrius", "Vytautas", "Mindaugas",
           "Gediminas", "Rokas", "Karolis", "Arūnas", "Žygimantas"]
LT_FEMALE = ["Rūta", "Eglė", "Gintarė", "Aistė", "Ieva", "Greta", "Laura", "Agnė", "Indrė", "Justina", "Simona",
             "Milda", "Dalia", "Živilė"]

HE_STREETS = ["Rothschild Blvd", "Dizengoff St", "Herzl St", "Jaffa Rd", "HaNevi'im St", "Allenby St"]

WORD_NAMES_F = ["May", "Grace", "Hope", "Joy", "Rose", "Faith", "Dawn", "Hazel", "Iris", "Ruby", "Summer",
                "June", "April", "Sue", "Pat", "Olive", "Amber", "Holly"]
WORD_NAMES_M = ["Will", "Bill", "Mark", "Jack", "Frank", "Rob", "Drew", "Chase", "Hunter", "Art", "Sonny",
                "Bob", "Guy", "Rusty", "Doug"]


# ---------------------------------------------------------------------------------------------
class World:
    def __init__(self, seed):
        self.seed = seed
        self.fakers = {}

    def fk(self, loc):
        if loc not in self.fakers:
            f = Faker(loc)
            f.seed_instance(self.seed * 100003 + zlib.crc32(loc.encode("ascii")))
            self.fakers[loc] = f
        return self.fakers[loc]


NAME_BAD = re.compile(r"[0-9(),.]|لادن")


class Person:
    def __init__(self, ctx, loc, gender=None):
        rng = ctx.rng
        self.loc = loc
        s = SPECS[loc]
        f = ctx.world.fk(s["names"])
        self.g = gender or rng.choice("mf")
        for _ in range(50):
            first = f.first_name_male() if self.g == "m" else f.first_name_female()
            last = (f.last_name_male() if self.g == "m" else f.last_name_female()) \
                if hasattr(f, "last_name_male") else f.last_name()
            if not NAME_BAD.search(first + last) and first != last:
                break
        if loc == "lt_LT":  # Faker's lt_LT has no gendered lists
            first = rng.choice(LT_MALE if self.g == "m" else LT_FEMALE)
            if self.g == "f":
                last = re.sub(r"(as|is|ys|us)$", "ienė", last)
        if loc.startswith("en_") and rng.random() < 0.08:
            first = rng.choice(WORD_NAMES_M if self.g == "m" else WORD_NAMES_F)
        self.first, self.last = first, last
        order = s["name_order"]
        if order == "hu":
            order = rng.choice(["fl", "lf"])
        if order == "lf_ns":
            self.full = last + first
        elif order == "lf_sp":
            self.full = last + rng.choice([" ", ""]) + first
        elif order == "lf":
            self.full = last + " " + first
        else:
            self.full = first + " " + last
        self.title = rng.choice([t for t in s["titles"] if self._title_ok(t)])
        self.ctx = ctx
        self.email_local = self._email_local(rng, f)

    def _title_ok(self, t):
        male = {"Mr", "Mr.", "Herr", "M.", "Sig.", "Sr.", "Pan", "Bay"}
        female = {"Ms", "Ms.", "Mrs", "Mrs.", "Miss", "Frau", "Mme", "Sig.ra", "Sra.", "Pani", "Bayan"}
        if t in male:
            return self.g == "m"
        if t in female:
            return self.g == "f"
        return True

    def _email_local(self, rng, f):
        fi, la = ascii_slug(self.first), ascii_slug(self.last)
        if not fi or not la:
            return re.sub(r"[^a-z0-9._]", "", ascii_slug(f.user_name()) or "user") + str(rng.randrange(10, 99))
        forms = [fi + "." + la, fi + la + str(rng.randrange(1, 99)), fi[0] + "." + la, fi + "_" + la,
                 la + "." + fi, fi + la[0] + str(rng.randrange(60, 99)), la + fi[0], fi + "." + la + str(rng.randrange(1, 30))]
        return rng.choice(forms)

    def pron(self, which):
        m = {"he": ("he", "she"), "He": ("He", "She"), "his": ("his", "her"), "him": ("him", "her"),
             "His": ("His", "Her")}
        return m[which][0 if self.g == "m" else 1]


COMPANIES = [("Brightwave Telecom", "brightwave-telecom.com"), ("Nordhaven Energy", "nordhaven-energy.eu"),
             ("Castellan Insurance", "castellan-ins.com"), ("Parcelink", "parcelink.net"),
             ("HomeNest Furniture", "homenest.co"), ("Veloria Bikes", "veloria-bikes.com"),
             ("Quillby Books", "quillby.com"), ("Aurelio Travel", "aurelio-travel.eu"),
             ("Freshcart Groceries", "freshcart.shop"), ("Lumen Opticians", "lumen-optics.com"),
             ("Kestrel Broadband", "kestrelbb.net"), ("Tidewater Bank", "tidewaterbank.com")]

PRODUCTS = ["washing machine", "sofa", "router", "dishwasher", "mattress", "laptop", "phone case",
            "winter coat", "coffee machine", "pram", "garden furniture set", "smart meter", "bike",
            "hearing aid batteries", "desk chair", "printer", "fridge freezer", "air fryer", "boiler",
            "running shoes", "glasses", "SIM card", "tablet", "vacuum cleaner", "wardrobe"]

COURIERS = ["the courier", "the delivery driver", "the van driver", "the postman", "the engineer",
            "the installer", "the technician"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def fmt_date(rng, fmt, y, m, d, allow_words=True):
    if allow_words and rng.random() < 0.3:
        mn = MONTHS[m - 1]
        return rng.choice([f"{d} {mn} {y}", f"{mn} {d}, {y}", f"{d} {mn[:3]} {y}",
                           f"{d}{'th' if d not in (1, 2, 3, 21, 22, 23, 31) else {1: 'st', 2: 'nd', 3: 'rd', 21: 'st', 22: 'nd', 23: 'rd', 31: 'st'}[d]} {mn} {y}"])
    if fmt == "mdy/":
        return f"{m:02d}/{d:02d}/{y}" if rng.random() < 0.7 else f"{m}/{d}/{y}"
    if fmt == "dmy/":
        return f"{d:02d}/{m:02d}/{y}"
    if fmt == "dmy.":
        return f"{d:02d}.{m:02d}.{y}" if rng.random() < 0.8 else f"{d}.{m}.{y}"
    if fmt == "dmy-":
        return f"{d:02d}-{m:02d}-{y}"
    if fmt == "ymd.":
        return f"{y}.{m:02d}.{d:02d}."[:-1] if rng.random() < 0.5 else f"{y}. {m:02d}. {d:02d}."
    if fmt == "ymd/":
        return f"{y}/{m:02d}/{d:02d}"
    return f"{y}-{m:02d}-{d:02d}"


def luhn_complete(prefix, length, rng):
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(digits)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return digits + str((10 - total % 10) % 10)


def make_iban(rng, cc):
    bban = pat(rng, IBAN_BBAN[cc])
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    check = 98 - int(num) % 97
    return cc + f"{check:02d}" + bban


# ---------------------------------------------------------------------------------------------
class Ctx:
    """Resolves template slots for one text; every slot value is cached so that it repeats."""

    def __init__(self, world, rng, loc):
        self.world, self.rng, self.loc = world, rng, loc
        self.s = SPECS[loc]
        self.cache = {}
        self.persons = {}
        self.city_entry = rng.choice(self.s["cities"])
        self.company = rng.choice(COMPANIES)

    # ---- persons
    def person(self, key):
        if key not in self.persons:
            loc = self.loc
            if key in ("r", "s", "m", "f", "dad", "mum") and self.rng.random() < 0.25:
                loc = self.rng.choice(LOCALES)
            if key == "a" and self.rng.random() < 0.15:
                loc = self.rng.choice(LOCALES)
            self.persons[key] = Person(self, loc, gender={"m": "m", "f": "f", "dad": "m", "mum": "f"}.get(key))
        return self.persons[key]

    # ---- addresses
    def street_name(self, s=None):
        s = s or self.s
        rng = self.rng
        if s["streets"] and (not s["faker_streets"] or s["street_style"] in ("tr", "lt", "bg", "sa")
                             or rng.random() < 0.65):
            return rng.choice(s["streets"])
        f = self.world.fk(s["code"] if s["code"] != "hi_IN" else "en_IN")
        for _ in range(20):
            n = f.street_name()
            if not re.search(r"\d|\n", n):
                return n
        return n

    def street(self, flat=None):
        rng, st = self.rng, self.s["street_style"]
        if flat is None:
            flat = rng.random() < 0.25
        n = str(rng.choice([rng.randrange(1, 30), rng.randrange(1, 120), rng.randrange(1, 400)]))
        f = self.world.fk(self.loc)
        name = None
        if st not in ("faker", "faker_he", "jp", "cn", "kr", "ph"):
            name = self.street_name()
        if st == "uk":
            if rng.random() < 0.15:
                n += rng.choice(["a", "b", "A"])
            line = f"{n} {name}"
            if flat:
                line = rng.choice([f"Flat {rng.randrange(1, 30)}, {line}", f"Flat {rng.randrange(1, 9)}{rng.choice('ABCD')} {line}",
                                   f"Apartment {rng.randrange(1, 60)}, {line}", f"{line}, Flat {rng.randrange(1, 20)}"])
            return line
        if st == "us":
            line = f"{rng.randrange(100, 9999)} {name}"
            if flat:
                line += rng.choice([f" Apt {rng.randrange(1, 30)}{rng.choice('ABCD')}", f", Suite {rng.randrange(100, 990)}",
                                    f" #{rng.randrange(2, 40)}", f", Unit {rng.randrange(1, 20)}", f" Apt. {rng.randrange(1, 400)}"])
            return line
        if st == "au":
            if flat:
                return rng.choice([f"{rng.randrange(1, 20)}/{n} {name}", f"Unit {rng.randrange(1, 20)}, {n} {name}"])
            return f"{n} {name}"
        if st == "in":
            if " " not in name:
                name += rng.choice([" Road", " Nagar", " Marg", " Street", " Colony"])
            return rng.choice([f"{n}, {name}", f"Flat {rng.randrange(101, 905)}, {name}", f"H.No. {n}, {name}",
                               f"{n}/{rng.randrange(1, 40)} {name}"])
        if st == "ph":
            return f"{rng.randrange(1, 3000)} {f.street_name()}" if not flat else \
                f"Unit {rng.randrange(101, 2500)}, {rng.randrange(1, 300)} {f.street_name()}"
        if st == "de":
            suf = rng.choice(["", "", "", "a", "b"])
            line = f"{name} {n}{suf}"
            if flat:
                if self.loc in ("de_DE", "de_CH"):
                    line += rng.choice([f", Whg. {rng.randrange(1, 20)}", f"/{rng.randrange(1, 12)}", f", App. {rng.randrange(1, 20)}"])
                elif self.loc == "de_AT":
                    line += rng.choice([f"/{rng.randrange(1, 12)}", f"/{rng.randrange(1, 5)}/{rng.randrange(1, 20)}", f", Top {rng.randrange(1, 20)}"])
                else:
                    line += f"/{rng.randrange(1, 12)}"
            return line
        if st == "fr":
            line = rng.choice([f"{n}, {name}", f"{n} {name}", f"{n} bis, {name}"])
            if flat:
                line = f"Appt {rng.randrange(1, 60)}, " + line
            return line
        if st == "frch":
            return rng.choice([f"{name} {n}", f"{n}, {name}"])
        if st == "it":
            line = rng.choice([f"{name}, {n}", f"{name} {n}"])
            if flat:
                line += f", int. {rng.randrange(1, 20)}"
            return line
        if st == "es":
            line = rng.choice([f"{name}, {n}", f"{name} {n}"])
            if flat:
                line += rng.choice([f", {rng.randrange(1, 9)}º {rng.choice('ABCD')}", f", {rng.randrange(1, 9)}º{rng.choice('ABCD')}",
                                    f", {rng.randrange(1, 9)}º-{rng.randrange(1, 4)}ª"])
            return line
        if st == "mx":
            line = f"{name} {n}"
            if flat:
                line += f" Int. {rng.randrange(1, 20)}"
            return line
        if st == "pt":
            line = f"{name}, {n}"
            if flat:
                line += rng.choice([f", {rng.randrange(1, 9)}º Esq.", f", {rng.randrange(1, 9)}º Dto.", f" {rng.randrange(1, 9)}ºD"])
            return line
        if st == "br":
            line = f"{name}, {n}"
            if flat:
                line += rng.choice([f", Apto {rng.randrange(11, 1204)}", f" - Apto {rng.randrange(11, 904)}"])
            return line
        if st == "nl":
            line = f"{name} {n}"
            if flat:
                line += rng.choice([f"-{rng.choice(['A', 'B', 'hs', 'bis'])}", f" {rng.choice(['II', 'III', '2hg'])}"])
            return line
        if st == "be":
            line = f"{name} {n}"
            if flat:
                line += f" bus {rng.randrange(1, 30)}"
            return line
        if st == "dk":
            line = f"{name} {n}"
            if flat:
                line += rng.choice([f", {rng.randrange(1, 6)}. tv.", f", {rng.randrange(1, 6)}. th.", f", st. tv."])
            return line
        if st == "se":
            line = f"{name} {n}"
            if flat:
                line += f", lgh {rng.randrange(10, 14)}{rng.randrange(1, 9):02d}"
            return line
        if st == "no":
            return f"{name} {n}{rng.choice(['', '', 'A', 'B'])}"
        if st == "fi":
            line = f"{name} {n}"
            if flat:
                line += f" {rng.choice('ABC')} {rng.randrange(1, 40)}"
            return line
        if st == "pl":
            name = name if re.match(r"(ul\.|al\.|pl\.|plac|aleja|os\.)", name) else "ul. " + name
            line = f"{name} {n}"
            if flat:
                line += f"/{rng.randrange(1, 80)}"
            return line
        if st == "cz":
            return f"{name} {n}" + (f"/{rng.randrange(1, 40)}" if flat or rng.random() < 0.3 else "")
        if st == "hu":
            return f"{name} {n}." + (f" {rng.randrange(1, 9)}/{rng.randrange(1, 20)}" if flat else "")
        if st == "ro":
            line = f"{name} nr. {n}" if rng.random() < 0.7 else f"{name} {n}"
            if flat:
                line += f", bl. {rng.choice('ABCDM')}{rng.randrange(1, 9)}, ap. {rng.randrange(1, 60)}"
            return line
        if st == "tr":
            line = rng.choice([f"{name} No: {n}", f"{name} No:{n}", f"{name} No. {n}"])
            if flat:
                line += rng.choice([f" D: {rng.randrange(1, 20)}", f"/{rng.randrange(1, 20)}", f" Daire {rng.randrange(1, 20)}"])
            return line
        if st == "lt":
            line = f"{name} {n}"
            if flat:
                line += f"-{rng.randrange(1, 80)}"
            return line
        if st == "bg":
            line = f"{name} {n}"
            if flat:
                line += f", ет. {rng.randrange(1, 9)}, ап. {rng.randrange(1, 40)}"
            return line
        if st == "sa":
            return rng.choice([f"{rng.randrange(1000, 9999)} {name}", f"Building {rng.randrange(1, 9999)}, {name}"])
        if st == "jp":
            town = rng.choice(["Jingumae", "Ebisu-minami", "Nishi-Shinjuku", "Namba", "Motomachi", "Shimogamo",
                               "Odori-nishi", "Tenjin", "Kitahama", "Sakae"])
            line = f"{rng.randrange(1, 6)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)} {town}"
            if flat:
                line = rng.choice([f"Room {rng.randrange(101, 1210)}, ", f"#{rng.randrange(101, 905)} "]) + line
            return line
        if st == "cn":
            road = rng.choice(["Nanjing West Road", "Huaihai Middle Road", "Jianguo Road", "Zhongshan Road",
                               "Tianhe Road", "Renmin South Road", "Wensan Road", "Dongfeng Road"])
            line = rng.choice([f"No. {n} {road}", f"{n} {road}"])
            if flat:
                line = f"Room {rng.randrange(101, 2800)}, " + line
            if rng.random() < 0.25:
                line = f.street_name() + f"{n}号"
            return line
        if st == "kr":
            if rng.random() < 0.5:
                return f.street_name() + "로 " + n
            road = rng.choice(["Teheran-ro", "Sejong-daero", "Gangnam-daero", "Itaewon-ro", "Haeundae-ro"])
            return f"{n} {road}" + (f", Apt {rng.randrange(101, 1505)}" if flat else "")
        if st == "faker_he":
            if rng.random() < 0.4:
                return rng.choice(HE_STREETS) + " " + n
            return f.street_address()
        # faker native
        for _ in range(20):
            v = f.street_address()
            if "\n" not in v:
                return v.strip()
        return v.replace("\n", ", ").strip()

    def postcode(self):
        rng, s = self.rng, self.s
        p = s["pc_pattern"]
        pre = self.city_entry[2]
        if p == "uk":
            inner = f"{rng.randrange(10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            if pre in ("SW", "EC", "WC") and rng.random() < 0.4:
                out = pre + str(rng.randrange(1, 2)) + rng.choice("AVPHXY")
            else:
                out = pre + str(rng.randrange(1, 29 if len(pre) == 2 else 20))
            return rng.choice([f"{out} {inner}", f"{out} {inner}", f"{out} {inner}", f"{out}{inner}"]) \
                if rng.random() < 0.9 else f"{out} {inner}"
        if p == "us":
            z = pre + pat(rng, "##")
            return z + ("-" + pat(rng, "####") if rng.random() < 0.2 else "")
        if p == "ca":
            L = "ABCEGHJKLMNPRSTVXY"
            return f"{pre}{rng.randrange(10)}{rng.choice(L)} {rng.randrange(10)}{rng.choice(L)}{rng.randrange(10)}"
        if p == "eircode":
            rk = pre if len(pre) == 3 else pre + str(rng.randrange(1, 10))
            chars = "ACDEFHKNPRTVWXY0123456789"
            u = rng.choice("ACDEFHKNPRTVWXY") + "".join(rng.choice(chars) for _ in range(3))
            return f"{rk} {u}" if rng.random() < 0.85 else f"{rk}{u}"
        if p == "nl":
            code = f"{pre}{pat(rng, '##')}" + " " + rng.choice(_LET[:-3]) + rng.choice(_LET)
            return code if rng.random() < 0.8 else code.replace(" ", "")
        out = list(p)
        j = 0
        for i, ch in enumerate(out):
            if j < len(pre) and ch in "#A":
                out[i] = pre[j]
                j += 1
            elif j < len(pre) and ch == pre[j]:
                j += 1
        code = pat(rng, "".join(out))
        return code

    # ---- phones
    def phone(self, kind="any"):
        rng, s = self.rng, self.s
        if kind == "any":
            kind = rng.choice(["nat", "nat", "intl", "intl", "faker"] if s["faker_phone"] else ["nat", "intl", "intl"])
        if kind == "faker" and s["faker_phone"]:
            f = self.world.fk(self.loc if self.loc != "hi_IN" else "en_IN")
            for _ in range(10):
                v = f.phone_number()
                if len(re.sub(r"\D", "", v)) >= 8:
                    return v
        if kind == "nat" or (kind == "faker" and not s["faker_phone"]):
            return pat(rng, rng.choice(s["nat"]))
        return pat(rng, rng.choice(s["intl"]))

    def ext(self):
        rng = self.rng
        n = str(rng.randrange(10, 9999))
        if self.s["code"] in ("de_DE", "de_AT") and rng.random() < 0.5:
            return "-" + n[:3]
        return rng.choice([f" ext. {n}", f" ext {n}", f" x{n}", f" Ext. {n}", f" extension {n}", f" ext.{n}"])

    # ---- identifiers
    def licence(self, p):
        rng, fmt = self.rng, self.s["dl"]
        if fmt == "uk":
            sur = re.sub(r"[^A-Z]", "", fold(p.last).upper())[:5].ljust(5, "9")
            y = rng.randrange(1950, 2005)
            mm = rng.randrange(1, 13) + (50 if p.g == "f" else 0)
            ini = re.sub(r"[^A-Z]", "", fold(p.first).upper())[:1] + rng.choice(["9", "J", "A", "M"])
            return f"{sur}{str(y)[2]}{mm:02d}{rng.randrange(1, 29):02d}{str(y)[3]}{ini}{rng.randrange(10)}{pat(rng, 'AA')}"
        if fmt == "us":
            return pat(rng, rng.choice(["A#######", "A###-####-####", "#########", "A### ### ### ###", "A########",
                                        "A###-###-##-###-#", "AA######"]))
        return pat(rng, fmt)

    def passport(self):
        fmt = self.s["passport"]
        if fmt == "faker":
            return self.world.fk(self.loc).passport_number()
        return pat(self.rng, fmt)

    def acct(self):
        rng = self.rng
        return pat(rng, rng.choice(["########", "##########", "############", "AC-########", "#### #### ####",
                                    "00########", "A########"]))

    def iban(self):
        rng = self.rng
        cc = self.s["iban_cc"]
        if cc in ("GB",) and self.loc != "en_GB":
            cc = rng.choice(["DE", "FR", "NL", "ES", "IE", "GB"])
        v = make_iban(rng, cc)
        if rng.random() < 0.55:
            v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
        return v

    def card(self):
        rng = self.rng
        kind = rng.choice(["visa", "visa", "mc", "mc2", "amex", "disc"])
        if kind == "amex":
            n = luhn_complete(rng.choice(["34", "37"]), 15, rng)
            return rng.choice([f"{n[:4]} {n[4:10]} {n[10:]}", n, f"{n[:4]}-{n[4:10]}-{n[10:]}"])
        pre = {"visa": "4", "mc": str(rng.randrange(51, 56)), "mc2": str(rng.randrange(2221, 2721)), "disc": "6011"}[kind]
        n = luhn_complete(pre, 16, rng)
        sep = rng.choice([" ", " ", "-", "", " "])
        return sep.join(n[i:i + 4] for i in range(0, 16, 4))

    def ssn(self):
        rng = self.rng
        while True:
            a = rng.randrange(1, 900)
            if a != 666:
                break
        sep = "-" if rng.random() < 0.85 else " "
        return f"{a:03d}{sep}{rng.randrange(1, 100):02d}{sep}{rng.randrange(1, 10000):04d}"

    def ip(self):
        rng = self.rng
        while True:
            a = rng.randrange(11, 224)
            if a not in (127, 169, 172, 192, 100):
                break
        return f"{a}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"

    def ip6(self):
        rng = self.rng
        groups = [rng.choice(["2a02", "2001", "2a01", "2600", "2c0f", "2405"])] + \
                 [format(rng.randrange(0, 65536), "x") for _ in range(7)]
        if rng.random() < 0.5:
            return ":".join(groups[:3]) + "::" + ":".join(groups[5:])
        return ":".join(groups)

    def dob_parts(self, key):
        k = "dobparts." + key
        if k not in self.cache:
            rng = self.rng
            if key == "k":
                y = rng.randrange(2008, 2021)
            elif key in ("dad", "mum"):
                y = rng.randrange(1930, 1966)
            else:
                y = rng.randrange(1938, 2006)
            self.cache[k] = (y, rng.randrange(1, 13), rng.randrange(1, 29))
        return self.cache[k]

    def age_of(self, key):
        y, m, d = self.dob_parts(key)
        return REF_YEAR - y - (1 if m > 6 else 0)

    def age_phrase(self, n):
        rng = self.rng
        return rng.choice([f"{n} years old", f"aged {n}", f"{n} yrs old", f"{n} years old", f"{n} years of age",
                           f"aged {n}"])

    def handle(self, p):
        rng = self.rng
        fi, la = ascii_slug(p.first), ascii_slug(p.last)
        if not fi or not la:
            base = re.sub(r"[^a-z0-9_]", "", p.email_local.replace(".", "_"))
        else:
            base = rng.choice([fi + "_" + la, fi + la, fi + la[:1] + str(rng.randrange(1, 99)),
                               la + "." + fi, "the" + fi + la[:3], fi + "_" + str(rng.randrange(80, 99)),
                               fi[0] + la + "_"])
        return "@" + base[:24]

    def url(self, p):
        rng = self.rng
        fi, la = ascii_slug(p.first), ascii_slug(p.last)
        if not fi or not la:
            fi, la = p.email_local.split(".")[0][:8] or "user", str(rng.randrange(100, 999))
        hx = format(rng.randrange(0x10000, 0xfffff), "x")
        return rng.choice([f"https://www.linkedin.com/in/{fi}-{la}-{hx}", f"https://instagram.com/{fi}.{la}",
                           f"www.{fi}{la}photography.com", f"https://{fi}{la}.dev", f"https://github.com/{fi}{la[:3]}",
                           f"https://www.facebook.com/{fi}.{la}.{rng.randrange(1, 99)}",
                           f"http://{fi}-{la}.blogspot.com/2023/{rng.randrange(1, 13):02d}/my-review.html",
                           f"https://www.tiktok.com/@{fi}{la}", f"www.{la}-{fi}.net"])

    # ---- filler
    def price(self):
        rng = self.rng
        v = rng.choice([rng.randrange(5, 100) + rng.choice([0, 0.99, 0.5, 0.49]), rng.randrange(100, 2500)])
        if isinstance(v, float) or rng.random() < 0.4:
            p = f"{v:,.2f}"
        else:
            p = f"{v:,}"
        if self.s["currency"].startswith("{p}") or self.s["currency"] in ("€{p}",) and self.loc not in ("en_IE", "nl_NL"):
            p = p.replace(",", "X").replace(".", ",").replace("X", ".")
        return self.s["currency"].replace("{p}", p)

    def date_nonbirth(self):
        rng = self.rng
        y = rng.choice([2023, 2024, 2024, 2025])
        return fmt_date(rng, self.s["dob_fmt"], y, rng.randrange(1, 13), rng.randrange(1, 29))


# ---------------------------------------------------------------------------------------------
# slot resolution
# ---------------------------------------------------------------------------------------------
L = {"person": "person"}


def resolve(ctx, slot):
    """Return a list of (label or None, text) pieces for a slot."""
    rng = ctx.rng
    if slot in ctx.cache:
        return ctx.cache[slot]
    out = None
    if "." in slot and slot.split(".")[0] in ("p", "a", "r", "s", "m", "f", "k", "dad", "mum"):
        key, attr = slot.split(".", 1)
        p = ctx.person(key)
        per = lambda v: [("person", v)]
        if attr == "full":
            out = per(p.full)
        elif attr == "first":
            out = per(p.first)
        elif attr == "last":
            out = per(p.last)
        elif attr == "full_lc":
            out = per(p.full.lower())
        elif attr == "full_uc":
            out = per(p.full.upper())
        elif attr == "first_lc":
            out = per(p.first.lower())
        elif attr == "first_uc":
            out = per(p.first.upper())
        elif attr == "last_uc":
            out = per(p.last.upper())
        elif attr == "rev":
            out = per(f"{p.last}, {p.first}")
        elif attr == "rev_uc":
            out = per(f"{p.last.upper()}, {p.first.upper()}")
        elif attr == "init":
            out = per(p.full if SPECS[p.loc]["name_order"].startswith("lf") else f"{p.first[0]}. {p.last}")
        elif attr == "title":
            out = [(None, p.title)]
        elif attr in ("he", "He", "his", "him", "His"):
            out = [(None, p.pron(attr))]
        elif attr == "email":
            out = [("email", p.email_local + "@" + rng.choice(SPECS[p.loc]["email_domains"]))]
        elif attr == "work_email":
            dom = ctx.company[1]
            local = p.email_local.split("@")[0]
            fi, la = ascii_slug(p.first), ascii_slug(p.last)
            if fi and la:
                local = rng.choice([f"{fi}.{la}", f"{fi[0]}{la}", f"{fi}"])
            out = [("email", f"{local}@{dom}")]
        elif attr == "handle":
            out = [("social_handle", ctx.handle(p))]
        elif attr == "url":
            out = [("url", ctx.url(p))]
        elif attr == "dob":
            y, m, d = ctx.dob_parts(key)
            out = [("date_of_birth", fmt_date(rng, SPECS[ctx.loc]["dob_fmt"], y, m, d))]
        elif attr == "age":
            out = [("age", ctx.age_phrase(ctx.age_of(key)))]
        elif attr == "age_adj":
            n = ctx.age_of(key)
            out = [("age", rng.choice([f"{n}-year-old", f"{n}-year-old", f"{n} year old"]))]
        elif attr == "age_n":  # a bare number; templates use it inside their own age phrase
            out = [(None, str(ctx.age_of(key)))]
        elif attr == "dl":
            out = [("driver_licence", ctx.licence(p))]
        else:
            raise KeyError(slot)
    elif slot.startswith("addr") or slot.startswith("block"):
        st = resolve(ctx, "street" if not slot.endswith("_flat") else "flat_street")[0][1]
        pc = resolve(ctx, "postcode")[0][1]
        city = resolve(ctx, "city")[0][1]
        region = ctx.city_entry[1]
        fmt = ctx.s["addr"] if slot.startswith("addr") else ctx.s["block"]
        if slot.startswith("block") and rng.random() < 0.35:
            fmt += "\n" + ctx.s["country"]
        if slot.startswith("addr") and "{postcode} {city}" in fmt and rng.random() < 0.2:
            fmt = fmt.replace("{postcode} {city}", "{city} {postcode}")
        out = []
        for part in re.split(r"(\{\w+\})", fmt):
            if part == "{street}":
                out.append(("street_address", st))
            elif part == "{postcode}":
                out.append(("postal_code", pc))
            elif part == "{city}":
                out.append((None, city))
            elif part == "{region}":
                out.append((None, region))
            elif part:
                out.append((None, part))
        return out  # not cached: may be used once per text
    elif slot == "street":
        out = [("street_address", ctx.street())]
    elif slot == "street_b":
        out = [("street_address", ctx.street())]
    elif slot == "flat_street":
        out = [("street_address", ctx.street(flat=True))]
    elif slot == "plain_street":
        out = [("street_address", ctx.street(flat=False))]
    elif slot == "pobox":
        out = [("street_address", ctx.s["pobox"].replace("{n}", str(rng.randrange(10, 9999))))]
    elif slot == "military":
        out = [("street_address", rng.choice([f"PSC {rng.randrange(1000, 9999)}, Box {rng.randrange(100, 9999)}",
                                              f"Unit {rng.randrange(2000, 9999)} Box {rng.randrange(100, 9999)}",
                                              f"CMR {rng.randrange(400, 499)} Box {rng.randrange(100, 9999)}"]))]
    elif slot == "apo":
        code, zp = rng.choice([("APO AE", "09"), ("APO AP", "96"), ("FPO AE", "09"), ("APO AA", "340"),
                               ("FPO AP", "96")])
        z = zp + pat(rng, "#" * (5 - len(zp)))
        out = [(None, code + " "), ("postal_code", z)]
    elif slot == "postcode":
        out = [("postal_code", ctx.postcode())]
    elif slot == "city":
        out = [(None, ctx.city_entry[0])]
    elif slot == "region":
        out = [(None, ctx.city_entry[1])]
    elif slot == "country":
        out = [(None, ctx.s["country"])]
    elif slot in ("phone", "phone2"):
        out = [("phone", ctx.phone())]
    elif slot == "phone_nat":
        out = [("phone", ctx.phone("nat"))]
    elif slot == "phone_intl":
        out = [("phone", ctx.phone("intl"))]
    elif slot == "phone_ext":
        base = ctx.phone(rng.choice(["nat", "intl"]))
        out = [("phone", base + ctx.ext())]
    elif slot == "card":
        out = [("credit_card", ctx.card())]
    elif slot == "iban":
        out = [("iban", ctx.iban())]
    elif slot == "ip":
        out = [("ip_address", ctx.ip())]
    elif slot == "ip6":
        out = [("ip_address", ctx.ip6())]
    elif slot == "ssn":
        out = [("us_ssn", ctx.ssn())]
    elif slot == "passport":
        out = [("passport", ctx.passport())]
    elif slot == "acct":
        out = [("account_number", ctx.acct())]
    # ---- fillers (never personal data)
    elif slot == "company":
        out = [(None, ctx.company[0])]
    elif slot == "product":
        out = [(None, rng.choice(PRODUCTS))]
    elif slot == "courier":
        out = [(None, rng.choice(COURIERS))]
    elif slot in ("price", "price2"):
        out = [(None, ctx.price())]
    elif slot in ("date", "date2"):
        out = [(None, ctx.date_nonbirth())]
    elif slot == "order":
        out = [(None, pat(rng, rng.choice(["#A#######", "ORD-######", "######-##", "W########", "#########",
                                           "AA-####-####"])))]
    elif slot == "ticket":
        out = [(None, pat(rng, rng.choice(["INC#######", "CS-######", "#######", "REF/####/##", "T-#####"])))]
    elif slot == "days":
        out = [(None, str(rng.choice([2, 3, 4, 5, 6, 7, 9, 10, 12, 14, 21])))]
    elif slot == "n":
        out = [(None, str(rng.randrange(2, 9)))]
    elif slot == "weeks":
        out = [(None, rng.choice(["two", "three", "four", "six", "2", "3", "5"]))]
    elif slot == "years":
        out = [(None, str(rng.randrange(2, 25)))]
    elif slot == "time":
        out = [(None, rng.choice([f"{rng.randrange(8, 20)}:{rng.choice(['00', '15', '30', '45'])}",
                                  f"{rng.randrange(1, 12)}{rng.choice(['am', 'pm', ' pm', ' a.m.'])}"]))]
    elif slot == "weekday":
        out = [(None, rng.choice(WEEKDAYS))]
    elif slot == "month":
        out = [(None, rng.choice(MONTHS))]
    elif slot == "score":
        out = [(None, str(rng.randrange(0, 11)))]
    elif slot == "version":
        out = [(None, f"{rng.randrange(1, 18)}.{rng.randrange(0, 12)}.{rng.randrange(0, 30)}")]
    elif slot == "version4":
        out = [(None, f"{rng.randrange(1, 9)}.{rng.randrange(0, 12)}.{rng.randrange(0, 30)}.{rng.randrange(100, 9999)}")]
    elif slot == "flight":
        out = [(None, rng.choice(["BA", "LH", "AF", "KL", "IB", "AZ", "SK", "LO", "TK", "EI", "FR", "U2", "LX",
                                  "OS", "TP", "AY", "QF", "EK"]) + rng.choice(["", " "]) + str(rng.randrange(10, 3000)))]
    elif slot in ("d2", "d3", "d4"):
        k = int(slot[1])
        out = [(None, str(rng.randrange(10 ** (k - 1), 10 ** k)))]
    elif slot == "pct":
        out = [(None, str(rng.randrange(5, 70)))]
    else:
        raise KeyError(slot)
    ctx.cache[slot] = out
    return out


SLOT_RE = re.compile(r"\{([A-Za-z_0-9.]+)\}")


def render(ctx, template):
    pieces = []
    pos = 0
    for m in SLOT_RE.finditer(template):
        if m.start() > pos:
            pieces.append((None, template[pos:m.start()]))
        pieces.extend(resolve(ctx, m.group(1)))
        pos = m.end()
    if pos < len(template):
        pieces.append((None, template[pos:]))
    text = ""
    spans = []
    for lab, s in pieces:
        if lab:
            spans.append({"start": len(text), "end": len(text) + len(s), "label": lab, "text": s})
        text += s
    # "{p.first} {p.last_uc}" is one name as written: merge person spans split by a single space
    merged = []
    for sp in spans:
        if merged and sp["label"] == "person" == merged[-1]["label"] and sp["start"] == merged[-1]["end"] + 1 \
                and text[merged[-1]["end"]] == " ":
            merged[-1]["end"] = sp["end"]
            merged[-1]["text"] = text[merged[-1]["start"]:sp["end"]]
        else:
            merged.append(sp)
    return text, merged


# ---------------------------------------------------------------------------------------------
# templates: written for this set. {p.*} is the customer, {a.*} a member of staff, {r.*} and {s.*}
# other people. "only" restricts a template to some locales.
# ---------------------------------------------------------------------------------------------
TEMPLATES = []


def T(group, text, only=None):
    TEMPLATES.append({"group": group, "text": text, "only": only})


# ---- pii: reviews -----------------------------------------------------------------------------
T("pii", "Ordered a {product} on {date} and it still hasn't turned up. I'm at {street}, {postcode} is the postcode, and the tracking says 'address not found'?? Ring me on {phone} if you need directions. {p.first}")
T("pii", "★☆☆☆☆ Awful. {courier} left my parcel outside {street} in the rain. My name is {p.full}, email {p.email}, still waiting for someone to reply.")
T("pii", "5 stars for {a.first} at the {city} branch!! {a.He} sorted my {product} return in ten minutes. (If the manager reads this: customer {p.full_uc}, account number {acct}.)")
T("pii", "great service from start to finish. the fitter, {a.first_lc}, even hoovered up afterwards. would recommend. — {p.first_lc} from {city}")
T("pii", "Third time I've complained. {p.title} {p.last} here, {addr}. Your driver keeps delivering to number {n} instead.")
T("pii", "I am {p.age} and not very good with computers, so I rang {phone_nat} instead of using the app. The person I spoke to, {a.first}, was patient and kind.")
T("pii", "Review for the {company} engineer visit on {date}: on time, polite, explained everything. Left a card – {a.full}, {phone_ext} – will use again.")
T("pii", "Bought this {product} for my {dad.age_adj} dad ({dad.first}) and he loves it. Delivery to {flat_street} was quick even though the building has no lift.")
T("pii", "Do NOT use this company. They charged my card {card} twice for one order and nobody answers {phone}. — {p.full}, {city}")
T("pii", "Honestly the best {product} I've owned. If anyone wants to see it in use, my channel is {p.url} and I'm {p.handle} everywhere else.")
T("pii", "Lovely stay. Small complaint: the receptionist wrote my passport number ({passport}) on a sticky note and left it on the desk. Not great. {p.first} {p.last_uc}")
T("pii", "Delivered to the wrong house AGAIN. It should go to {plain_street}, not the house across the road. My husband {m.first} had to fetch it. Call {phone_intl}.")

# ---- pii: complaint logs / case notes -----------------------------------------------------------
T("pii", "COMPLAINT LOG\nCustomer: {p.full}\nDOB: {p.dob}\nAddress: {addr}\nContact: {phone}\nSummary: {product} delivered damaged, customer wants full refund ({price}).\nHandler: {a.first} {a.last}")
T("pii", "case {ticket} | cust {p.full_lc} | tel {phone_nat} | email {p.email} | issue: billed after cancellation on {date}. escalated to {a.first}.")
T("pii", "[{date} {time}] {a.init}: Customer {p.title} {p.last} called re. direct debit. Verified with DOB {p.dob} and postcode {postcode}. Refund of {price} to IBAN {iban} approved.")
T("pii", "Complaint #{ticket}\n\nCustomer states that {courier} threw the parcel over the gate at {street}. Customer is {p.age}, lives alone and could not lift it. Callback requested on {phone_ext}.")
T("pii", "Escalation: {p.full_uc} ({p.email}) disputes a charge on card ending ... full number given on the call: {card}. Advised we never ask for full card numbers. Logged by {a.first_uc}.")
T("pii", "Notes: spoke to {p.first}'s daughter, {f.full}, who holds power of attorney. New correspondence address: {block}\nPhone: {phone}")
T("pii", "ID check failed for {p.full}: driving licence {p.dl} did not match the name on the account. Customer to send passport copy (passport no. {passport}) instead.")
T("pii", "Customer {p.rev} – account no. {acct} – reports the engineer never turned up on {date}. Asked for compensation. Wants replies by email only: {p.email}.")
T("pii", "Fraud team referral: login to {p.full}'s account from IP {ip} at {time}, password changed, delivery address changed to {street_b}. Customer confirmed this was not them.")
T("pii", "ISSUE: dup. payment\nCUST: {p.rev_uc}\nACCT NO: {acct}\nSORT: refund to original card {card}\nAGENT: {a.first_uc}")
T("pii", "Customer {p.full} ({p.age}) says the {product} caught fire. Lives at {addr}. Insurance informed. Contact via {phone_intl} or {p.email}.")
T("pii", "Callback list {date}:\n1. {p.full} – {phone}\n2. {r.full} – {phone2}\n3. {s.full} – email only, {s.email}")
T("pii", "Returned item received at warehouse without a note. Label shows sender {p.full_uc}, {block}")

# ---- pii: call-centre notes ---------------------------------------------------------------------
T("pii", "cust rang re {product}, said {courier} was rude. name {p.full_lc}, best no. {phone_nat}, happy for text. wants manager to call back. -{a.first_lc}")
T("pii", "Inbound call {time}. Caller: {p.title} {p.full}. Verified: DOB {p.dob}, first line of address {street}. Query: why is the bill {price}? Explained tariff change. Resolved.")
T("pii", "Spoke with {p.title} {p.last}. {p.He} is {p.age} and was very upset. {p.His} son {m.first} will call back from {phone}.")
T("pii", "Called customer on {phone_intl} x2, no answer. Left VM. Sent email to {p.email}. Will try again {weekday}. {a.init}")
T("pii", "Agent note: customer gave card number {card} over the phone before I could stop {p.him}. Card details redacted from recording? Please check. Cust: {p.full}.")
T("pii", "CALL SUMMARY — {p.full_uc} — moving house on {date}. Old address {street}, new address {street_b}, {postcode}. Transfer the broadband please.")
T("pii", "Customer asked us to update {p.his} details: new mobile {phone}, new email {p.email}, surname changed from {p.last} to {r.last} after marriage.")
T("pii", "Welfare flag added. {p.first} is {p.age}, hard of hearing. Prefers letters to {addr}. Do not call {phone_nat} before 10am.")
T("pii", "Outbound survey call. Respondent: {p.full}. Score {score}/10. Comments: 'Your {a.first} was wonderful but the app is rubbish.' Respondent's number {phone_intl}.")
T("pii", "Caller would not pass security (could not give DOB). Said {p.he} was {p.full} of {street}. Advised to call back with account number {acct} to hand.")

# ---- pii: emails with signatures ----------------------------------------------------------------
T("pii", "Hi {a.first},\n\nThanks for getting back to me. Please send the replacement {product} to my work address instead:\n\n{block}\n\nBest wishes,\n{p.full}\n{phone}")
T("pii", "Dear Sir/Madam,\n\nI wish to make a formal complaint about the {product} I purchased on {date}. Despite three calls, nothing has happened.\n\nYours faithfully,\n\n{p.title} {p.full}\n{addr}\nTel: {phone_nat}")
T("pii", "Hello,\nMy direct debit failed because I changed bank. New details: account holder {p.full}, IBAN {iban}. Please retry the payment.\nKind regards\n{p.first}")
T("pii", "To whom it may concern — I was charged {price} for a service I cancelled. My account number is {acct}. I attach my statement.\n\n--\n{p.full} | {p.email} | {phone_intl}")
T("pii", "Hey team,\n\nquick one: can you stop sending the paper bills to {plain_street}? I moved. Use {p.email} for everything.\n\nta,\n{p.first_lc}")
T("pii", "Dear {a.title} {a.last},\n\nThank you for your letter. I confirm that my date of birth is {p.dob}, not the date on your records.\n\nSincerely,\n{p.full}")
T("pii", "Good afternoon,\n\nI'm writing on behalf of my mother, {mum.full}, who is {mum.age}. She was sold a {product} she does not need. Please call me on {phone}.\n\nRegards,\n{p.full}\n{p.url}")
T("pii", "Re: order {order}\n\nStill nothing. I've been a customer for {years} years. If I don't hear back by {weekday} I'm cancelling.\n\n{p.full_uc}\n{street}\n{postcode}")
T("pii", "Hi,\n\nyour engineer {a.full} was brilliant, please pass on my thanks.\n\nCheers\n{p.first}\n\nSent from my iPhone")
T("pii", "Dear Customer Services,\n\nPlease find attached a copy of my passport ({passport}) and driving licence ({p.dl}) as requested for the ID check.\n\n{p.full}\n{addr}")
T("pii", "Hello {company},\n\nI never received the refund. Card used: {card}. Amount {price}.\n\nThanks,\n{p.first} {p.last}\n{p.email}\n{phone_ext}")
T("pii", "From: {p.full} <{p.email}>\nSubject: broken {product}\n\nIt stopped working after {days} days. Collect it from {addr} any weekday.")

# ---- pii: chat transcripts ----------------------------------------------------------------------
T("pii", "Agent: Hi, you're chatting with {a.first}. How can I help?\nCustomer: my {product} hasn't arrived\nAgent: Sorry to hear that! Can I take your name and postcode?\nCustomer: {p.full}, {postcode}\nAgent: Thanks {p.first}, I can see it's at the depot.")
T("pii", "Customer: hello? anyone there\nAgent: Hi there, {a.first} here 😊\nCustomer: i need to change my delivery address to {flat_street}\nAgent: No problem, and a contact number?\nCustomer: {phone}")
T("pii", "[{time}] {a.first}: Could you confirm the email on the account?\n[{time}] Customer: {p.email}\n[{time}] {a.first}: And your date of birth please?\n[{time}] Customer: {p.dob}\n[{time}] {a.first}: Thank you, you're verified.")
T("pii", "Agent: For security, what's the account number?\nCustomer: {acct}\nAgent: And the name on the account?\nCustomer: {p.full_lc}\nAgent: Great, I've found you.")
T("pii", "Customer: hi its {p.first} again, the payment failed. can i pay with a different card\nCustomer: {card}\nAgent: Please don't share card numbers in chat! I've masked it. I'll send a secure link to {p.email} instead.")
T("pii", "Bot: What is your full name?\nUser: {p.full_uc}\nBot: What is the best number to reach you?\nUser: {phone_intl}\nBot: Thanks! An advisor will call within {days} working days.")
T("pii", "Agent ({a.first}): I see the order went to {street}. Is that right?\nCustomer: no!! that's my old flat, I live at {street_b} now\nAgent ({a.first}): Apologies, updating now.")
T("pii", "Customer: My child {k.first} is {k.age} and the game keeps asking for {k.his} birthday\nAgent: Understood. What date of birth did {k.he} register with?\nCustomer: {k.dob}\nAgent: Thanks, I'll reset the age check.")
T("pii", "User: can't log in, it says suspicious activity\nAgent: I can see a sign-in from {ip} this morning, was that you?\nUser: no i'm in {city}, never heard of that\nAgent: OK, I've locked the account for {p.full}.")
T("pii", "Agent: Please type the name as it appears on your passport and the passport number.\nCustomer: {p.full_uc} {passport}\nAgent: Thank you, checked in for flight {flight}.")

# ---- pii: forum posts -------------------------------------------------------------------------
T("pii", "Re: Anyone else had trouble with {company}?\n\nYep. Took them {weeks} weeks to fix my line. Shout-out to {a.first} from the tech team though. If anyone from {company} reads this DM me, I'm {p.handle}.")
T("pii", "UPDATE: refund finally arrived!! for anyone in the same boat, email the complaints manager directly ({a.work_email}) — that's what worked for me.")
T("pii", "Posted by {p.handle} · {days}d\nDoes anybody know if {company} delivers to {postcode}? Their site says no but my neighbour gets deliveries.")
T("pii", "Long-time lurker, first post. My {product} died after {days} days. Wrote it up here: {p.url}. Interested if others had the same.")
T("pii", "{a.handle} thanks for the help earlier! For the record my router's public IP keeps changing – today it's {ip}, yesterday something else.")
T("pii", "Selling my {product} as I've upgraded. Collection only from {city} ({postcode}). Message me or call {phone}. Cheers, {p.first}")
T("pii", "Thread: IPv6 not working after firmware update\n\nMy modem shows {ip6} as the WAN address but nothing loads. Any ideas? ({p.handle})")
T("pii", "Mods pls delete my last post, I accidentally included my home address ({street}) and my number {phone_nat}. Thanks!")

# ---- pii: NPS / survey verbatims ----------------------------------------------------------------
T("pii", "NPS {score} – {a.first} in the {city} store went above and beyond.")
T("pii", "Score: {score}. Reason: my 2nd complaint. Please call {phone} and ask for {p.first}.")
T("pii", "Would you recommend us? {score}/10. 'The driver {a.first} was great but the parcel was for {plain_street} and went next door.'")
T("pii", "Q: Anything else? A: yes. my name is {p.full} and I've been waiting {weeks} weeks. email me at {p.email}")
T("pii", "{score} - I'm {p.age} and found the form hard to use, the font is tiny. {p.first}")
T("pii", "Survey free text: {p.full_lc}, {phone_nat}. Please remove me from marketing.")

# ---- pii: social / SMS / voicemail ----------------------------------------------------------
T("pii", "{company} I've been on hold for 40 minutes. My account is {acct}. Sort it out. {p.handle}")
T("pii", "Hi, this is a message for {a.first}. It's {p.full} calling back about the {product}. My number is {phone}. Thanks, bye.")
T("pii", "voicemail transcript: hi um its {p.first_lc} from {street} er the boiler's leaking again can someone call me back on {phone_nat} thanks")
T("pii", "SMS from customer: 'Running late, leave it with the neighbour at {street_b}. {p.first}'")
T("pii", "Tweet: Shoutout to {a.first} {a.last} from {company} who fixed my issue in 5 mins 🙌 (not sponsored lol) {p.handle}")
T("pii", "IG comment on our post: 'lol my order never came, {a.first} said it was sent to {postcode}, that's not even my postcode' — {p.handle}")

# ---- pii: forms / records -------------------------------------------------------------------
T("pii", "Name: {p.full}\nDate of birth: {p.dob}\nPassport number: {passport}\nNationality: {country}\nPhone: {phone_intl}\nComments: Please seat me next to my travel companion {r.full}.")
T("pii", "Rental agreement note — renter {p.full}, driver's licence no. {p.dl}, second driver {r.full}. Car returned with a scratch on the left door.")
T("pii", "Loyalty sign-up: {p.first_uc} {p.last_uc}, born {p.dob}, {p.email}, postcode {postcode}. Feedback: 'the card reader at till {n} is broken'")
T("pii", "Payment details updated by customer {p.full}: IBAN {iban}. Previous account number {acct} closed.")
T("pii", "Warranty claim. Owner: {p.full}. Address: {addr}. Purchased {date}. Fault: {product} makes a grinding noise.")
T("pii", "New patient feedback form — Name: {p.full_lc} ({p.age}) | Tel: {phone} | 'the receptionist {a.first} was very reassuring'")
T("pii", "PO BOX delivery failed: customer {p.full}, {pobox}, {city} {postcode}. Courier cannot deliver to PO boxes.")
T("pii", "Address on file: {p.full}\n{pobox}\n{city}\n{postcode}\nCustomer says mail is going missing.")
T("pii", "Hotel feedback card, room {n}0{n}: 'Staff were lovely, especially {a.first} at reception.' Signed {p.full}, {p.email}")
T("pii", "Order note: please deliver to my office, {company}, {flat_street}. Ask for {p.first} {p.last} at reception or call {phone_ext}.")

# ---- pii: US-only ---------------------------------------------------------------------------
T("pii", "Customer {p.full} called about a tax form. {p.He} read out {p.his} SSN ({ssn}) before I could stop {p.him}. Recording flagged.", only=["en_US"])
T("pii", "Credit check note: applicant {p.full_uc}, SSN {ssn}, DOB {p.dob}, address {addr}. Approved for the {product} financing plan.", only=["en_US"])
T("pii", "Hi, I'm deployed overseas. Please ship to:\n{p.full}\n{military}\n{apo}\nThanks for supporting the troops!", only=["en_US"])
T("pii", "APO shipping question: my son {m.full} is stationed abroad, address {military}, {apo}. Can you send the {product} there? — {p.first}", only=["en_US"])
T("pii", "Agent: Last four of your social?\nCustomer: just take the whole thing, {ssn}\nAgent: Please only give the last four in future, {p.first}.", only=["en_US"])
T("pii", "Driver's license on the pickup form: {p.dl} (state issued). Name {p.full}, phone {phone}.", only=["en_US", "en_CA"])

# ---- pii: mixed locale / misc styles --------------------------------------------------------
T("pii", "{p.full_uc}\n{block}\n\nRE: YOUR LETTER DATED {date}\nI DID NOT ORDER THIS {product}. PLEASE CANCEL.")
T("pii", "Writing from {country}. I ordered for delivery to {addr} but customs wants my passport number – it is {passport}. Is that normal? {p.first} {p.last}")
T("pii", "Thanks to {a.full} and {s.full} for installing my {product}. For the next visit please call {r.first} ({phone}), I'll be at work.")
T("pii", "internal: do not process – {p.full} asked to be forgotten (GDPR). Delete records incl. {p.email}, {phone}, {street}.")
T("pii", "My wife {f.full} and I ({p.full}) both have accounts. Please merge them. Her number is {phone}, mine is {phone2}.")
T("pii", "Referral from {r.first} – new customer {p.full} at {flat_street}, {postcode}. Wants install on {weekday}.")
T("pii", "Pharmacy feedback: the prescription for {p.full} (DOB {p.dob}) was given to the wrong person. Very worrying. Contact {p.email}.")
T("pii", "Gym review: PT {a.first} is amazing, lost 6kg! Only moan is the app logged me in as {r.full} once. My email's {p.email} if anyone from IT wants details.")
T("pii", "Bank transfer for the deposit was sent from IBAN {iban} (name {p.full}). Please confirm you received {price}.")
T("pii", "Customer provided licence {p.dl} and passport {passport} at the counter; copies shredded after check. Verified by {a.first}.")
T("pii", "We've had {company} out {n} times. Engineer {a.title} {a.last} blamed the wiring. I'm {p.age}, I can't keep taking days off. {p.first}, {phone}")
T("pii", "Tenant {p.full} reported mould at {flat_street}. Landlord contact: {r.full}, {phone_intl}.")
T("pii", "ACCOUNT CLOSED — {p.full} — final bill {price} sent to {p.email}. Refund due to account number {acct}.")
T("pii", "The webinar link didn't work. My IP is {ip} if that helps your IT people. Attendee: {p.full}, {p.email}.")
T("pii", "Birthday discount didn't apply! My date of birth is {p.dob} and it's on my profile ({p.email}).")
T("pii", "The {product} was a present for my grandchild {k.first}, who is {k.age}. Sent to {k.him} at {addr}. Arrived broken.")

# ---- pii: more identifiers --------------------------------------------------------------------
T("pii", "Portfolio's here if you want to see the photos of the damage: {p.url} – {p.first}")
T("pii", "I reviewed your {product} on my blog ({p.url}). Happy to update it if you fix the hinge problem. {p.full}, {p.email}")
T("pii", "Contact card\n{p.full}\nWeb: {p.url}\nMobile: {phone_intl}")
T("pii", "my insta is {p.handle} and my linkedin is {p.url}, message me there about the job ad. thanks")
T("pii", "Re: complaint {ticket} — the customer has posted about us at {p.url} and tagged {a.handle}.")
T("pii", "Refund not received. It should go to IBAN {iban} (holder: {p.full_uc}). Your letter quoted a different account.")
T("pii", "SEPA mandate cancelled by customer. Old IBAN {iban}, new account to follow. Caller {p.title} {p.last}, verified via DOB {p.dob}.")
T("pii", "hi, pls refund the deposit to my bank: {iban}\nname on the account {p.full_lc}\nthx")
T("pii", "Direct debit form received:\nAccount holder: {p.full}\nIBAN: {iban}\nMandate ref: {ticket}\nSigned {date}.")
T("pii", "Security alert review: sessions from {ip} and {ip6} within one minute for user {p.email}. Possible credential stuffing.")
T("pii", "Engineer note: customer's static IP is {ip}; port forwarding for the CCTV was set up. Customer {p.full}, {street}.")
T("pii", "Game account banned by mistake?? The log says {ip} but that is my uni's wifi. Username {p.handle}.")
T("pii", "VPN support: customer {p.first} can't connect. Client IP {ip}, tried app version {version}.")
T("pii", "W-9 received from contractor {p.full}, SSN {ssn}. Please store in the locked cabinet, not the shared drive.", only=["en_US"])
T("pii", "Caller read SSN {ssn} and DL {p.dl} aloud on a recorded line. Name: {p.full_uc}. Flagged for PII review.", only=["en_US"])
T("pii", "Hi, I'm trying to open an account for my kid {k.first} ({k.age}). The form wants {k.his} social security number – it's {ssn}. Is this site secure?", only=["en_US"])
T("pii", "Car hire desk: licence number {p.dl} expired on {date}. Customer {p.full} could not collect the car. Very angry.")
T("pii", "Driving licence no: {p.dl}\nName: {p.full}\nAddress: {addr}\nComments: the learner lessons were cancelled twice.")
T("pii", "Age verification for the alcohol delivery: driver checked licence {p.dl}. Customer is {p.age}.")
T("pii", "Please update my record, my new driver licence number is {p.dl} and my passport is {passport}. {p.full_uc}")
T("pii", "Booking amended: passenger {p.rev}, passport number {passport}, date of birth {p.dob}. Seat 2{n}A.")
T("pii", "Visa centre left me on hold for an hour. My passport ({passport}) is still with them. {p.full}, {phone}")
T("pii", "Card {card} declined three times even though I have funds. Name on card {p.full_uc}.")
T("pii", "customer typed their full card no. into the feedback box: '{card} exp 09/27 pls just charge it' – {p.first_lc}")
T("pii", "Follow me {p.handle} for more honest reviews! This {product} is a 2/10.")
T("pii", "cc {a.handle} {s.handle} — still waiting on my refund, it's been {weeks} weeks")
T("pii", "Customer ({p.full}, born {p.dob}) wants to know why the insurance quote changed this year.")
T("pii", "Holiday park review: our kid {k.first} is only {k.age} but was charged the adult price for the pool. Reception ({a.first}) wouldn't listen. — {p.full}")
T("pii", "Care home feedback: Mum ({mum.full}, {mum.age}) says the night staff don't answer the buzzer. Contact me, {p.first}, on {phone}.")
T("pii", "Account number {acct} — please note I am the executor for the late {r.full}. All post to {addr}.")
T("pii", "FRAUD? someone used my account ({acct}) to order a {product} to {street_b}. I live at {plain_street}! {p.full}")

# ---- names: person-heavy texts in many shapes ------------------------------------------------
T("names", "Thanks {a.first}!")
T("names", "{a.first_uc} WAS AMAZING. GIVE THEM A RAISE.")
T("names", "Please pass my thanks to {a.title} {a.last}, who sorted everything out.")
T("names", "shoutout to {a.first_lc} on the night shift 👏")
T("names", "Spoke to {a.first} then {s.first} then {r.first}. Three people, three different answers.")
T("names", "Kind regards,\n{p.full}")
T("names", "Cheers,\n{p.first}")
T("names", "— {p.full_lc}")
T("names", "Dear {p.title} {p.last},\n\nThank you for your patience. Your {product} will be delivered on {date}.\n\n{a.full}\nCustomer Care")
T("names", "Hi {p.first}, {a.first} here from {company}. Just checking the {product} is working OK now?")
T("names", "{p.rev} called about the invoice. Passed to {a.first}.")
T("names", "Customer {p.full_uc} would like a callback from {a.init}.")
T("names", "Agent: Hello, my name is {a.first}, who am I speaking with?\nCustomer: it's {p.full}\nAgent: Lovely, thanks {p.first}.")
T("names", "I asked for {a.last} by name because {a.he} helped me last time. Ended up with someone called {s.first} who was just as good.")
T("names", "Complaint raised by {p.title} {p.last} against driver {a.first_uc}.")
T("names", "Great job by the whole team - {a.first}, {s.first} and especially {r.first}.")
T("names", "Customer is {p.full}; {p.his} partner {r.first} also on the account.")
T("names", "{p.last_uc} {p.first} – no answer x3")
T("names", "Installer {a.full} arrived on time and was very professional.")
T("names", "my name is {p.full_lc} and i have been a loyal customer for {years} years!!!")
T("names", "Best regards\n\n{p.init}\nProcurement")
T("names", "The manager, {a.title} {a.last}, refused to speak to me.")
T("names", "Thanks so much,\n{p.first} & {r.first} x")
T("names", "Nurse {a.first} on ward {n} was wonderful to my dad.")
T("names", "Per {a.first}'s email, refund approved. — {s.full}, Team Lead")
T("names", "[{time}] {a.first}: anything else I can help with?\n[{time}] {p.first}: no that's all thanks")
T("names", "Recommend asking for {a.full_uc} — best stylist in {city}.")
T("names", "{a.first} helped me last week. {s.first} not so much.")
T("names", "Review by {p.first}, verified buyer")
T("names", "Escalated to {a.rev} (Complaints) by {s.init}.")
T("names", "Signed for by: {r.full_uc}")
T("names", "Guest {p.title} {p.last} asked for a late checkout; {a.first} agreed.")
T("names", "Hi {p.first_lc}, sorry for the delay!\n– {a.first}")
T("names", "The taxi driver ({a.first}) waited 20 minutes for {p.title} {p.last} and was very kind to {p.him}.")
T("names", "{p.full} wrote: 'never again.'")
T("names", "Teacher feedback: {r.first} has settled in well. Parent: {p.full}.")
T("names", "Thanks {a.first_uc}!!!! 🙏")
T("names", "Caller said {p.he} was {p.full} but the account is in the name of {r.full}.")

# ---- clean: no personal data at all -------------------------------------------------------
T("clean", "Delivery was quick and the {product} works perfectly. Would buy again.")
T("clean", "Terrible experience. Waited on hold for ages and nobody could tell me anything useful.")
T("clean", "The app keeps crashing when I try to upload a photo. Very frustrating.")
T("clean", "Staff at the store were friendly and helpful, but the queue was far too long.")
T("clean", "Good value for money. The instructions could be clearer though.")
T("clean", "why is it so hard to cancel a subscription online? had to call in the end")
T("clean", "Everything arrived on time and well packaged. No complaints.")
T("clean", "The website is confusing and the checkout failed twice before it went through.")
T("clean", "Agent: Thanks for contacting us, how can I help?\nCustomer: the tracking for my {product} hasn't updated in {days} days\nAgent: I'm sorry, I'll raise it with the courier now.")
T("clean", "NPS {score}. Too expensive for what it is.")
T("clean", "Excellent customer service. They replaced the faulty {product} without any fuss.")
T("clean", "THE WORST COMPANY I HAVE EVER DEALT WITH. AVOID.")
T("clean", "I like the new menu but the portions got smaller.")
T("clean", "Engineer arrived within the time slot, explained the problem and fixed it. Very happy.")
T("clean", "Not sure why I had to give so much information just to return a pair of shoes.")
T("clean", "The product was fine but the packaging was excessive – so much plastic.")
T("clean", "Called three times, got three different answers. Please train your staff.")
T("clean", "Customer reports the {product} is making a loud noise. Advised to unplug and wait for a callback.")
T("clean", "lovely people, lovely food, slightly slow service on a busy night")
T("clean", "The refund took longer than promised but it did arrive in the end.")
T("clean", "Hi,\n\nI'd like to know whether you can deliver the {product} on a {weekday}.\n\nThanks")
T("clean", "Would recommend to friends and family. Easy to set up.")
T("clean", "Nothing to add, all good.")
T("clean", "The chat bot was useless, it kept sending me the same article.")
T("clean", "Received the wrong colour but the exchange was easy.")
T("clean", "Fantastic range of products and the prices are fair.")
T("clean", "App update made everything slower. Please roll it back.")

# ---- near misses: look like personal data, aren't ------------------------------------------
T("near_miss", "Order {order} was charged {price} but the basket said {price2}. Please explain.")
T("near_miss", "Our flight {flight} was delayed by {n} hours and nobody at gate B{d2} knew anything.")
T("near_miss", "Since updating to version {version} the app logs me out every time.")
T("near_miss", "Firmware {version4} broke the wifi on my router. Rolled back to {version} and it works.")
T("near_miss", "Will the sale still be on in May? I want to buy the {product} then.")
T("near_miss", "Will someone please reply?! Ticket {ticket} has been open since {date}.")
T("near_miss", "The Jubilee line was suspended so I got the Elizabeth line instead and still arrived late.")
T("near_miss", "Bought a Ted Baker jacket and a pair of Dr. Martens boots; both arrived on {date}.")
T("near_miss", "Delivery promised between {time} and {time}, arrived at 21:40. Reference {ticket}.")
T("near_miss", "My 3-year-old laptop still runs fine, it's the charger that failed after 2 years.")
T("near_miss", "The store on Victoria Street closed at 5pm even though Google says 8pm.")
T("near_miss", "Paid {price} for 2 x 500ml bottles, that's more than at Marks & Spencer.")
T("near_miss", "Invoice INV-2024-{d4} dated {date} shows {pct}% VAT, should be 20%.")
T("near_miss", "Model number WM-{d4}B, serial batch 24{d2}. The door seal is leaking.")
T("near_miss", "I was told 10-14 working days on {date}. It's now day {d2}.")
T("near_miss", "The Grace period for payment is 14 days, but you charged a late fee after 10.")
T("near_miss", "Ordered the Margherita and a Caesar salad, received a Hawaiian. Table {d2}.")
T("near_miss", "Ford Focus hire car, registration doesn't match the booking. Picked up at Terminal {n}.")
T("near_miss", "Version {version} release notes say the bug is fixed. It isn't.")
T("near_miss", "Temperature in room {n}0{n} was 28°C. Aircon set to 18 but nothing happened.")
T("near_miss", "Train from Charing Cross at 07:52 cancelled again. Third time this month.")
T("near_miss", "Alexa keeps saying the device is offline. Reset it {n} times.")
T("near_miss", "Washington and Lincoln are both out of stock in the sofa range, the website says otherwise.")
T("near_miss", "Mark the parcel as fragile next time please. Two of the {n} glasses were broken.")
T("near_miss", "Charged {price} on {date} and again {price} on {date2}. That's a duplicate.")
T("near_miss", "Customer for {years} years, 4 stars out of 5, would be 5 if the app had dark mode.")
T("near_miss", "Open 24/7 they said. Closed at 23:00 on a {weekday}.")
T("near_miss", "Sydney to Melbourne leg, seat 14C, no in-flight entertainment for 1h 25m.")
T("near_miss", "Booked the 18:05 from Amsterdam Centraal, coach {n}, seat {d2}. The reservation wasn't honoured.")
T("near_miss", "Price on the shelf {price}, price at the till {price2}. Receipt no. {d4}-{d2}.")
T("near_miss", "May I ask why the {product} in the {city} store costs more than online?")
T("near_miss", "The Victoria line was closed so I took a taxi – cost {price}. Will you reimburse?")
T("near_miss", "Charged twice for order {order}: once on {date} and once on {date2}.")
T("near_miss", "Product code {d4}-{d3} is listed as in stock but the shelf is empty.")
T("near_miss", "The 2-year guarantee ran out in {month}, and the {product} died in {month}. Typical.")
T("near_miss", "Room {d3} on floor {n}: the safe code reset itself. Front desk fixed it in 5 minutes.")
T("near_miss", "Gate changed from A{n} to C{d2} for flight {flight}, no announcement in English.")
T("near_miss", "Bill said {pct}% service charge was optional, the waiter said it wasn't.")
T("near_miss", "Tracking number {order} hasn't updated for {days} days.")
T("near_miss", "I use Chrome {version} on Windows 11 and the payment page is blank.")
T("near_miss", "Hope the new {city} branch is better than the old one. Opening {month} {n}th apparently.")
T("near_miss", "Bought a Tommy Hilfiger coat for {price}; the zip broke after {weeks} weeks.")
T("near_miss", "Jack Wills hoodie, size M, order {order}. Arrived in size XL.")
T("near_miss", "Our 5-year-old dishwasher is out of warranty, but the part failed in week {n}.")
T("near_miss", "Bill shock: {price} for {n} GB of roaming data. Nobody warned me.")
T("near_miss", "Wifi password on the card in room {d2} doesn't work. Ticket {ticket}.")
T("near_miss", "Eggs Benedict and a Bloody Mary at brunch were both perfect. Service slow though.")
T("near_miss", "St Albans store staff were great, Kings Langley not so much.")


# sentences with no personal data, added before or after clean and near-miss texts for variety
CLEAN_SENTENCES = [
    "Overall I'm disappointed.", "Would recommend.", "Five stars, no notes.", "Not impressed at all.",
    "The packaging was recyclable, which I appreciated.", "The staff seemed overworked.",
    "Please fix the app.", "Customer service was polite but couldn't help.", "It took three emails to get an answer.",
    "Really happy with the quality.", "The price has gone up again.", "I will not be renewing.",
    "Delivery slot was respected.", "The instructions were only in one language.", "Nobody told me about the delay.",
    "Great value.", "Parking at the store is a nightmare.", "The online chat closes far too early.",
    "Quality has dropped over the last year.", "Thanks for listening.", "The returns process was painless.",
    "Had to chase twice.", "Staff were friendly.", "Long queue at the tills.", "The website kept timing out.",
    "I'd give zero stars if I could.", "Happy customer here.", "Refund was fast.", "The hold music is awful.",
    "Please train the new starters properly.", "Love the new design.", "Will definitely come back.",
    "Too much plastic in the box.", "The survey is too long.", "Everything was as described.",
    "The product smelled strongly of chemicals.", "It was cold in the waiting area.", "Clear communication throughout.",
    "The courier was polite.", "The replacement arrived the next day.", "Not worth the money.",
    "The app logs me out constantly.", "Easy to book online.", "Checkout was smooth.", "Very slow service.",
    "The food was lukewarm.", "Room was spotless.", "Wi-Fi didn't work in the room.", "Good selection of vegan options.",
    "The ticket machine was broken.", "Toilets were dirty.", "Nice touch with the handwritten note.",
    "I had to explain the problem four times.", "The manager apologised, which helped.",
    "Fair price for what you get.", "Wouldn't trust them again.", "Sizes run small.", "Battery life is poor.",
    "Setup took five minutes.", "Brilliant, just brilliant.", "Meh.", "So-so experience overall.",
]


# ---------------------------------------------------------------------------------------------
# assembly and checks
# ---------------------------------------------------------------------------------------------
GROUP_COUNTS = {"pii": 795, "names": 300, "clean": 225, "near_miss": 180}


def check_spans(text, spans, where):
    prev_end = -1
    for sp in spans:
        assert sp["label"] in LABELS, (where, sp)
        assert 0 <= sp["start"] < sp["end"] <= len(text), (where, sp)
        assert text[sp["start"]:sp["end"]] == sp["text"], (where, sp)
        assert sp["text"] == sp["text"].strip(), (where, sp)
        assert sp["start"] >= prev_end, ("overlap", where, sp)
        prev_end = sp["end"]


def stray_copy(text, spans):
    """True when a labelled value (4+ chars) also occurs, as a whole token, outside every span."""
    covered = [False] * len(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            covered[i] = True
    for sp in spans:
        v = sp["text"]
        if len(v) < 4:
            continue
        i = text.find(v)
        while i >= 0:
            j = i + len(v)
            whole = (i == 0 or not text[i - 1].isalnum()) and (j == len(text) or not text[j].isalnum())
            if whole and not all(covered[i:j]):
                return True
            i = text.find(v, i + 1)
    return False


def generate(seed):
    rng = random.Random(seed)
    world = World(seed)
    rows = []
    seen = set()
    for group in ("pii", "names", "clean", "near_miss"):
        temps = [t for t in TEMPLATES if t["group"] == group]
        order = []
        while len(order) < GROUP_COUNTS[group]:
            batch = temps[:]
            rng.shuffle(batch)
            order.extend(batch)
        order = order[:GROUP_COUNTS[group]]
        locs = []
        for t in order:
            if not locs:
                locs = LOCALES[:]
                rng.shuffle(locs)
            if t["only"]:
                loc = rng.choice(t["only"])
            else:
                loc = locs.pop()
            for attempt in range(60):
                ctx = Ctx(world, rng, loc)
                text, spans = render(ctx, t["text"])
                if group in ("clean", "near_miss") and "\n" not in text and (attempt > 0 or rng.random() < 0.6):
                    extra = rng.choice(CLEAN_SENTENCES)
                    text = text + " " + extra if rng.random() < 0.7 else extra + " " + text
                if (text not in seen or attempt >= 40) and not stray_copy(text, spans):
                    break
            else:
                raise RuntimeError("could not render " + t["text"][:40])
            check_spans(text, spans, t["text"][:40])
            if group in ("clean", "near_miss"):
                assert not spans, (group, text)
            else:
                assert spans, (group, text)
            if group == "names":
                assert all(sp["label"] == "person" for sp in spans), text
            seen.add(text)
            rows.append({"text": text, "spans": spans, "group": group, "locale": loc})
    rng.shuffle(rows)
    out = []
    for i, r in enumerate(rows, 1):
        out.append({"id": f"unseen-{i:05d}", "text": r["text"], "spans": r["spans"], "group": r["group"],
                    "locale": r["locale"]})
    return out


def handwritten_rows():
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    sys.dont_write_bytecode = True
    import handwritten  # noqa: E402
    rows = []
    for i, (loc, text, items) in enumerate(handwritten.ITEMS, 1):
        spans = []
        for label, lit in items:
            assert label in LABELS, (i, label)
            hits = [k for k in range(len(text)) if text.startswith(lit, k)]
            assert len(hits) == 1, f"handwritten #{i}: {lit!r} found {len(hits)} times"
            spans.append({"start": hits[0], "end": hits[0] + len(lit), "label": label, "text": lit})
        spans.sort(key=lambda s: (s["start"], s["end"]))
        check_spans(text, spans, f"handwritten #{i}")
        rows.append({"id": f"unseen-hw-{i:04d}", "text": text, "spans": spans, "group": "handwritten",
                     "locale": loc})
    return rows


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def summary(rows):
    by_label, by_group = {}, {}
    for r in rows:
        by_group[r["group"]] = by_group.get(r["group"], 0) + 1
        for sp in r["spans"]:
            by_label[sp["label"]] = by_label.get(sp["label"], 0) + 1
    return by_group, {k: by_label.get(k, 0) for k in LABELS}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--out", default="fixtures/pii/unseen.jsonl")
    ap.add_argument("--hand-out", default="fixtures/pii/unseen_handwritten.jsonl")
    args = ap.parse_args()
    if faker.VERSION != FAKER_VERSION:
        sys.exit(f"Faker {FAKER_VERSION} required (found {faker.VERSION}); run generate_unseen.sh")
    rows = generate(args.seed)
    write_jsonl(args.out, rows)
    hand = handwritten_rows()
    write_jsonl(args.hand_out, hand)
    for name, rs in (("unseen", rows), ("unseen_handwritten", hand)):
        g, lab = summary(rs)
        print(name, len(rs), "texts;", "groups:", g)
        print("  spans:", lab)
    print("locales:", len(LOCALES), " ".join(LOCALES))


if __name__ == "__main__":
    main()
