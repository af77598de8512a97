"""Marsad's web face: a REST API and server-rendered pages over the same store and coder as the CLI.

``create_app(Settings(...))`` builds the FastAPI application; ``marsad serve`` (:mod:`marsad.web.cli`) runs it
with uvicorn. Routes only parse parameters, call one function of :mod:`marsad.store.queries` or the
:class:`~marsad.pipeline.Coder`, and format the plain data it returns as JSON (:mod:`marsad.web.api`) or HTML
(:mod:`marsad.web.pages`). Security defaults (read-only, token for writes, body size limit, no CORS, a strict
Content-Security-Policy) are in :mod:`marsad.web.app` and docs/WEB.md.
"""

from marsad.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
