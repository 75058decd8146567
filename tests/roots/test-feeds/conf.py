project = "Feeds"
author = "Site Owner"
extensions = ["myst_parser", "sphinx_recap"]
html_baseurl = "https://recap.example.org/blog"
recap_authors = {"Ada Lovelace": {"url": "https://ada.example.org/"}}
recap_feed_length = 2
