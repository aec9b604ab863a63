"""Team pages on a shared network: forged forms, huge bodies, floods, probing, bad addresses.

A real server on loopback and a real game file; requests are raw HTTP, as a hostile
participant would send them.
"""

from __future__ import annotations

import re
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from wargame.game import MoveContent, Viewer
from wargame.game.cases.adjudication import AdjudicationRequest
from wargame.store.engine import BUSY_TIMEOUT_ENV
from wargame.web.guard import RateLimit
from wargame.web.links import TeamLinks
from wargame.web.server import ServeOptions, ServeRefused, TeamPagesServer

from .support import Played, new_game, page_session, request, serving

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Played]:
    game = new_game(tmp_path_factory.mktemp("guard") / "game.wargame")
    yield game
    game.game.close()


@pytest.fixture(scope="module")
def server(played: Played) -> Iterator[TeamPagesServer]:
    with serving(played.path, submissions_burst=3, seconds_per_submission=60.0) as running:
        yield running


def move_form(csrf: str, title: str, author: int, **extra: str) -> bytes:
    fields = {
        "csrf": csrf,
        "author": str(author),
        "title": title,
        "action": "an action",
        "intended_result": "a result",
        **extra,
    }
    return urlencode(fields).encode()


def read_reply(sock: socket.socket) -> str:
    """Everything the server answers until it closes the connection."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data.decode()


def titles(played: Played) -> list[str]:
    return [m.title for m in played.game.queries().moves(Viewer.facilitator())]


def test_a_forged_csrf_token_is_refused_and_nothing_is_written(
    server: TeamPagesServer, played: Played
) -> None:
    url = server.team_url("red")
    cookie, token = page_session(url)
    forged = "0" * len(token)
    answer = request(
        url + "/move",
        "POST",
        move_form(forged, "FORGED", played.bob),
        {"content-type": FORM, "cookie": cookie},
    )
    assert answer.status == 403
    assert "security token does not match" in answer.text
    assert "FORGED" in answer.text  # the typed text comes back in the form
    # A token made for another device (another cookie) is refused as well.
    other_cookie, _ = page_session(url)
    answer = request(
        url + "/move",
        "POST",
        move_form(token, "FORGED", played.bob),
        {"content-type": FORM, "cookie": other_cookie},
    )
    assert answer.status == 403
    assert "FORGED" not in titles(played)


def test_a_ten_megabyte_body_is_refused(server: TeamPagesServer, played: Played) -> None:
    url = server.team_url("red")
    cookie, token = page_session(url)
    parts = urlsplit(url)
    body = move_form(token, "HUGE", played.bob, action="x" * (10 * 1024 * 1024))
    head = (
        f"POST {parts.path}/move HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: {FORM}\r\nCookie: {cookie}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10) as sock:
        sock.sendall(head + body[:65536])
        reply = read_reply(sock)
    assert reply.startswith("HTTP/1.1 413"), reply
    assert "too large" in reply
    # Without a declared length, the body is cut off at the bound all the same.
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10) as sock:
        sock.sendall(
            (
                f"POST {parts.path}/move HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                f"Content-Type: {FORM}\r\nTransfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )
        chunk = b"x" * 65536
        for _ in range(40):
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                break
        reply = read_reply(sock)
    assert reply.startswith("HTTP/1.1 413"), reply
    assert "HUGE" not in titles(played)


def test_submissions_are_rate_limited_per_link(server: TeamPagesServer, played: Played) -> None:
    url = server.team_url("blue")
    cookie, token = page_session(url)
    statuses = [
        request(
            url + "/move",
            "POST",
            move_form(token, f"flood {i}", played.alice),
            {"content-type": FORM, "cookie": cookie},
        ).status
        for i in range(5)
    ]
    assert statuses[:3] == [303, 303, 303]
    assert statuses[3:] == [429, 429]
    assert [t for t in titles(played) if t.startswith("flood")] == ["flood 0", "flood 1", "flood 2"]
    server.reissue("blue")  # a new link starts with a full allowance
    assert request(url).status == 403


def test_text_is_escaped_everywhere(server: TeamPagesServer, played: Played) -> None:
    played.game.submit_move(
        played.bob,
        MoveContent(
            title="<script>alert(1)</script>",
            action='"><img src=x onerror=alert(2)>',
            intended_result="&amp; <b>bold</b>",
            visibility="public",
        ),
    )
    server.notify_changed()
    text = request(server.team_url("blue")).text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<img src=x" not in text
    assert "&amp;amp; &lt;b&gt;bold&lt;/b&gt;" in text


def test_every_answer_carries_a_strict_policy(server: TeamPagesServer) -> None:
    for url in (server.team_url("blue"), server.base_url + "/", server.base_url + "/nothing"):
        headers = request(url).headers
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert headers["referrer-policy"] == "no-referrer"  # the secret never leaves in a Referer
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static",
        "/static/../server.py",
        "/static/%2e%2e%2fserver.py",
        "/static/team.css/../../pages.py",
        "/templates/team.html",
        "/t/",
        "/t/../static/team.js",
        "/wargame/web/server.py",
        "/etc/passwd",
    ],
)
def test_no_directory_listing_or_file_access(server: TeamPagesServer, path: str) -> None:
    answer = request(server.base_url + path)
    assert answer.status in (403, 404), (path, answer.status)
    assert "import" not in answer.text and "root:" not in answer.text


def test_an_unknown_or_mistyped_link_is_refused(server: TeamPagesServer) -> None:
    good = server.team_url("blue")
    for url in (good[:-1], good + "x", server.base_url + "/t/" + "A" * 43):
        answer = request(url)
        assert answer.status == 403
        assert "Ask the facilitator" in answer.text


def test_a_counter_argument_needs_a_name_from_the_roster_and_a_revealed_move(
    server: TeamPagesServer, played: Played
) -> None:
    public = played.game.submit_move(
        played.bob,
        MoveContent(title="Open patrol", action="a", intended_result="b", visibility="public"),
    )
    url = server.team_url("blue")
    cookie, token = page_session(url)
    headers = {"content-type": FORM, "cookie": cookie}
    nameless = urlencode({"csrf": token, "move": public, "text": "It will fail", "author": ""})
    answer = request(url + "/counter", "POST", nameless.encode(), headers)
    assert answer.status == 400
    assert "choose your name" in answer.text
    assert "It will fail" in answer.text
    counter = {"csrf": token, "move": public, "text": "It will fail", "author": played.alice}
    answer = request(url + "/counter", "POST", urlencode(counter).encode(), headers)
    assert answer.status == 303
    moves = played.game.queries().moves(Viewer.facilitator())
    argued = next(m for m in moves if m.id == public)
    assert [(c.author, c.team_id, c.text) for c in argued.counters] == [
        ("Alice", "blue", "It will fail")
    ]


def test_a_player_of_another_team_cannot_be_named_as_author(
    server: TeamPagesServer, played: Played
) -> None:
    url = server.team_url("blue")
    cookie, token = page_session(url)
    answer = request(
        url + "/move",
        "POST",
        move_form(token, "AS BOB", played.bob),
        {"content-type": FORM, "cookie": cookie},
    )
    assert answer.status == 400
    assert "choose your name" in answer.text
    assert "AS BOB" not in titles(played)


def test_the_roster_shows_devices_and_whom_the_turn_waits_on(
    tmp_path: Path,
) -> None:
    played = new_game(tmp_path / "roster.wargame")
    try:
        with serving(played.path, watch_seconds=0.05) as server:
            page_session(server.team_url("blue"))
            page_session(server.team_url("blue"))
            before = {p.team_id: p for p in server.presence()}
            assert before["blue"].connected() == 2
            assert before["red"].connected() == 0
            assert before["blue"].waiting and before["red"].waiting
            played.game.submit_move(
                played.alice, MoveContent(title="t", action="a", intended_result="r")
            )
            deadline = time.monotonic() + 5
            while {p.team_id for p in server.presence() if p.waiting} != {"red"}:
                assert time.monotonic() < deadline, "the roster never noticed blue's move"
                time.sleep(0.02)
            server.revoke("blue")
            assert {p.team_id: p.connected() for p in server.presence()}["blue"] == 0
            assert request(server.base_url + "/t/x").status == 403
    finally:
        played.game.close()


def test_every_interface_is_refused_unless_confirmed(played: Played) -> None:
    with pytest.raises(ServeRefused, match="every network"):
        TeamPagesServer(played.path, ServeOptions(address="0.0.0.0", port=0))
    with pytest.raises(ServeRefused, match="not an IP address"):
        TeamPagesServer(played.path, ServeOptions(address="venue wifi", port=0))


def test_a_port_in_use_is_refused_with_a_sentence(server: TeamPagesServer, played: Played) -> None:
    twin = TeamPagesServer(played.path, ServeOptions(port=server.port))
    with pytest.raises(ServeRefused, match=f"port {server.port} on 127.0.0.1 is already in use"):
        twin.start()
    assert not twin.running


def test_tls_uses_a_self_signed_certificate_with_the_fingerprint_shown(
    tmp_path: Path, played: Played
) -> None:
    with serving(played.path, tls_folder=tmp_path / "tls") as server:
        assert server.base_url.startswith("https://")
        certificate = server.certificate
        assert certificate is not None
        context = ssl.create_default_context(cafile=str(certificate.cert_file))
        with (
            socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            der = tls.getpeercert(binary_form=True)
            assert der is not None
            import hashlib

            shown = hashlib.sha256(der).hexdigest().upper()
            assert certificate.fingerprint.replace(":", "") == shown
            tls.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert tls.recv(4096).startswith(b"HTTP/1.1 200")
        first = certificate.fingerprint
    with serving(played.path, tls_folder=tmp_path / "tls") as again:
        assert again.certificate is not None
        assert again.certificate.fingerprint == first  # made on first use, then kept


def test_a_damaged_certificate_refuses_to_serve_with_a_sentence(
    tmp_path: Path, played: Played
) -> None:
    with serving(played.path, tls_folder=tmp_path / "tls") as server:
        assert server.certificate is not None
        cert_file = server.certificate.cert_file
    cert_file.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    twin = TeamPagesServer(played.path, ServeOptions(port=0, tls_folder=tmp_path / "tls"))
    with pytest.raises(ServeRefused, match=r"certificate .*\.crt or its key .* is damaged"):
        twin.start()
    assert not twin.running


def test_links_are_long_random_and_compared_in_constant_time() -> None:
    links = TeamLinks(["blue", "red"])
    blue = links.link("blue")
    assert blue.secret is not None and len(blue.secret) >= 43
    assert links.team_for(blue.secret) == blue
    assert links.team_for(blue.secret[:-1]) is None
    assert links.team_for("") is None
    assert links.team_for("\udcff") is None  # a lone surrogate from a hostile URL
    links.revoke("blue")
    assert links.team_for(blue.secret) is None
    assert not links.link("blue").active
    fresh = links.reissue("blue")
    assert fresh.secret != blue.secret and links.team_for(fresh.secret or "") == fresh


def test_the_rate_limit_refills_over_time() -> None:
    limit = RateLimit(burst=2, per=10.0)
    assert [limit.allow("k", now=0.0) for _ in range(3)] == [True, True, False]
    assert limit.allow("k", now=9.0) is False
    assert limit.allow("k", now=11.0) is True
    assert limit.allow("other", now=11.0) is True


def test_the_phase_rules_are_the_apps_and_a_refusal_keeps_the_text(tmp_path: Path) -> None:
    played = new_game(tmp_path / "phase.wargame", phase="adjudication")
    try:
        with serving(played.path) as server:
            url = server.team_url("blue")
            cookie, token = page_session(url)
            answer = request(
                url + "/move",
                "POST",
                move_form(token, "Too late", played.alice, action="Kept text ✓"),
                {"content-type": FORM, "cookie": cookie},
            )
            assert answer.status == 400
            banner = re.search(r'id="error">([^<]*)</div>', answer.text)
            assert banner is not None
            # the game layer's own refusal, naming the phase
            assert banner.group(1).startswith("Moves can be submitted only in a moves")
            assert "Kept text ✓" in answer.text and 'value="Too late"' in answer.text
            assert "Too late" not in titles(played)
    finally:
        played.game.close()


def test_a_player_with_a_pin_must_give_it(tmp_path: Path) -> None:
    played = new_game(tmp_path / "pin.wargame")
    try:
        played.game.set_pin(played.fac, played.alice, "4321")
        with serving(played.path) as server:
            url = server.team_url("blue")
            cookie, token = page_session(url)
            headers = {"content-type": FORM, "cookie": cookie}
            wrong = move_form(token, "Wrong PIN", played.alice, pin="0000")
            answer = request(url + "/move", "POST", wrong, headers)
            assert answer.status == 400
            assert "That is not Alice&#39;s PIN" in answer.text
            right = move_form(token, "Right PIN", played.alice, pin="4321")
            assert request(url + "/move", "POST", right, headers).status == 303
        assert "Right PIN" in titles(played) and "Wrong PIN" not in titles(played)
    finally:
        played.game.close()


@pytest.mark.slow
def test_a_locked_game_file_refuses_the_move_with_a_sentence_and_keeps_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")  # refused after 0.2 s, not the default 5 s
    played = new_game(tmp_path / "locked.wargame")
    try:
        with serving(played.path) as server:
            url = server.team_url("blue")
            cookie, token = page_session(url)
            other = sqlite3.connect(played.path, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
                answer = request(
                    url + "/move",
                    "POST",
                    move_form(token, "While locked", played.alice),
                    {"content-type": FORM, "cookie": cookie},
                )
            finally:
                other.execute("ROLLBACK")
                other.close()
            assert answer.status == 503
            assert "the facilitator&#39;s file is busy" in answer.text
            assert str(tmp_path) not in answer.text  # no path of the facilitator's computer
            assert 'value="While locked"' in answer.text
        assert "While locked" not in titles(played)
    finally:
        played.game.close()


def test_one_link_cannot_hold_every_connection(tmp_path: Path) -> None:
    from wargame.web.site import MAX_STREAMS_PER_LINK

    played = new_game(tmp_path / "streams.wargame")
    try:
        with serving(played.path) as server:
            url = urlsplit(server.team_url("red"))
            cookie, _ = page_session(server.team_url("red"))
            streams = []
            try:
                for _ in range(MAX_STREAMS_PER_LINK):
                    sock = socket.create_connection((url.hostname or "", url.port or 80), 10)
                    streams.append(sock)
                    head = f"GET {url.path}/events HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n"
                    sock.sendall(head.encode() + b"\r\n")
                    received = b""
                    while b"retry:" not in received:  # the stream is open and counted
                        chunk = sock.recv(4096)
                        assert chunk, received
                        received += chunk
                    assert received.startswith(b"HTTP/1.1 200")
                answer = request(server.team_url("red") + "/events", headers={"cookie": cookie})
                assert answer.status == 429
                assert request(server.team_url("blue")).status == 200  # the others still get in
            finally:
                for sock in streams:
                    sock.close()
    finally:
        played.game.close()


def test_the_teams_own_move_shows_its_outcome_once_revealed_and_ruled(tmp_path: Path) -> None:
    played = new_game(tmp_path / "outcome.wargame")
    try:
        game = played.game
        move = game.submit_move(
            played.alice,
            MoveContent(title="Frigates to Kest", action="They sail.", intended_result="Seen"),
        )
        game.advance(played.fac)  # adjudication: the moves are revealed
        game.reveal_moves(played.fac)
        game.commit_adjudication(
            played.fac,
            AdjudicationRequest(
                method="matrix",
                narrative="The frigates reach Kest at dawn.",
                move_id=move,
                physical_faces=(6, 6),
            ),
        )
        with serving(played.path) as server:
            blue = request(server.team_url("blue")).text
            red = request(server.team_url("red")).text
        ruling = game.queries().adjudications(Viewer.facilitator())[0]
        assert f"<strong>{ruling.outcome}</strong>" in blue
        assert "The frigates reach Kest at dawn." in blue
        assert "Frigates to Kest" in red  # revealed: the other team sees the move
    finally:
        played.game.close()
