"""A participant's phone that speaks Streamlit's own protocol instead of rendering the page.

A browser on the Vote page (``?vote=CODE``) loads the page, opens the websocket
``/_stcore/stream`` and exchanges protobufs over it: it sends a ``BackMsg`` asking for a
script run (its ``ClientState``: the address's query string, the widgets' values), and
the server runs the app's script for that session and streams ``ForwardMsg``\\ s back
(the new session, the page's elements as ``Delta``\\ s, then ``script_finished``).
Pressing a form's submit button sends one more run, with every widget's value and the
button as a trigger.  :func:`vote` does just that, as Streamlit 1.67's frontend does:

1. ``GET`` the page's address, ``/_stcore/health`` and ``/_stcore/host-config`` (what the
   browser asks before it opens the socket; not the JavaScript bundle and fonts, which a
   phone caches), and later the page's icon;
2. open the socket with the subprotocols the frontend sends (``streamlit`` and, with no
   XSRF cookie, its placeholder token) and an ``Origin`` header;
3. ask for a run with ``query_string="vote=CODE&device=..."`` and read the page it sends:
   the widgets, each with its id, label and ``form_id``;
4. ask for a second run with the form's values: the "Your group" selectbox (a string:
   the option as shown), each outcome's ``st.number_input`` (``int_value`` for an integer
   input, ``double_value`` otherwise), the other widgets at their current values and the
   "Send my vote" submit button as a trigger;
5. read that run's page until it shows "your vote is counted".

The server does for it what it does for a browser: a session, two script runs, the
ballot cast into the store.  What it does not do is the phone's own work: no rendering,
no JavaScript, no page assets.  Widgets are found by their labels as the page shows
them, never by ids; a missing widget, an exception on the page, an error alert or a
failed run raises :class:`ProtocolError` saying what was found instead.

Run one by hand against a running app: ``python -m benchmarks.phone_protocol URL CODE``.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self
from urllib.parse import urlencode, urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

__all__ = ["CONFIRMED", "Page", "Phone", "ProtocolError", "Timing", "shown", "vote"]

#: The text the page shows once the ballot is counted (in an ``st.success`` alert).
CONFIRMED = "your vote is counted"
GROUP_LABEL = "Your group"
SEND_LABEL = "Send my vote"
#: What the frontend sends for its XSRF token when it has no ``_streamlit_xsrf`` cookie.
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
_WIDGETS = frozenset({"button", "number_input", "selectbox", "text_input"})
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # markdown's backslash escapes


class ProtocolError(RuntimeError):
    """The server or the page did not do what a participant's phone expects."""


def shown(label: str) -> str:
    """A label as the page shows it: markdown's backslash escapes resolved and word
    joiners (which the app puts into typed addresses) gone.

    >>> shown(r"confident and job\\-ready")
    'confident and job-ready'
    """
    return _ESCAPED.sub(r"\1", label).replace("\u2060", "")


@dataclass(frozen=True)
class Timing:
    """One participant's moments, in seconds of ``time.perf_counter``."""

    start: float  #: before the page's address was fetched
    shown: float  #: the ballot form on the page (the first run finished)
    confirmed: float  #: "your vote is counted" on the page (the second run finished)

    @property
    def seconds(self) -> float:
        """From the first request to the confirmation."""
        return self.confirmed - self.start


