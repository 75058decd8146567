"""Inline SVG icons for the header (drawn for this theme; no icon font, no downloads).

Every icon is a 24x24 line drawing in ``currentColor`` so it follows the link colour in light
and dark mode. The SVG is decorative (``aria-hidden``): the surrounding link or button carries
the accessible name.
"""

from __future__ import annotations

_SVG = (
    '<svg class="recap-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
    'focusable="false" fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round">{}</svg>'
)

_SHAPES: dict[str, str] = {
    "email": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>',
    # A cat-eared head: a nod to the hosting site without reproducing its mark.
    "github": (
        '<path d="M5 10V4l4 3a9 9 0 0 1 6 0l4-3v6a7 7 0 0 1-7 9 7 7 0 0 1-7-9Z"/>'
        '<path d="M9 19v2m6-2v2"/>'
    ),
    "mastodon": (
        '<rect x="3" y="3" width="18" height="15" rx="5"/>'
        '<path d="M8 14v-4a2 2 0 0 1 4 0v2m0 0v-2a2 2 0 0 1 4 0v4M8 18l-1 3"/>'
    ),
    "linkedin": (
        '<rect x="3" y="3" width="18" height="18" rx="3"/>'
        '<path d="M8 11v6M8 7.5v.01M12 17v-6m0 2.5a2.5 2.5 0 0 1 5 0V17"/>'
    ),
    "feed": (
        '<circle cx="6" cy="18" r="1.5" fill="currentColor"/>'
        '<path d="M4 11a9 9 0 0 1 9 9M4 4a16 16 0 0 1 16 16"/>'
    ),
    "sun": (
        '<circle cx="12" cy="12" r="4"/>'
        '<path d="M12 2v2m0 16v2M4.9 4.9l1.4 1.4m11.4 11.4 1.4 1.4M2 12h2m16 0h2'
        'M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>'
    ),
    "moon": '<path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5Z"/>',
    "search": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/>',
}

ICON_NAMES = frozenset(_SHAPES)


def icon(name: str) -> str:
    """The inline SVG markup of the icon called *name*."""
    return _SVG.format(_SHAPES[name])
