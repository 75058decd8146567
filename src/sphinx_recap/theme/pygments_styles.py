"""Light and dark Pygments styles for the ``recap`` theme.

The light style follows the Pudhina Fresh code colours (bold keywords, dark red strings) with the
failing shades replaced by their nearest WCAG AA passing shade on the ``#f0f0f0`` code panel. The
dark style keeps the same roles on a dark panel. Every token colour reaches 4.5:1 against its
style's background; ``tests/test_theme.py`` checks that.
"""

from __future__ import annotations

from typing import ClassVar

from pygments.style import Style
from pygments.token import (
    Comment,
    Error,
    Generic,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
    _TokenType,
)


class RecapLightStyle(Style):
    """Code colours on the light ``#f0f0f0`` panel."""

    name = "recap-light"
    background_color = "#f0f0f0"
    highlight_color = "#fff3b8"
    line_number_color = "#595959"
    line_number_background_color = "#f0f0f0"

    styles: ClassVar[dict[_TokenType, str]] = {
        Token: "#444444",
        Text: "#444444",
        Comment: "italic #6c6c6c",
        Comment.Preproc: "noitalic #1f7199",
        Keyword: "bold #444444",
        Keyword.Type: "bold #880000",
        Operator: "#444444",
        Operator.Word: "bold #444444",
        Punctuation: "#444444",
        Name: "#444444",
        Name.Attribute: "bold #444444",
        Name.Tag: "bold #444444",
        Name.Builtin: "#397300",
        Name.Builtin.Pseudo: "#397300",
        Name.Class: "bold #880000",
        Name.Function: "bold #880000",
        Name.Decorator: "#1f7199",
        Name.Exception: "bold #880000",
        Name.Variable: "#a75555",
        Name.Constant: "#537643",
        Name.Entity: "#a75555",
        Name.Label: "#a75555",
        Name.Namespace: "bold #444444",
        Literal: "#537643",
        Number: "#880000",
        String: "#880000",
        String.Doc: "italic #6c6c6c",
        String.Escape: "#a75555",
        String.Interpol: "#a75555",
        String.Regex: "#a75555",
        String.Symbol: "#a75555",
        Generic.Deleted: "#a40000",
        Generic.Inserted: "#2b6a30",
        Generic.Heading: "bold #444444",
        Generic.Subheading: "bold #1f7199",
        Generic.Emph: "italic",
        Generic.Strong: "bold",
        Generic.Prompt: "bold #1f7199",
        Generic.Output: "#595959",
        Generic.Traceback: "#a40000",
        Generic.Error: "#a40000",
        Error: "#a40000",
    }


class RecapDarkStyle(Style):
    """Code colours on the dark ``#24282d`` panel."""

    name = "recap-dark"
    background_color = "#24282d"
    highlight_color = "#4a4526"
    line_number_color = "#a8a8a8"
    line_number_background_color = "#24282d"

    styles: ClassVar[dict[_TokenType, str]] = {
        Token: "#e0e0e0",
        Text: "#e0e0e0",
        Comment: "italic #a8a8a8",
        Comment.Preproc: "noitalic #7cc4e6",
        Keyword: "bold #e0e0e0",
        Keyword.Type: "bold #f0a8a8",
        Operator: "#e0e0e0",
        Operator.Word: "bold #e0e0e0",
        Punctuation: "#e0e0e0",
        Name: "#e0e0e0",
        Name.Attribute: "bold #e0e0e0",
        Name.Tag: "bold #e0e0e0",
        Name.Builtin: "#a6d98a",
        Name.Builtin.Pseudo: "#a6d98a",
        Name.Class: "bold #f0a8a8",
        Name.Function: "bold #f0a8a8",
        Name.Decorator: "#7cc4e6",
        Name.Exception: "bold #f0a8a8",
        Name.Variable: "#eba7a0",
        Name.Constant: "#b5d99c",
        Name.Entity: "#eba7a0",
        Name.Label: "#eba7a0",
        Name.Namespace: "bold #e0e0e0",
        Literal: "#b5d99c",
        Number: "#f0a8a8",
        String: "#f0a8a8",
        String.Doc: "italic #a8a8a8",
        String.Escape: "#eba7a0",
        String.Interpol: "#eba7a0",
        String.Regex: "#eba7a0",
        String.Symbol: "#eba7a0",
        Generic.Deleted: "#ff9c9c",
        Generic.Inserted: "#9fe0a4",
        Generic.Heading: "bold #e0e0e0",
        Generic.Subheading: "bold #7cc4e6",
        Generic.Emph: "italic",
        Generic.Strong: "bold",
        Generic.Prompt: "bold #7cc4e6",
        Generic.Output: "#c8c8c8",
        Generic.Traceback: "#ff9c9c",
        Generic.Error: "#ff9c9c",
        Error: "#ff9c9c",
    }
