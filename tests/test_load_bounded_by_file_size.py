"""Loading a ruleset costs in proportion to its file: vocabularies are not multiplied out,
one vocabulary shared by many rules is compiled once, and 2,000 rules (the maximum) load.

No clock: each test asserts the structure that makes the cost linear, or the result.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import jxrules
from jxrules.quantities import default_vocabulary
from jxrules.quantities.vocabulary import UnitForms
from jxrules.rules.ruleset import MAX_RULES
from tests.conftest import JIANGMEN_MD

HEAD = [
    "id: local/big",
    "title: big",
    'version: "1"',
    "applies_to: {kind: department_overall, fiscal_years: [2022]}",
    "params: {max_score: 100}",
    "rules:",
]


def _multiplied_out(
    words: list[str], multipliers: dict[str, Decimal], aliases: dict[str, str]
) -> dict[str, tuple[str, Decimal]]:
    """What the vocabulary built before: every multiplier with every unit word, first wins."""
    units = {w: (aliases.get(w, w), Decimal(1)) for w in [*words, *aliases]}
    for prefix, scale in multipliers.items():
        for word in words:
            units.setdefault(prefix + word, (aliases.get(word, word), scale))
        units.setdefault(prefix, ("", scale))
    return units


WORD = st.text(alphabet="万亿千元人次个", min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(WORD, max_size=8),
    multipliers=st.dictionaries(WORD, st.integers(1, 10**8).map(Decimal), max_size=5),
    aliases=st.dictionaries(WORD, WORD, max_size=3),
    probe=st.text(alphabet="万亿千元人次个x", max_size=7),
)
def test_unit_forms_are_the_multiplied_out_table(
    words: list[str],
    multipliers: dict[str, Decimal],
    aliases: dict[str, str],
    probe: str,
) -> None:
    table = _multiplied_out(words, multipliers, aliases)
    forms = UnitForms(words, multipliers, aliases)
    assert forms.get(probe) == table.get(probe)
    assert dict(forms) == table and list(forms) == list(table)  # in the same order too
    assert len(forms.plain) + len(forms.multipliers) <= len(words) + len(aliases) + len(multipliers)


def test_a_big_vocabulary_is_kept_as_its_word_lists() -> None:
    """190 multipliers by 400 unit words: 76,000 spellings, held as 590 entries (with the
    bundled words, under the 100,000-spelling limit)."""
    extra = {
        "multipliers": {f"倍{n:03d}": n + 1 for n in range(190)},
        "units": [f"单位{n:04d}" for n in range(400)],
    }
    vocabulary = default_vocabulary().extended(extra)
    assert isinstance(vocabulary.units, UnitForms)
    base = default_vocabulary().units
    assert isinstance(base, UnitForms)
    assert len(vocabulary.units.multipliers) == len(base.multipliers) + 190
    assert len(vocabulary.units.words) == len(base.words) + 400
    assert vocabulary.unit("倍189单位0399") == ("单位0399", Decimal(190))
    assert vocabulary.unit("万元") == ("元", Decimal(10000))


def test_one_vocabulary_shared_by_many_rules_is_compiled_once() -> None:
    extra = {"multipliers": {"倍": 2}, "units": ["台套"]}
    first = default_vocabulary().extended(extra)
    again = default_vocabulary().extended(json.loads(json.dumps(extra)))
    assert again is first and first.unit("倍台套") == ("台套", Decimal(2))
    other = default_vocabulary().extended({"multipliers": {"倍": 3}, "units": ["台套"]})
    assert other is not first and other.unit("倍台套") == ("台套", Decimal(3))


def test_a_vocabulary_aliased_by_a_hundred_rules_loads(tmp_path: Path) -> None:
    """An 18 KB file of one 80,000-spelling vocabulary aliased by 100 rules: 8 s, 1.9 GB once."""
    text = json.dumps(
        {
            "multipliers": {f"倍{n:03d}": n + 1 for n in range(190)},
            "units": [f"单位{n:04d}" for n in range(400)],
        },
        ensure_ascii=False,
    )
    lines = list(HEAD)
    for n in range(100):
        lines += [f"  - id: v{n}", "    check: target", "    severity: warning"]
        lines += ["    find: missed", "    message: m"]
        lines.append(f"    vocabulary: &v {text}" if n == 0 else "    vocabulary: *v")
    path = tmp_path / "alias.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ruleset = jxrules.load_ruleset(path)
    assert [rule.id for rule in ruleset.rules] == [f"v{n}" for n in range(100)]


def test_the_most_rules_a_ruleset_may_have_load_and_run(tmp_path: Path) -> None:
    lines = list(HEAD)
    for n in range(MAX_RULES):
        lines += [f"  - id: r{n}", "    check: expression", "    severity: warning"]
        lines += [f'    assert: "self_evaluation.score <= params.max_score + {n}"']
        lines += [f"    message: m{n}"]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ruleset = jxrules.load_ruleset(path)
    assert len(ruleset.rules) == MAX_RULES and ruleset.rules[-1].id == f"r{MAX_RULES - 1}"
    result = jxrules.check(jxrules.load_report(JIANGMEN_MD), ruleset)
    assert [f for f in result.findings if f.rule.startswith("r")] == []
