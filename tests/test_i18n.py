"""The message catalog: the template holds every label, compiled catalogs match their sources."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).parents[1] / "src" / "sphinx_recap"
LOCALE = PACKAGE / "locale"


def test_template_holds_every_marked_label():
    with (LOCALE / "babel.cfg").open(encoding="utf-8") as mapping:
        methods, options = parse_mapping_cfg(mapping)
    in_code = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, methods, options, keywords={"_": None}
        )
    }
    assert "Other talks" in in_code, "labels of the templates are found too"
    with (LOCALE / "sphinx_recap.pot").open("rb") as stream:
        template = {m.id for m in read_po(stream) if m.id}
    assert in_code == template, "regenerate the .pot (see docs/howto/translate.md)"


def test_every_catalog_is_complete_and_compiled():
    catalogs = list(LOCALE.glob("*/LC_MESSAGES/sphinx_recap.po"))
    assert catalogs
    for source in catalogs:
        with source.open("rb") as stream:
            po = {m.id: m.string for m in read_po(stream) if m.id}
        with source.with_suffix(".mo").open("rb") as stream:
            mo = {m.id: m.string for m in read_mo(stream) if m.id}
        assert all(po.values()), f"untranslated labels in {source}"
        assert mo == po, f"{source.with_suffix('.mo')} is out of date: run pybabel compile"
