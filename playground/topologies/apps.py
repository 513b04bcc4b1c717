from django.apps import AppConfig


class TopologiesConfig(AppConfig):
    name = "playground.topologies"
    label = "topologies"
    verbose_name = "Topologies"
