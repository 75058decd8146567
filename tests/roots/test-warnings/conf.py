project = "Warnings"
extensions = ["myst_parser", "sphinx_recap"]
recap_feed_length = -3
recap_generate_pages = "yes"
