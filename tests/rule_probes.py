"""Short probes of the labeling guide's rules, written for these tests and never trained on.

``GUIDE_EXAMPLES`` are the guide's own examples; ``HARD_CASES`` and
``FRESH_PITCHES`` say the same rules in other words. The learned analyzer is
measured on them as a whole (tests/test_analyze.py).
"""

from __future__ import annotations

E, R, C = "effort", "risk", "commitment"

GUIDE_EXAMPLES: list[tuple[str, set[str]]] = [
    # effort: documents
    ("Could you review my resume line by line?", {E}),
    ("Would you edit my cover letter before I send it?", {E}),
    ("Could you rewrite my LinkedIn summary?", {E}),
    ("Would you mind looking over my portfolio?", {E}),
    ("Could you read my thesis and mark it up?", {E}),
    ("Could you draft a cover letter for me?", {E}),
    # effort: research on the seeker's behalf
    ("Could you find some openings for me?", {E}),
    ("Can you list companies I should apply to?", {E}),
    # effort: long or open-ended time
    ("Could I have an afternoon of your time?", {E}),
    ("Can we spend two hours going over my plans?", {E}),
    ("I'd love to pick your brain about everything.", {E}),
    ("Could you walk me through the whole org chart?", {E}),
    # effort: where and when it suits the seeker
    ("Could you come to my place on Saturday?", {E}),
    ("Would you drive across town to meet me?", {E}),
    ("Could you attend my event next Thursday?", {E}),
    # effort: forms, dropping what they are doing
    ("Could you fill in this questionnaire for me?", {E}),
    ("Could you drop what you're doing and help me out?", {E}),
    # not effort
    ("Could we talk for 20 minutes, whenever it suits you, near your office?", set()),
    ("One quick question you can answer on the spot: what do you enjoy most in your job?", set()),
    # risk: refer, recommend, vouch, good word, reference
    ("Would you refer me for the analyst role?", {R, C}),
    ("Could you recommend me to your manager?", {R, C}),
    ("Would you vouch for me?", {R, C}),
    ("Could you put in a good word for me?", {R, C}),
    ("Would you be a reference for me?", {R}),
    # risk: pass on a resume, introduce to a colleague, boss, recruiter, hiring manager
    ("Could you pass my resume on to HR?", {R, C}),
    ("Could you forward my resume to the hiring manager?", {R, C}),
    ("Could you introduce me to your boss?", {R, C}),
    ("Would you introduce me to a recruiter at your firm?", {R, C}),
    # risk: who is hiring, does your company have an opening
    ("Who do you know who's hiring?", {R}),
    ("Is your company hiring?", {R}),
    ("I'm looking for leads and contacts.", {R}),
    # risk: leaning on a third party's name
    ("Since Dana sent me, I assume you'll help me get in the door.", {R}),
    # not risk: permission to use their name while the seeker does the outreach
    ("May I mention you suggested I contact Ralph?", set()),
    # commitment: open-ended watch duty
    ("Let me know if you hear of anything.", {C}),
    ("Keep me in mind!", {C}),
    ("Could you keep an eye out for openings?", {C}),
    ("Ping me if anything comes up.", {C}),
    # commitment: a promised reply or deliverable, deadlines
    ("Could you get back to me?", {C}),
    ("Can you send me the link?", {C}),
    ("Email me your notes when you can.", {C}),
    ("Text me later?", {C}),
    ("Call me back when you get a chance.", {C}),
    ("Could you reply by Friday?", {C}),
    ("Could you let me know by tomorrow?", {C}),
    ("Could you get back to me this week?", {C}),
    # commitment (and risk): contacting a third party
    ("Could you call Ralph for me?", {R, C}),
    ("Could you email your manager about me?", {R, C}),
    ("Could you set up a meeting with Ralph for me?", {R, C}),
    ("Could you arrange a call with your director?", {R, C}),
    # commitment: recurring duties and reminders
    ("Could you check in with me every week this month?", {C}),
    ("Remember to send me that article.", {C}),
    ("Don't forget to text me his name.", {C}),
    ("Could you follow up with me next week?", {C}),
    # not commitment: the meeting itself, and the seeker's own promises
    ("Could we meet for coffee next week?", set()),
    ("I'll follow up next week myself.", set()),
    ("I'll let you know how it goes.", set()),
    # none: negated sins are not sins
    ("I'm not asking about jobs. I'd love to hear how you got started.", set()),
]


