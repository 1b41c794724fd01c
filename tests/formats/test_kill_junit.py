"""``--format junit``: a report that could not be loaded is its own suite with one erroring case."""

from __future__ import annotations

from jxrules.errors import InputError
from jxrules.formats import Failure, Run
from jxrules.formats.junit import render
from tests.formats.test_common import EMPTY_RESULT


def test_each_failed_load_is_a_numbered_suite_whose_error_names_the_file_once() -> None:
    run = Run(
        results=[EMPTY_RESULT],
        rulesets={},
        failures=[
            Failure("b.yaml", InputError("文件不存在")),
            Failure("c.yaml", InputError("c.yaml:3:7: YAML 语法错误")),
        ],
    )
    assert render(run) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="jxrules" tests="2" failures="0" errors="2" skipped="0">\n'
        '  <testsuite name="a.yaml" id="0" tests="0" failures="0" errors="0" skipped="0">\n'
        "    <properties>\n"
        '      <property name="ruleset" value="x" />\n'
        "    </properties>\n"
        "  </testsuite>\n"
        '  <testsuite name="b.yaml" id="1" tests="1" failures="0" errors="1" skipped="0">\n'
        '    <testcase classname="jxrules" name="load" file="b.yaml">\n'
        '      <error message="文件不存在" type="load">b.yaml: 文件不存在</error>\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        '  <testsuite name="c.yaml" id="2" tests="1" failures="0" errors="1" skipped="0">\n'
        '    <testcase classname="jxrules" name="load" file="c.yaml">\n'
        '      <error message="c.yaml:3:7: YAML 语法错误" type="load">'
        "c.yaml:3:7: YAML 语法错误</error>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )
