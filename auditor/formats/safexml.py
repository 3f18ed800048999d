"""Parsing XML from untrusted catalogues without letting the file act on the machine.

A document type that declares entities is refused before any parsing: an external entity (XXE: a file or URL
read into the text) is never read, and an entity-expansion bomb ("billion laughs") is a one-line reason at once.
What is parsed goes through lxml with entity resolution, DTD loading and network access off and the size limits
of libxml2 on (no ``huge_tree``), so a document type or entity the screen missed is still never fetched or expanded.
"""
from __future__ import annotations

import re

from lxml import etree

from ..errors import AuditorError

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                       huge_tree=False, remove_comments=False)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC)?", re.IGNORECASE)
_REFERENCE = re.compile(rb"<!ENTITY[^>]*[&%][^\s;]+;", re.IGNORECASE)


def screen(data: bytes, name: str) -> None:
    """Refuse a document type that declares entities, saying which danger it is; UTF-16 and UTF-32 text is read
    as ASCII for the look (a NUL after each letter is dropped)."""
    ascii_view = data.replace(b"\x00", b"")
    doctype = _DOCTYPE.search(ascii_view)
    if not doctype:
        return
    prolog = ascii_view[doctype.start():]
    entities = list(_ENTITY.finditer(prolog))
    if not entities:
        return
    external = [m for m in entities if m.group(3)]
    if external:
        entity = external[0].group(2).decode("ascii", "replace")
        raise AuditorError(f"{name}: declares an external XML entity ({entity}), which could read a file or a URL: "
                           "not read")
    if _REFERENCE.search(prolog):
        raise AuditorError(f"{name}: an XML entity-expansion bomb (entities defined by other entities): not read")
    raise AuditorError(f"{name}: declares XML entities in its document type, which catalogues do not need: not read")


def parse(data: bytes, name: str) -> etree._Element:
    """The root element of an XML document, or AuditorError("name: reason") for a refused or malformed one."""
    screen(data, name)
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc).lower():
            raise AuditorError(f"{name}: an XML entity-expansion bomb: not read") from None
        raise AuditorError(f"{name}: malformed XML ({exc})") from None
    except ValueError as exc:  # lxml's refusal of, say, an encoding declaration it cannot honour
        raise AuditorError(f"{name}: malformed XML ({exc})") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise AuditorError(f"{name}: declares XML entities in its document type, which catalogues do not need: not read")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace ("target"); "" for comments and processing instructions."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
