"""Where a problem is, as a person counts: `articles[0].body[3]` is "article 1, body item 4",
"第1篇文章，正文第4项".

The words are the titles the issue model gives its fields ("正文 / Body"), so that a new
field is named without more code; only a few lists have items with a name of their own.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from briefpdf.issue.model import Issue
from briefpdf.messages import Lang

# Items that are counted by a name of their own; others are "正文第4项", "body item 4".
ITEMS = {
    "articles": ("第{n}篇文章", "article {n}"),
    "emails": ("电子邮箱第{n}项", "e-mail {n}"),
    "organisations": ("第{n}个单位", "organisation {n}"),
}
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def place(where: str, lang: Lang) -> str:
    """The JSON path `where` in words; a key the model does not know stays as written."""
    words: list[str] = []
    models: list[type[BaseModel]] = [Issue]
    key = ""
    for index, name in _PART.findall(where):
        if index:
            zh, en = ITEMS.get(key, ("{title}第{n}项", "{title} item {n}"))
            title = words.pop() if words else ""
            words.append((zh if lang == "zh" else en).format(title=title, n=int(index) + 1))
            continue
        key = name
        fields = [(n, f) for model in models for n, f in model.model_fields.items()]
        field = next((f for n, f in fields if name in (n, f.alias)), None)
        words.append(_title(field, lang) if field else name)
        models = _models(field.annotation) if field else []
    return ("，" if lang == "zh" else ", ").join(words)


def _title(field: FieldInfo, lang: Lang) -> str:
    zh, _, en = (field.title or "").partition(" / ")
    if lang == "zh":
        return zh
    # Lower case inside a sentence, except a word written in capitals (JSON Schema).
    return en if en[1:2].isupper() else en[:1].lower() + en[1:]


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's value can be (a body item: a subheading or a photo)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models(arg)]
