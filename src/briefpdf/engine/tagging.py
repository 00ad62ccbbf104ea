"""The structure tree of a tagged copy, as a reader who listens to the PDF meets it.

WeasyPrint 70.0 tags each page on its own: an article or a paragraph that runs over a
page break becomes two structure elements, so a screen reader announced the sample's one
article as seven articles, and a paragraph cut by a page as two. And it drops the `lang`
of an element: the Chinese name of the centre in the English edition was read out in the
English voice.

`install()` has WeasyPrint's tree builder note which HTML element each structure element
comes from; `mend_tags`, run as the finisher, joins the parts of one HTML element that
page breaks split and gives an element in another language than the page its /Lang.

The tree builder (`weasyprint.pdf.tags._build_box_tree`) and the objects read are those
of WeasyPrint 70.0 (pinned in pyproject.toml) and its pydyf.
"""

from __future__ import annotations

import weakref

import pydyf
from weasyprint.pdf import tags

_build_box_tree = tags._build_box_tree  # WeasyPrint's own
# For each PDF being written: the object number of each structure element it made -> the
# HTML element it was made from.
_SOURCES: weakref.WeakKeyDictionary[pydyf.PDF, dict[int, object]] = weakref.WeakKeyDictionary()


def _noting_sources(box: object, parent: pydyf.Dictionary, pdf: pydyf.PDF, *args: object):
    sources = _SOURCES.setdefault(pdf, {})
    for element in _build_box_tree(box, parent, pdf, *args):
        # The call that made an element yields it first; enclosing calls pass it on.
        sources.setdefault(element.number, box.element)
        yield element


def install() -> None:
    """Make WeasyPrint note where each structure element comes from; called once."""
    tags._build_box_tree = _noting_sources


def mend_tags(document: object, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: one structure element per HTML element, with its language."""
    sources = _SOURCES.pop(pdf, None)
    if sources is None:  # an untagged PDF
        return
    for number, element in sources.items():
        if element is not None and (lang := element.get("lang")):
            pdf.objects[number]["Lang"] = pydyf.String(lang)
    root = _resolve(pdf, pdf.catalog["StructTreeRoot"])
    for top in root["K"]:
        _join_split_parts(pdf, _resolve(pdf, top), sources)


def _join_split_parts(pdf: pydyf.PDF, parent: pydyf.Dictionary, sources: dict[int, object]) -> None:
    """Under `parent`, each run of elements made from one HTML element (its parts on
    successive pages) becomes the first of them, holding the kids of all; and so on down."""
    kept = pydyf.Array()
    for kid in parent["K"]:
        last = kept[-1] if kept else None
        part = _resolve(pdf, kid) if isinstance(kid, bytes) else None
        if _same_source(last, kid, sources) and not _marks_content(part):
            first = _resolve(pdf, last)
            for grandkid in part["K"]:
                child = _resolve(pdf, grandkid)
                if child.get("Type") == "/StructElem":
                    child["P"] = last
                first["K"].append(grandkid)
            part.clear()  # no longer in the tree: an empty object, not a stale element
        else:
            kept.append(kid)
    parent["K"] = kept
    for kid in kept:
        if isinstance(kid, bytes) and (child := _resolve(pdf, kid)).get("Type") == "/StructElem":
            _join_split_parts(pdf, child, sources)


def _same_source(last: object, kid: object, sources: dict[int, object]) -> bool:
    if not (isinstance(last, bytes) and isinstance(kid, bytes)):
        return False
    source = sources.get(_number(kid))
    return source is not None and source is sources.get(_number(last))


def _marks_content(element: pydyf.Dictionary) -> bool:
    # Marked content on the element itself (a link's text, a photo) belongs to its page
    # (/Pg): such an element is left as it is.
    return any(isinstance(kid, int) for kid in element["K"])


def _number(reference: bytes) -> int:
    """The object number of a pydyf reference, b'12 0 R'."""
    return int(reference.split()[0])


def _resolve(pdf: pydyf.PDF, reference: bytes) -> pydyf.Dictionary:
    return pdf.objects[_number(reference)]
