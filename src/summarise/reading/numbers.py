"""The value of a number as written: digits, words, or both ("1.2 million", "two dozen").

spaCy finds the number tokens; it does not say what they are worth. Digits are
read here (thousands separators may be commas, spaces or thin spaces); number
words go to ``text2num`` (a maintained parser of "twenty-one", "three thousand
five hundred"). Two things it does not read are handled here: a digit figure
followed by a scale word ("1.2 million", "$4bn") and "dozen". Vague plurals
("thousands of", "dozens") are no figure at all and give None.
"""

from __future__ import annotations

import re

from text_to_num import text2num

SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_DOZEN = 12.0
_DIGITS = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_SEPARATORS = re.compile(r"[,\u00a0\u202f\u2009 ]")
_VAGUE = {"hundreds", "thousands", "millions", "billions", "dozens", "scores", "tens"}

# Currencies by how articles write them, to compare "€300" with "300 euros".
CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY", "yuan": "CNY", "cny": "CNY", "renminbi": "CNY",
    "₩": "KRW", "krw": "KRW", "won": "KRW", "₽": "RUB", "rub": "RUB", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "₹": "INR", "inr": "INR", "rupee": "INR", "rupees": "INR",
    "₴": "UAH", "uah": "UAH", "hryvnia": "UAH", "hryvnias": "UAH",
    "chf": "CHF", "franc": "CHF", "francs": "CHF",
}  # fmt: skip


def currency(unit: str | None) -> str | None:
    """The ISO code of a currency as written ("€", "euros", "EUR" -> "EUR"), else None."""
    return CURRENCIES.get(unit.lower()) if unit else None


def value_of(text: str) -> float | None:
    """What a number as written is worth, or None when it is no definite figure."""
    # "2.5bn" is written without a space, though the tokenizer splits it as "2.5 billion" is.
    spaced = re.sub(r"(?<=[0-9])(?=bn\b)", " ", text, flags=re.IGNORECASE)
    words = spaced.replace("-", " ").replace("\u2010", " ").split()
    if not words or words[0].lower() in _VAGUE:
        return None
    factor = 1.0
    while words and (words[-1].lower() in SCALES or words[-1].lower() == "dozen"):
        last = words.pop().lower()
        factor *= _DOZEN if last == "dozen" else SCALES[last]
    if not words:  # a bare "dozen" or "hundred" is one of it
        return factor
    head = " ".join(words)
    if _DIGITS.match(head):
        return float(_SEPARATORS.sub("", head)) * factor
    if head.lower() in ("a", "an"):
        return factor
    if any(ch.isdigit() for ch in head):
        return None
    try:
        return float(text2num(head.lower(), "en")) * factor
    except ValueError:
        return None