HARD_CASES: dict[str, list[tuple[str, set[str]]]] = {
    "negation": [
        ("I'm not asking you to refer me. How did you get into nursing?", set()),
        ("No need to read my resume; I'd just love 20 minutes of your advice.", set()),
        ("I won't ask you to introduce me to anyone.", set()),
        ("I don't expect you to pass anything along. What did you like about the program?", set()),
        ("This isn't a request for a job or a referral.", set()),
        ("I'm not asking you to refer me, but could you pass my resume to your manager?", {R, C}),
        ("Don't forget to send me the list.", {C}),  # "don't forget" is not a negation
        ("Don't hesitate to let me know if you hear of anything.", {C}),
    ],
    "own_promise": [
        ("I'll send you my resume so you can see my background.", set()),
        ("I will follow up with Ralph myself.", set()),
        ("I'll email the recruiter myself tomorrow and keep you posted.", set()),
        ("I'm going to call the union hall on Monday, and I'll tell you how it goes.", set()),
        ("I'll send my resume, and could you forward it to your boss?", {R, C}),
        ("Could you send me the link? I'll read it tonight.", {C}),
    ],
    "permission": [
        ("May I mention you suggested I contact Ralph? I'll write to him myself.", set()),
        ("Could I use your name when I write to the head of nursing?", set()),
        ("Is it okay if I tell the estimator that we spoke? I'll reach out myself.", set()),
        ("Can I list you as a reference?", {R}),
        ("Can I tell the recruiter that you recommend me?", {R}),
    ],
    "reported_speech": [
        (
            "My coach told me to ask you for a referral, but I'd rather hear how you got into UX.",
            set(),
        ),
        ("People say you should always ask for job leads. That's not what I'm after.", set()),
        ("Carmen said you'd be happy to help, but I don't want to presume.", set()),
        ("Dana said you could refer me. Would you?", {R, C}),
        (
            'Everyone says "just ask for referrals," but I want to learn about your work first.',
            set(),
        ),
        ("She said you'd help me get a job at your company.", {R}),
    ],
    "several_sins": [
        (
            "Could you review my resume, forward it to your hiring manager, and let me know "
            "what they say by Friday?",
            {E, R, C},
        ),
        ("Could you spend an afternoon on my portfolio and keep me posted on openings?", {E, C}),
        ("Is your team hiring? If so, please keep me in mind.", {R, C}),
    ],
    "quotes_and_case": [
        ("I’m not asking you to refer me — I’d love to hear how you got started.", set()),
        ("COULD YOU INTRODUCE ME TO YOUR BOSS?", {R, C}),
        ("could u send me the link tmrw??", {C}),
        ("I’ll follow up with Ralph myself. Thank you!", set()),
    ],
}


# Pitches written for these tests (not taken from the dataset), in other words than the guide's.
FRESH_PITCHES: list[tuple[str, set[str]]] = [
    ("Hey, any chance you could proofread my grad school essay this week?", {E}),
    ("Would you give my cover letter a quick read?", {E}),
    ("Could you meet me at my office downtown at 7am? It's the only time I'm free.", {E}),
    ("Does your clinic have any openings for medical assistants?", {R}),
    ("Which managers at your company should I send my application to?", {R}),
    ("Would you be willing to reach out to your recruiter on my behalf?", {R, C}),
    ("Could you hand my resume to your supervisor?", {R, C}),
    ("Shoot me a text if anything opens up at your hospital.", {C}),
    ("If you come across any good postings, could you forward them to me?", {C}),
    ("Can you check back with me in a month?", {C}),
    (
        "If you ever have 15 minutes, I'd love to ask how you moved into nursing. No pressure.",
        set(),
    ),
    ("Thanks for the call. I'll reach out to Priya myself and let you know how it goes.", set()),
    (
        "Would it be okay if I mentioned your name when I email the director? I'll do the rest.",
        set(),
    ),
    ("Hope you have a great weekend! If you ever want to chat about UX, I'm around.", set()),
    ("Totally understand if you can't, but would a quick call next week work?", set()),
    ("Could I shadow you for a day?", {E}),
    ("Could you help me find a job?", {E}),
    ("Could we meet at my place?", {E}),
    ("Do you know of any openings?", {R}),
    ("Could you endorse my skills on LinkedIn?", {R, C}),
    ("Let me know your thoughts when you get a chance.", {C}),
    ("Could you tell me what you think about bootcamps?", set()),
    ("Thank you for the day of great talks!", set()),
]


