"""Run the screening app: bind, say where, serve until stopped.

The server is Werkzeug's threaded WSGI server (the one Flask ships): no extra dependency,
one thread per request, enough for a review team of a few dozen people on one machine. For
a team network it belongs behind a TLS-terminating reverse proxy (see the README).
"""

from __future__ import annotations

import ipaddress
import logging
import signal
import sys
import threading
import webbrowser
from typing import Any

from werkzeug.serving import make_server

from pipeline.errors import UsageError

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(app: Any, *, host: str, port: int, open_browser: bool = False) -> int:
    """Serve ``app`` until SIGINT/SIGTERM; prints ``Serving on http://HOST:PORT`` once bound."""
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
    # Werkzeug logs every request at INFO; the screeners' clicks are not news.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    url = f"http://{host}:{server.port}"
    print(f"Serving on {url}", flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
    print("stopped", file=sys.stderr)
    return 0
