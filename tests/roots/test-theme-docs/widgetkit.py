"""Widget Kit: small widgets with long, descriptive names."""

from __future__ import annotations


class Colour:
    """A named colour."""

    def __init__(self, name: str) -> None:
        self.name = name


class Widget:
    """A widget drawn on a canvas.

    :param name: What the widget is called.
    :param colour: Its colour.
    """

    def __init__(self, name: str, colour: Colour | None = None, *, width: int = 2) -> None:
        self.name = name
        self.colour = colour
        self.width = width

    def render(self) -> str:
        """The widget as text."""
        return f"[{self.name}]"

    def configure_rendering_pipeline_with_extra_options(self, colour: Colour) -> Widget:
        """A method with a long name, for the "On this page" list."""
        self.colour = colour
        return self


def make_widget_from_configuration_dictionary(config: dict[str, str]) -> Widget:
    """Build a widget from a mapping."""
    return Widget(config["name"])
