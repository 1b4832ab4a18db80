"""A small, seeded simulation of a job search: two ways of asking for help.

**What it does.** A seeker starts with a list of contacts (mostly strangers
and acquaintances). Each week they make a few asks: first contacts and
follow-ups. Each ask has a risk, an effort and a commitment, and the helper
says yes with the chance from :func:`helpable.model.decision.p_yes` at the helper's
current trust. Then, in plain steps:

* a yes is a conversation, and a good conversation builds trust;
* a turned-down risky ask costs trust, and sometimes the contact for good
  ("burned": no longer willing to help);
* a trusting helper may suggest someone to meet (an introduction). If the
  seeker owns the follow-up, they ask permission and make the call themselves;
  if not, the helper promises to do it;
* an unkept promise turns into guilt and then avoidance, as in the "Mr. Big"
  story of rule 3, and being chased about it makes that worse;
* a referral counts only when the helper truly vouches. A helper who says yes
  to a risky ask they are not comfortable with passes the resume on to HR,
  which is not a referral (rule 2's source makes this point). Referrers weigh
  the risk to their own name (Smith 2005), so trust decides this.

**What it does not show.** It is an illustrative teaching model, not fitted to
data. Its numbers are not predictions for anyone's search, and it does not
prove that one strategy gets more jobs. It leaves out how useful each contact's
information is (moderately weak ties helped most in Rajkumar et al. 2022), the
quality of the seeker's fit for a job, and everything about the job market.
It shows how the *mechanisms* add up over weeks, and how much chance alone
moves the results (run several seeds).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpable.model.decision import DEFAULT, ModelParams, _p_yes_checked

METRICS: tuple[str, ...] = (
    "conversations",
    "trust_built",
    "introductions_offered",
    "contacts_burned",
    "referrals",
)
"""The columns :func:`simulate` reports for each week (besides ``week``)."""

METRIC_LABELS: dict[str, str] = {
    "conversations": "Conversations this week",
    "trust_built": "Average trust with your starting list",
    "introductions_offered": "Introductions offered this week",
    "contacts_burned": "Contacts burned so far",
    "referrals": "Referrals so far",
}
"""Plain-language names for the metrics, for charts and tables."""


@dataclass(frozen=True)
class Ask:
    """What one ask costs the helper, on 0–1 scales, with an example in words."""

    risk: float
    effort: float
    commitment: float
    example: str
    asks_for_referral: bool = False

    def __post_init__(self) -> None:
        for name in ("risk", "effort", "commitment"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Ask.{name} must be between 0 and 1, not {value}")


@dataclass(frozen=True)
class Strategy:
    """A way of working a contact list: what to ask first, what to ask later."""

    key: str
    label: str
    summary: str
    first_ask: Ask
    follow_up_ask: Ask
    seeker_owns_follow_up: bool
    """True: the seeker takes names and makes every next call. False: the helper promises to."""
    chases_promises: bool
    """True: the seeker keeps calling helpers who have not yet kept a promise."""
    new_per_week: int = 4
    """Most first contacts per week."""
    follow_up_gap: int = 2
    """Weeks between two asks of the same person."""
    max_asks: int = 3
    """Most asks of one person."""


STRATEGIES: dict[str, Strategy] = {
    s.key: s
    for s in (
        Strategy(
            key="leads_first",
            label="Ask for leads first",
            summary=(
                "Asks for leads and referrals at the first contact, leaves the next step "
                "to the helper, and follows up to ask if anything came of it."
            ),
            first_ask=Ask(
                risk=0.9,
                effort=0.3,
                commitment=0.7,
                example=(
                    "Who do you know who's hiring? Could you pass my resume on "
                    "and let me know if you hear of anything?"
                ),
                asks_for_referral=True,
            ),
            follow_up_ask=Ask(
                risk=0.9,
                effort=0.2,
                commitment=0.7,
                example="Did you hear of any openings? Could you put in a word for me?",
                asks_for_referral=True,
            ),
            seeker_owns_follow_up=False,
            chases_promises=True,
            new_per_week=5,
        ),
        Strategy(
            key="advice_first",
            label="Advice first",
            summary=(
                "Asks for short advice conversations first, owns every follow-up, and asks "
                "permission to contact the people the helper suggests."
            ),
            first_ask=Ask(
                risk=0.05,
                effort=0.1,
                commitment=0.0,
                example="Could I have 20 minutes of your advice on how you got into your field?",
            ),
            follow_up_ask=Ask(
                risk=0.15,
                effort=0.05,
                commitment=0.0,
                example=(
                    "Thanks again. I took your advice. May I mention you when I contact "
                    "the person you suggested?"
                ),
            ),
            seeker_owns_follow_up=True,
            chases_promises=False,
            new_per_week=3,
        ),
    )
}
"""The strategies the course compares, by key."""


def get_strategy(strategy: str | Strategy) -> Strategy:
    """A strategy by key (or the strategy itself); a clear error lists the choices."""
    if isinstance(strategy, Strategy):
        return strategy
    try:
        return STRATEGIES[strategy]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown strategy {strategy!r}. Choose one of: {', '.join(STRATEGIES)}."
        ) from None


def _check_sizes(contacts: int, weeks: int) -> None:
    if int(contacts) != contacts or not 1 <= contacts <= 5000:
        raise ValueError(f"contacts must be a whole number from 1 to 5000, not {contacts}")
    if int(weeks) != weeks or not 1 <= weeks <= 520:
        raise ValueError(f"weeks must be a whole number from 1 to 520, not {weeks}")


def _smallest(key: np.ndarray, k: int) -> np.ndarray:
    """Per row, a mask of the ``k`` smallest finite keys (all of them when fewer)."""
    if k >= key.shape[1]:
        return np.asarray(np.isfinite(key))
    kth = np.partition(key, k - 1, axis=1)[:, k - 1 : k]
    return np.asarray(np.isfinite(key) & (key <= kth))


_DRAWS = 11  # uniform draws per contact per week, one row per decision


def _run_batch(
    strategy: Strategy, contacts: int, weeks: int, seeds: list[int], params: ModelParams
) -> dict[str, np.ndarray]:
    """Run several seeds side by side; one ``(len(seeds), weeks)`` array per metric.

    Each seed has its own random generator and draws the same numbers in the
    same order whatever else is in the batch, so a seed's run never depends on
    the other seeds.
    """
    gens = [np.random.default_rng(s) for s in seeds]
    n = len(gens)
    level = dict(params.relationship_trust)
    names = [name for name, _ in params.network_mix]
    shares = np.array([share for _, share in params.network_mix])
    start_levels = np.array([level[name] for name in names])
    cap = contacts * params.max_network
    slot = np.arange(cap)

    # Starting trust: the first `contacts` slots are the starting list; the rest
    # wait for introductions and start at the 'referred' level.
    trust = np.empty((n, cap))
    for i, g in enumerate(gens):
        start = g.choice(len(names), size=contacts, p=shares)
        trust[i, :contacts] = start_levels[start]
        trust[i, contacts:] = level["referred"]
        trust[i] += g.normal(0.0, params.trust_noise, cap)
    np.clip(trust, 0.0, 1.0, out=trust)

    n_active = np.full(n, contacts)
    active = slot < n_active[:, None]
    willing = np.ones((n, cap), dtype=bool)
    asks = np.zeros((n, cap), dtype=int)
    talks = np.zeros((n, cap), dtype=int)
    last_ask = np.full((n, cap), -(10**6))
    owes = np.zeros((n, cap), dtype=bool)
    owes_referral = np.zeros((n, cap), dtype=bool)
    referrals = np.zeros(n, dtype=int)
    out = {m: np.zeros((n, weeks)) for m in METRICS}

    first, later = strategy.first_ask, strategy.follow_up_ask
    inf = np.inf
    for w in range(weeks):
        u = np.stack([g.random((_DRAWS, cap)) for g in gens], axis=1)  # (draw, seed, slot)

        # 1. Open promises: kept, or turned into avoidance.
        open_now = owes & willing
        kept = open_now & (u[0] < params.follow_through)
        avoid = open_now & ~kept & (u[1] < params.guilt_avoid)
        referrals += np.count_nonzero(kept & owes_referral, axis=1)
        n_active = np.minimum(n_active + np.count_nonzero(kept & ~owes_referral, axis=1), cap)
        active = slot < n_active[:, None]
        willing &= ~avoid
        owes &= ~(kept | avoid)
        owes_referral &= owes

        # 2. Whom to ask: due follow-ups first (in random order), then a few new people.
        can = active & willing
        if not strategy.chases_promises:
            can &= ~owes
        due = (
            can & (asks > 0) & (asks < strategy.max_asks) & (w - last_ask >= strategy.follow_up_gap)
        )
        fresh = can & (asks == 0)
        fresh &= _smallest(np.where(fresh, u[2], inf), strategy.new_per_week)
        order = np.where(due, u[3], np.where(fresh, 1.0 + u[3], inf))
        chosen = _smallest(order, params.talks_per_week)
        asks += chosen
        last_ask = np.where(chosen, w, last_ask)

        # 3. Chasing an open promise deepens the avoidance; it is not a conversation.
        gone = chosen & owes & (u[4] < params.chase_avoid)
        willing &= ~gone
        owes &= ~gone
        owes_referral &= owes
        asked = chosen & ~owes & willing

        # 4. The asks themselves.
        is_first = talks == 0
        risk = np.where(is_first, first.risk, later.risk)
        effort = np.where(is_first, first.effort, later.effort)
        commit = np.where(is_first, first.commitment, later.commitment)
        for_referral = np.where(is_first, first.asks_for_referral, later.asks_for_referral)
        yes = asked & (u[5] < _p_yes_checked(trust, risk, effort, commit, params))
        no = asked & ~yes
        trust = np.where(no, trust * (1.0 - params.trust_loss_refused * risk), trust)
        willing &= ~(no & (u[6] < params.burn_if_refused * risk))

        talks += yes
        trust = np.where(yes, trust + params.trust_gain * (1.0 - trust), trust)
        comfort = _p_yes_checked(trust, 1.0, 0.0, 0.0, params)  # willing to vouch fully?
        # A yes to a referral ask is a real referral only if they would vouch; when the
        # helper owns the next step it may stay an open promise.
        agreed = yes & for_referral & (u[7] < comfort)
        promise = agreed & (u[8] < commit) if not strategy.seeker_owns_follow_up else agreed & False
        referrals += np.count_nonzero(agreed & ~promise, axis=1)
        owes |= promise
        owes_referral |= promise
        # An unasked referral offer, from the second good conversation on.
        volunteer = (
            yes & ~for_referral & (talks >= 2) & (u[9] < params.referral_offer_rate * comfort)
        )
        referrals += np.count_nonzero(volunteer, axis=1)
        # An introduction: the seeker makes the call, or the helper promises to.
        intro = yes & (u[10] < params.intro_rate * trust)
        if strategy.seeker_owns_follow_up:
            n_active = np.minimum(n_active + np.count_nonzero(intro, axis=1), cap)
            active = slot < n_active[:, None]
        else:
            owes |= intro & ~owes

        # 5. This week's numbers.
        start_trust = np.where(willing[:, :contacts], trust[:, :contacts], 0.0)
        out["conversations"][:, w] = np.count_nonzero(yes, axis=1)
        out["trust_built"][:, w] = start_trust.mean(axis=1)
        out["introductions_offered"][:, w] = np.count_nonzero(intro, axis=1)
        out["contacts_burned"][:, w] = np.count_nonzero(active & ~willing, axis=1)
        out["referrals"][:, w] = referrals
    return out


def simulate(
    strategy: str | Strategy,
    contacts: int = 50,
    weeks: int = 12,
    seed: int = 0,
    params: ModelParams = DEFAULT,
) -> pd.DataFrame:
    """One seeded run of a job search; one row per week.

    Columns: ``week`` (1, 2, …), ``conversations`` (this week),
    ``trust_built`` (mean trust with the starting list; a burned contact
    counts as 0), ``introductions_offered`` (this week), ``contacts_burned``
    (so far) and ``referrals`` (so far). The same seed always gives the same
    table.
    """
    chosen = get_strategy(strategy)
    _check_sizes(contacts, weeks)
    out = _run_batch(chosen, int(contacts), int(weeks), [int(seed)], params)
    frame = pd.DataFrame({"week": np.arange(1, weeks + 1), **{m: v[0] for m, v in out.items()}})
    for m in ("conversations", "introductions_offered", "contacts_burned", "referrals"):
        frame[m] = frame[m].astype(int)
    frame.attrs["strategy"] = chosen.key
    frame.attrs["seed"] = int(seed)
    return frame


def simulate_many(
    strategy: str | Strategy,
    seeds: Iterable[int] = range(20),
    contacts: int = 50,
    weeks: int = 12,
    params: ModelParams = DEFAULT,
    low: float = 10.0,
    high: float = 90.0,
) -> pd.DataFrame:
    """Run several seeds; the mean and a percentile band for each metric and week.

    Returns a long table with columns ``week``, ``metric``, ``mean``, ``p10``
    and ``p90`` (the ``low`` and ``high`` percentiles, 10 and 90 by default,
    under those names). ``attrs`` holds the strategy key and the number of runs.
    """
    chosen = get_strategy(strategy)
    _check_sizes(contacts, weeks)
    seed_list = [int(s) for s in seeds]
    if not seed_list:
        raise ValueError("seeds must hold at least one seed")
    runs = _run_batch(chosen, int(contacts), int(weeks), seed_list, params)
    parts = []
    week = np.arange(1, weeks + 1)
    for m in METRICS:
        stack = runs[m]
        lo, hi = np.percentile(stack, [low, high], axis=0)
        parts.append(
            pd.DataFrame(
                {"week": week, "metric": m, "mean": stack.mean(axis=0), "p10": lo, "p90": hi}
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    frame.attrs["strategy"] = chosen.key
    frame.attrs["runs"] = len(seed_list)
    return frame


def compare(
    strategies: Iterable[str | Strategy] = tuple(STRATEGIES),
    seeds: Iterable[int] = range(20),
    contacts: int = 50,
    weeks: int = 12,
    params: ModelParams = DEFAULT,
) -> dict[str, pd.DataFrame]:
    """:func:`simulate_many` for several strategies, by key, ready for the chart."""
    seed_list = list(seeds)
    result = {}
    for s in strategies:
        chosen = get_strategy(s)
        result[chosen.key] = simulate_many(chosen, seed_list, contacts, weeks, params)
    return result


def final_means(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The last week's mean of each metric, one row per strategy (for a summary table)."""
    rows = {}
    for key, frame in results.items():
        last = frame[frame["week"] == frame["week"].max()]
        rows[STRATEGIES[key].label if key in STRATEGIES else key] = dict(
            zip(last["metric"], last["mean"], strict=True)
        )
    return pd.DataFrame(rows).T[list(METRICS)]
