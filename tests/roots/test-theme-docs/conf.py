import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

project = "Widget Kit"
author = "Widget team"
copyright = "2026, Widget team"
extensions = ["sphinx_recap", "sphinx.ext.autodoc", "sphinx.ext.viewcode"]
html_theme = "recap"
# Only a viewBox, no width or height: the theme must still give it a size.
html_logo = "logo.svg"
html_baseurl = "https://widgets.example.org/"
