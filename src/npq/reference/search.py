"""Find schools by name, URN, UKPRN, town or postcode, in any word order.

Names are normalised the same way when stored (``search_text``) and when searched: lower case,
apostrophes dropped ("St Mary's" = "st marys"), punctuation to spaces, "saint" written "st",
"church of england" written "c of e". Every word of the query must appear; open schools first.
"""

import re

from django.db.models import Q, QuerySet

from npq.reference.models import School

_APOSTROPHES = re.compile(r"[’'`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PHRASES = [("church of england", "c of e"), ("cofe", "c of e"), ("saint", "st"), ("&", " and ")]


def normalise(text: str) -> str:
    text = _APOSTROPHES.sub("", text.lower())
    for long, short in _PHRASES:
        text = text.replace(long, short)
    return " ".join(_NON_WORD.sub(" ", text).split())


def search_text_for(school: School) -> str:
    parts = [school.name, school.town, school.postcode, school.postcode.replace(" ", ""), school.urn, school.ukprn]
    return " " + normalise(" ".join(p for p in parts if p)) + " "


def schools(query: str) -> QuerySet[School]:
    words = normalise(query).split()
    queryset = School.objects.all()
    if not words:
        return queryset.none()
    if len(words) == 1 and words[0].isdigit():
        return queryset.filter(Q(urn=words[0]) | Q(ukprn=words[0])).order_by("-is_open", "name")
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=f" {word}")
    return queryset.filter(condition).order_by("-is_open", "name")
