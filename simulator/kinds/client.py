"""Client: the users. Offers read and write requests following a traffic shape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import profiles
from ..catalog import Kind, Param, register

if TYPE_CHECKING:
    from ..engine import Engine, NodeState


@register
class Client(Kind):
    kind = "client"
    label = "Clients"
    category = "traffic"
    order = 10
    blurb = ("The people using the system, as a stream of requests per second. "
             "Shape the traffic (ramp, spike, daily cycle) to find where the system breaks.")
    connects_to = ("dns", "load_balancer", "web_server")
    serves = False
    terminal = False
    offers_traffic = True
    params = {
        "rps": Param("float", 100.0, "req/s", 0, 1e9,
                     "Requests offered per second (the base rate)."),
        "read_ratio": Param("float", 1.0, "", 0, 1,
                            "Share of requests that only read; the rest write."),
        "key_space": Param("int", 1_000_000, "keys", 1, 10**12,
                           "How many distinct items (users, posts…) requests touch."),
        "zipf_s": Param("float", 1.0, "", 0, 3,
                        "Key popularity skew: 0 = uniform, 1 = a few items are very popular."),
        "profile": Param("profile", "constant", "",
                         help="Traffic shape: constant, ramp, step, spike or daily cycle.",
                         shapes=profiles.catalog()),
    }

    def setup(self, node: NodeState, engine: Engine) -> None:
        node.data.setdefault("profile_t0", 0.0)

    def offered(self, node: NodeState, t: float) -> tuple[float, float]:
        """(reads, writes) per second offered at time t."""
        if not node.up:
            return 0.0, 0.0
        p = node.params
        total = max(0.0, profiles.rate(p["profile"], p["rps"], t - node.data["profile_t0"]))
        return total * p["read_ratio"], total * (1 - p["read_ratio"])

    def on_param_changed(self, node: NodeState, engine: Engine, name: str) -> None:
        if name == "profile":
            node.data["profile_t0"] = engine.t  # a new shape starts now, as set_traffic's

    def set_traffic(self, node: NodeState, engine: Engine, rps: float, profile: object) -> None:
        node.params["rps"] = rps
        if profile is not None:
            node.params["profile"] = profile
            node.data["profile_t0"] = engine.t
