"""Debian's Chromium, as the browser tests and the browser benchmark start it.

Never a downloaded browser: ``apt-get install -y chromium``.  The arguments keep it
off the network and quiet (no sandbox: the tests run as root in CI).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ARGS", "CHROMIUM"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
