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
    "fieldlist",
]
# Headings get anchors so the reference can link to an option or a value.
myst_heading_anchors = 3

exclude_patterns = ["_build"]
nitpicky = True

html_theme = "recap"
html_title = "sphinx-recap"
# Read the Docs gives the canonical URL of the version being built; feeds and
# <link rel="canonical"> need an absolute address.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://sphinx-recap.readthedocs.io/en/latest/"
)

# Recaps whose front matter names no author are by the team.
recap_author = "The sphinx-recap team"
html_static_path = ["_static"]
