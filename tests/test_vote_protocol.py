"""The vote benchmark's protocol participant (``benchmarks/phone_protocol.py``) against
the real app, so that the client the load test relies on cannot rot unnoticed.

``toc app`` runs over a fresh database; a points vote opens on two outcomes of the
youth employment example; three participants speak Streamlit's websocket protocol at
once, as phones' browsers do, and the store must then hold their ballots with the groups
and points they sent.  A fourth whose points do not add up must be told so, by the page,
and counted nowhere.  Every wait is on the server's messages, never a pause.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # benchmarks/ is a folder beside the package, not installed
    sys.path.insert(0, str(ROOT))

from benchmarks.browser_latency import Server  # noqa: E402
from benchmarks.phone_protocol import ProtocolError, Timing, vote  # noqa: E402
from toc.store import Store  # noqa: E402
from toc.store.workshopstore import Workshops  # noqa: E402
from toc.workshop import Round  # noqa: E402

pytestmark = pytest.mark.slow

EXAMPLE = "Youth employment service"
CONFIDENT, WELLBEING = "Young people feel confident and job-ready", "Improved mental wellbeing"
BALLOTS = {  # device: group, points by outcome label
    "phone-one": ("Young people (youth panel)", {CONFIDENT: 70, WELLBEING: 30}),
    "phone-two": ("Local employers", {CONFIDENT: 0, WELLBEING: 100}),
    "phone-three": ("Council members", {CONFIDENT: 45, WELLBEING: 55}),
}
SECONDS = 60  # for everything the participants do, on a loaded machine


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    """``toc app`` over a fresh database with the examples."""
    running = Server(tmp_path / "toc.db", tmp_path / "server.log")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _open_vote(db: Path) -> tuple[str, dict[str, str]]:
    """A points vote on the example's two outcomes above; its code, outcome ids by label."""
    with Store(f"sqlite:///{db}") as store:
        model_id = next(s.id for s in store.list_models() if s.title == EXAMPLE)
        ids = {n.label: n.id for n in store.latest(model_id).model.nodes}
        outcomes = (ids[CONFIDENT], ids[WELLBEING])
        code = Workshops(store).open_round(model_id, Round("points", outcomes), by="test")
    return code, ids


async def _everyone(url: str, code: str) -> list[Timing]:
    async with asyncio.timeout(SECONDS):
        return await asyncio.gather(
            *(
                vote(url, code, group, points, device=device)
                for device, (group, points) in BALLOTS.items()
            )
        )


async def _short_of_points(url: str, code: str) -> None:
    async with asyncio.timeout(SECONDS):
        await vote(url, code, "Local employers", {CONFIDENT: 50}, device="phone-short")


def test_protocol_participants_ballots_are_counted_as_sent(server: Server) -> None:
    code, ids = _open_vote(server.db)
    timings = asyncio.run(_everyone(server.url, code))
    assert all(t.start < t.shown < t.confirmed for t in timings)
    with pytest.raises(ProtocolError, match="share exactly 100 points"):
        asyncio.run(_short_of_points(server.url, code))
    with Store(f"sqlite:///{server.db}") as store:
        held = {b.device: (b.group, dict(b.choices)) for b in Workshops(store).ballots(code)}
    assert held == {
        device: (group, {ids[label]: float(p) for label, p in points.items() if p})
        for device, (group, points) in BALLOTS.items()
    }
