"""A team's own rulesets are chosen by kind and year exactly like the bundled ones, and win
where both apply; the config file sets ``check``'s options, the command line wins."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import jxrules
from jxrules.cli import build_parser
from jxrules.config import after_parse, apply_config, read_config
from jxrules.errors import ConfigError, InputError
from tests.conftest import JIANGMEN_YAML, PROJECT_YAML, CliResult

TEAM = """\
id: team/dept-{year}
title: 团队规则
version: "1"
extends: dept-overall/2022
applies_to: {{kind: department_overall, fiscal_years: [{year}]}}
rules:
  - id: score-cap
    check: expression
    severity: warning
    assert: "self_evaluation.score <= 95"
    message: 自评分数高于 95
"""


def _team(folder: Path, year: int = 2022) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"dept-{year}.yaml"
    path.write_text(TEAM.format(year=year), encoding="utf-8")
    return folder


def _report(out: str) -> tuple[str, list[tuple[str, str]]]:
    (report,) = json.loads(out)["reports"]
    return report["ruleset"], [
        (f["rule"], f["severity"]) for f in report["findings"] if f["rule"] == "score-cap"
    ]


def test_the_users_ruleset_wins_for_its_kind_and_year(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    team = _team(tmp_path / "team")
    result = cli("check", JIANGMEN_YAML, "--rulesets", team, "--format", "json")
    assert result.code == 1
    assert _report(result.out) == ("team/dept-2022", [("score-cap", "warning")])


def test_a_bundled_ruleset_for_the_exact_year_beats_a_users_earlier_year(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    team = _team(tmp_path / "team", 2021)
    result = cli("check", JIANGMEN_YAML, "--rulesets", team, "--format", "json")
    assert _report(result.out) == ("dept-overall/2022", [])


def test_a_users_later_year_carries_over_like_a_bundled_one(tmp_path: Path) -> None:
    team = _team(tmp_path / "team", 2021)
    report = jxrules.load_report(JIANGMEN_YAML)
    assert jxrules.select_ruleset(report, rulesets=[team]).id == "dept-overall/2022"
    (team / "dept-2021.yaml").unlink()
    _team(team, 2022)
    assert jxrules.select_ruleset(report, rulesets=[team]).id == "team/dept-2022"
    assert jxrules.select_ruleset(report).id == "dept-overall/2022"


def test_check_many_chooses_per_report_among_the_users_and_bundled(tmp_path: Path) -> None:
    team = _team(tmp_path / "team")
    outcomes = list(jxrules.check_many([JIANGMEN_YAML, PROJECT_YAML], rulesets=[team], jobs=1))
    assert [r.ruleset for o in outcomes for r in o.results] == ["team/dept-2022", "project/2022"]


def test_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        jxrules.select_ruleset(jxrules.load_report(JIANGMEN_YAML), rulesets=[tmp_path / "none"])
    assert caught.value.position is not None
    assert caught.value.position.file == str(tmp_path / "none")


def test_two_rulesets_with_one_id_in_a_folder_are_refused(tmp_path: Path) -> None:
    team = _team(tmp_path / "team")
    (team / "copy.yaml").write_text(TEAM.format(year=2022), encoding="utf-8")
    with pytest.raises(jxrules.RulesetError, match="team/dept-2022"):
        jxrules.select_ruleset(jxrules.load_report(JIANGMEN_YAML), rulesets=[team])


def test_rulesets_lists_the_users_with_their_file_and_the_bundled(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    team = _team(tmp_path / "team")
    result = cli("rulesets", "--rulesets", team)
    first, *rest = result.out.splitlines()
    assert first.split()[0] == "team/dept-2022"
    assert first.endswith(f"[{team.resolve() / 'dept-2022.yaml'}]")
    assert [line.split()[0] for line in rest] == [
        "dept-overall/2022",
        "dept-overall/2023",
        "project/2022",
    ]
    assert all(line.endswith("[bundled]") for line in rest)


def test_show_names_bundled_files_as_bundled(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    team = _team(tmp_path / "team")
    out = cli("show", team / "dept-2022.yaml").out
    assert f"来源：{team / 'dept-2022.yaml'} ← bundled:dept-overall/2022.yaml" in out
    assert "  max_score = 100    # bundled:dept-overall/2022.yaml:13:3" in out
    assert f"  score-cap  [expression, warning]    # {team / 'dept-2022.yaml'}:7:5" in out


# ------------------------------------------------------------------ config file
def test_jxrules_toml_is_found_upward_and_its_paths_are_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., CliResult]
) -> None:
    _team(tmp_path / "team")
    (tmp_path / "jxrules.toml").write_text(
        'rulesets = ["team"]\nformat = "json"\nfail-on = "never"\n', encoding="utf-8"
    )
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    result = cli("check", JIANGMEN_YAML)
    assert (result.code, _report(result.out)) == (0, ("team/dept-2022", [("score-cap", "warning")]))
    # the command line wins
    assert cli("check", JIANGMEN_YAML, "--fail-on", "warning").code == 1


def test_pyproject_tool_jxrules_is_read_and_an_unknown_key_is_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., CliResult]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.jxrules]\nlang = "en"\nfail_on = "never"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = cli("check", JIANGMEN_YAML)
    assert result.code == 2
    assert result.err.startswith(
        f"jxrules: {tmp_path / 'pyproject.toml'}:6:1: 未知的配置项 “fail_on”"
    )
    assert "是否想写 “fail-on”" in result.err


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert read_config(tmp_path / "pyproject.toml") is None


@pytest.mark.parametrize(
    ("text", "line", "wording"),
    [
        ('lang = "en"\nformat = "pdf"\n', 2, "不在可选值中"),
        ("jobs = 0\n", 1, "无效"),
        ('explain = "yes"\n', 1, "true 或 false"),
        ("timeout = [1]\n", 1, "单个值"),
        ("lang = \n", 1, "不是合法的 TOML"),
    ],
)
def test_a_bad_value_is_an_error_at_its_line(
    tmp_path: Path, text: str, line: int, wording: str
) -> None:
    path = tmp_path / "jxrules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config = read_config(path)
        assert config is not None
        apply_config(build_parser(), config)
    assert caught.value.position is not None
    assert (caught.value.position.file, caught.value.position.line) == (str(path), line)
    assert wording in caught.value.message


def _parse(tmp_path: Path, toml: str, *argv: str) -> dict[str, object]:
    path = tmp_path / "jxrules.toml"
    path.write_text(toml, encoding="utf-8")
    parser = build_parser()
    config = read_config(path)
    assert config is not None
    apply_config(parser, config)
    args = parser.parse_args(["check", "r.yaml", *argv])
    after_parse(parser, args)
    return vars(args)


def test_values_are_converted_by_the_options_own_types(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    args = _parse(
        tmp_path,
        'timeout = 30\njobs = 2\nexplain = true\nruleset = "dept-overall/2022"\nrulesets = "team"\n',
    )
    assert (args["timeout"], args["jobs"], args["explain"]) == (30.0, 2, True)
    assert args["ruleset"] == "dept-overall/2022"  # a bundled id, not a path
    assert args["rulesets"] == [str(tmp_path / "team")]


def test_a_list_option_on_the_command_line_replaces_the_configs(tmp_path: Path) -> None:
    args = _parse(tmp_path, 'rulesets = ["a", "b"]\n', "--rulesets", "c")
    assert args["rulesets"] == ["c"]
    assert _parse(tmp_path, 'rulesets = ["a", "b"]\n')["rulesets"] == [
        str(tmp_path / "a"),
        str(tmp_path / "b"),
    ]


def test_an_option_added_to_check_is_a_config_key_with_no_other_edit(tmp_path: Path) -> None:
    path = tmp_path / "jxrules.toml"
    path.write_text(
        'waivers-file = "w.yaml"\nmax-things = 3\nbaseline-file = "b.json"\nstrict = true\n',
        encoding="utf-8",
    )
    parser = build_parser()
    check = next(a for a in parser._actions if a.dest == "command").choices["check"]  # type: ignore[index]
    check.add_argument("--waivers-file", metavar="FILE")
    check.add_argument("--max-things", type=int)
    check.add_argument("--baseline-file", type=Path)
    check.add_argument("--strict", action="store_true")
    config = read_config(path)
    assert config is not None
    apply_config(parser, config)
    args = parser.parse_args(["check", "r.yaml"])
    assert (args.waivers_file, args.max_things, args.baseline_file, args.strict) == (
        str(tmp_path / "w.yaml"),
        3,
        tmp_path / "b.json",
        True,
    )


def test_other_subcommands_take_only_the_keys_given_them(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., CliResult],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    team = _team(tmp_path / "team")
    (tmp_path / "jxrules.toml").write_text(
        'rulesets = ["team"]\noutput = "out.txt"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert cli("rulesets").out.splitlines()[0].endswith(f"[{team.resolve() / 'dept-2022.yaml'}]")
    assert cli("schema", "tests").out.startswith("{")  # not written to out.txt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jxrules.toml", "team"]


def test_a_broken_pyproject_of_another_tool_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\nname = \n", encoding="utf-8")
    assert read_config(tmp_path / "pyproject.toml") is None
    (tmp_path / "pyproject.toml").write_text("[tool.jxrules]\nlang = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="不是合法的 TOML") as caught:
        read_config(tmp_path / "pyproject.toml")
    assert str(caught.value.position) == f"{tmp_path / 'pyproject.toml'}:2:8"


def test_a_yaml_in_the_folder_that_is_no_ruleset_stops_the_run_once(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    team = _team(tmp_path / "team")
    (team / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    result = cli("check", JIANGMEN_YAML, PROJECT_YAML, "--rulesets", team)
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines() == [
        f"jxrules: {team / 'waivers.yaml'}:1:1: （文档顶层） 中有未知的键 “waivers”"
        "（允许的键：id, title, title_en, version, description, extends, applies_to, params, rules, overrides）"
    ]


def test_the_review_options_are_config_keys_resolved_beside_the_file(tmp_path: Path) -> None:
    """``waivers`` and ``baseline`` in jxrules.toml name files next to it, wherever jxrules runs."""
    path = tmp_path / "jxrules.toml"
    path.write_text(
        'waivers = "review/waivers.yaml"\nbaseline = "review/b.json"\nonly-new = true\n',
        encoding="utf-8",
    )
    parser = build_parser()
    config = read_config(path)
    assert config is not None
    apply_config(parser, config)
    args = parser.parse_args(["check", "r.yaml"])
    assert (args.waivers, args.baseline, args.only_new) == (
        str(tmp_path / "review" / "waivers.yaml"),
        str(tmp_path / "review" / "b.json"),
        True,
    )
