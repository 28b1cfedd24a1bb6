"""The served app's door (wizard/web): the token and the websocket messages, without a server."""

from __future__ import annotations

import os
import stat

import pytest

from wizard.web import access


def test_a_new_token_is_long_random_and_url_safe():
    tokens = {access.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(access.valid(t) and len(t) >= 43 for t in tokens)


@pytest.mark.parametrize("given", [None, "", "x", "å" * 43, "\x00" * 43, "a" * 10_000, "A" * 43])
def test_anything_but_the_token_does_not_match(given):
    token = access.new_token()
    assert not access.matches(given, token)
    assert access.matches(token, token)


def test_a_missing_token_file_is_created_for_its_owner_only_and_then_kept(tmp_path):
    path = tmp_path / "token"
    token, fresh = access.from_file(path)
    assert fresh and access.valid(token)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert access.from_file(path) == (token, False)


@pytest.mark.parametrize("text", ["", "\n", "short\n", "has space in it and is quite long enough\n", "ä" * 40])
def test_a_weak_or_odd_token_file_is_refused_with_a_reason(tmp_path, text):
    path = tmp_path / "token"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(access.TokenFileError) as refused:
        access.from_file(path)
    assert str(path) in refused.value.message


def test_websocket_messages_are_textual_js_protocol_or_nothing():
    from wizard.web.server import MAX_COLUMNS, parse_message

    assert parse_message('["stdin", "q"]') == ("stdin", "q")
    assert parse_message('["resize", {"width": 120, "height": 40}]') == ("resize", (120, 40))
    assert parse_message('["resize", {"width": 100000, "height": 0}]') == ("resize", (MAX_COLUMNS, 1))
    assert parse_message('["ping", "1"]') == ("ping", "1")
    assert parse_message('["focus"]') == ("focus", None) and parse_message('["blur"]') == ("blur", None)
    for bad in ("", "x", "null", "[]", "{}", "[1]", '["stdin"]', '["stdin", 1]', '["stdin", "a", "b"]',
                '["resize", {"width": true, "height": 2}]', '["resize", {"width": 2.5, "height": 2}]', '["resize", [1, 2]]',
                '["focus", 1]', '["quit"]', '["open_url", "x"]', "[" * 100_000):
        assert parse_message(bad) is None, bad
