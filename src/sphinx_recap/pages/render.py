"""The templates of generated pages' bodies, found where a project or theme can override them.

A generated page is the theme's ``page.html`` around a body, like a document. The
body is ``recap/<kind>.html``, looked for in the project's ``templates_path``, then
in the theme and the themes it inherits from (``<theme>/recap/<kind>.html``), then
among sphinx-recap's own templates: the order Sphinx itself uses for a page's
templates. Bodies are rendered in an environment of our own that escapes every
value (Sphinx's does not, for its themes' sake), so author text is safe in a
template that forgets ``|e``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..i18n import _
from .incremental import TEMPLATES

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.builders.html import StandaloneHTMLBuilder

__all__ = ["BodyTemplates", "template_folders"]


def template_folders(builder: StandaloneHTMLBuilder) -> tuple[list[Path], list[Path]]:
    """Where body templates are looked for: the project's folders, then the theme's and
    ours. The first folder holding a template wins."""
    confdir = Path(builder.confdir)
    project = [confdir / folder for folder in builder.config.templates_path]
    theme = getattr(builder, "theme", None)
    themes = [Path(folder) for folder in theme.get_theme_dirs()] if theme is not None else []
    return project, [*themes, TEMPLATES]


def _translated(message: str) -> str:
    return str(_(message))


class FolderChain(jinja2.BaseLoader):
    """The first folder holding a template wins; ``!name`` skips the project's own
    folders, so a project's ``recap/tag.html`` can extend ``!recap/tag.html`` (as with
    Sphinx's own templates)."""

    def __init__(self, project: list[Path], others: list[Path]) -> None:
        self.project = [jinja2.FileSystemLoader(str(f)) for f in project]
        self.others = [jinja2.FileSystemLoader(str(f)) for f in others]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        loaders = [*self.project, *self.others]
        if template.startswith("!"):
            loaders, template = self.others, template[1:]
        for loader in loaders:
            try:
                return loader.get_source(environment, template)
            except jinja2.TemplateNotFound:
                continue
        raise jinja2.TemplateNotFound(template)


class BodyTemplates:
    """Renders ``recap/<kind>.html`` for one build."""

    def __init__(self, builder: StandaloneHTMLBuilder) -> None:
        project, others = template_folders(builder)
        loader = FolderChain(project, others)
        self.environment = jinja2.Environment(
            loader=loader, autoescape=True, auto_reload=False, undefined=jinja2.Undefined
        )
        self.environment.globals["_"] = _translated

    def render(self, template: str, context: dict[str, Any]) -> str:
        # Written into one buffer piece by piece: joining the pieces would first hold
        # them all (hundreds of thousands on the talk index of a big site).
        body = io.StringIO()
        for piece in self.environment.get_template(template).generate(context):
            body.write(piece)
        return body.getvalue()
