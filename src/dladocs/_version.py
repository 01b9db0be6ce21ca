"""The version of dladocs, in a module of its own.

Modules that write the version (PDF producers, the manifest, the inputs key)
import it from here, never from the package root: the root imports the API,
which imports the pipeline, so ``from dladocs import __version__`` inside the
package closes an import cycle.  ``pyproject.toml`` reads the version here too.
"""

__version__ = "0.1.0"
