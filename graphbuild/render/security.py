"""What keeps the HTML page self-contained and its scripts its own.

``seal(page, path)`` takes the page as rendered and gives the page to write:
pyvis's remote ``<link>``/``<script src>`` tags removed, a check that
nothing left would make a browser fetch anything (``external_references``),
and the Content-Security-Policy placeholder of the template replaced by a
policy that fetches nothing and runs only the page's own inline scripts,
each allowed by its SHA-256 hash.

>>> external_references('<img src="https://x.example/a.png"><a href="#top">')
['https://x.example/a.png']
"""

from __future__ import annotations

import base64
import hashlib
import os
import re

CSP_PLACEHOLDER = "__GRAPHBUILD_CSP__"  # in the template's <meta http-equiv="Content-Security-Policy">

_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.S | re.I)
_REF_ATTR = re.compile(r"""\b(?:src|href|srcset|action|formaction|poster|data|background)\s*=\s*["']?\s*([^\s"'>]*)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?\s*([^)"'\s]*)|@import""", re.I)
_REMOTE_TAG = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//[^>]*>"""
    r"""|<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//[^>]*>\s*</script>""",
    re.I,
)


def external_references(page: str) -> list[str]:
    """Every reference in ``page`` that would make a browser fetch something:
    a src/href-like attribute or a CSS ``url()``/``@import`` that is not a
    ``data:`` URI or a ``#fragment``. Script bodies are skipped (their text
    is code and JSON, not markup). An empty list means a self-contained page.
    """
    markup = _SCRIPT_BODY.sub(r"\1\2", page)
    found: list[str] = []
    for tag in _TAG.findall(markup):
        for value in _REF_ATTR.findall(tag):
            if value and not value.lower().startswith(("data:", "#")):
                found.append(value)
    for style in re.findall(r"<style\b[^>]*>(.*?)</style>", markup, flags=re.S | re.I):
        for m in _CSS_URL.finditer(style):
            value = m.group(1)
            if value is None:
                found.append("@import")
            elif not value.lower().startswith(("data:", "#")):
                found.append(value)
    return found


def _script_hashes(page: str) -> list[str]:
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", page, flags=re.S):
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def content_security_policy(page: str) -> str:
    """The policy of ``page``: nothing fetched, only its inline scripts run."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_script_hashes(page)),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def seal(page: str, path: str | os.PathLike) -> str:
    """The rendered ``page`` ready to write to ``path``: remote tags removed,
    the policy in place. Raises ``RuntimeError`` if the page would still
    fetch something (only a changed pyvis template could bring one in)."""
    page = _REMOTE_TAG.sub("", page)
    remote = external_references(page)
    if remote:
        raise RuntimeError(f"the page would fetch {remote[:3]}; refusing to write {path}")
    return page.replace(CSP_PLACEHOLDER, content_security_policy(page), 1)