@dataclass
class Page:
    """What one script run put on the page: its elements by delta path."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)

    def widgets(self) -> list[tuple[str, Element]]:
        """The widgets this client knows how to send, in page order: (kind, element)."""
        found: list[tuple[str, Element]] = []
        for path in sorted(self.elements):
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if kind in _WIDGETS:
                found.append((kind, element))
        return found

    def widget(self, kind: str, label: str) -> Element:
        """The widget of this kind whose label the page shows as ``label``."""
        for have, element in self.widgets():
            if have == kind and shown(getattr(element, kind).label) == label:
                return element
        labels = [f"{k} {shown(getattr(e, k).label)!r}" for k, e in self.widgets()]
        raise ProtocolError(f"no {kind} labelled {label!r} on the page; it has {labels}")

    def texts(self) -> list[str]:
        """Every text the page shows: headings, markdown, text and alerts."""
        found = []
        for path in sorted(self.elements):
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if kind in ("alert", "heading", "markdown", "text"):
                found.append(shown(getattr(element, kind).body))
        return found

    def exceptions(self) -> list[str]:
        """The exceptions the page shows (``st.exception``, or an uncaught one)."""
        return [
            f"exception {e.exception.type}: {e.exception.message}"
            for _, e in sorted(self.elements.items())
            if e.WhichOneof("type") == "exception"
        ]

    def problems(self) -> list[str]:
        """What went wrong on the page: exceptions, error and warning alerts."""
        alerts = [
            shown(e.alert.body)
            for _, e in sorted(self.elements.items())
            if e.WhichOneof("type") == "alert" and e.alert.format in (Alert.ERROR, Alert.WARNING)
        ]
        return self.exceptions() + alerts

    def shows(self, text: str) -> bool:
        """Whether some text on the page holds ``text``."""
        return any(text in t for t in self.texts())


class Phone:
    """One browser tab's conversation with the server: a websocket, a session, runs.

    Use it as an async context manager (``async with Phone(url, query) as phone``);
    :meth:`run` asks for one script run and returns the page it drew.
    """

    def __init__(self, base_url: str, query_string: str) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.stream = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.query_string = query_string
        self.page_script_hash = ""  #: the page being shown, as the server named it
        self.icon = ""  #: the page's icon's address (``st.set_page_config``), if it set one
        #: What the browser says about itself with each run.
        self.context = ContextInfo(
            timezone="Europe/London",
            timezone_offset=0,
            locale="en-GB",
            url=f"{self.base_url}/",
            is_embedded=False,
            color_scheme="light",
        )
        self._socket: websockets.ClientConnection | None = None
        self._cache: dict[str, ForwardMsg] = {}  # cacheable messages, by hash

    async def __aenter__(self) -> Self:
        try:
            self._socket = await websockets.connect(
                self.stream,
                subprotocols=[
                    websockets.Subprotocol("streamlit"),
                    websockets.Subprotocol(PLACEHOLDER_TOKEN),
                ],
                origin=websockets.Origin(self.base_url),
                max_size=None,
                proxy=None,
                open_timeout=None,  # the caller's timeout bounds the whole visit
            )
        except (OSError, websockets.InvalidHandshake) as err:
            raise ProtocolError(f"could not open {self.stream}: {err}") from err
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def run(self, widgets: Sequence[WidgetState] = ()) -> Page:
        """Ask for a script run with these widget values; the page the run drew.

        Raises :class:`ProtocolError` when the script fails to compile, the page is not
        found or the socket closes before the run finishes.
        """
        if self._socket is None:
            raise ProtocolError("the phone is not connected: use `async with Phone(...)`")
        state = ClientState(
            query_string=self.query_string,
            widget_states=WidgetStates(widgets=list(widgets)),
            page_script_hash=self.page_script_hash,
            cached_message_hashes=sorted(self._cache),
            context_info=self.context,
        )
        await self._socket.send(BackMsg(rerun_script=state).SerializeToString())
        page = Page()
        while True:
            message = await self._receive()
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = message.new_session.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = message.navigation.page_script_hash
            elif kind == "page_config_changed" and message.page_config_changed.favicon:
                self.icon = message.page_config_changed.favicon
            elif kind == "page_info_changed":  # the browser puts it in its address bar
                self.query_string = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                page.elements[tuple(message.metadata.delta_path)] = message.delta.new_element
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {message.page_not_found.page_name!r}")
            elif kind == "session_event" and message.session_event.HasField(
                "script_compilation_exception"
            ):
                failed = message.session_event.script_compilation_exception
                raise ProtocolError(f"the script did not compile: {failed.type}: {failed.message}")
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return page
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError(f"the script did not compile: {page.problems()}")
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    page = Page()  # the server starts over (st.rerun): a fresh page follows
                # FINISHED_FRAGMENT_RUN_SUCCESSFULLY: a fragment's own run; the page's goes on

    async def _receive(self) -> ForwardMsg:
        assert self._socket is not None
        try:
            data = await self._socket.recv()
        except websockets.ConnectionClosed as err:
            raise ProtocolError(f"the server closed the socket mid-run: {err}") from err
        if not isinstance(data, bytes):
            raise ProtocolError(f"a text frame where a protobuf belongs: {data[:80]!r}")
        message = ForwardMsg()
        message.ParseFromString(data)
        if message.WhichOneof("type") == "ref_hash":  # "the message you cached with this hash"
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                raise ProtocolError(f"a reference to a message never sent: {message.ref_hash}")
            referred = ForwardMsg()
            referred.CopyFrom(cached)
            referred.metadata.CopyFrom(message.metadata)  # this delivery's path, not the first
            message = referred
        elif message.metadata.cacheable and message.hash:
            self._cache[message.hash] = message
        return message


def current_state(kind: str, element: Element) -> WidgetState | None:
    """The value a browser would send for a widget the participant left alone (its
    default, or the value the server set); ``None`` for buttons and empty widgets."""
    widget = getattr(element, kind)
    if kind == "text_input":
        if widget.set_value:
            return WidgetState(id=widget.id, string_value=widget.value)
        return WidgetState(id=widget.id, string_value=widget.default)
    if kind == "selectbox":
        if widget.set_value and widget.HasField("raw_value"):
            return WidgetState(id=widget.id, string_value=widget.raw_value)
        if widget.HasField("default") and widget.options:
            return WidgetState(id=widget.id, string_value=widget.options[widget.default])
        return None
    if kind == "number_input":
        has = widget.HasField("value") if widget.set_value else widget.HasField("default")
        if not has:
            return None
        return number_state(widget, widget.value if widget.set_value else widget.default)
    return None


def number_state(widget: NumberInput, value: float) -> WidgetState:
    """A number input's value as the frontend sends it: an int for an integer input."""
    if widget.data_type == NumberInput.INT:
        if value != int(value):
            raise ProtocolError(f"{shown(widget.label)!r} takes whole numbers, not {value}")
        return WidgetState(id=widget.id, int_value=int(value))
    return WidgetState(id=widget.id, double_value=float(value))


