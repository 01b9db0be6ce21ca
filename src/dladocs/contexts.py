"""Helpers for plugins that build document contexts, as the built-in documents do.

A plugin's document type gives a ``context`` function that receives a
:class:`dladocs.types.ContextRequest`.  Starting from :func:`common` gives its
templates the same variables as the built-in documents (title, region and its
porteurs, the webinar, the logo band, the FSE statement...), already typeset
for French; see ``docs/templates.md`` for the list.
"""

from __future__ import annotations

from dladocs.default_plugins._context import (
    band,
    common,
    document_date,
    is_home_region,
    logo_ref,
    participants_for,
)

__all__ = [
    "band",
    "common",
    "document_date",
    "is_home_region",
    "logo_ref",
    "participants_for",
]
