# The theme is chosen per build (confoverrides html_theme) by tests/test_other_themes.py.
project = "Themes"
author = "Recap Team"
extensions = ["myst_parser", "sphinx_recap"]
html_theme = "alabaster"
recap_show_personal = True
html_baseurl = "https://themes.example.org/"