def ballot_states(page: Page, group: str, points: Mapping[str, float]) -> list[WidgetState]:
    """Every widget's value as the browser sends them when "Send my vote" is pressed:
    the group chosen, the points typed, the rest as they stand, the button a trigger."""
    chosen = page.widget("selectbox", GROUP_LABEL)
    options = list(chosen.selectbox.options)
    if group not in options:
        raise ProtocolError(f"{group!r} is not among the groups offered: {options}")
    send = page.widget("button", SEND_LABEL)
    if not send.button.is_form_submitter:
        raise ProtocolError(f"{SEND_LABEL!r} is not the form's submit button")
    typed = {chosen.selectbox.id: WidgetState(id=chosen.selectbox.id, string_value=group)}
    for label, value in points.items():
        box = page.widget("number_input", label).number_input
        if box.form_id != send.button.form_id:
            raise ProtocolError(f"{label!r} is not in the form {send.button.form_id!r}")
        typed[box.id] = number_state(box, value)
    states = []
    for kind, element in page.widgets():
        widget_id = getattr(element, kind).id
        state = typed.get(widget_id) or current_state(kind, element)
        if state is not None:
            states.append(state)
    states.append(WidgetState(id=send.button.id, trigger_value=True))
    return states


async def fetch(url: str) -> None:
    """``GET`` an address as the browser loads the page (HTTP/1.1, read to the end);
    :class:`ProtocolError` unless the answer is 200."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    try:
        request = f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode("ascii"))
        await writer.drain()
        status = (await reader.readline()).decode("latin-1").split()
        await reader.read()  # headers and body, until the server closes
    finally:
        writer.close()
        await writer.wait_closed()
    if len(status) < 2 or status[1] != "200":
        raise ProtocolError(f"GET {url} answered {' '.join(status[1:]) or 'nothing'}")


async def vote(
    base_url: str,
    code: str,
    group: str,
    points: Mapping[str, float],
    *,
    device: str | None = None,
) -> Timing:
    """Open ``?vote=CODE`` as a phone, choose ``group``, give each outcome (by its label
    as shown) its points, send; the moments, once the page says the vote is counted.

    Wrap it in ``asyncio.timeout`` to bound it: it waits on the server, never sleeps.
    """
    start = time.perf_counter()
    query = urlencode({"vote": code, "device": device or uuid.uuid4().hex})
    base_url = base_url.rstrip("/")
    for address in (f"/?{query}", "/_stcore/health", "/_stcore/host-config"):
        await fetch(base_url + address)
    async with Phone(base_url, query) as phone:
        form = await phone.run()
        if form.exceptions() or not form.widgets():
            raise ProtocolError(f"no ballot on the page: {form.problems() or form.texts()}")
        if phone.icon.startswith("/"):  # the browser fetches the icon the page set
            await fetch(base_url + phone.icon)
        ready = time.perf_counter()
        answer = await phone.run(ballot_states(form, group, points))
        if answer.exceptions() or not answer.shows(CONFIRMED):
            said = answer.problems() or answer.texts()
            raise ProtocolError(f"the page did not confirm the vote; it shows {said}")
        return Timing(start, ready, time.perf_counter())


def main(argv: Sequence[str]) -> None:
    """``python -m benchmarks.phone_protocol URL CODE [GROUP LABEL=POINTS ...]``."""
    if len(argv) < 2:
        raise SystemExit(__doc__)
    url, code, *rest = argv
    group = rest[0] if rest else "Local employers"
    points = {k: float(v) for k, _, v in (p.rpartition("=") for p in rest[1:])}
    timing = asyncio.run(vote(url, code, group, points))
    print(f"counted in {timing.seconds:.2f} s (form shown at {timing.shown - timing.start:.2f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
