project = "Pages"
author = "Recap Team"
extensions = ["myst_parser", "sphinx_recap"]
html_baseurl = "https://recap.example.org/"
