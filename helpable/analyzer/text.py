"""Text helpers for the pitch analyzer: normalising, clauses, and who-asks-what cues.

The analyzer matches patterns against a *normalised* copy of the pitch that
has exactly the same length as the original, so every span found in the copy
is also a valid span of the original text. Normalising:

- lower-cases each character whose lower-case form is one character;
- turns curly quotes and apostrophes into ASCII ``'`` and ``"``;
- turns hyphens and the minus sign into ``-`` (en and em dashes stay, as they
  end a clause), the ellipsis into ``.`` and odd spaces into a plain space.

The cue helpers (:func:`is_negated`, :func:`is_seeker_promise`,
:func:`is_reported`) look at the words *before* a match, inside its clause or
sentence, to tell "could you refer me?" from "I'm not asking you to refer me",
"I'll send it myself" and "my coach told me to ask for a referral, but...".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

_SAME_LENGTH: dict[int, str] = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2212"},
    ord("\u2026"): ".",
    **{ord(c): " " for c in "\u00a0\u1680\u202f\u205f\u3000\u2028\u2029"},
    **{cp: " " for cp in range(0x2000, 0x200B)},
}


def _lower_same_length(text: str) -> str:
    """Lower-case ``text`` one character at a time, keeping any that would grow."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


_REPLACEMENTS: tuple[tuple[str, str], ...] = tuple((chr(k), v) for k, v in _SAME_LENGTH.items())


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize(text: str) -> str:
    """A same-length, lower-case, ASCII-punctuation copy of ``text`` for matching."""
    folded = text.lower()
    if len(folded) != len(text):
        folded = _lower_same_length(text)
    if not folded.isascii():
        for char, ascii_char in _REPLACEMENTS:  # a few str.replace calls beat str.translate
            if char in folded:
                folded = folded.replace(char, ascii_char)
        if _SURROGATE.search(folded):  # a lone surrogate cannot be encoded: mark it in place
            folded = _SURROGATE.sub("\ufffd", folded)
    return folded


_NO_WORD = re.compile(r"\s[^\w\s]+(?!\S)")
_NO_WORD_FIRST = re.compile(r"[^\w\s]+(?!\S)")


def word_count(text: str) -> int:
    """How many words the text has: runs between spaces with a letter or digit in them.

    ``don't`` and ``follow-up`` count as one word; a lone dash or emoji counts as none.
    """
    tokens = len(text.split())
    if tokens:
        tokens -= len(_NO_WORD.findall(text))
        tokens -= not text[0].isspace() and _NO_WORD_FIRST.match(text) is not None
    return tokens


# A clause ends at sentence punctuation, a bracket, a dash, ", and"/", or"/", so", or a
# word that turns the sentence around ("but", "however", ...).
# (Each regex starts with a single character or class, so that the engine can skip fast.)
_PUNCT_BREAK = re.compile(r"[.!?;:\n()\u2013\u2014\u2015]")
_AND_BREAK = re.compile(r",\s*(?:and|or|so)\b")
_DASH_BREAK = re.compile(r"--*\s")
_BREAK_WORDS: tuple[str, ...] = (
    "but",
    "however",
    "though",
    "although",
    "anyway",
    "instead",
    "otherwise",
    "rather",
    "just",
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_SENTENCE_CHARS = ".!?\n"

PREFIX_CHARS = 160
"""How far (in characters) the cue helpers look before or after a match, at most."""


def _space_before(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1].isspace()


def _word_ends(text: str, word: str) -> list[int]:
    """Where each whole-word ``word`` in ``text`` ends (str.find is faster than a regex)."""
    ends, size, at = [], len(word), text.find(word)
    while at >= 0:
        end = at + size
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            ends.append(end)
        at = text.find(word, end)
    return ends


class Breaks:
    """Where the clauses and sentences of one normalised text end, for quick look-ups."""

    def __init__(self, norm: str) -> None:
        clause = [m.end() for m in _PUNCT_BREAK.finditer(norm)]
        clause += [m.end() for m in _AND_BREAK.finditer(norm)]
        clause += [m.end() for m in _DASH_BREAK.finditer(norm) if _space_before(norm, m.start())]
        for word in _BREAK_WORDS:
            clause += _word_ends(norm, word)
        self.norm = norm
        self.clause_ends = sorted(clause)
        size = len(norm)
        self.sentence_ends = [
            end
            for m in _SENTENCE_BREAK.finditer(norm)
            if (end := m.end()) == size or norm[end] not in _SENTENCE_CHARS
        ]

    def clause_before(self, start: int) -> str:
        """The words of the clause before ``start`` (at most PREFIX_CHARS characters)."""
        i = bisect.bisect_right(self.clause_ends, start) - 1
        begin = self.clause_ends[i] if i >= 0 else 0
        return self.norm[max(begin, start - PREFIX_CHARS) : start]

    def sentence_before(self, start: int) -> str:
        """The words of the sentence before ``start`` (at most PREFIX_CHARS characters)."""
        i = bisect.bisect_right(self.sentence_ends, start) - 1
        begin = self.sentence_ends[i] if i >= 0 else 0
        return self.norm[max(begin, start - PREFIX_CHARS) : start]

    def through_next_sentence(self, end: int) -> str:
        """The text from ``end`` to the end of the next sentence (at most PREFIX_CHARS)."""
        i = bisect.bisect_left(self.sentence_ends, end) + 1
        stop = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.norm)
        return self.norm[end : min(stop, end + PREFIX_CHARS)]


