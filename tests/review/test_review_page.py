"""The batch HTML page as a review page: an index of reports, filters and search that work in
a real browser, waived findings apart with their reason and approver, figures visible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import jxrules
from jxrules.formats import Run
from jxrules.formats.html import render
from jxrules.review.session import Review
from jxrules.review.waivers import load_waivers
from tests.conftest import JIANGMEN_MD, ROOT
from tests.formats.test_html import _chromium, dom

SPLIT = ROOT / "tests" / "fixtures" / "layouts" / "dept-overall-split.md"
WAIVERS = """\
version: 1
waivers:
  - id: W-9
    rule: indicator-target-met
    match: {row: 5G公共服务平台数量}
    reason: 口径调整已确认
    approved_by: 绩效科 李某
    expires: 2030-12-31
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("review")
    waivers = folder / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    review = Review(load_waivers(waivers), today=dt.date(2026, 12, 7))
    reports = [*jxrules.load_reports(JIANGMEN_MD), *jxrules.load_reports(SPLIT)]
    results = [review.apply(jxrules.check(report)) for report in reports]
    rulesets = {r.ruleset: jxrules.load_ruleset(r.ruleset) for r in results}
    return render(Run(results, rulesets, reports={r.source: r for r in reports}))


def _shown(page: str, tmp_path: Path, query: str) -> tuple[int, list[str]]:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    root = dom(_chromium(tmp_path, "--dump-dom", path.as_uri() + query).stdout)
    html = root.find_all("html")[0]
    assert html.attrs.get("data-filters") == "ready"  # the filter script ran to its end
    visible = [
        row.attrs["data-rule"]
        for row in root.find_all("tr")
        if "data-fingerprint" in row.attrs and "hidden" not in row.attrs
    ]
    assert int(html.attrs["data-shown"]) == len(visible)
    return len(visible), visible


def test_static_page_has_index_filters_rule_titles_and_visible_figures(page: str) -> None:
    root = dom(page)
    index = root.by_id("index")
    assert [a.text for a in index.find_all("a")] == ["江门市工业和信息化局", "示例市统计局"]
    assert root.by_id("filter-severity") and root.by_id("filter-rule") and root.by_id("filter-body")
    # the rule's title beside its id
    assert "expenditure-reconciles · 支出表各项之和等于合计" in root.by_id("filter-rule").text
    waived = root.by_id("r1-waived")
    (row,) = [tr for tr in waived.find_all("tr") if "data-fingerprint" in tr.attrs]
    assert row.attrs["data-waived"] == "yes"
    assert "口径调整已确认" in row.text and "绩效科 李某" in row.text and "2030-12-31" in row.text
    # figures are in the cell, not in a tooltip
    findings = root.by_id("r1-findings")
    first = next(tr for tr in findings.find_all("tr") if "data-fingerprint" in tr.attrs)
    assert first.find_all("dl", class_="evidence")
    assert "源文件第" in findings.text  # the Markdown source line


def test_filters_and_search_work_in_a_browser(page: str, tmp_path: Path) -> None:
    everything, _ = _shown(page, tmp_path, "")
    errors, rules = _shown(page, tmp_path, "?severity=error")
    assert 0 < errors < everything
    assert "indicator-near-duplicate" not in rules  # an info finding
    duplicates, rules = _shown(page, tmp_path, "?rule=indicator-duplicate")
    assert duplicates == 5 and set(rules) == {"indicator-duplicate"}
    found, rules = _shown(page, tmp_path, "?q=" + "小升规")
    assert found >= 3 and "indicator-duplicate" in rules
    waived, rules = _shown(page, tmp_path, "?severity=waived")
    assert (waived, rules) == (1, ["indicator-target-met"])
    one_body, _ = _shown(page, tmp_path, "?body=" + "江门市工业和信息化局")
    assert 0 < one_body < everything
