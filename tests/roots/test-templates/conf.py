project = "Templates"
extensions = ["myst_parser", "sphinx_recap"]
templates_path = ["_templates"]
html_theme = "shelf"
html_theme_path = ["_themes"]
html_baseurl = "https://recap.example.org/"
