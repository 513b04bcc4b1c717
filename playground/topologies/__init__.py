"""Saved, shareable topologies: the model, the JSON API (CONTRACT.md §4) and the pages."""
