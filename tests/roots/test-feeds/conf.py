project = "Feeds"
author = "Site Owner"
extensions = ["myst_parser", "sphinx_recap"]
html_baseurl = "https://recap.example.org/blog"
recap_author_urls = {"Ada Lovelace": "https://ada.example.org/"}
recap_feed_length = 2
