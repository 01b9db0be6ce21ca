"""``dladocs serve``: a local web page, in French, that edits and builds one project.

The project file stays the one source of truth: every page reads
``dladocs.toml`` again, every edit is validated by :mod:`dladocs.project`
before an atomic write made with tomlkit (comments and order survive), and
an edit made in a text editor meanwhile is detected, never overwritten.

The server listens on the loopback interface only unless told otherwise,
checks the ``Host`` header of every request (DNS rebinding) and a CSRF token
on every form; browser-given names and paths never reach the disk unchecked.

Modules: :mod:`.app` assembles the Starlette application; :mod:`.security`
holds the guards; :mod:`.schema`, :mod:`.tomledit` and :mod:`.forms` turn the
project file into forms and back; :mod:`.pages`, :mod:`.files`,
:mod:`.contents`, :mod:`.jobs` and :mod:`.checking` are the routes;
:mod:`.command` is the click command.
"""

from __future__ import annotations
