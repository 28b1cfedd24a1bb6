"""``huskurage serve``: the same app in a browser, for colleagues who never open a terminal.

``access`` decides who may come in (the token: made, kept, compared), with no web
library in it; ``server`` is textual-serve's server made safe for an intranet (the
token on every request, a cap on sessions, strict websocket messages, nothing
loaded from outside); ``templates/`` holds the page and the page shown when the
server is full. aiohttp and textual-serve are imported only by ``huskurage serve``.
"""
