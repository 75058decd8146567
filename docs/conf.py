"""Sphinx configuration of the sphinx-recap documentation, itself a recap site."""

from __future__ import annotations

import os

project = "sphinx-recap"
author = "The sphinx-recap team"
copyright = "2026, the sphinx-recap team"

extensions = [
    # Pages are MyST Markdown; recaps take their metadata from YAML front matter.
    "myst_parser",
    "sphinx_recap",
    # No sphinx.ext.intersphinx: the build must not need the network.
]

myst_enable_extensions = [
    "colon_fence",  # ::: fences for admonitions
    "deflist",  # option lists in the reference
    "fieldlist",  # field lists written in Markdown
]

exclude_patterns = ["_build"]
nitpicky = True

html_theme = "recap"
html_title = "sphinx-recap"
# Read the Docs gives the canonical URL of the version being built; feeds and
# <link rel="canonical"> need an absolute address.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://sphinx-recap.readthedocs.io/en/latest/"
)

# Card images of the demo recaps (their front matter `image:` points here).
html_static_path = ["_static"]

# Recaps whose front matter names no author are by the team.
recap_author = "The sphinx-recap team"
# The demo's author: an author page with a bio, and a link in the feeds.
recap_authors = {
    "Robin Example": {
        "url": "https://example.org/robin",
        "bio": "Writes up the talks the team could not attend.",
    }
}
