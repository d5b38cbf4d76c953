"""Korean particles after a name: 을/를, 이/가, 은/는, 과/와, 으로/로 (and 이나/나, 이라/라, 아/야),
chosen by how the name ends when read aloud.

A name that ends in a consonant (a Hangul syllable with a final consonant, 받침) takes the first
form ("면담을", "김영훈 장관이"); one that ends in a vowel the second ("회의를", "응보가"). 으로/로
also takes 로 after a final ㄹ ("서울로", "세종으로"). Names are not always Hangul:

- **digits** are read as Sino-Korean numbers: 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant
  (1, 7, 8 in ㄹ), 2 이, 4 사, 5 오, 9 구 in a vowel, and the zeros at the end of a number name
  its unit: 10 십, 100 백, 1000 천, then 만, 억 (consonants) and 조 (a vowel) for each four zeros
  more (1,200,000 is 백이십만); 0 alone is 영.
- **an abbreviation** (two or more capitals, or one) is read letter by letter: L (엘) and R
  (알) end in ㄹ, M (엠) and N (엔) in another consonant, every other letter in a vowel
  ("ILO는", "ICT는").
- **a word in Latin letters** is read as Korean writes such names: a final l (or a consonant
  and le, as in Google) is ㄹ, a final m, n or ng, or a vowel and a silent ne or me ("phone",
  "game"), another consonant; anything else a vowel, since Korean adds 으 after a final stop
  ("Gilbert" 질베르, "Smith" 스미스) and drops a final r ("Center" 센터).
- what follows the name and is not read with it is skipped: closing quotes and brackets, a full
  stop, and a part in parentheses after the name ("국제노동기구(ILO)" is read 국제노동기구).

A name whose end cannot be read (no letter or digit at all) takes both forms, as Korean writes
them when it cannot choose: 을(를), 이(가), 은(는), 과(와), (으)로, (이)나, (이)라, 아(야).
"""

from __future__ import annotations

import re
from enum import Enum


class Ending(Enum):
    """How a name ends when read aloud."""

    VOWEL = "vowel"
    CONSONANT = "consonant"
    RIEUL = "rieul"
    """The final consonant ㄹ (which takes 로, not 으로)."""
    UNKNOWN = "unknown"


_FORMS = (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로"), ("이나", "나"), ("이라", "라"), ("아", "야"))
PAIRS: dict[str, tuple[str, str]] = {form: pair for pair in _FORMS for form in pair} | {f"{a}/{b}": (a, b) for a, b in _FORMS}
"""Every way to name a particle (either form, or both as '을/를') → (after a consonant, after a
vowel)."""

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8
"""The index of ㄹ among the final consonants of a Hangul syllable."""
_DIGIT = {"0": Ending.CONSONANT, "1": Ending.RIEUL, "2": Ending.VOWEL, "3": Ending.CONSONANT, "4": Ending.VOWEL,
          "5": Ending.VOWEL, "6": Ending.CONSONANT, "7": Ending.RIEUL, "8": Ending.RIEUL, "9": Ending.VOWEL}
"""How each digit ends, read as a Sino-Korean number (영, 일, 이, 삼, 사, 오, 육, 칠, 팔, 구)."""
_LETTER = {"L": Ending.RIEUL, "R": Ending.RIEUL, "M": Ending.CONSONANT, "N": Ending.CONSONANT}
"""How a capital letter read alone ends (엘, 알, 엠, 엔); every other letter ends in a vowel."""
_TRAILING = re.compile(r"[\s.,!?;:'\"’”»」』〉》\]}]+$")
_PARENTHESIS = re.compile(r"\s*[(（][^()（）]*[)）]$")
_LATIN_RUN = re.compile(r"[A-Za-z]+$")
_NUMBER_RUN = re.compile(r"[0-9][0-9,]*$")


def ending(name: str) -> Ending:
    """How ``name`` ends when read aloud (see the module's rules)."""
    text = name
    while True:
        before = text
        text = _TRAILING.sub("", text)
        stripped = _PARENTHESIS.sub("", text)
        if stripped:  # a name that is only a parenthesis is read as it is
            text = stripped
        if text == before:
            break
    if not text:
        return Ending.UNKNOWN
    last = text[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        final = (code - _HANGUL_FIRST) % 28
        return Ending.VOWEL if final == 0 else Ending.RIEUL if final == _RIEUL else Ending.CONSONANT
    if last.isdigit() and last.isascii():
        found = _NUMBER_RUN.search(text)
        return _number(found.group().replace(",", "") if found else last)
    if last.isascii() and last.isalpha():
        found = _LATIN_RUN.search(text)
        return _latin(found.group() if found else last)
    return Ending.UNKNOWN


def _number(digits: str) -> Ending:
    """A number read in Sino-Korean: its last digit, or the unit its final zeros name."""
    significant = digits.rstrip("0")
    zeros = len(digits) - len(significant)
    if not significant:
        return Ending.CONSONANT  # 영
    if zeros == 0:
        return _DIGIT[significant[-1]]
    if zeros < 4:
        return Ending.CONSONANT  # 십, 백, 천
    return Ending.VOWEL if zeros // 4 == 3 else Ending.CONSONANT  # 만, 억, 조 (and past 조: 경, a consonant)


def _latin(word: str) -> Ending:
    """A run of Latin letters: spelled out when it is an abbreviation, else read as a word."""
    if word.isupper():
        return _LETTER.get(word[-1], Ending.VOWEL)
    lower = word.lower()
    if lower.endswith("l") or (len(lower) > 2 and lower.endswith("le") and lower[-3] not in "aeiou"):
        return Ending.RIEUL
    if lower.endswith(("m", "n", "ng")) or (len(lower) > 2 and lower.endswith(("ne", "me")) and lower[-3] in "aeiouy"):
        return Ending.CONSONANT
    return Ending.VOWEL


def particle(name: str, form: str) -> str:
    """The particle ``form`` (any form of a pair: '을', '를' or '을/를') as it follows ``name``."""
    after_consonant, after_vowel = PAIRS[form]
    found = ending(name)
    if found is Ending.UNKNOWN:  # both, as Korean writes them: (으)로 where one contains the other, else 을(를)
        if after_consonant.endswith(after_vowel):
            return f"({after_consonant.removesuffix(after_vowel)}){after_vowel}"
        return f"{after_consonant}({after_vowel})"
    if found is Ending.VOWEL or (found is Ending.RIEUL and after_consonant == "으로"):
        return after_vowel
    return after_consonant


def attach(name: str, form: str) -> str:
    """``name`` followed by the particle ``form`` it takes: '면담을', '응보가', '서울로'."""
    return name + particle(name, form)


UNDECIDED = (
    {f"{a}({b})": f"{a}/{b}" for a, b in _FORMS}
    | {f"{b}({a})": f"{a}/{b}" for a, b in _FORMS}
    | {f"({a.removesuffix(b)}){b}": f"{a}/{b}" for a, b in _FORMS if a.endswith(b)}
)
"""Both forms as Korean writes them when it does not choose — '을(를)', '이(가)', '(으)로' — and
the pair each names (:func:`resolve` chooses)."""
_UNDECIDED = re.compile("|".join(re.escape(k) for k in sorted(UNDECIDED, key=len, reverse=True)))


def resolve(name: str, following: str) -> str:
    """``following`` (the text right after ``name`` in a sentence) with the undecided particle it
    starts with, if any, chosen for ``name``: after '김영훈 장관', '이(가) 참석' becomes '이 참석'."""
    found = _UNDECIDED.match(following)
    if found is None:
        return following
    return particle(name, UNDECIDED[found.group()]) + following[found.end():]
