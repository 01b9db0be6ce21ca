"""Proof of attendance: participant reports read into ``presence.json`` (see :mod:`.collect`)."""
