project = "Hostile <script>alert('project')</script>"
author = "Mallory <img src=x onerror=alert(1)>"
copyright = "2026, Mallory"
extensions = ["myst_parser", "sphinx_recap"]
html_baseurl = "https://hostile.example.org/"
# Raw HTML in Markdown bodies is MyST's feature, not a field of ours; sites that take text
# from many hands turn it off, as this one does.
myst_disable_syntax = ["html_block", "html_inline"]
