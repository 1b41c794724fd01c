"""The batch caches: bounded, short texts only, all emptied by forget_all."""

from __future__ import annotations

from jxrules.checks.duplicate import _FIGURE_KEYS, _NAME_KEYS, figure_key, name_key
from jxrules.quantities import Vocabulary, default_vocabulary, parse_actual
from jxrules.remembered import REMEMBER_CHARS, REMEMBERED, Remembered, forget_all


def test_a_full_cache_forgets_everything_at_once() -> None:
    cache: Remembered[int, int] = Remembered()
    for n in range(REMEMBERED):
        cache.keep(n, n, 1)
    assert len(cache) == REMEMBERED
    assert cache.keep(-1, 7, 1) == 7
    assert cache == {-1: 7}


def test_long_texts_are_answered_but_not_kept() -> None:
    cache: Remembered[str, str] = Remembered()
    assert cache.keep("x", "a", REMEMBER_CHARS + 1) == "a"
    assert "x" not in cache


def test_duplicate_keys_are_remembered_and_the_same_as_made_afresh() -> None:
    forget_all()
    assert name_key(" 满意度（％） ") == "满意度"
    assert _NAME_KEYS == {" 满意度（％） ": "满意度"}
    assert figure_key("≥ 95 % 。") == figure_key("≥95%。") == "≥95%"
    assert name_key(" 满意度（％） ") == "满意度"  # from the cache
    long = "指标" * REMEMBER_CHARS
    assert name_key(long) == long and long not in _NAME_KEYS


def test_forget_all_empties_every_cache() -> None:
    vocabulary = Vocabulary(default_vocabulary().data)
    parse_actual("≥500人次", vocabulary)
    name_key("满意度")
    figure_key("≥95%")
    assert vocabulary._readings and _NAME_KEYS and _FIGURE_KEYS
    forget_all()
    assert not vocabulary._readings and not vocabulary._cache
    assert not _NAME_KEYS and not _FIGURE_KEYS


def test_a_copied_or_unpickled_cache_starts_empty_and_is_forgotten_too() -> None:
    import copy
    import pickle

    cache: Remembered[str, str] = Remembered()
    cache.keep("a", "甲", 1)
    for clone in (pickle.loads(pickle.dumps(cache)), copy.deepcopy(cache), copy.copy(cache)):
        assert type(clone) is Remembered and clone == {}
        clone.keep("b", "乙", 1)
        assert clone == {"b": "乙"}
        forget_all()
        assert clone == {} and cache == {}
        cache.keep("a", "甲", 1)


def test_a_pickled_ruleset_checks_the_same() -> None:
    import pickle

    import jxrules
    from tests.conftest import JIANGMEN_YAML

    ruleset = jxrules.load_ruleset("dept-overall/2022")
    report = jxrules.load_report(JIANGMEN_YAML)
    expected = [f.to_dict() for f in jxrules.check(report, ruleset).findings]
    clone = pickle.loads(pickle.dumps(ruleset))
    assert [f.to_dict() for f in jxrules.check(report, clone).findings] == expected
