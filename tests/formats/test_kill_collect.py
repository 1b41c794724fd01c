"""``Output``: a file written under a temporary name, put in place on commit; a failed commit
names the output file and leaves no partial file, nor one tracked as still being written."""

from __future__ import annotations

from pathlib import Path

import pytest

from jxrules.errors import JxError
from jxrules.formats.collect import Output, discard_partial_outputs


def failed_commit(out: Output) -> JxError:
    with pytest.raises(JxError) as caught:
        out.commit()
    return caught.value


def test_a_commit_onto_a_folder_fails_naming_the_output_and_removes_the_partial(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.json"
    (target / "inside").mkdir(parents=True)
    out = Output(str(target))
    out.write("{}")
    error = failed_commit(out)
    assert str(error) == f"{target}: 无法写入输出文件：Is a directory (cannot write)"
    assert error.position is not None
    assert error.position.file == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_commit_whose_partial_vanished_fails_as_a_jx_error(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    out = Output(str(target))
    out.write("{}")
    out.partial.unlink()
    error = failed_commit(out)
    assert str(error) == f"{target}: 无法写入输出文件：No such file or directory (cannot write)"
    assert not target.exists()


@pytest.mark.parametrize("commit_fails", [False, True])
def test_a_committed_output_is_no_longer_removed_as_in_progress(
    tmp_path: Path, commit_fails: bool
) -> None:
    target = tmp_path / "out.json"
    if commit_fails:
        (target / "inside").mkdir(parents=True)
    out = Output(str(target))
    out.write("{}")
    if commit_fails:
        failed_commit(out)
    else:
        out.commit()
        assert target.read_text(encoding="utf-8") == "{}"
    # a later file that happens to get the same temporary name is not this output's
    out.partial.write_text("later", encoding="utf-8")
    discard_partial_outputs()
    assert out.partial.read_text(encoding="utf-8") == "later"


def test_an_interrupted_run_removes_its_partial_once_even_if_already_gone(tmp_path: Path) -> None:
    kept, vanished = Output(str(tmp_path / "a.json")), Output(str(tmp_path / "b.json"))
    kept.write("{")
    vanished.partial.unlink()  # removed by someone else before the interrupt: no error
    discard_partial_outputs()
    assert list(tmp_path.iterdir()) == []
    # both are forgotten: a later file that gets the same temporary name stays
    for out in (kept, vanished):
        out.partial.write_text("later", encoding="utf-8")
    discard_partial_outputs()
    assert sorted(p.read_text(encoding="utf-8") for p in tmp_path.iterdir()) == ["later", "later"]


@pytest.mark.parametrize("partial_gone", [False, True])
def test_a_failed_run_discards_its_output_and_leaves_the_old_file(
    tmp_path: Path, partial_gone: bool
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), Output(str(target)) as out:
        out.write("{")
        if partial_gone:
            out.partial.unlink()
        raise RuntimeError("the run failed")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text(encoding="utf-8") == "old"
    out.partial.write_text("later", encoding="utf-8")
    discard_partial_outputs()  # the discarded output is no longer in progress
    assert out.partial.read_text(encoding="utf-8") == "later"
