"""Every component kind; importing this package registers them in palette order."""

from . import client, dns, load_balancer, web_server, cache, database  # noqa: F401
