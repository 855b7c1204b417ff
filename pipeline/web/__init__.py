"""The browser screening app (``slr serve``): a Flask app over the decisions store.

:mod:`~pipeline.web.state` holds the review's state (records, the latest decisions,
each screener's queue), :mod:`~pipeline.web.app` the page and the JSON API,
:mod:`~pipeline.web.auth` sessions, CSRF and login throttling, :mod:`~pipeline.web.users`
the accounts file, :mod:`~pipeline.web.ranking` re-ranking in a worker process and
:mod:`~pipeline.web.server` the listening socket.
"""

from pipeline.web.app import create_app
from pipeline.web.state import ScreeningState

__all__ = ["ScreeningState", "create_app"]
