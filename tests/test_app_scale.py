"""Every page but the Map on a 3,000-box model: no exception, its main content there, quick.

The model is the benchmarks' generated one (``benchmarks/app_pages.py``'s
``benchmark_model``: priorities on every outcome, values on a third of them, an
investment), with four stakeholder groups rating every outcome, so that every chart
has far more rows than Vega-Lite takes (5,000): each must aggregate instead.
The Map is reworked for big models elsewhere; ``test_browser_scale.py`` visits it.
"""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from appkit import ROOT, no_trouble, opened, saved
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from toc.model import LogicModel, Stage
from tocapp import views

pytestmark = pytest.mark.slow

SIZE = 3000
GROUPS = ("residents", "council", "providers", "funders")


def scale_model(size: int = SIZE) -> LogicModel:
    """``benchmark_model(size)`` of ``benchmarks/app_pages.py``, with rating groups added.

    benchmarks/ is a folder of scripts, not an installed package, so its generator is
    loaded from its file.
    """
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: dict[str, Any] = module.dressed(module.generated_model(size))
    outcomes = [n for n in data["nodes"] if Stage(n["stage"]).is_result]
    data["stakeholders"] = [
        {
            "id": group,
            "label": group.title(),
            "ratings": {n["id"]: float((rank * (g + 3)) % 11) for rank, n in enumerate(outcomes)},
        }
        for g, group in enumerate(GROUPS)
    ]
    return LogicModel.model_validate(data)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The id of the 3,000-box model, saved once in a database of its own."""
    folder = tmp_path_factory.mktemp("scale")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TOC_DATABASE_URL", raising=False)
        patch.setenv("TOC_DB_PATH", str(folder / "toc.db"))
        patch.setenv("TOC_SEED_DIR", str(folder / "no-examples"))
        yield saved(scale_model())


def charts(at: AppTest) -> list[list[pd.DataFrame]]:
    """The data each chart on the page was given, one list of frames per chart."""
    return [
        [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in c.proto.datasets]
        for c in at.get("vega_lite_chart")
    ]


def labels_of(frames: list[pd.DataFrame], column: str) -> list[str]:
    return [str(v) for f in frames if column in f.columns for v in f[column]]


def captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def rerun_seconds(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def test_models_lists_the_big_model(big: str) -> None:
    at = opened(big, views.MODELS)
    assert any(f"{SIZE} boxes" in str(m.value) for m in at.markdown)


def test_priorities_charts_aggregate_and_the_direct_priorities_are_a_table(big: str) -> None:
    at = opened(big, views.PRIORITIES)
    weights, dots = charts(at)
    assert len(labels_of(weights, "label")) == 26
    assert labels_of(weights, "label")[-1].startswith("all others (1,325 outcomes")
    assert len(set(labels_of(dots, "outcome"))) == 25  # the 25 the groups split on most
    assert "The 25 of 1,350 outcomes the groups split on most" in captions(at)
    assert not [w for w in at.number_input if str(w.label).startswith("Priority of")]
    assert any(len(d.value) == 1350 and "priority" in d.value.columns for d in at.dataframe)


def test_analyse_aggregates_its_charts_and_answers_in_under_two_seconds(big: str) -> None:
    at = opened(big, views.ANALYSE)
    drivers, heat = charts(at)
    bars = labels_of(drivers, "label")
    assert bars[-1] == "all others (725 activities, average)"
    assert len(set(bars)) == 26
    cells = heat[0]
    assert cells["activity"].nunique() == 15 and cells["outcome"].nunique() == 15
    said = captions(at)
    assert "The 15 strongest drivers of 750 activities" in said
    assert "download the full table below" in said and "toc analyse --json" in said
    assert "… and 6,491 more (every one: `toc analyse --json`)." in said  # opposed pairs
    assert any(len(d.value) == 750 for d in at.dataframe)  # the full ranking
    assert "Download the full influence table (CSV)" in [b.label for b in at.get("download_button")]
    at.radio[0].set_value("input").run()
    no_trouble(at)
    assert labels_of(charts(at)[0], "label")[-1] == "all others (125 inputs, average)"
    activity = next(iter(at.multiselect[0].options))
    at.multiselect[0].select(activity).run()
    no_trouble(at)
    assert at.metric
    assert rerun_seconds(at) < 2.0


def test_value_aggregates_its_chart_and_scrolls_its_long_tables(big: str) -> None:
    at = opened(big, views.VALUE)
    tornado, by_activity = charts(at)
    assert len(tornado[0]) <= 12
    bars = labels_of(by_activity, "activity")
    assert len(bars) == 26 and bars[-1].startswith("all others (")
    shapes = [d.value.shape[0] for d in at.dataframe]
    assert 1350 in shapes  # the value map, editable
    assert 750 in shapes  # value by activity, scrolling
    assert at.metric


def test_diagram_says_it_is_too_big_then_draws_a_part(big: str) -> None:
    at = opened(big, views.DIAGRAM)
    said = at.info[0].value
    assert "3,000 boxes, more than the 500" in said and "strongest drivers" in said
    assert not at.image
    labels = [str(b.label) for b in at.get("download_button")]
    assert "Download SVG" not in labels
    assert {"Download YAML", "Download JSON", "Download XLSX"} <= set(labels)
    assert "The first 2,000 of" in captions(at)  # the outline, cut short
    at.number_input[0].set_value(3).run()  # the pathways of the three strongest drivers
    no_trouble(at)
    assert not at.info and at.image
    assert "Download SVG" in [str(b.label) for b in at.get("download_button")]


def test_history_lists_the_revision(big: str) -> None:
    at = opened(big, views.HISTORY)
    assert list(at.table[0].value["revision"]) == [1]
    assert "No changes between these two revisions." in captions(at)


def test_every_chart_is_small(big: str) -> None:
    """Whatever the page, no chart is handed more than a few hundred rows."""
    at = opened(big, views.MODELS)
    for view in (views.PRIORITIES, views.ANALYSE, views.VALUE):
        at.switch_page(view.file).run()
        no_trouble(at)
        for frames in charts(at):
            assert sum(len(f) for f in frames) <= 500, view.url_path
        specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
        assert all(s["height"] < 2000 for s in specs if "height" in s), view.url_path
