"""Which language an article is written in: a fast, deterministic guess.

Non-Latin scripts decide by themselves (Hangul is Korean, kana Japanese, ...).
Latin-script text is scored by hits on short lists of each language's most
frequent function words, a word shared by several lists counting for each a
share. Only lower-case words are counted, so proper nouns ("Kim Jong Un",
"Pyongyang") cannot pull English news towards another language; text with no
lower-case word at all (a shouted headline) is counted as a whole.
"""

from __future__ import annotations

import re
from collections import Counter

UNDETERMINED = "und"
SAMPLE_CHARS = 2000  # the start of an article tells its language; reading more only costs time
MIN_WORDS = 5
MIN_UNSPACED_LETTERS = 10  # Chinese, Japanese and Thai do not separate words: count characters instead
MIN_HITS = 3  # fewer function words than this in the best language is too little to tell
FULL_EVIDENCE = 6  # this many function-word hits make a short text as certain as a long one
FULL_COVERAGE = 0.25  # function words are at least a quarter of the lower-case words of real prose

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to a in is that for it on with as was by at from his her he she they we are be "
              "this have has had not but or an were which been their its said will would who more after "
              "about also than when there what all can could if no so them some these into over",
        "fr": "le la les de des du un une et est en que qui dans pour pas sur au aux avec ce cette ces il "
              "elle ils elles nous vous on se sa son ses leur leurs mais ou par plus ne été être sont ont "
              "avait était comme tout l d qu y lui aussi après selon entre sans",
        "de": "der die das den dem des ein eine einen einem einer und ist in im zu mit von für auf nicht "
              "sich auch es er sie wir ich wie als an am aus bei nach noch oder aber nur wird wurde werden "
              "hat haben sind war dass vor über um zum zur dieser diese durch",
        "es": "el la los las de del un una unos y en que es por con para se no al lo su sus como más pero "
              "ha han fue era este esta estos sobre entre también sin muy ya o le les hasta desde donde "
              "cuando porque tras según dijo hay ser está están",
        "it": "il lo la i gli le di del della dei delle un una uno e è in che per con non si da al alla ai "
              "sono ha hanno come più ma anche questo questa nel nella sul sulla dal dalla tra fra dopo "
              "ancora essere stato era suo sua loro o ci l dell degli",
        "pt": "o a os as de do da dos das um uma e é em no na nos nas que por para com não se ao à aos "
              "mais mas como foi são ser está seu sua seus suas pelo pela também já ou entre sobre muito "
              "tem até quando depois disse",
        "nl": "de het een en van in is op te dat die niet met voor zijn er aan als ook maar bij om door "
              "uit over nog wat naar dan wel al was werd worden heeft hebben hij zij ze ik we deze dit tot "
              "zich of kan geen meer",
        "sv": "och i att det som en på är av för med till den har de inte om ett var jag han hon vi men "
              "från så kan sig eller efter när vid hade nu också där skulle bara mot under över alla sina "
              "sitt detta",
        "pl": "i w na z się nie do to że jest o jak a od po za ale co przez dla tak jego jej już są był "
              "była było przy może tylko ich który która które też oraz lub być tym ten ta czy pod nad "
              "bardzo gdy",
        "tr": "ve bir bu da de için ile olarak olan çok daha gibi en ne o kadar sonra ancak ama her şey "
              "değil var yok mi mı ise veya ya hem ki göre şu tarafından üzerinde arasında içinde olduğu "
              "oldu etti",
        "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada adalah oleh sebagai "
              "karena atau bisa saat telah sudah mereka kami kita saya ia dia tersebut lebih para hanya "
              "namun secara bahwa",
    }.items()
}


