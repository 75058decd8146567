project = "Core"
author = "Lee Briggs"
copyright = "2026, Lee Briggs"
extensions = ["myst_parser", "sphinx_recap"]
html_baseurl = "https://recap.example.org/"
