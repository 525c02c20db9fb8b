"""The store says what is wrong with a database instead of failing with a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from toc.model import LogicModel
from toc.store import Store, StoreError


def test_a_database_from_a_newer_toc_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "toc.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    with pytest.raises(StoreError, match=r"written by a newer version of toc .*upgrade toc"):
        Store(f"sqlite:///{path}")


def test_a_url_whose_driver_is_missing_says_what_to_install() -> None:
    with pytest.raises(
        StoreError, match=r"needs the Python driver .* pip install 'toc\[postgres\]'"
    ):
        Store("mysql://someone@127.0.0.1/toc")


def test_saves_into_a_replaced_database_file_fail_loudly(tmp_path: Path) -> None:
    path = tmp_path / "toc.db"
    store = Store(f"sqlite:///{path}")
    model_id = store.create_model(LogicModel(title="Youth"), author="a")
    os.rename(path, tmp_path / "old.db")
    shutil.copy(tmp_path / "old.db", path)
    with pytest.raises(StoreError, match="replaced or deleted while toc was running"):
        store.save(model_id, LogicModel(title="Youth 2"), base=1, author="a")
    store.close()