_QUOTED = re.compile(r'"[^"\n]{1,400}"|\'(?<!\w\')[^\'\n]{1,400}?\'(?!\w)')


def quoted_spans(norm: str) -> list[tuple[int, int]]:
    """Spans of text inside double quotes, or single quotes used as quote marks."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(norm)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``start:end`` lies within one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


# ----- cues in the words before a match -------------------------------------------------

_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|neither|without|cannot|instead of|rather than|no longer"
    r"|dont|wont|cant|isnt|arent|didnt|doesnt|wouldnt|shouldnt)\b|n't\b"
)
_HEDGE = re.compile(
    r"(?:do not|don't|dont) (?:forget|hesitate|mind)|(?:would not|wouldn't) mind"
    r"|not (?:sure|certain|too|only|yet|much|a big|be too)|(?:don't|do not|didn't) know"
    r"|(?:if|or|why|whether) not|(?:can't|cannot|couldn't) (?:wait|help)"
    r"|no (?:worries|problem|pressure|rush|hurry|matter|doubt)|n't it\b|n't you\b"
    r"|(?:haven't|hasn't|didn't) (?:heard|gotten|got|had)"
)
_ASK_AFTER = re.compile(
    r"\b(?:could|can|would|will) you\b|\bplease\b|\bif you could\b|\byou could\b"
    r"|\bi(?:'d| would) (?:love|appreciate|be grateful)\b|\bi(?:'m| am| was) hoping\b"
    r"|\bwould it be possible\b|\bmaybe you\b|\bhoping you\b"
)


def is_negated(prefix: str) -> bool:
    """True when the clause before a match negates it ("I'm not asking you to ...")."""
    last = None
    for last in _NEGATION.finditer(prefix):  # noqa: B007 - keep the last one
        pass
    if last is None:
        return False
    word_start = prefix.rfind(" ", 0, last.start()) + 1
    if _HEDGE.match(prefix, word_start) or _HEDGE.match(prefix, last.start()):
        return False
    return _ASK_AFTER.search(prefix, last.end()) is None


_SUBJECT = re.compile(r"\b(?:i|you|u|he|she|they|we|someone|anyone|somebody|anybody)\b")
_PROMISE = re.compile(
    r"i(?:'ll| will| shall|'m going to| am going to|'m gonna| am gonna| can| plan to"
    r"| promise to| intend to|'d be happy to| would be happy to|'m happy to| am happy to"
    r"| aim to| am planning to|'m planning to| myself)\b"
    r"(?! need\b| want\b| ask (?:you|u|if|whether)\b| be grateful\b| appreciate\b| have to ask\b)"
    r"|i(?:'ve| have)(?: already| just)? (?:\w+ed|put|made|done|written|built|drawn|sent|got|found"
    r"|read|been|brought|made)\b"
    r"|i(?:'m| am)(?: \w+ly| also| already| just)? (?!looking\b|hoping\b|asking\b|wondering\b"
    r"|trying\b|reaching\b|writing to\b|getting in touch\b|going to ask\b|messaging\b"
    r"|emailing\b|texting\b)\w+ing\b"
)
_FUTURE = re.compile(r"i(?:'ll| will| shall|'m going to| am going to|'m gonna| am gonna)\b")
_SEEKER_VERB = re.compile(
    r"\b(?:i|we)(?: could| can| might| may| should| would| will)?\s*$"
    r"|\bi(?:'m| am)(?: \w+ly| also| already| just| now)?\s*$"
)


_THEIR_PAST = re.compile(
    r"\b(?:how|when|why|what|where|whether)\b(?:\W+\w+){0,2}?\W+(?:did|have|had|do|does)"
    r" (?:you|u|they|people|most people)\b(?:(?!\b(?:me|my|i)\b)[^,])*$"
    r"|\bhow (?:you|u|they)\b(?:(?!\b(?:me|my|i)\b)[^,])*$"
)


def asks_about_their_past(prefix: str) -> bool:
    """True when the clause asks how the helper did something ("how did you find ...")."""
    return _THEIR_PAST.search(prefix) is not None


def is_seeker_future(prefix: str) -> bool:
    """True when the clause's last subject is the seeker saying what they will do."""
    last = None
    for last in _SUBJECT.finditer(prefix):  # noqa: B007 - keep the last one
        pass
    return last is not None and _FUTURE.match(prefix, last.start()) is not None