def _word_weights(lists: dict[str, frozenset[str]]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each word's languages, each with its share of a hit: "de" (five lists) says little, "the" much."""
    languages: dict[str, list[str]] = {}
    for lang, words in lists.items():
        for word in words:
            languages.setdefault(word, []).append(lang)
    return {word: tuple((lang, 1 / len(langs)) for lang in langs) for word, langs in languages.items()}


_WEIGHTS = _word_weights(FUNCTION_WORDS)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # apostrophes split: "l'homme" is "l" + "homme"
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Letters of each non-Latin script, keyed by what they decide; kana and Han are sorted out below.
_SCRIPTS: dict[str, re.Pattern[str]] = {
    "ko": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "kana": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]"),
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "el": re.compile(r"[\u0370-\u03ff]"),
    "hi": re.compile(r"[\u0900-\u097f]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
}
_UNSPACED = frozenset({"zh", "ja", "th"})
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def detect_language(text: str) -> tuple[str, float]:
    """An ISO 639-1 code and a confidence in 0..1 for text; ("und", 0.0) when there is too little to tell."""
    sample = text[:SAMPLE_CHARS]
    counts = Counter({script: len(pattern.findall(sample)) for script, pattern in _SCRIPTS.items()})
    latin = len(_LATIN.findall(sample))
    if latin >= counts.total():  # Latin letters are at least half of all letters (or there are none)
        return _by_function_words(_WORD.findall(sample))
    return _by_script(sample, counts, latin)


def is_english(text: str, min_confidence: float = 0.3) -> bool:
    """True when text is detected as English with at least ``min_confidence`` (too short is not English)."""
    language, confidence = detect_language(text)
    return language == "en" and confidence >= min_confidence


def _by_script(sample: str, counts: Counter[str], latin: int) -> tuple[str, float]:
    """The language the main non-Latin script stands for, with the share of letters written in it."""
    ideographs = counts["han"] + counts["kana"]
    script, letters = max(((s, n) for s, n in counts.items() if s not in ("han", "kana")),
                          key=lambda item: item[1])
    if ideographs > letters:
        # Japanese mixes Han with kana; Chinese has none (a stray katakana name is under a tenth).
        script, letters = ("ja" if counts["kana"] > 0.1 * ideographs else "zh"), ideographs
    if _too_little(sample, script, letters):
        return UNDETERMINED, 0.0
    language = _cyrillic(sample) if script == "cyrillic" else script
    return language, round(letters / (counts.total() + latin), 3)


def _too_little(sample: str, script: str, letters: int) -> bool:
    if script in _UNSPACED:
        return letters < MIN_UNSPACED_LETTERS
    return len(_WORD.findall(sample)) < MIN_WORDS


def _cyrillic(sample: str) -> str:
    ukrainian, russian = len(_UKRAINIAN_ONLY.findall(sample)), len(_RUSSIAN_ONLY.findall(sample))
    return "uk" if ukrainian > russian else "ru"


def _by_function_words(words: list[str]) -> tuple[str, float]:
    """The language whose function words the lower-case words hit most, with a confidence."""
    if len(words) < MIN_WORDS:
        return UNDETERMINED, 0.0
    counted = [word for word in words if word[0].islower()] or [word.lower() for word in words]
    scores: dict[str, float] = dict.fromkeys(FUNCTION_WORDS, 0.0)
    hits: Counter[str] = Counter()
    for word in counted:
        for lang, weight in _WEIGHTS.get(word, ()):
            scores[lang] += weight
            hits[lang] += 1
    best, runner_up = sorted(scores, key=scores.__getitem__, reverse=True)[:2]
    if hits[best] < MIN_HITS:
        return UNDETERMINED, 0.0
    score, runner_up_score = scores[best], scores[runner_up]
    margin = (score - runner_up_score) / (score + runner_up_score)  # 1.0 alone, 0.0 for a tie
    coverage = min(1.0, hits[best] / len(counted) / FULL_COVERAGE)
    evidence = min(1.0, hits[best] / FULL_EVIDENCE)
    return best, round(margin * coverage * evidence, 3)
