"""The version of sphinx-recap, in one place (the package, the CLI, page fingerprints)."""

__version__ = "0.1.0"