def is_seeker_promise(prefix: str) -> bool:
    """True when the seeker, not the helper, does the thing: "I'll ...", "could I ..."."""
    if _SEEKER_VERB.search(prefix, max(0, len(prefix) - 24)):
        return True  # "could I use your name", "I contact the manager"
    last = None
    for last in _SUBJECT.finditer(prefix):  # noqa: B007 - keep the last one
        pass
    return last is not None and _PROMISE.match(prefix, last.start()) is not None


_REPORT = re.compile(
    r"\b(?<!you )(?:told|tells|tell|telling|said|says|say|saying|suggested|suggests|advised"
    r"|advises|advice is|recommended|recommends|urged|urges|warned|insisted|insists|swears"
    r"|keeps telling|kept telling|according to|the usual|the standard|the common)\b"
)
_CONTRAST = re.compile(
    r"\b(?:but|however|though|although|instead|rather|not what|that's not|that is not"
    r"|i won't|i will not|i'm not going to|i am not going to|i don't want|i do not want)\b"
)


def is_reported(before: str, after: str | Callable[[], str]) -> bool:
    """True when a match sits in reported advice that the seeker then sets aside.

    ``before`` is the sentence up to and including the match; ``after`` (or a function
    that returns it) runs from the match to the end of the next sentence. "My coach
    told me to ask you for a referral, but I'd rather hear about your work" is
    reported; "Dana said you could refer me" is not.
    """
    if _REPORT.search(before) is None:
        return False
    return _CONTRAST.search(after if isinstance(after, str) else after()) is not None


