"""Chinese typography for WeasyPrint: the one place that shapes how text is set."""

from markupsafe import Markup, escape


def typeset(text: str) -> Markup:
    """The HTML for a text of the issue: always escaped, so markup in it shows as text."""
    return Markup(escape(text))
