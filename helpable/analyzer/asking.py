"""Whether a message asks for anything: the forms a request takes in English.

The learned ``ask`` classifier knows how thanks and news *sound*, but most of
its training pitches ask something, so it calls almost any plain statement an
ask ("I work in nursing and I like my job."). A message asks something only
when one of its clauses has the *form* of a request:

* a question: a question mark (also ``？``, ``؟`` and ``¿``), or a clause that
  opens like one ("do you …", "how did you …", "what do you …");
* a request modal with the helper, or permission for the seeker: "could you",
  "would you mind", "can u", "may I", "could we", "is it okay if";
* a polite condition: "if you could …", "if that's all right";
* a wish with something to receive: "I'd love to hear …", "I'd be grateful
  for any …", "I'd like 15 minutes", "I was wondering whether …",
  "I'm hoping you …", "I'm curious how …", "I want to know …", "I need you
  to …", "… I'd appreciate it."; an expectation ("I assume you'll …");
* a remark that would be welcome: "a quick call would be great";
* "please" (not "please don't …"), "let me know", "keep me posted",
  "any tips …", "any chance …";
* an imperative: a clause that opens with a verb and its object ("send me …",
  "tell me …", "pass my resume …"), but not a wish or a farewell ("have a
  lovely weekend", "talk to you soon").

A form that follows, in the same stretch up to a comma, the seeker's promise
("I'll keep an eye on it"), a report ("Patricia said you could show me"), an
offer ("thanks for offering to keep an eye out") or a negation ("no need to
get back to me") is not a request.
:func:`helpable.analyzer.engine.analyze` calls a message an ask when it breaks
a rule, or when it has a request form here and the classifier is not sure it
asks nothing. Patterns are plain word lists with no nested repeats, read one
clause at a time, so their time grows with the length of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from helpable.analyzer.segment import clauses
from helpable.analyzer.text import normalize

MAX_CHARS = 20_000
"""Only the first this many characters are read, as in :mod:`helpable.analyzer.features`."""

QUESTION_MARKS = "?\uff1f\u061f\u00bf\u2e2e"
"""The question marks of several scripts: ``?``, full-width ``？``, Arabic ``؟``, ``¿``, ``⸮``."""


def _words(text: str) -> str:
    """A regex alternation of the words in ``text`` (longest first)."""
    return "|".join(sorted(text.split(), key=len, reverse=True))


_YOU = r"(?:you|u|ya|yall|y'all|anyone|anybody|someone|somebody)"
_MODAL = _words("could would can will might cud wud couldn't wouldn't can't won't")
_AUX = _words(
    "do does did are is was were have has would could can will should shall may might "
    "don't doesn't didn't aren't isn't won't wouldn't couldn't can't"
)
_SUBJECT = _words(
    "you u ya your ur there anyone anybody anything someone somebody we it this that the "
    "he she they any ppl people folks"
)
_ADVERBS = _words(
    "so really just also truly very much greatly still honestly only most definitely "
    "absolutely simply genuinely sincerely personally certainly ever"
)
_NUMBER = r"(?:\d+|one|two|three|four|five|ten|fifteen|twenty|thirty|half)\b"
# What a wish can ask to receive: "I'd love to hear", "I'd like 15 minutes".
_RECEIVE_VERBS = _words(
    "hear know learn ask talk chat speak meet connect grab pick understand discuss visit "
    "shadow borrow find catch sit"
)
_THINGS = _words(
    "few quick short brief chance call moment minute minutes word coffee chat talk "
    "conversation meeting look intro introduction reply answer tip hand sentence line "
    "perspective view thought thoughts"
)
_RECEIVE = (
    rf"(?:to\s+(?:{_RECEIVE_VERBS})\b"
    r"|to\s+(?:get|have|see)\s+(?:your|ur|a|an|some|any|together|in\s+touch|coffee|lunch|if"
    r"|whether|how)\b"
    r"|to\s+(?:set\s+up|run\s+\w+\s+by|be\s+(?:thought|considered|kept|put|introduced"
    r"|connected|included))\b"
    r"|(?:hearing|knowing|learning|talking|chatting|meeting|speaking)\b"
    r"|(?:for\s+|of\s+)?(?:your|ur|any|some)\b"
    rf"|(?:for\s+)?(?:a|an)\s+(?:[\w-]+\s+)?(?:{_THINGS})\b"
    rf"|(?:for\s+)?{_NUMBER}"
    r"|(?:it|that)\s+if\b|if\b"
    r"|(?:you|u|him|her|them|someone|somebody|anyone)\s+to\b|(?:you|u)\s+\w+ing\b"
    r"|the\s+[\w-]+'s\b"
    r"|the\s+(?:chance|opportunity)\b"
    r"|(?:it|that)\s*(?:[,.!;]|$)"
    r")"
)
_WISH = (
    rf"\b(?:i'd|i\s+would|id|we'd|we\s+would|would)\s+(?:(?:{_ADVERBS})\s+)*"
    rf"(?:love|like|appreciate|value|welcome|treasure|enjoy|be\s+(?:(?:{_ADVERBS})\s+)*"
    r"(?:grateful|glad|happy|pleased|honou?red|thrilled|delighted|thankful|interested|curious"
    r"|keen|eager|obliged))"
)
# Every form starts at a word: the shared "\b(?=[\w'])" lets the scan skip other positions
# at once instead of trying each form there (about three times faster).
_REQUEST = re.compile(
    r"\b(?=[\w'])(?:"
    + "|".join(
        (
            # could you, can u, may I, could we, do I bring ..., would you mind
            rf"\b(?:{_MODAL})\s+{_YOU}\b",
            r"\b(?:could|can|may|might|shall|should)\s+(?:i|we)\b",
            r"(?<!\bso\s)(?<!\bas\s)(?<!\bnor\s)(?<!\bneither\s)\b(?:do|should)\s+i\b",
            r"\b(?:do|would)\s+(?:you|u)\s+mind\b|\bmind\s+if\s+i\b",
            r"\b(?:is|would)\s+(?:it|that|this)\s+(?:be\s+)?(?:ok|okay|alright|all\s+right|fine"
            r"|possible)\b",
            # polite conditions: if you could ..., if that's all right
            r"\bif\s+(?:you'd|u'd|(?:you|u)\s+(?:could|would|might|can(?!'|\s*not)"
            r"|wouldn't\s+mind|don't\s+mind))\b",
            r"\bif\s+(?:you|u)\s+(?:(?:ever|do|did)\s+)?(?:had|have|get|got|happen|happened|felt|feel)\s+"
            rf"(?:to\b|like\b|a\b|an\b|any\b|some\b|the\s+time\b|time\b|{_NUMBER})",
            r"\bif\s+(?:you're|you\s+are|anybody's|anyone's|anybody\s+is|anyone\s+is)\s+"
            r"(?:able|willing|open|comfortable|up\s+for|free|around|ok\s+with)\b",
            r"\b(?:if|hope)\s+(?:it|that|this)(?:'s|\s+is|\s+would\s+be|\s+isn't|\s+is\s+not)\s+"
            r"(?:ok|okay|alright|all\s+right|fine|possible|not\s+too|too\s+much)\b",
            r"\bif\s+(?:that\s+works|that's\s+ok)",
            # wishes with something to receive
            rf"{_WISH}\s+{_RECEIVE}",
            r"\b(?:i'd|i\s+would)\s+(?:(?:much|just|really|far)\s+)*rather\s+"
            rf"(?:(?:{_ADVERBS})\s+)*(?:{_RECEIVE_VERBS})\b",
            r"\b(?:i'd|i\s+would)\s+(?:(?:only|just|simply)\s+)?ask\b",
            r"\b(?:would|'d)\s+(?:be|mean)\s+(?:(?:so|really|very|real|a)\s+)?(?:great|helpful"
            r"|wonderful|amazing|appreciated|ideal|perfect|plenty|lot|the\s+world|much|a\s+(?:big"
            r"|huge|great)\s+help|much\s+appreciated)\b",
            r"\b(?:would|'d)\s+be\s+(?:(?:so|really|very|real)\s+)?(?:nice|good|great|lovely)\s+if\b",
            rf"\bhoping\s+(?:(?:that\s+)?(?:you|u|we)\b|for\s+(?:your|a|an|some)\b"
            rf"|to\s+(?:{_RECEIVE_VERBS})\b)",
            r"\b(?:i\s+)?hope\s+(?:you|u)\s+(?:can|could|might|will|would|'ll|won't\s+mind"
            r"|don't\s+mind)\b",
            r"\b(?:i|i'm|am|was|just|only|been|we're)\s+(?:(?:just|only|really)\s+)?"
            r"wonder(?:ing|ed)?\b(?!\s+(?:whether|if)\s+(?:to|i\s+should)\b)"
            r"|\bwonder(?:ing|ed)?\s+(?:if|whether|how|what|why|which)\b(?!\s+to\b)",
            r"\b(?:to|and)\s+ask\s+(?:you\s+)?(?:how|what|which|whether|if|why|about|for|a|one"
            r"|your)\b|\bwanna\s+(?:ask|know|hear|learn)\b",
            r"\b(?:would|will|does|might)\s+(?:\w+\s+)?(?:suit|work\s+for)\s+(?:you|u)\b"
            r"|\bwhichever\s+(?:is|works|suits)\b",
            r"\bcurious\s+(?:to\s+(?:know|hear|learn)|how|what|whether|if|which|why|where|when"
            r"|who)\b",
            rf"\b(?:want|wanted|wanna|need)\s+(?:to\s+(?:{_RECEIVE_VERBS}|see\s+if"
            r"|check\s+(?:if|whether)|find\s+out)\b"
            r"|(?:you|u)\s+to\s+(?!know\b|hear\s+(?:it|this|that)\b|be\s+(?:one|among|the\s+first)\b)"
            r"|your\s+(?:\w+\s+)?(?:help|advice|input|thoughts|take|opinion|feedback|view|read)\b)",
            rf"\bwhat\s+i(?:'d|\s+would)\s+(?:(?:{_ADVERBS})\s+)*(?:love|like|need|want|value|appreciate)\b"
            r"|\bwhat\s+i'm\s+(?:\w+\s+)?"
            r"hoping\b|\bwhat\s+i\s+(?:wanna|want\s+to|need\s+to)\s+know\b",
            r"\ball\s+(?:i|i'd|you|you'd)\s+(?:\w+\s+)?(?:want|need|ask)\b",
            r"\b(?:assume|expect|counting\s+on|count\s+on)\s+(?:that\s+)?(?:you|u)\b",
            r"\b(?:you|u)\s+(?:might|could|may)\s+(?:be\s+(?:willing|able|open|someone)|consider"
            r"|want\s+to|like\s+to|mention|keep|possibly|perhaps)\b",
            r"\b(?:maybe|perhaps)\s+(?:you|u|we)\s+(?:could|can|might|would|remember|talk|meet"
            r"|grab|chat|keep|mention)\b",
            r"\b(?:you|u)\s+(?:(?:just|really)\s+)?(?:gotta|got\s+to|have\s+to|need\s+to|must"
            r"|should|ought\s+to)\s+(?!be\b)",
            # set phrases: let me know, keep me posted, quick question
            r"\b(?:lmk|hmu|let\s+(?:me|us)\s+(?:know|ask)|keep\s+(?:me|us)\s+(?:posted|in\s+mind"
            r"|in\s+the\s+loop|updated|informed)|keep\s+an\s+eye|give\s+(?:me|us)\s+a\s+(?:shout"
            r"|holler|call|ring|buzz)|hit\s+(?:me|us)\s+up|get\s+back\s+to\s+(?:me|us)"
            r"|loop\s+(?:me|us)\s+in|how\s+about|what\s+about)\b",
            r"\blet's\s+(?:grab|get\s+(?:coffee|lunch|together|a)|meet|talk|chat|catch\s+up"
            r"|set\s+up|schedule|plan|connect|find\s+a\s+time|have\s+a)\b",
            r"\b(?:quick|dumb|silly|random|one)\s+(?:q|question)\b|\bquick\s+one\b",
            r"\bwhen\s+(?:is|would\s+be)\s+(?:good|best|convenient|a\s+good\s+time)\b"
            r"|\bwhat\s+time\s+(?:works|suits|is\s+good)\b",
            r"\b(?:wat|wut|what|which)\s+(?:\w+\s+)?(?:u|ya)\b",
        )
    )
    + ")"
)
_PLEASE = re.compile(r"\b(?:please|pls|plz|plse|por\s+favor)\b|(?:^|[,:]\s*)kindly\b")
_NOT_A_REQUEST = re.compile(
    r"[\s,]*(?:don't|do\s+not|no\s+need|never|ignore|disregard|say\s+no|feel\s+free\s+to"
    r"|find\s+(?:\w+\s+)?(?:attached|enclosed|below)|see\s+(?:attached|below))"
)
_OPENING = (
    r"^(?:(?:and|also|so|oh|hey|hi|ok|okay|yes|yeah|btw|then|well|anyway|just|but|now|do"
    r"|amiga|amigo|bro|man|yo|sir|ma'am)\b[\s,]*)*"
)
_QUESTION_OPENING = re.compile(
    _OPENING
    + r"(?:"
    + rf"(?:{_AUX})\s+(?:{_SUBJECT})\b"  # do you ..., is your company ...
    + r"|(?:how|what|why)(?:\s+(?!(?:i|you|u|we|they|he|she|it|my|your|a)\b)\w+)?"
    + rf"\s+(?:{_AUX}|'s|'re|'d)\b"
    + rf"|(?:how|what|why|who|when|where)(?:'s|'re|'d|\s+(?:{_AUX}))\b"
    + r"|(?:whats|wats|hows|wheres|whos|whens)\b"
    + r"|any\s+(?:\w+\s+)?(?:chance|tips?|advice|thoughts|ideas|pointers|suggestions"
    + r"|recommendations|leads|word|update|news)\b"
    + r")"
)
_COMMA_QUESTION = re.compile(
    rf",\s*(?:(?:{_AUX})\s+(?:you|u|ya|your|there|anyone|anybody)\b"
    rf"|(?:how|what|why)\s+(?:{_AUX})\s+(?:you|u)\b)"
)
# A verb that opens a clause and takes an object ("send me", "pass my resume") asks for it.
_IMPERATIVE_VERBS = _words(
    "tell send email e-mail text txt call ping message dm give show share point put introduce "
    "pass forward help check look read review join come reply write reach connect recommend "
    "refer talk ask mention keep remember grab get loop hook tag add sign fill proofread edit "
    "find consider think meet drop shoot hit spare lend teach walk explain describe suggest "
    "update contact speak set arrange book schedule pick sit bring follow circle hand try say"
)
_OBJECT = _words(
    "me us my our him her them it this that these those a an the some any ur your yours out "
    "back up over along around if whether what how who when where why about to with w at"
)
_IMPERATIVE = re.compile(
    r"(?:^|[,:]\s*)(?:(?:please|pls|plz|kindly|just|so|and|also|oh|ok|okay|yes|yeah|then|do"
    r"|now)\s+)*"
    rf"(?:{_IMPERATIVE_VERBS})\s+(?!(?:to|with|w)\s+(?:you|u)\b|up\s+the\b|it\s+up\b)"
    rf"(?:{_OBJECT})\b"
)
# Words after which a request form is ruled out, reported or offered, up to the next comma:
# "no need to get back to me", "Patricia said maybe you can show me", "thanks for
# offering to keep an eye out".
_CUE = re.compile(
    r"\b(?:not(?!\s+(?:at\s+all|only|sure)\b)|never|no(?!\s+(?:worries|worry|pressure|rush|problem"
    r"|obligation|hurry)\b)|nothing|nobody|without|don't(?!\s+(?:forget|hesitate|worry)\b)"
    r"|i'll|i\s+will|i\s+shall"
    r"|doesn't|didn't|won't|wouldn't|isn't|aren't|said|says|told|tells|suggested|mentioned"
    r"|recommended|advised|insisted|offer|offers|offered|offering|agreed|agreeing)\b"
)
_FORMS = (_REQUEST, _IMPERATIVE)
CUE_REACH = 120
"""How far back (in characters) a negation, report or offer can govern a request form."""


def _cued(piece: str, start: int) -> bool:
    """True when a negation, a report or an offer governs ``piece[start:]`` (up to a comma)."""
    # The scope ends at a comma, a colon or an emoji; a match may start at its comma.
    # Only the last CUE_REACH characters are read, so a long clause stays fast.
    scope = re.split(r"[,;:]|[^\w\s'\-\".!?()]", piece[max(0, start - CUE_REACH) : start + 1])[-1]
    return _CUE.search(scope) is not None


@lru_cache(maxsize=8192)
def clause_asks(piece: str, question: bool) -> bool:
    """True when one normalised clause (or stretch of one) has the form of a request.

    Remembered: as a learner types, most clauses stay the same."""
    if question or any(mark in piece for mark in QUESTION_MARKS[1:]):
        return True
    if _QUESTION_OPENING.search(piece) or _COMMA_QUESTION.search(piece):
        return True
    for form in _FORMS:
        if any(not _cued(piece, m.start()) for m in form.finditer(piece)):
            return True
    return any(
        not _NOT_A_REQUEST.match(piece, m.end()) and not _cued(piece, m.start())
        for m in _PLEASE.finditer(piece)
    )


def asks_something(text: str) -> bool:
    """True when some clause of ``text`` has the form of a request (see the module notes)."""
    text = text[:MAX_CHARS]
    norm = normalize(text).replace("`", "'")
    for clause in clauses(text):
        piece = norm[clause.start : clause.end].strip()
        if piece and clause_asks(piece, clause.question):
            return True
    return False
