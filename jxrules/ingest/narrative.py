"""The narrative reader: amounts, breakdowns, rates, changes, indicator results from prose.

Mechanism only: which words open a breakdown, name a rate or mark an actual value is data
(``jxrules/data/narrative.yaml``, schema ``jxrules/schemas/narrative.schema.json``).  A line
is cut into sentences and a sentence into figures (one bounded pattern, searched once); all
the rest is done on those figures with ``str.find`` and slices of bounded length, so a
hostile 200 KB line costs linear time.  A sentence that is not understood stays unread:
nothing is guessed.
"""

from __future__ import annotations

import functools
import json
import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs
from attrs import frozen

from jxrules.data import load as load_data
from jxrules.errors import JxError
from jxrules.findings import Finding, Location
from jxrules.model import Indicator
from jxrules.narrative_facts import (
    Amount,
    Breakdown,
    Change,
    NarrativeFacts,
    NarrativeIndicator,
    Rate,
    Said,
    Score,
)
from jxrules.quantities.decimals import normalize_digits

_DATA = "jxrules/data/narrative.yaml"


@frozen
class Trigger:
    word: str
    role: str


@frozen
class RateWord:
    word: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    share: bool = False


@frozen
class Wordings:
    """``narrative.yaml``, compiled."""

    figure: re.Pattern[str]
    money: Mapping[str, Decimal]
    percent: frozenset[str]
    sentence_ends: str
    #: A sentence: up to and including an end, or the rest of the line.
    sentence: re.Pattern[str]
    digit: re.Pattern[str]
    bracket: re.Pattern[str]
    breaks: str
    opens: str
    closes: str
    headings: tuple[re.Pattern[str], ...]
    skip_lines: tuple[re.Pattern[str], ...]
    subject_chars: int
    lead: tuple[str, ...]
    trail: tuple[str, ...]
    bracket_verbs: frozenset[str]
    triggers: tuple[Trigger, ...]
    name_separators: str
    colon_opens: bool
    list_colons: str
    list_separators: str
    continue_across: bool
    partial_words: tuple[str, ...]
    stop_words: tuple[str, ...]
    sum_words: tuple[str, ...]
    sum_after: bool
    max_parts: int
    rate_gap: int
    rates: tuple[RateWord, ...]
    anchors: tuple[str, ...]
    up: tuple[str, ...]
    down: tuple[str, ...]
    change_span: int
    categories: Mapping[str, str]
    comparators: tuple[str, ...]
    target_words: tuple[str, ...]
    actual_words: tuple[str, ...]
    actual_gap: int
    budget_words: tuple[str, ...]
    unit_chars: int
    score: re.Pattern[str]
    grade: re.Pattern[str]
    min_subject_chars: int
    ignore_subjects: frozenset[str]
    strip_subject: tuple[str, ...]
    max_sentence_chars: int
    max_facts: int


