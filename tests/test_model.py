"""The helper's decision model: shape, ranges, validation and the cost mappings."""

from __future__ import annotations

import sys
import types
from dataclasses import FrozenInstanceError, fields, replace

import numpy as np
import pytest

from helpable.analyzer.feedback import Feedback, Finding
from helpable.content.approaches import RELATIONSHIPS
from helpable.model import decision as model
from helpable.model.decision import (
    DEFAULT,
    ModelParams,
    commitment_from,
    cost_level,
    disclaimer,
    effort_from,
    even_odds_risk,
    p_yes,
    place_feedback,
    place_pitch,
    risk_from,
    trust_from,
)

GRID = np.linspace(0.0, 1.0, 21)
COSTS = np.linspace(0.0, 1.0, 6)

# A few other valid parameter sets: the shape must hold for them too, not only the defaults.
OTHER_PARAMS = [
    DEFAULT,
    replace(DEFAULT, base_stranger=0.7, base_trusted=0.9, trust_shield=0.5),
    replace(DEFAULT, risk_cut=1.0, trust_shield=0.99, effort_cut=1.0, commitment_cut=1.0),
    replace(DEFAULT, risk_cut=0.3, effort_cut=0.1, commitment_cut=0.9),
]


def grid4() -> tuple[np.ndarray, ...]:
    """trust × risk × effort × commitment, trust on axis 0 and risk on axis 1."""
    return np.meshgrid(GRID, GRID, COSTS, COSTS, indexing="ij")


# --- p_yes: values and shape ----------------------------------------------------------


def test_scalar_in_gives_float_out() -> None:
    value = p_yes(0.5, 0.5)
    assert isinstance(value, float)
    assert 0.0 < value < 1.0


def test_broadcasting() -> None:
    out = p_yes(GRID[:, None], GRID[None, :], 0.2, np.array([0.0, 0.5])[:, None, None])
    assert out.shape == (2, GRID.size, GRID.size)
    assert np.allclose(out[0], p_yes(GRID[:, None], GRID[None, :], 0.2, 0.0))


@pytest.mark.parametrize("params", OTHER_PARAMS)
def test_values_stay_between_zero_and_one(params: ModelParams) -> None:
    out = p_yes(*grid4(), params=params)
    assert np.all(out >= 0.0)
    assert np.all(out <= 1.0)


@pytest.mark.parametrize("params", OTHER_PARAMS)
def test_more_trust_never_lowers_the_chance(params: ModelParams) -> None:
    out = p_yes(*grid4(), params=params)
    assert np.all(np.diff(out, axis=0) >= -1e-12)


@pytest.mark.parametrize("params", OTHER_PARAMS)
@pytest.mark.parametrize("axis", [1, 2, 3], ids=["risk", "effort", "commitment"])
def test_more_cost_never_raises_the_chance(params: ModelParams, axis: int) -> None:
    out = p_yes(*grid4(), params=params)
    assert np.all(np.diff(out, axis=axis) <= 1e-12)


@pytest.mark.parametrize("params", OTHER_PARAMS)
def test_risk_hurts_more_at_low_trust(params: ModelParams) -> None:
    """The interaction: the drop from a little more risk shrinks as trust grows.

    PitchResult on the probability scale at every risk, effort and commitment on
    the grid, not only where the chance is near 50%.
    """
    trust, risk, effort, commitment = grid4()
    step = 0.05
    inner = risk <= 1.0 - step
    drop = p_yes(trust, np.where(inner, risk, 0), effort, commitment, params=params) - p_yes(
        trust, np.where(inner, risk + step, step), effort, commitment, params=params
    )
    # Only where some yes is left to lose (an effort or commitment cut of 1 can zero it).
    alive = p_yes(trust, 0.0, effort, commitment, params=params) > 0
    assert np.all(drop[alive] > 0)
    change = np.diff(drop, axis=0)  # along trust
    both_alive = alive[1:] & alive[:-1]
    assert np.all(change[both_alive] < 0), "risk's marginal effect must shrink with trust"


