from sphinx_recap.theme import setup_extension_css

project = "Alabaster"
extensions = ["myst_parser", "sphinx_recap"]
html_theme = "alabaster"


def setup(app):
    # The extension wires this itself; calling it twice must stay harmless.
    setup_extension_css(app)
