"""The README tells the truth: every command is documented and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import click

from toc import loads_model
from toc.cli import main
from toc.formats.textfiles import parsed
from toc.organisation import framework_from_data

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented() -> None:
    assert isinstance(main, click.Group)
    missing = [name for name in main.commands if f"`toc {name}" not in README]
    assert missing == []


def test_quick_start_is_the_two_make_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make \w+", quick, flags=re.M) == ["make app", "make test"]


def test_yaml_examples_in_the_readme_load() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        if re.search(r"^scheme:", block, flags=re.M):  # an outcomes framework, not a model
            framework = framework_from_data(parsed(block, "yaml", "README.md"), source="README.md")
            assert framework.outcomes
            continue
        model = loads_model(block.encode("utf-8"), "yaml", source="README.md")
        assert model.nodes