def _longest(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def schema() -> dict[str, Any]:
    """The JSON Schema of the wordings file."""
    text = resources.files("jxrules.schemas").joinpath("narrative.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def compile_wordings(data: Any, where: str = _DATA, *, validate: bool = True) -> Wordings:
    """Validate ``data`` against the schema and compile it; a clear error names the key.
    The bundled file is validated by the tests, not on every run (``validate=False``)."""
    if validate:
        import jsonschema  # a user's wordings only: the bundled file is tested

        errors = sorted(jsonschema.Draft202012Validator(schema()).iter_errors(data), key=str)
        if errors:
            first = errors[0]
            path = ".".join(str(p) for p in first.absolute_path) or "（顶层）"
            raise JxError(f"{where}：{path}：{first.message}")

    def pattern(text: str, key: str) -> re.Pattern[str]:
        try:
            return re.compile(text)
        except re.error as exc:
            raise JxError(f"{where}：{key}：正则表达式无效：{exc}") from None

    b, ind, ch = data["breakdown"], data["indicator"], data["change"]
    return Wordings(
        figure=pattern(data["figure"], "figure"),
        money={unit: Decimal(factor) for unit, factor in data["money_units"].items()},
        percent=frozenset(data["percent_units"]),
        sentence_ends=data["sentence_ends"],
        sentence=re.compile(
            f"[^{re.escape(data['sentence_ends'])}]*(?:[{re.escape(data['sentence_ends'])}]|$)"
        ),
        digit=re.compile(r"[0-9０-９]"),
        bracket=re.compile(f"[{re.escape(data['open_brackets'] + data['close_brackets'])}]"),
        breaks=data["clause_breaks"],
        opens=data["open_brackets"],
        closes=data["close_brackets"],
        headings=tuple(pattern(p, "headings") for p in data["headings"]),
        skip_lines=tuple(pattern(p, "skip_lines") for p in data.get("skip_lines", ())),
        subject_chars=data["subject_chars"],
        lead=_longest(data["subject_lead"]),
        trail=_longest(data["subject_trail"]),
        bracket_verbs=frozenset(data.get("subject_bracket_verbs", ())),
        triggers=tuple(
            Trigger(t["word"], t["role"])
            for t in sorted(b["triggers"], key=lambda t: -len(t["word"]))
        ),
        name_separators=b["name_separators"],
        colon_opens=b["colon_opens"],
        list_colons=b["list_colons"],
        list_separators=b["list_separators"],
        continue_across=b["continue_across_sentences"],
        partial_words=tuple(b["partial_words"]),
        stop_words=tuple(b["stop_words"]),
        sum_words=tuple(b["sum_words"]),
        sum_after=bool(b.get("sum_after", False)),
        max_parts=b["max_parts"],
        rate_gap=data["rate_gap"],
        rates=tuple(
            RateWord(
                r["word"],
                tuple(r.get("numerator", ())),
                tuple(r.get("denominator", ())),
                bool(r.get("share", False)),
            )
            for r in sorted(data["rates"], key=lambda r: -len(r["word"]))
        ),
        anchors=_longest(ch["anchors"]),
        up=_longest(ch["up"]),
        down=_longest(ch["down"]),
        change_span=ch["span"],
        categories=dict(ind["categories"]),
        comparators=_longest(ind["comparators"]),
        target_words=_longest(ind["target_words"]),
        actual_words=_longest(ind["actual_words"]),
        actual_gap=ind["gap"],
        budget_words=tuple(ind["budget_words"]),
        unit_chars=ind["unit_chars"],
        score=pattern(data["score"], "score"),
        grade=pattern(data["grade"], "grade"),
        min_subject_chars=data["repeated"]["min_subject_chars"],
        ignore_subjects=frozenset(data["repeated"]["ignore"]),
        strip_subject=_longest(data["repeated"]["strip_lead"]),
        max_sentence_chars=data["max_sentence_chars"],
        max_facts=data["max_facts"],
    )


def wordings() -> Wordings:
    """The wordings in force: the bundled ones, with the ``narrative`` part of the layouts file
    being read (``--layouts``) merged over them."""
    from jxrules.ingest.layouts import active

    layouts = active()
    extra = layouts.narrative if layouts is not None else None
    return _bundled() if not extra else _with_layouts(layouts)


@functools.lru_cache(maxsize=1)
def _bundled() -> Wordings:
    """The bundled wordings, compiled once (tests/ingest/test_narrative.py validates the file)."""
    return compile_wordings(load_data("narrative.yaml"), validate=False)


@functools.lru_cache(maxsize=8)
def _with_layouts(layouts: Any) -> Wordings:
    """A layouts file's wordings merged over the bundled ones, once per loaded file."""
    return merged(layouts.narrative)


def merged(extra: Mapping[str, Any]) -> Wordings:
    """The bundled wordings with a user's file merged over them: a top-level list is extended,
    a mapping updated key by key (one level deep), anything else replaced."""
    data = dict(load_data("narrative.yaml"))
    for key, value in extra.items():
        old = data.get(key)
        if isinstance(old, list) and isinstance(value, list):
            data[key] = [*value, *old]
        elif isinstance(old, dict) and isinstance(value, dict):
            inner = dict(old)
            for k, v in value.items():
                inner[k] = (
                    [*v, *inner[k]] if isinstance(inner.get(k), list) and isinstance(v, list) else v
                )
            data[key] = inner
        else:
            data[key] = value
    return compile_wordings(data, "narrative wordings")


# ------------------------------------------------------------------------- figures
@frozen
class _Fig:
    start: int
    end: int
    number: Decimal
    unit: str
    text: str
    depth: int


def _figures(sentence: str, w: Wordings, depth: Sequence[int]) -> list[_Fig]:
    out = []
    for m in w.figure.finditer(sentence):
        number = Decimal(m.group("number").replace(",", ""))
        unit = m.group("unit")
        out.append(_Fig(m.start(), m.end(), number, unit, m.group(0), depth[m.start()]))
    return out


def _depths(sentence: str, w: Wordings) -> list[int]:
    """The bracket depth at each character: an opening bracket is inside, a closing one too.

    Filled a run at a time between brackets (slice assignment), not a character at a time."""
    out = [0] * (len(sentence) + 1)
    level, start = 0, 0
    for found in w.bracket.finditer(sentence):
        at = found.start()
        out[start:at] = [level] * (at - start)
        if found.group() in w.opens:
            level += 1
            out[at] = level
        else:
            out[at] = level
            level = max(0, level - 1)
        start = at + 1
    out[start:] = [level] * (len(sentence) + 1 - start)
    return out


def _strip(text: str, w: Wordings) -> str:
    text = "".join(text.split())
    changed = True
    while changed and text:
        changed = False
        for word in w.lead:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
                break
        for word in w.trail:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
                break
    return text


def _subject(sentence: str, fig: _Fig, floor: int, w: Wordings) -> str:
    """The words before a figure, back to a clause break, a bracket or the previous figure."""
    start = max(floor, fig.start - w.subject_chars)
    piece = sentence[start : fig.start]
    cut = max(piece.rfind(c) for c in (*w.breaks, *w.opens, *w.closes))
    subject = _strip(piece[cut + 1 :], w)
    if cut >= 0 and piece[cut] in w.closes and subject in w.bracket_verbs:
        # 《…通知》（示财农〔2022〕10号）下达 2,150 万元: the document names the amount
        opened = max(piece.rfind(c, 0, cut) for c in w.opens)
        if opened >= 0:
            subject = _strip(piece[opened + 1 : cut], w) + subject
    return subject


# ------------------------------------------------------------------------- the reader
@attrs.define
class _Reader:
    w: Wordings
    amounts: list[Amount] = attrs.Factory(list)
    breakdowns: list[Breakdown] = attrs.Factory(list)
    rates: list[Rate] = attrs.Factory(list)
    changes: list[Change] = attrs.Factory(list)
    indicators: list[NarrativeIndicator] = attrs.Factory(list)
    scores: list[Score] = attrs.Factory(list)
    context: list[str] = attrs.Factory(list)
    levels: list[int] = attrs.Factory(list)
    #: Amounts given their name by a ``names_before`` list (A、B 分别为 x、y), by id.
    renamed: dict[int, Amount] = attrs.Factory(dict)
    sentences: int = 0
    cut: list[Said] = attrs.Factory(list)
    stopped_at: Said | None = None

    def full(self) -> bool:
        count = len(self.amounts) + len(self.rates) + len(self.changes) + len(self.indicators)
        return count >= self.w.max_facts

    def line(self, text: str, narrative_line: int, source_line: int | None) -> None:
        if any(p.match(text) for p in self.w.skip_lines):
            return
        self._heading(text)
        if not self.w.digit.search(text) and not self.w.grade.search(text):
            return  # no figure and no grade: nothing to read (most lines of a long report)
        previous: list[Amount] = []  # the previous sentence's amounts (a sentence may continue it)
        plain = normalize_digits(text)  # one character for one: offsets hold in both
        for found in self.w.sentence.finditer(plain):
            if not found.group().strip():
                continue  # the empty match at a line's end: nothing read, nothing to stop at
            if self.full():
                if self.stopped_at is None:
                    self.stopped_at = Said(found.group()[:200], narrative_line, source_line)
                return
            shown = text[found.start() : found.end()]
            previous = self._sentence(shown, found.group(), narrative_line, source_line, previous)

    def _heading(self, text: str) -> None:
        for level, pattern in enumerate(self.w.headings):
            found = pattern.match(text)
            if found:
                while self.levels and self.levels[-1] >= level:
                    self.levels.pop()
                    self.context.pop()
                self.levels.append(level)
                self.context.append(found.group("title").strip())
                return

    def _category(self, sentence: str) -> tuple[str | None, str | None]:
        """The indicator category a sentence opens with (数量指标：…), else its heading's."""
        head = sentence.lstrip()[:12]
        for texts in (head, *reversed(self.context)):
            for word in sorted(self.w.categories, key=len, reverse=True):
                if word in texts:
                    return self.w.categories[word], word
            for level1 in dict.fromkeys(self.w.categories.values()):
                if level1 in texts:
                    return level1, None
        return None, None

    def _sentence(
        self,
        raw: str,
        plain: str,
        narrative_line: int,
        source_line: int | None,
        previous: list[Amount],
    ) -> list[Amount]:
        """``raw`` as printed, ``plain`` the same with ASCII digits (what is searched)."""
        w = self.w
        shown = raw[: w.max_sentence_chars].strip()
        if len(raw) > w.max_sentence_chars:
            self.cut.append(Said(shown[:200], narrative_line, source_line, tuple(self.context)))
        sentence = plain[: w.max_sentence_chars].strip()
        if not sentence:
            return previous
        self.sentences += 1
        said = Said(shown[:200], narrative_line, source_line, tuple(self.context), self.sentences)
        if not w.digit.search(sentence):  # no figure: at most a grade (等级为优)
            self._score(sentence, said)
            return []
        depth = _depths(sentence, w) if w.bracket.search(sentence) else [0] * (len(sentence) + 1)
        figs = _figures(sentence, w, depth)
        if not figs:  # no amount, no rate: at most an indicator result or a score
            self._indicators(sentence, said)
            self._score(sentence, said)
            return []
        money: dict[int, Amount] = {}
        outer: list[Amount] = []  # amounts outside brackets: what a next sentence may continue
        floor = 0
        for fig in figs:
            if fig.unit in w.money:
                subject = _subject(sentence, fig, floor, w)
                amount = Amount(
                    subject, fig.number, fig.unit, fig.text, fig.number * w.money[fig.unit], said
                )
                money[fig.start] = amount
                self.amounts.append(amount)
                if fig.depth == 0:
                    outer.append(amount)
            floor = fig.end
        self._breakdowns(sentence, figs, money, previous, depth, said)
        self._rates(sentence, figs, money, previous, said)
        self._changes(sentence, figs, money, said)
        self._indicators(sentence, said)
        self._score(sentence, said)
        return outer[-50:]

    # ------------------------------------------------------------------ breakdowns
    def _is_change(self, amount: Amount) -> bool:
        """An amount stated as a change (同比增加 100 万元) is no total."""
        return any(anchor in amount.subject for anchor in self.w.anchors)

    def _openers(self, sentence: str, figs: Sequence[_Fig]) -> list[tuple[int, int, Trigger]]:
        """(start, end, trigger) of every word or colon that opens a list of parts."""
        w = self.w
        roles = {t.word: t for t in w.triggers}
        found: dict[int, tuple[int, int, Trigger]] = {}
        for at, word in _occurrences(sentence, list(roles)):
            trigger = roles[word]
            if trigger.role != "bracket" or (at > 0 and sentence[at - 1] in w.opens):
                found[at] = (at, at + len(word), trigger)
        if w.colon_opens:
            for fig in figs:
                if fig.unit in w.money:
                    rest = sentence[fig.end : fig.end + 3]
                    for offset, ch in enumerate(rest):
                        if ch in "：:":
                            at = fig.end + offset
                            found.setdefault(at, (at, at + 1, Trigger(ch, "after")))
                            break
                        if not ch.isspace():
                            break
        return [found[k] for k in sorted(found)]

    def _breakdowns(
        self,
        sentence: str,
        figs: Sequence[_Fig],
        money: Mapping[int, Amount],
        previous: Sequence[Amount],
        depth: Sequence[int],
        said: Said,
    ) -> None:
        w = self.w
        openers = self._openers(sentence, figs)
        money_figs = [f for f in figs if f.start in money]
        starts = [f.start for f in money_figs]
        if not openers and w.sum_after:
            self._sum_after(money_figs, money, depth, said)
        for n, (start, end, trigger) in enumerate(openers):
            level = depth[start]
            # the list ends at the next opener at this depth or shallower (a nested one does not)
            nxt = next((o[0] for o in openers[n + 1 :] if depth[o[0]] <= level), len(sentence))
            total: Amount | None
            if trigger.role == "bracket":
                before = _last_at(money_figs, bisect_left(starts, start), level - 1, depth)
                gap = "" if before is None else sentence[before.end : start - 1].strip()
                total = money[before.start] if before is not None and not gap else None
                stop = _closing(
                    sentence, end, level, depth, w, min(nxt, end + w.max_sentence_chars)
                )
                names: list[str] = []
            else:
                stop, names, scan_from = nxt, [], start
                if (
                    trigger.word not in w.list_colons
                    and sentence[end : end + 2].strip()[:1] not in w.list_colons
                ):
                    ends = [
                        i
                        for i in (sentence.find(c, end, stop) for c in w.list_separators)
                        if i >= 0
                    ]
                    stop = min(ends, default=stop)
                if trigger.role == "names_before":
                    window = max(0, start - w.subject_chars * 3)
                    seps = [c for c in w.breaks if c not in w.name_separators]
                    cut = max(sentence.rfind(c, window, start) for c in seps)
                    cut = max(cut, window - 1)
                    pieces = re.split(
                        "[" + re.escape(w.name_separators) + "]", sentence[cut + 1 : start]
                    )
                    names = [_strip(p, w) for p in pieces if _strip(p, w)]
                    scan_from = cut + 1
                before = _last_at(money_figs, bisect_left(starts, scan_from), level, depth)
                if before is not None and self._is_change(money[before.start]):
                    before = None
                opens_sentence = not sentence[:start].strip(" ：:，,")
                candidates = [a for a in previous if not self._is_change(a)]
                if before is not None and before.end <= scan_from:
                    total = money[before.start]
                elif opens_sentence and w.continue_across and len(candidates) == 1:
                    total = candidates[0]
                else:
                    total = None
            parts: list[Amount] = []
            for f in money_figs[bisect_left(starts, end) :]:
                if f.start >= stop or len(parts) >= w.max_parts:
                    break
                if depth[f.start] != level:
                    continue
                part = money[f.start]
                if any(word in part.subject for word in w.sum_words):
                    total = total or part
                    break
                if any(word in part.subject for word in w.stop_words):
                    break
                parts.append(part)
            if trigger.role == "names_before":
                if len(names) != len(parts):
                    continue
                named = [attrs.evolve(p, subject=n) for p, n in zip(parts, names, strict=True)]
                self.renamed.update((id(p), n) for p, n in zip(parts, named, strict=True))
                parts = named
            if total is None or not parts:
                continue
            region = sentence[end:stop]
            complete = len(parts) >= 2 and not any(word in region for word in w.partial_words)
            self.breakdowns.append(Breakdown(total, tuple(parts), trigger.word, complete, said))

    def _sum_after(
        self,
        money_figs: Sequence[_Fig],
        money: Mapping[int, Amount],
        depth: Sequence[int],
        said: Said,
    ) -> None:
        """第一批 1,200 万元，第二批 800 万元，共计 2,000 万元: with no trigger, a sum word's
        amount after two or more amounts (outside brackets, none about execution) is their total."""
        w = self.w
        outer = [money[f.start] for f in money_figs if depth[f.start] == 0]
        for n, amount in enumerate(outer):
            word = next((x for x in w.sum_words if x in amount.subject), None)
            if n >= 2 and word is not None:
                parts = outer[:n]
                if any(x in p.subject for p in parts for x in (*w.stop_words, *w.sum_words)):
                    return
                self.breakdowns.append(Breakdown(amount, tuple(parts), word, True, said))
                return

    # ------------------------------------------------------------------ rates
    def _rates(
        self,
        sentence: str,
        figs: Sequence[_Fig],
        money: Mapping[int, Amount],
        previous: Sequence[Amount],
        said: Said,
    ) -> None:
        w = self.w
        percents = [f for f in figs if f.unit in w.percent]
        percent_starts = [f.start for f in percents]
        money_starts = sorted(money)
        by_word = {r.word: r for r in w.rates}
        for at, word in _occurrences(sentence, list(by_word)):
            rate, end = by_word[word], at + len(word)
            i = bisect_left(percent_starts, end)
            fig = (
                percents[i] if i < len(percents) and percents[i].start <= end + w.rate_gap else None
            )
            if fig is None:
                continue
            if any(c in sentence[end : fig.start] for c in w.breaks if c not in "：:"):
                continue
            j = bisect_left(money_starts, at)
            before = [*previous, *(money[s] for s in money_starts[max(0, j - 20) : j])]
            numerator, denominator = self._base(rate, before[-40:])
            self.rates.append(Rate(rate.word, fig.number, fig.text, numerator, denominator, said))

    def _base(
        self, rate: RateWord, before: Sequence[Amount]
    ) -> tuple[Amount | None, Amount | None]:
        if not before:
            return None, None
        if rate.share:
            part = before[-1]
            recent = self.breakdowns[-10:]
            parent = next(
                (b.total for b in reversed(recent) if any(p is part for p in b.parts)), None
            )
            return (part, parent) if parent is not None else (None, None)
        numerator = next(
            (a for a in reversed(before) if any(x in a.subject for x in rate.numerator)), None
        )
        if numerator is None:
            return None, None
        others = [a for a in before if a is not numerator]
        loose = [a for a in others if any(x in a.subject for x in rate.denominator)]
        clean = [a for a in loose if not any(x in a.subject for x in rate.numerator)]
        chosen = clean or loose
        return (numerator, chosen[-1]) if chosen else (None, None)

    # ------------------------------------------------------------------ changes
    def _changes(
        self, sentence: str, figs: Sequence[_Fig], money: Mapping[int, Amount], said: Said
    ) -> None:
        w = self.w
        fig_starts = [f.start for f in figs]
        for at, anchor in _occurrences(sentence, w.anchors):
            end = at + len(anchor)
            i = bisect_left(fig_starts, at)
            current = next(
                (money[f.start] for f in reversed(figs[max(0, i - 20) : i]) if f.start in money),
                None,
            )
            direction = self._direction(sentence[end : end + 6])
            if current is None or direction == 0:
                continue
            window = figs[
                bisect_left(fig_starts, end) : bisect_left(fig_starts, end + w.change_span + 1)
            ]
            amount = next((money[f.start] for f in window if f.start in money), None)
            percent = next((f for f in window if f.unit in w.percent), None)
            self.changes.append(
                Change(
                    current,
                    direction,
                    amount,
                    None if percent is None else percent.number,
                    "" if percent is None else percent.text,
                    said,
                )
            )

    def _direction(self, text: str) -> int:
        ups = min((i for i in (text.find(u) for u in self.w.up) if i >= 0), default=99)
        downs = min((i for i in (text.find(d) for d in self.w.down) if i >= 0), default=99)
        if ups == downs == 99:
            return 0
        return 1 if ups < downs else -1

    # ------------------------------------------------------------------ indicators
    def _indicators(self, sentence: str, said: Said) -> None:
        w = self.w
        if not any(word in sentence for word in w.actual_words):
            return  # most sentences: no actual value stated
        done = 0
        for at, word in _occurrences(sentence, w.actual_words):
            if at < done:
                continue
            end = at + len(word)
            actual = _number_with_unit(sentence, end, w.actual_gap, w)
            if actual is None:
                continue
            text, actual_end = actual
            if any(b in sentence[end : end + w.actual_gap] for b in w.budget_words):
                done = actual_end
                continue
            target = self._target(sentence, done, at)
            done = actual_end
            if target is None:
                continue
            name, target_text = target
            level1, level2 = self._category(sentence)
            name = name or (self.context[-1] if self.context else "")
            if not name:
                continue
            row = Indicator(
                seq=None,
                name=name,
                target=target_text,
                actual=text,
                level1=level1,
                level2=level2,
                position=len(self.indicators) + 1,
                line=said.line,
            )
            self.indicators.append(NarrativeIndicator(row, said))

    def _target(self, sentence: str, lo: int, hi: int) -> tuple[str, str] | None:
        """The name and target stated between ``lo`` and ``hi`` (the actual word)."""
        w = self.w
        piece = sentence[lo:hi]
        best: tuple[int, str, bool] | None = None
        for words, keep in ((w.comparators, True), (w.target_words, False)):
            for at, word in _occurrences(piece, words):
                if best is None or at > best[0]:
                    best = (at, word, keep)
        if best is None:
            return None
        at, word, keep = best
        found = _number_with_unit(piece, at + len(word), w.actual_gap, w)
        if found is None:
            return None
        number, _ = found
        target = (word if keep else "") + number
        head = piece[:at]
        cut = max(head.rfind(c) for c in (*w.breaks, *w.opens, *w.closes))
        name = _strip(head[cut + 1 :], w)
        for word in sorted(w.categories, key=len, reverse=True):
            name = name.removeprefix(word)
        for word in w.target_words:
            name = name.removesuffix(word)
        return name, target

    # ------------------------------------------------------------------ score
    def _score(self, sentence: str, said: Said) -> None:
        score = self.w.score.search(sentence)
        grade = self.w.grade.search(sentence)
        if score is None and grade is None:
            return
        value = None if score is None else Decimal(score.group("score"))
        text = "" if score is None else score.group(0)
        self.scores.append(
            Score(value, text, None if grade is None else grade.group("grade"), said)
        )

    def facts(self) -> NarrativeFacts:
        return NarrativeFacts(
            amounts=tuple(self.renamed.get(id(a), a) for a in self.amounts),
            breakdowns=tuple(self.breakdowns),
            rates=tuple(self.rates),
            changes=tuple(self.changes),
            indicators=tuple(self.indicators),
            scores=tuple(self.scores),
            cut=tuple(self.cut),
            stopped_at=self.stopped_at,
        )


def _occurrences(text: str, words: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Every occurrence of the words, in text order, none overlapping another (the longest
    word wins at a position): one ``str.find`` sweep per word and one sort."""
    hits: list[tuple[int, int, str]] = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            hits.append((at, -len(word), word))
            at = text.find(word, at + len(word))
    hits.sort()
    end = 0
    for at, _, word in hits:
        if at >= end:
            end = at + len(word)
            yield at, word


_NUMBER = re.compile(r"\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,12})?")


def _last_at(figs: Sequence[_Fig], index: int, level: int, depth: Sequence[int]) -> _Fig | None:
    """The last of ``figs[:index]`` at bracket ``level`` (looking back a bounded way)."""
    for fig in reversed(figs[max(0, index - 20) : index]):
        if depth[fig.start] == level:
            return fig
    return None


def _closing(
    sentence: str, start: int, level: int, depth: Sequence[int], w: Wordings, limit: int
) -> int:
    """Where the bracket opened before ``start`` closes (or ``limit``)."""
    for i in range(start, min(limit, len(sentence))):
        if sentence[i] in w.closes and depth[i] == level:
            return i
    return min(limit, len(sentence))


def _number_with_unit(text: str, start: int, gap: int, w: Wordings) -> tuple[str, int] | None:
    """A number within ``gap`` characters of ``start`` (no clause break between) and its unit."""
    window = text[start : start + gap + 1]
    found = _NUMBER.search(window)
    if found is None or any(c in window[: found.start()] for c in w.breaks if c not in "：:"):
        return None
    begin = start + found.start()
    end = start + found.end()
    stop = end
    limit = min(len(text), end + w.unit_chars + 1)
    while stop < limit and text[stop] not in w.breaks and text[stop] not in w.sentence_ends:
        if text[stop].isdigit() or text[stop] in w.opens or text[stop] in w.closes:
            break
        stop += 1
    unit = text[end:stop].strip()
    if len(unit) > w.unit_chars:
        return None
    return (text[begin:end] + unit).strip(), stop


def read(lines: Sequence[tuple[str, int | None]], w: Wordings | None = None) -> NarrativeFacts:
    """The facts of a narrative given as (text, source line) pairs, in order."""
    reader = _Reader(w or wordings())
    for number, (text, source) in enumerate(lines, 1):
        if reader.full():
            if reader.stopped_at is None:
                reader.stopped_at = Said(text[:200], number, source)
            break
        reader.line(text, number, source)
    return reader.facts()


def read_text(narrative: str, w: Wordings | None = None) -> NarrativeFacts:
    """The facts of a narrative text whose source lines are unknown (a canonical report)."""
    return read([(line, None) for line in narrative.split("\n")], w)


class _Lines:
    """The source line of each narrative text, found from the reader's text blocks in order."""

    def __init__(self, blocks: Sequence[Any]) -> None:
        self.lines: dict[str, list[int]] = {}
        for block in blocks:
            text, line = getattr(block, "text", None), getattr(block, "line", None)
            if isinstance(text, str) and isinstance(line, int) and not hasattr(block, "rows"):
                self.lines.setdefault(text, []).append(line)
        self.used: dict[str, int] = {}

    def place(self, texts: Sequence[str]) -> list[tuple[str, int | None]]:
        out: list[tuple[str, int | None]] = []
        for text in texts:
            found = self.lines.get(text, [])
            n = self.used.get(text, 0)
            out.append((text, found[n] if n < len(found) else None))
            self.used[text] = n + 1
        return out


def narrative_lines(blocks: Sequence[Any]) -> _Lines:
    """A helper that gives each narrative text of these blocks its source line."""
    return _Lines(blocks)


def _where(said: Said) -> str:
    return f"第 {said.line} 行" if said.line is not None else f"正文第 {said.narrative_line} 行"


def _figure(amount: Amount) -> str:
    return f"{amount.subject or '（无主语）'} {amount.text}"


def explain(facts: NarrativeFacts | None) -> list[str]:
    """``jxrules extract --explain``: each narrative fact under the sentence it was read from."""
    if not facts:
        return ["  正文：未读到数字事实（金额、分项、比率、同比、指标、得分）"]
    out = [
        f"  正文事实：金额 {len(facts.amounts)} 个，分项 {len(facts.breakdowns)} 组，"
        f"比率 {len(facts.rates)} 个，同比 {len(facts.changes)} 个，"
        f"指标 {len(facts.indicators)} 个，得分 {len(facts.scores)} 个"
    ]
    said: list[tuple[Said, str]] = []
    for b in facts.breakdowns:
        parts = " + ".join(_figure(p) for p in b.parts)
        kind = "" if b.complete else "（部分列举）"
        said.append((b.said, f"分项{kind}：{_figure(b.total)} = {parts}（{b.trigger}）"))
    for r in facts.rates:
        base = ""
        if r.numerator is not None and r.denominator is not None:
            base = f" = {_figure(r.numerator)} ÷ {_figure(r.denominator)}"
        said.append((r.said, f"比率：{r.word} {r.text}{base}"))
    for c in facts.changes:
        change = "" if c.change is None else f" {c.change.text}"
        percent = f" {c.percent_text}" if c.percent_text else ""
        word = "增加" if c.direction > 0 else "减少"
        said.append((c.said, f"同比：{_figure(c.current)}，{word}{change}{percent}"))
    for i in facts.indicators:
        row = i.indicator
        category = "/".join(x for x in (row.level1, row.level2) if x) or "类别未知"
        said.append((i.said, f"指标：{row.name}（{category}）目标 {row.target}，实际 {row.actual}"))
    for s in facts.scores:
        said.append((s.said, f"得分：{s.text or '—'}，等级 {s.grade or '—'}"))
    for a in facts.amounts:
        said.append((a.said, f"金额：{_figure(a)}"))
    by_sentence: dict[int, list[str]] = {}
    places: dict[int, Said] = {}
    for where, text in said:
        by_sentence.setdefault(where.number, []).append(text)
        places.setdefault(where.number, where)
    for key in sorted(by_sentence):
        out.append(f"    {_where(places[key])}：“{places[key].sentence}”")
        out += [f"      {text}" for text in by_sentence[key]]
    return out


def limit_findings(facts: NarrativeFacts | None) -> list[Finding]:
    """One info finding per sentence read only in part, and one if the reader stopped early:
    the limits that keep reading linear never drop text unsaid."""
    if facts is None:
        return []
    w = wordings()
    out = [
        Finding(
            rule="ingest-narrative-limit",
            check="ingest",
            severity="info",
            message=f"{_where(said)}的句子超过 {w.max_sentence_chars} 字，只读取了前 "
            f"{w.max_sentence_chars} 字中的数字事实",
            location=Location(
                table="narrative", row=str(said.narrative_line), line=said.line, page=said.page
            ),
            evidence={"limit": "max_sentence_chars", "sentence": said.sentence[:80]},
        )
        for said in facts.cut
    ]
    if facts.stopped_at is not None:
        said = facts.stopped_at
        out.append(
            Finding(
                rule="ingest-narrative-limit",
                check="ingest",
                severity="info",
                message=f"正文数字事实已达 {w.max_facts} 个，{_where(said)}起的正文未再读取",
                location=Location(
                    table="narrative", row=str(said.narrative_line), line=said.line, page=said.page
                ),
                evidence={"limit": "max_facts", "sentence": said.sentence[:80]},
            )
        )
    return out
