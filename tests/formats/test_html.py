"""``--format html``: one self-contained, escaped page; checked as markup and in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import jxrules
from jxrules.findings import Result
from jxrules.formats import Run
from jxrules.formats.html import chart_points, render, verdicts
from tests.conftest import JIANGMEN_YAML, ROOT
from tests.formats.test_common import (
    BROKEN_MESSAGE,
    BROKEN_SOURCE,
    MISSED_ROWS,
    SOURCE,
    sample_run,
)

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
_VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr"}


# ------------------------------------------------------------------ a small DOM
class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.texts: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.texts) + "".join(c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag: str, **wanted: str) -> list[Node]:
        """Descendants by tag; ``class_`` matches one class, other keys an attribute value."""
        out = []
        for node in self.walk():
            if node is self or node.tag != tag:
                continue
            if "class_" in wanted and wanted["class_"] not in node.classes:
                continue
            if all(node.attrs.get(k) == v for k, v in wanted.items() if k != "class_"):
                out.append(node)
        return out

    def by_id(self, id_: str) -> Node:
        (found,) = [n for n in self.walk() if n.attrs.get("id") == id_]
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.texts.append(data)


def dom(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def data_rows(table: Node) -> list[Node]:
    return [tr for tr in table.find_all("tr") if tr.parent and tr.parent.tag == "tbody"]


def finding_rows(table: Node) -> list[Node]:
    return [tr for tr in data_rows(table) if "group" not in tr.classes]


# ------------------------------------------------------------------ static checks
@pytest.fixture(scope="module")
def page() -> str:
    return render(sample_run())


def test_self_contained_nothing_fetched(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in page
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page, re.I)
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page  # a Content-Security-Policy forbids any fetch
    assert re.search(r'font:[^;]*"PingFang SC"[^;]*"Microsoft YaHei"[^;]*"Noto Sans CJK SC"', page)


def test_report_text_is_escaped(page: str) -> None:
    assert "指标表在分页处被截断 &lt;续表&gt; &amp; 已按“序号”拼接" in page
    assert "<续表>" not in page
    report = jxrules.load_report(JIANGMEN_YAML)
    evil = attrs.evolve(
        report,
        department='<script>alert("x")</script>',
        indicators=(
            attrs.evolve(report.indicators[0], name="<img src=x onerror=alert(1)>", target='"≥2"'),
            *report.indicators[1:],
        ),
        source="evil.yaml",
    )
    result = Result("evil.yaml", evil.identity(), "dept-overall/2022", ())
    text = render(Run(results=[result], reports={"evil.yaml": evil}))
    assert "<script>alert" not in text and "<img" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&quot;≥2&quot;" in text
    assert len(dom(text).find_all("script")) == 1


def test_summary_counts_grade_and_score(page: str) -> None:
    summary = dom(page).find_all("dl", class_="summary")[0]
    values = {div.find_all("dt")[0].text: div.find_all("dd")[0].text for div in summary.children}
    assert values == {"错误": "6", "警告": "2", "提示": "2", "绩效等级": "优", "自评分数": "98"}


def test_load_failures_listed(page: str) -> None:
    (section,) = dom(page).find_all("section", class_="failures")
    assert [li.text for li in section.find_all("li")] == [BROKEN_MESSAGE]
    assert page.count(BROKEN_SOURCE) == 1


def test_findings_table_grouped_by_table_and_sortable(page: str) -> None:
    table = dom(page).by_id("r1-findings")
    assert "sortable" in table.classes
    assert table.attrs["data-count"] == "10"
    assert len(finding_rows(table)) == 10
    groups = [(b.attrs["data-group"], len(finding_rows(b))) for b in table.find_all("tbody")]
    assert groups == [("expenditure", 1), ("indicators", 8), ("", 1)]
    headers = [th.text for th in table.find_all("thead")[0].find_all("th")]
    assert headers == ["严重程度", "规则", "检查", "行", "位置", "说明"]
    # a row-9 finding links to the indicator row
    links = [a.attrs["href"] for a in table.find_all("a")]
    assert "#r1-ind-9" in links and "#r1-expenditure" in links


def test_indicator_rows_coloured_by_verdict(page: str) -> None:
    table = dom(page).by_id("r1-indicators")
    rows = data_rows(table)
    assert len(rows) == 28
    verdict = {tr.attrs["data-row"]: tr.attrs["class"] for tr in rows}
    assert sorted(r for r, c in verdict.items() if c == "v-missed") == sorted(MISSED_ROWS, key=int)
    assert {r for r, c in verdict.items() if c == "v-flagged"} == {"17", "22"}
    assert sum(c == "v-ok" for c in verdict.values()) == 22
    row9 = table.by_id("r1-ind-9")
    cells = {td.attrs.get("class"): td.text for td in row9.find_all("td")}
    assert cells["target"] == "2个" and cells["actual"] == "1个" and cells["verdict"] == "未完成"
    # empty optional columns (一级指标, 分值, 得分) are left out for this report
    headers = [th.text for th in table.find_all("th")]
    assert headers == ["序号", "二级指标", "三级指标", "目标值", "实际完成值", "判定"]


def test_verdicts_priority() -> None:
    run = sample_run()
    report = run.reports[SOURCE]
    assert isinstance(report, jxrules.Report)
    found = verdicts(report, run.results[0].findings)
    assert found["9"] == "missed"  # an error and a warning at row 9: the miss wins
    assert found["17"] == "flagged"  # an info finding of the target check
    assert found["22"] == "flagged"  # a duplicate
    assert found["1"] == "ok"


def test_chart_plots_each_comparable_figure(page: str) -> None:
    chart = dom(page).by_id("r1-chart")
    assert chart.tag == "svg"
    points = chart.find_all("g", class_="point")
    rows = [g.attrs["data-row"] for g in points]
    # every row of the example is quantitative; row 12 holds three figures, one bar each
    assert len(points) == 30 and rows.count("12") == 3 and len(set(rows)) == 28
    by_row = {g.attrs["data-row"]: g for g in points}
    bar9 = next(r for r in by_row["9"].find_all("rect") if "track" not in r.classes)
    bar1 = next(r for r in by_row["1"].find_all("rect") if "track" not in r.classes)
    assert bar9.attrs["class"] == "bar-missed" and bar1.attrs["class"] == "bar-ok"
    assert float(bar9.attrs["width"]) < float(bar1.attrs["width"])
    assert "1个 / 2个（50%）" in by_row["9"].text
    assert "510 家 / ≥200 家（255%）" in by_row["1"].text
    twelve = [g.text for g in points if g.attrs["data-row"] == "12"]
    assert "（3/3）" in twelve[2] and "（200%）" in twelve[2]


def test_chart_skips_what_cannot_be_compared() -> None:
    report = jxrules.load_report(JIANGMEN_YAML)
    rows = [
        attrs.evolve(report.indicators[0], name="服务质量", target="有效提升", actual="明显提升"),
        attrs.evolve(report.indicators[1], name="培训人数", target="500 名", actual="500 人次"),
        attrs.evolve(report.indicators[2], name="投诉率", target="≤5%", actual="3%"),
    ]
    points = chart_points(rows)
    assert [(p.indicator.name, p.ratio, p.lower_is_better) for p in points] == [
        ("投诉率", Decimal("0.6"), True)
    ]


def test_budget_total_cell_that_does_not_reconcile_is_highlighted(page: str) -> None:
    root = dom(page)
    marked = root.find_all("td", class_="mismatch")
    assert len(marked) == 1
    (cell,) = marked
    assert cell.attrs["data-column"] == "adjusted_budget"
    assert cell.text == "4960.46差 0.01"
    assert cell.parent is not None and cell.parent.attrs["class"] == "total"
    assert "4960.47" in cell.attrs["title"]
    assert (
        root.find_all("table", **{"data-table": "income"})[0].find_all("td", class_="mismatch")
        == []
    )


def test_result_without_its_report_lists_findings_only() -> None:
    run = attrs.evolve(sample_run(), reports={})
    root = dom(render(run))
    assert root.by_id("r1-findings").attrs["data-count"] == "10"
    assert [t for t in root.find_all("table") if "indicators" in t.classes] == []
    assert "未提供报告内容" in root.text


# ------------------------------------------------------------------ in a browser
def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        missing = f"{CHROMIUM} is not installed (Debian package chromium)"
        if os.environ.get("CI"):  # CI installs it: a missing browser must fail, not skip
            pytest.fail(missing)
        pytest.skip(missing)
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


#: Appended only in the test copy: click the 行 header twice, then record the order.
_CLICK = """<script>
(function () {
  var table = document.getElementById("r1-findings");
  var header = table.tHead.rows[0].cells[3];
  header.click();
  header.click();
  var body = table.querySelector('tbody[data-group="indicators"]');
  var rows = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains("group"); });
  document.body.setAttribute("data-sorted", rows.map(function (r) { return r.cells[3].textContent; }).join(","));
  document.body.setAttribute("data-aria", header.getAttribute("aria-sort"));
})();
</script>
</body>"""


def test_rendered_in_chromium(page: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(page.replace("</body>", _CLICK), encoding="utf-8")
    root = dom(_chromium(tmp_path, "--dump-dom", path.as_uri()).stdout)
    html_element = root.find_all("html")[0]
    assert html_element.attrs.get("data-sortable") == "ready"  # the page's script ran to its end
    assert len(data_rows(root.by_id("r1-indicators"))) == 28
    findings = root.by_id("r1-findings")
    assert len(finding_rows(findings)) == int(findings.attrs["data-count"]) == 10
    (cell,) = root.find_all("td", class_="mismatch")
    assert cell.attrs["data-column"] == "adjusted_budget" and "差 0.01" in cell.text
    assert root.by_id("r1-ind-4").attrs["class"] == "v-missed"
    body = root.find_all("body")[0]
    assert body.attrs["data-aria"] == "descending"
    # descending by row; the row-less ingest finding sorts as +∞; equal rows keep their order
    assert body.attrs["data-sorted"] == ",22,17,9,9,8,5,4"


def test_screenshot(page: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", path.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280  # IHDR width
    assert int.from_bytes(data[20:24], "big") == 2000  # IHDR height
    assert len(data) > 50_000  # a rendered page, not a blank one