def test_same_ask_easy_yes_from_a_friend_hard_no_from_a_stranger() -> None:
    risky = cost_level(1)
    stranger = p_yes(trust_from("stranger"), risky)
    colleague = p_yes(trust_from("former_colleague"), risky)
    assert stranger < 0.5 < colleague


def test_effort_and_commitment_push_every_ask_down() -> None:
    trust, risk = np.meshgrid(GRID, GRID)
    free = p_yes(trust, risk)
    assert np.all(p_yes(trust, risk, effort=0.5) < free)
    assert np.all(p_yes(trust, risk, commitment=0.5) < free)


# --- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"trust": 1.2, "risk": 0.0}, "trust"),
        ({"trust": 0.5, "risk": -0.1}, "risk"),
        ({"trust": 0.5, "risk": 0.1, "effort": 2}, "effort"),
        ({"trust": 0.5, "risk": 0.1, "commitment": float("nan")}, "commitment"),
        ({"trust": [0.1, 1.5], "risk": 0.1}, "trust"),
        ({"trust": "high", "risk": 0.1}, "trust"),
    ],
)
def test_bad_inputs_raise_a_clear_error(kwargs: dict, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        p_yes(**kwargs)


def test_params_are_frozen_and_every_field_is_documented() -> None:
    """Each number is a row of data/parameters.csv that says what it does."""
    from helpable.content.parameters import SCHEMA, parameters
    from helpable.content.tables import read_rows

    with pytest.raises(FrozenInstanceError):
        DEFAULT.risk_cut = 0.1  # type: ignore[misc]
    rows = {r["name"]: r for r in read_rows(parameters().path, SCHEMA)}
    for f in fields(ModelParams):
        names = (
            [
                f"model.{k}.{r}"
                for k in ("trust", "mix")
                for r in RELATIONSHIPS
                if {"relationship_trust": "trust", "network_mix": "mix"}[f.name] == k
            ]
            if f.name in ("relationship_trust", "network_mix")
            else [f"model.{f.name}"]
        )
        for name in names:
            assert name in rows, name
            assert len(rows[name]["meaning"].split()) >= 5, name


@pytest.mark.parametrize(
    "change",
    [
        {"risk_cut": 1.5},
        {"base_stranger": 0.9, "base_trusted": 0.5},
        {"base_stranger": 0.3, "base_trusted": 0.95},  # trust would outgrow the risk shield
        {"relationship_trust": (("stranger", 0.5), ("acquaintance", 0.1))},
        {"network_mix": (("stranger", 0.5), ("acquaintance", 0.1))},
    ],
)
def test_bad_params_are_refused(change: dict) -> None:
    with pytest.raises(ValueError):
        replace(DEFAULT, **change)


def test_the_model_says_it_is_not_fitted_to_data() -> None:
    assert "not fitted to data" in disclaimer()
    doc = " ".join((model.__doc__ or "").split())
    assert "not fitted to data" in doc
    for source in ("Smith 2005", "Marin 2012", "Rajkumar et al. 2022"):
        assert source in doc


# --- trust_from ----------------------------------------------------------------------------


def test_trust_follows_the_relationship_order() -> None:
    values = [trust_from(r) for r in RELATIONSHIPS]
    assert RELATIONSHIPS[0] == "stranger" and RELATIONSHIPS[-1] == "close_friend"
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    assert all(0.0 <= v <= 1.0 for v in values)


def test_trust_from_accepts_plain_spelling() -> None:
    assert trust_from("Close friend") == trust_from("close_friend")


def test_unknown_relationship_lists_the_choices() -> None:
    with pytest.raises(ValueError) as err:
        trust_from("boss")
    for name in RELATIONSHIPS:
        assert name in str(err.value)


# --- costs from the analyzer's findings ------------------------------------------------------


def _finding(rule: str, n: int) -> Finding:
    return Finding(rule=rule, start=n, end=n + 1, phrase="x", why="", try_instead="")


def _feedback(counts: dict[str, int], broken: set[str] | None = None) -> Feedback:
    findings = tuple(_finding(rule, i) for rule, n in counts.items() for i in range(n))
    return Feedback(
        text="x",
        broken=frozenset(broken if broken is not None else {r for r, n in counts.items() if n}),
        findings=findings,
    )


READERS = [(risk_from, "risk"), (effort_from, "effort"), (commitment_from, "commitment")]


@pytest.mark.parametrize(("read", "rule"), READERS)
def test_costs_grow_with_findings(read, rule: str) -> None:  # noqa: ANN001 - a reader function
    levels = [read(_feedback({rule: n})) for n in range(5)]
    assert levels[0] == 0.0
    assert all(0.0 < v < 1.0 for v in levels[1:])
    assert levels == sorted(levels) and len(set(levels)) == len(levels)
    assert levels[1] == pytest.approx(DEFAULT.finding_step)


def test_costs_only_count_their_own_rule() -> None:
    feedback = _feedback({"risk": 2})
    assert effort_from(feedback) == 0.0
    assert commitment_from(feedback) == 0.0
    assert risk_from(feedback) > 0.0


def test_a_rule_broken_by_context_alone_still_costs() -> None:
    feedback = _feedback({}, broken={"risk"})
    assert risk_from(feedback) == pytest.approx(cost_level(1))


def test_cost_level_refuses_negative_counts() -> None:
    with pytest.raises(ValueError):
        cost_level(-1)


# --- placing a pitch -----------------------------------------------------------------------------


def test_place_feedback_uses_trust_and_costs() -> None:
    placed = place_feedback(_feedback({"risk": 1, "commitment": 1}), "acquaintance")
    assert placed.trust == trust_from("acquaintance")
    assert placed.risk == pytest.approx(cost_level(1))
    assert placed.effort == 0.0
    expected = p_yes(placed.trust, placed.risk, placed.effort, placed.commitment)
    assert placed.p_yes == pytest.approx(expected)
    assert "acquaintance" in placed.summary
    assert f"{round(expected * 100)}%" in placed.summary


def test_place_pitch_calls_the_analyzer(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_analyze(text: str, setting: str | None = None, relationship: str | None = None):
        calls.append((text, setting, relationship))
        return _feedback({"effort": 1})

    fake = types.ModuleType("helpable.analyzer.engine")
    fake.analyze = fake_analyze  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "helpable.analyzer.engine", fake)
    placed = place_pitch("Review my resume?", "former_colleague", setting="private")
    assert calls == [("Review my resume?", "private", "former_colleague")]
    assert placed.effort == pytest.approx(cost_level(1))
    assert placed.trust == trust_from("former_colleague")


def test_place_pitch_checks_the_relationship_before_analyzing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = types.ModuleType("helpable.analyzer.engine")
    fake.analyze = lambda *a, **k: pytest.fail("the analyzer must not run")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "helpable.analyzer.engine", fake)
    with pytest.raises(ValueError, match="stranger"):
        place_pitch("Hi", "cousin")


# --- the yes line ------------------------------------------------------------------------------


def test_even_odds_risk_is_where_the_chance_is_half() -> None:
    trust = np.linspace(0, 1, 11)
    risk = even_odds_risk(trust, 0.2, 0.1)
    inside = np.isfinite(risk) & (risk <= 1)
    assert inside.any()
    assert np.allclose(p_yes(trust[inside], risk[inside], 0.2, 0.1), 0.5)
    assert np.all(np.diff(risk[inside]) > 0), "more trust tolerates more risk"


def test_even_odds_risk_is_nan_when_no_ask_reaches_half() -> None:
    assert np.isnan(even_odds_risk(0.0, 1.0, 1.0))
