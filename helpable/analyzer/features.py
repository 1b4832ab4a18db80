"""What the learned analyzer reads in a pitch: word n-grams per clause, the same
words marked by the cue that governs them, and the pitch's context.

Every feature remembers which clause and which characters of the text it came
from, so a verdict can point at the words that carry it. Training (with
scikit-learn) and the shipped numpy inference call the same :func:`extract`,
so they see exactly the same features.

Cue marks, each running to the end of its clause:

* ``neg:`` after a negation ("I'm *not asking you to refer me*");
* ``rep:`` after a reporting verb ("my aunt *said you could get me in*");
* ``self:`` after the seeker's own promise ("*I'll call him myself*");
* ``offer:`` after an offer ("thank you for *offering to call Dev*").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from helpable.analyzer.segment import Clause, clauses
from helpable.analyzer.text import normalize

FEATURE_VERSION = "2026-12-01.6"
"""Changes whenever :func:`extract` changes, so a model trained on other features is refused."""

WORD_NGRAMS = (1, 2, 3)
MAX_CHARS = 20_000
"""Only the first this many characters are read (a pitch is a few sentences)."""

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NEGATIONS = frozenset(
    {"not", "never", "no", "nothing", "nobody", "none", "without", "neither", "nor"}
)
_REPORTING = frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "tells",
        "suggested",
        "suggests",
        "mentioned",
        "mentions",
        "recommended",
        "advised",
        "insisted",
        "thinks",
        "reckons",
    }
)
_OFFERS = frozenset({"offer", "offers", "offered", "offering"})
SUPPRESS: frozenset[str] = frozenset({"self"})
"""Marks whose words are read only with the mark, never as plain words."""
_EVENT_PREFIX = {"social_gathering": "g:", "professional_event": "p:"}
"""At a gathering, each word is also read with the setting ("g:resume")."""
FUNCTION_WORDS = frozenset(
    """a an the and or but so if to of for in on at by with from as about into than then
    i me my mine we us our you your yours u ur he him his she her they them their it its
    this that these those there here what which who whom whose when where why how
    is am are was were be been being do does did have has had will would shall should
    can could may might must i'm i'd i've you're you'd you've it's that's
    just also too very really maybe any some all not no""".split()
)
_SELF_AFTER_I = frozenset({"will", "shall", "can", "plan", "promise", "intend"})
_REQUEST = re.compile(
    r"\b(?:please|pls|plz|kindly|could you|would you|can you|will you|can u|could u|would u"
    r"|would it be|do you mind|would you mind|if you could|lmk|let me know|i'd love|i would love"
    r"|i'd be grateful|i would be grateful|hoping you)\b"
)


class Feature(NamedTuple):
    """One feature and where it came from (``clause`` is -1 for the context)."""

    name: str
    clause: int
    start: int
    end: int


def document(text: str, setting: str | None = None, relationship: str | None = None) -> str:
    """One string holding a pitch and its context, as training and inference pass it."""
    return f"{setting or ''}\t{relationship or ''}\t{text}"


def split_document(doc: str) -> tuple[str, str, str]:
    """(setting, relationship, text) from :func:`document`."""
    setting, relationship, text = doc.split("\t", 2)
    return setting, relationship, text


_TRANSFER_VERBS = frozenset(
    {
        "pass",
        "passing",
        "send",
        "sending",
        "hand",
        "handing",
        "forward",
        "forwarding",
        "give",
        "giving",
    }
)
_PARTICLES = frozenset({"on", "along", "over"})


def _fold_particles(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Read "pass on my resume" as "pass my resume": the particle joins its verb."""
    out: list[tuple[str, int, int]] = []
    for word, start, end in found:
        if word in _PARTICLES and out and out[-1][0] in _TRANSFER_VERBS:
            verb, verb_start, _ = out[-1]
            out[-1] = (verb, verb_start, end)
        else:
            out.append((word, start, end))
    return out


def _marks(words: list[str]) -> list[str]:
    """The cue mark governing each word of a clause ('' for none)."""
    marks = [""] * len(words)
    current = ""
    for i, word in enumerate(words):
        marks[i] = current
        if word in _NEGATIONS or word.endswith("n't"):
            current = "neg"
        elif word in _REPORTING:
            current = "rep"
        elif word in _OFFERS:
            current = "offer"
        elif word == "i'll" or (
            word == "i" and i + 1 < len(words) and words[i + 1] in _SELF_AFTER_I
        ):
            current = "self"
        elif word in ("myself", "ourselves"):
            marks[i] = "self"
    return marks


