"""Web server: runs the application; each request calls every tier it connects to once."""

from __future__ import annotations

from ..catalog import Kind, register, serving


@register
class WebServer(Kind):
    kind = "web_server"
    label = "Web server"
    category = "compute"
    order = 40
    blurb = ("Runs the application code: a pool of worker processes that each handle one "
             "request at a time. Add servers or boxes to serve more; a lone box is a single "
             "point of failure.")
    connects_to = ("cache", "database")
    fans_out = True
    # 4 workers × 10 ms of CPU per request ≈ 400 req/s: a typical small Django/Rails box
    # (framework requests commonly take 5–50 ms of application time).
    params = serving(4, 10.0)
