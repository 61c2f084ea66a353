"""Find schools by name, URN, UKPRN, town or postcode, and childcare providers by Ofsted URN,
name, town or postcode, in any word order, forgiving typos.

Names are normalised the same way when stored (``search_text``) and when searched: lower case,
apostrophes dropped ("St Mary's" = "st marys"), punctuation to spaces, "saint" written "st",
"church of england" written "c of e". Every word of the query must start a word of the school's
text; open schools come first.

When no school matches every word, each word is corrected against the words that occur in
school names (one edit: a letter missing, extra, wrong or two letters swapped, found with a
symmetric-delete index) and the search runs again with the corrections. The index is built once
per process and register from ``search_text`` and rebuilt when the rows change (count or last
update).
"""

import re
import threading
import time
from dataclasses import dataclass

from django.db.models import Count, Max, Model, Q, QuerySet

from npq.reference.models import ChildcareProvider, School

_OFSTED_URN = re.compile(r"^(ey)?\d{6,7}$")
_APOSTROPHES = re.compile(r"[’'`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PHRASES = [("church of england", "c of e"), ("cofe", "c of e"), ("saint", "st"), ("&", " and ")]
MIN_FUZZY_LENGTH = 4
MAX_CORRECTIONS = 12
REBUILD_AFTER_SECONDS = 600  # also catches bulk updates that leave updated_at alone
RECHECK_AFTER_SECONDS = 30.0  # how often a search asks whether the schools have changed


def normalise(text: str) -> str:
    text = _APOSTROPHES.sub("", text.lower())
    for long, short in _PHRASES:
        text = text.replace(long, short)
    return " ".join(_NON_WORD.sub(" ", text).split())


def search_text_for(school: School) -> str:
    parts = [school.name, school.town, school.postcode, school.postcode.replace(" ", ""), school.urn, school.ukprn]
    return " " + normalise(" ".join(p for p in parts if p)) + " "


def search_text_for_childcare(provider: ChildcareProvider) -> str:
    parts = [
        provider.name,
        provider.town,
        provider.postcode,
        provider.postcode.replace(" ", ""),
        provider.ofsted_urn,
        provider.local_authority,
    ]
    return " " + normalise(" ".join(p for p in parts if p)) + " "


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of at most one (including two neighbours swapped)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@dataclass
class _Vocabulary:
    signature: tuple[object, ...]
    built_at: float
    checked_at: float
    words: set[str]
    by_delete: dict[str, set[str]]

    def corrections(self, word: str) -> list[str]:
        found = set()
        if word in self.words:
            found.add(word)
        for key in {word} | _deletes(word):
            found |= {w for w in self.by_delete.get(key, ()) if _within_one_edit(word, w)}
            if key in self.words and _within_one_edit(word, key):
                found.add(key)
        return sorted(found, key=lambda w: (w != word, w))[:MAX_CORRECTIONS]


_lock = threading.Lock()
_cache: dict[str, _Vocabulary] = {}


Register = type[School] | type[ChildcareProvider]


def _signature(model: type[Model]) -> tuple[object, ...]:
    figures = model._default_manager.aggregate(last=Max("updated_at"), top=Max("id"), rows=Count("id"))
    return (figures["top"], figures["rows"], figures["last"])


def _vocabulary(recheck: bool = False, model: Register = School) -> _Vocabulary:
    register = model._meta.label
    with _lock:
        cached = _cache.get(register)
    if not recheck and cached is not None and time.monotonic() - cached.checked_at < RECHECK_AFTER_SECONDS:
        return cached
    signature = _signature(model)
    with _lock:
        fresh = cached is not None and time.monotonic() - cached.built_at < REBUILD_AFTER_SECONDS
        if cached is not None and fresh and cached.signature == signature:
            cached.checked_at = time.monotonic()
            return cached
    words: set[str] = set()
    for text in model._default_manager.values_list("search_text", flat=True).iterator(chunk_size=5000):
        words.update(w for w in text.split() if len(w) >= MIN_FUZZY_LENGTH and not any(ch.isdigit() for ch in w))
    by_delete: dict[str, set[str]] = {}
    for word in words:
        for key in _deletes(word):
            by_delete.setdefault(key, set()).add(word)
    built = _Vocabulary(signature, time.monotonic(), time.monotonic(), words, by_delete)
    with _lock:
        _cache[register] = built
    return built


def _all_words(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=f" {word}")
    return condition


def schools(query: str) -> QuerySet[School]:
    words = normalise(query).split()
    queryset = School.objects.all()
    if not words:
        return queryset.none()
    if len(words) == 1 and words[0].isdigit():
        return queryset.filter(Q(urn=words[0]) | Q(ukprn=words[0])).order_by("-is_open", "name")
    exact = queryset.filter(_all_words(words)).order_by("-is_open", "name")
    if exact.exists():
        return exact
    return fuzzy_schools(words)


def _fuzzy(model: Register, words: list[str]) -> Q:
    """Every word, or a one-edit correction of it, starts a word of the row's search text."""
    vocabulary = _vocabulary(model=model)
    fuzzy_words = [w for w in words if len(w) >= MIN_FUZZY_LENGTH and not w.isdigit()]
    if any(not vocabulary.corrections(w) for w in fuzzy_words):
        vocabulary = _vocabulary(recheck=True, model=model)  # a word we do not know: the rows may have changed
    condition = Q()
    for word in words:
        alternatives = Q(search_text__contains=f" {word}")
        if word in fuzzy_words:
            for correction in vocabulary.corrections(word):
                alternatives |= Q(search_text__contains=f" {correction} ")
        condition &= alternatives
    return condition


def fuzzy_schools(words: list[str]) -> QuerySet[School]:
    """Schools where every word, or a one-edit correction of it, starts a word."""
    return School.objects.filter(_fuzzy(School, words)).order_by("-is_open", "name")


def childcare_providers(query: str) -> QuerySet[ChildcareProvider]:
    """Childcare providers by Ofsted URN ("EY123456", with or without spaces; exact), or by
    name, town, postcode or local authority words, forgiving typos; active providers first."""
    words = normalise(query).split()
    queryset = ChildcareProvider.objects.all()
    if not words:
        return queryset.none()
    joined = "".join(words)
    if _OFSTED_URN.match(joined):
        return queryset.filter(ofsted_urn=joined.upper()).order_by("-is_active", "name")
    exact = queryset.filter(_all_words(words)).order_by("-is_active", "name", "ofsted_urn")
    if exact.exists():
        return exact
    return queryset.filter(_fuzzy(ChildcareProvider, words)).order_by("-is_active", "name", "ofsted_urn")