# ----- building fast alternations -------------------------------------------------------------


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Yield ``(index, char)`` for the ``(``, ``)`` and ``|`` of a regex that shape it.

    Escaped characters and everything inside a character class are skipped.
    """
    in_class, i = False, start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c in "()|":
            yield i, c
        i += 1


def split_alternatives(pattern: str) -> list[str]:
    """Split a regular expression at its top-level ``|`` (not inside groups or classes)."""
    pieces, depth, start = [], 0, 0
    for i, c in _structure(pattern):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
    pieces.append(pattern[start:])
    return pieces


_LEAD = re.compile(r"([a-z0-9 '\-])(?![?*+{])")


def _group_end(pattern: str, open_at: int) -> int:
    """The index of the ``)`` closing the group that opens at ``open_at`` (-1 if none)."""
    depth = 0
    for i, c in _structure(pattern, open_at):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _heads(piece: str, depth: int = 4) -> list[str]:
    """Spread leading ``(?:a|b)`` groups over the rest: ``(?:a|b)x`` -> ``ax``, ``bx``.

    Nested leading groups are spread too, up to ``depth`` levels.
    """
    if depth == 0 or not piece.startswith("(?:"):
        return [piece]
    close = _group_end(piece, 0)
    rest = piece[close + 1 :]
    if close < 0 or rest[:1] in ("?", "*", "+", "{"):
        return [piece]
    return [
        head for alt in split_alternatives(piece[3:close]) for head in _heads(alt + rest, depth - 1)
    ]


def _drop_lookbehinds(piece: str) -> str:
    """``piece`` without its leading look-behind checks (the finder may match more)."""
    while piece.startswith(("(?<!", "(?<=")):
        close = _group_end(piece, 0)
        if close < 0:
            break
        piece = piece[close + 1 :]
    return piece


TRIE_DEPTH = 4
"""How many leading letters :func:`fast_union` shares between alternatives."""


def _trie(alternatives: list[str], depth: int) -> str:
    """Join alternatives, sharing their leading letters: ``ab|ac`` -> ``a(?:b|c)``."""
    if depth == 0 or len(alternatives) < 2:
        return "|".join(alternatives)
    by_char: dict[str, list[str]] = {}
    other: list[str] = []
    for alternative in alternatives:
        for head in _heads(alternative):
            lead = _LEAD.match(head)
            if lead:
                by_char.setdefault(lead.group(1), []).append(head[1:])
            else:
                other.append(head)
    parts = [f"{re.escape(c)}(?:{_trie(tails, depth - 1)})" for c, tails in sorted(by_char.items())]
    return "|".join(parts + other)


def _leads(patterns: list[str]) -> tuple[list[str], list[str]]:
    """Split alternatives into those after a ``\\b`` (without it) and the rest."""
    after_b: list[str] = []
    rest: list[str] = []
    for pattern in patterns:
        for piece in split_alternatives(pattern):
            piece = _drop_lookbehinds(piece)
            if piece.startswith("\\b"):
                after_b.append(_drop_lookbehinds(piece[2:]))
            else:
                rest.append(piece)
    return after_b, rest


def fast_union(patterns: list[str]) -> str:
    """A pattern matching wherever any of ``patterns`` matches (and maybe more), built to be fast.

    Alternatives that start with ``\\b`` share their leading letters in a small
    tree, so the regex engine rejects most positions after a comparison or two;
    leading look-behind checks are left out. The result finds *candidate*
    positions: callers re-test the real patterns there.
    """
    after_b, rest = _leads(patterns)
    parts = [f"\\b(?:{_trie(after_b, TRIE_DEPTH)})"] if after_b else []
    parts += [f"(?:{p})" for p in rest]
    return "|".join(parts)


def _prefixes(alternative: str, depth: int) -> set[str] | None:
    """Literal starts (up to ``depth`` characters) of one alternative; None if unknown."""
    out: set[str] = set()
    for head in _heads(alternative):
        lead = _LEAD.match(head)
        if lead is None:
            if head.startswith(("\\d", "[0-9]", "[1-9]")) or _DIGIT_CLASS.match(head):
                out.update("0123456789")
                continue
            return None
        char, tail = lead.group(1), head[1:]
        deeper = _prefixes(tail, depth - 1) if depth > 1 and tail else None
        out.update({char + rest for rest in deeper} if deeper else {char})
    return out


def leading_prefixes(pattern: str, depth: int = 2) -> frozenset[str] | None:
    """The literal text (up to ``depth`` characters) a match of ``pattern`` starts with.

    None when a match could start with anything. Shorter prefixes mean "this much
    is known". Used to skip patterns that cannot match at a position.
    """
    after_b, rest = _leads([pattern])
    if rest:
        return None
    out: set[str] = set()
    for alternative in after_b:
        found = _prefixes(alternative, depth)
        if found is None:
            return None
        out |= found
    return frozenset(out)


_DIGIT_CLASS = re.compile(r"\[[0-9]-[0-9]\]")
