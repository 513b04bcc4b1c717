"""DNS: turns a name into the addresses of the entry tier; clients cache answers for a TTL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import Kind, Param, register

if TYPE_CHECKING:
    from ..engine import Engine, NodeState


@register
class Dns(Kind):
    kind = "dns"
    label = "DNS"
    category = "network"
    order = 20
    blurb = ("Resolves the site's name to the addresses of its servers; clients cache the answer "
             "for a TTL. When DNS dies, users fail one by one as their cached answers expire.")
    connects_to = ("load_balancer", "web_server")
    serves = False
    terminal = False
    params = {
        "ttl_s": Param("float", 60.0, "s", 0, 86400,
                       "How long clients keep a resolved answer before asking again."),
    }

    def pass_fraction(self, node: NodeState, engine: Engine) -> float:
        # Client caches were filled at uniformly spread times, so after a kill the share of
        # clients whose answer has expired grows linearly over one TTL.
        if node.up:
            return 1.0
        ttl = node.params["ttl_s"]
        elapsed = engine.t - node.data["killed_at"]
        return 0.0 if ttl <= 0 else max(0.0, 1.0 - elapsed / ttl)

    def on_kill(self, node: NodeState, engine: Engine) -> None:
        node.data["killed_at"] = engine.t
        engine.narrate(node.id, f"{node.id} is down: clients fail as their cached answers "
                                f"expire over the next {node.params['ttl_s']:g} s")