class FeatureSet:
    """A document's features: the context's names (``head``), then each clause's names
    with the start and end of their words, counted from the start of the clause.

    The flat views (``names``, ``clause`` with -1 for the context, ``start``,
    ``end``) are built on first use: scoring needs only the clauses.
    """

    __slots__ = ("_flat", "clause_ends", "clause_names", "clause_offsets", "clause_starts", "head")

    def __init__(self) -> None:
        self.head: list[str] = []
        self.clause_starts: list[int] = []
        self.clause_names: list[tuple[str, ...]] = []
        self.clause_offsets: list[tuple[int, ...]] = []
        self.clause_ends: list[tuple[int, ...]] = []
        self._flat: tuple[list[str], list[int], list[int], list[int]] | None = None

    def __len__(self) -> int:
        return len(self.head) + sum(len(names) for names in self.clause_names)

    def _views(self) -> tuple[list[str], list[int], list[int], list[int]]:
        if self._flat is None:
            head = len(self.head)
            names, clause = list(self.head), [-1] * head
            start, end = [0] * head, [0] * head
            for index, part in enumerate(self.clause_names):
                names.extend(part)
                clause.extend([index] * len(part))
                start.extend(self.clause_offsets[index])
                end.extend(self.clause_ends[index])
            self._flat = (names, clause, start, end)
        return self._flat

    def clause_array(self) -> NDArray[np.intp]:
        """Each feature's clause, as :attr:`clause` has it, without the flat views."""
        lengths = [len(self.head), *(len(names) for names in self.clause_names)]
        return np.repeat(np.arange(-1, len(self.clause_names), dtype=np.intp), lengths)

    @property
    def names(self) -> list[str]:
        return self._views()[0]

    @property
    def clause(self) -> list[int]:
        return self._views()[1]

    @property
    def start(self) -> list[int]:
        return self._views()[2]

    @property
    def end(self) -> list[int]:
        return self._views()[3]

    def __getitem__(self, i: int) -> Feature:
        """One feature, with its span in the whole text."""
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        at = i - len(self.head)
        if at < 0:
            return Feature(self.head[i], -1, 0, 0)
        for index, names in enumerate(self.clause_names):
            if at < len(names):
                offset = self.clause_starts[index]
                start, end = self.clause_offsets[index][at], self.clause_ends[index][at]
                return Feature(names[at], index, offset + start, offset + end)
            at -= len(names)
        raise IndexError(i)  # not reached: the length was checked


def context_names(setting: str, relationship: str) -> list[str]:
    """The features of a pitch's context ("set:social_gathering", "rel:stranger")."""
    names = (f"set:{setting}" if setting else "", f"rel:{relationship}" if relationship else "")
    return [name for name in names if name]


def event_prefix(setting: str) -> str:
    """The mark every word gets in this setting ("g:" at a gathering, else "")."""
    return _EVENT_PREFIX.get(setting, "")


def feature_text(text: str) -> str:
    """The text as the features read it: normalised, with the same length and spans."""
    return normalize(text).replace("\u2019", "'")


def extract(doc: str, spans: list[Clause] | None = None) -> FeatureSet:
    """Every feature of a document made by :func:`document` (``spans``: its clauses, if known)."""
    setting, relationship, text = split_document(doc)
    text = text[:MAX_CHARS]
    out = FeatureSet()
    out.head = context_names(setting, relationship)
    event = event_prefix(setting)
    norm = feature_text(text)
    for clause in clauses(text) if spans is None else spans:
        names, starts, ends = clause_features(
            norm[clause.start : clause.end], clause.question, event
        )
        out.clause_starts.append(clause.start)
        out.clause_names.append(names)
        out.clause_offsets.append(starts)
        out.clause_ends.append(ends)
    return out


@lru_cache(maxsize=8192)
def clause_features(
    clause: str, question: bool, event: str
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """The features of one normalised clause, with spans counted from its start.

    Cached: as a learner types, most clauses of the pitch stay the same.
    """
    found = _fold_particles([(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(clause)])
    names: list[str] = []
    first: list[int] = []
    last: list[int] = []
    if not found:
        return (), (), ()
    words = [w for w, _, _ in found]
    starts = [a for _, a, _ in found]
    ends = [b for _, _, b in found]
    count = len(words)
    marks = _marks(words)
    own = [m in SUPPRESS for m in marks]
    for n in WORD_NGRAMS:
        k = count - n + 1
        if k <= 0:
            break
        for i in range(k):
            if own[i + n - 1]:
                continue  # the seeker's own words, read only as "self:..."
            names.append("w:" + " ".join(words[i : i + n]))
            first.append(starts[i])
            last.append(ends[i + n - 1])

    def add(name: str, a: int, b: int) -> None:
        names.append(name)
        first.append(a)
        last.append(b)

    for i, mark in enumerate(marks):
        if mark:
            add(f"{mark}:{words[i]}", starts[i], ends[i])
            if i + 1 < count and marks[i + 1] == mark:
                add(f"{mark}:{words[i]} {words[i + 1]}", starts[i], ends[i + 1])
    if question:
        add("q:" + " ".join(words[:2]), starts[0], ends[min(1, count - 1)])
    if question or _REQUEST.search(clause):
        free = [i for i in range(count) if not marks[i]]
        pairs = {i for i in free if i + 1 < count and not marks[i + 1]}
        for i in free:  # the same order as before: each word, then the pair it starts
            names.append("req:" + words[i])
            first.append(starts[i])
            last.append(ends[i])
            if i in pairs:
                names.append(f"req:{words[i]} {words[i + 1]}")
                first.append(starts[i])
                last.append(ends[i + 1])
    if event:
        names.extend([event + w for w in words])
        first.extend(starts)
        last.extend(ends)
    return tuple(names), tuple(first), tuple(last)


def is_function_feature(name: str) -> bool:
    """True for a feature made of function words only ("w:could you", "q:would you")."""
    kind, _, body = name.partition(":")
    if kind not in ("w", "q", "req"):
        return False
    return all(word in FUNCTION_WORDS for word in body.split())


def feature_names(doc: str) -> list[str]:
    """The feature names alone: scikit-learn's ``analyzer`` callable."""
    return extract(doc).names
