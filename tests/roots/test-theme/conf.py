import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

project = "Theme Notes"
author = "Lee Briggs"
copyright = "2026, Lee Briggs"
extensions = ["myst_parser", "sphinx_recap", "sphinx.ext.autodoc"]
html_theme = "recap"
html_baseurl = "https://recap.example.org/"
html_theme_options = {
    "logo_text_short": "TN.",
    "nav_links": [["home", "index"], ["talks", "talks"], ["tags", "tags/index"], ["docs", "docs"]],
    "email": "lee@example.org",
    "github": "leebriggs",
    "mastodon": "@lee@hachyderm.io",
    "linkedin": "lee-briggs",
    "feed": "atom.xml",
}
