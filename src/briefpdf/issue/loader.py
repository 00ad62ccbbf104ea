"""Reading an issue file: every problem found at once, each with where it is in the file.

`load_issue` either returns a valid `Issue` or raises `IssueProblems`, listing every
problem as a `Problem`: the JSON path (`articles[0].body[3].caption`), the line and
column in the file, the value found, and a `Message` saying what to do.
"""

from __future__ import annotations

import calendar
import contextlib
import difflib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from json_source_map import calculate as source_map
from PIL import Image, ImageFile, UnidentifiedImageError
from pydantic import BaseModel, ValidationError

from briefpdf.issue.glyphs import Uncovered, uncovered_runs
from briefpdf.issue.model import Issue, Photo, Subheading
from briefpdf.issue.problems import IssueProblems, Problem
from briefpdf.messages import Message, ScriptName, human_size

MAX_ISSUE_BYTES = 5_000_000
MAX_PHOTO_BYTES = 50_000_000
MAX_PHOTO_PIXELS = 50_000_000
# An issue nests six levels deep; far deeper nesting is a broken or hostile file, and
# would exhaust the recursion of the parser and of the line:column map.
MAX_DEPTH = 32
PHOTO_FORMATS = {"JPEG", "PNG"}
BODY_TAGS = ("paragraph", "photo", "subheading")
# Errors where a text was given for something else: the found value is shown in quotes.
QUOTES_MATTER = {"int_type", "list_type", "model_type", "dict_type", "model_attributes_type"}


def load_issue(path: Path) -> Issue:
    """Read, parse and validate the issue file at `path`, and check its glyphs and photos."""
    source = read_text(path)
    data = parse_json(path, source)
    # The glyph guard and the photo checks read the raw data, so that their problems come
    # with the model's, all at once; a place the model finds wrong is named only once.
    try:
        issue = Issue.model_validate(data)
        problems = []
    except ValidationError as error:
        problems = validation_problems(error)
    named = {p.where for p in problems}
    problems += [p for p in check_photos(data, path.parent) if p.where not in named]
    problems += [_glyph_problem(u) for u in uncovered_runs(data)]
    if problems:
        located = locate(source, problems)
        # In the order of the file, as it is read and corrected.
        located.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise IssueProblems(path, located, source)
    return issue


def read_text(path: Path) -> str:
    """The file's text: it must exist, be of reasonable size and be UTF-8 (a BOM is fine)."""
    try:
        size = path.stat().st_size
        if size > MAX_ISSUE_BYTES:  # refused before reading a byte of it
            raise IssueProblems(
                path,
                [
                    Problem(
                        Message(
                            "file_too_large",
                            {"size": human_size(size), "limit": human_size(MAX_ISSUE_BYTES)},
                        )
                    )
                ],
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IssueProblems(path, [Problem(Message("file_missing", {"path": path}))]) from None
    except IsADirectoryError:
        raise IssueProblems(path, [Problem(Message("file_is_folder", {"path": path}))]) from None
    except OSError as error:
        raise IssueProblems(
            path,
            [
                Problem(
                    Message("file_unreadable", {"path": path, "reason": error.strerror or error})
                )
            ],
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise IssueProblems(
            path, [Problem(Message("not_utf8", {"line": line}), line=line)]
        ) from None
    if not text.strip():
        raise IssueProblems(path, [Problem(Message("file_empty"))])
    return text


# Chinese punctuation typed where JSON needs its ASCII counterpart.
FULLWIDTH_JSON = {
    "“": '"',
    "”": '"',
    "，": ",",
    "：": ":",
    "｛": "{",
    "｝": "}",
    "【": "[",
    "】": "]",
}


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON allows a key twice and keeps the last: a silent loss of what was typed first.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


# The standard library's JSON messages, by their start, in words an officer can act on.
JSON_SYNTAX_CODES = {
    "Expecting value": "json_expecting_value",
    "Expecting ',' delimiter": "json_expecting_comma",
    "Expecting ':' delimiter": "json_expecting_colon",
    "Expecting property name": "json_expecting_key",
    "Unterminated string": "json_unterminated",
    "Invalid \\escape": "json_bad_escape",
    "Invalid \\uXXXX escape": "json_bad_escape",
    "Extra data": "json_extra_data",
}


def parse_json(path: Path, source: str) -> Any:
    try:
        data = json.loads(source, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as error:
        char = source[error.pos] if error.pos < len(source) else ""
        before = source[: error.pos].rstrip()
        if char in ("}", "]") and before.endswith(","):
            # The commonest slip of hand-edited JSON: point at the comma, not the bracket.
            comma = len(before) - 1
            line, column = before.count("\n") + 1, comma - before.rfind("\n")
            problem = Problem(Message("json_trailing_comma"), line=line, column=column, found=",")
        else:
            problem = Problem(
                _syntax_message(error, char),
                line=error.lineno,
                column=error.colno,
                found=char or None,
            )
        raise IssueProblems(path, [problem], source) from None
    except _DuplicateKey as error:
        match = _last_key_position(source, error.key)
        line, column = match if match else (None, None)
        problem = Problem(
            Message("json_duplicate_key", {"key": error.key}), line=line, column=column
        )
        raise IssueProblems(path, [problem], source) from None
    except RecursionError:
        raise IssueProblems(
            path, [Problem(Message("json_too_deep", {"limit": MAX_DEPTH}))]
        ) from None
    except ValueError:  # a number of thousands of digits (Python refuses to convert it)
        raise IssueProblems(path, [Problem(Message("json_number_too_long"))]) from None
    deep = _too_deep(data)
    if deep is not None:
        problem = Problem(Message("json_too_deep", {"limit": MAX_DEPTH}), json_path(deep))
        raise IssueProblems(path, [problem], source)
    return data


def _syntax_message(error: json.JSONDecodeError, char: str) -> Message:
    if char in FULLWIDTH_JSON:
        return Message("json_fullwidth", {"char": char, "ascii": FULLWIDTH_JSON[char]})
    if error.msg.startswith("Invalid control character"):
        return Message("json_line_break" if char in "\r\n" else "json_control_char")
    for start, code in JSON_SYNTAX_CODES.items():
        if error.msg.startswith(start):
            return Message(code)
    return Message("json_syntax", {"detail": error.msg})


def _too_deep(data: Any) -> tuple[str | int, ...] | None:
    """The location of the first value nested deeper than MAX_DEPTH, if any."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            return loc[:1]  # the top-level key it is under: the rest of the path is noise
        if isinstance(value, dict):
            stack.extend((item, (*loc, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*loc, index)) for index, item in enumerate(value))
    return None


def _last_key_position(source: str, key: str) -> tuple[int, int] | None:
    matches = list(re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", source))
    if not matches:
        return None
    start = matches[-1].start()
    return source.count("\n", 0, start) + 1, start - source.rfind("\n", 0, start)


def json_path(loc: tuple[str | int, ...]) -> str:
    """Pydantic's error location as the path a person reads: articles[0].body[3].caption."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose fields are valid at `loc` (to suggest keys), if any."""
    model: Any = Issue
    for index, part in enumerate(loc):
        if _is_tag(loc, index):
            model = {"photo": Photo, "subheading": Subheading}.get(str(part))
            continue
        if isinstance(part, int) or part == "str":
            continue
        field = model.model_fields.get(part) if isinstance(model, type) else None
        if field is None:
            return None
        annotation = field.annotation
        model = _first_model(annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _is_tag(loc: tuple[str | int, ...], index: int) -> bool:
    # A body block's location holds the kind of block after its index; people don't write it.
    return loc[index] in BODY_TAGS and index > 0 and isinstance(loc[index - 1], int)


def _first_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _key_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _shorten(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = _printable(text)
    return text if len(text) <= 40 else text[:37] + "…"


def _printable(text: str) -> str:
    # A lone surrogate (from a \\ud83d escape) cannot be printed; it is shown as typed.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def validation_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        raw = item["loc"]
        loc = tuple(part for index, part in enumerate(raw) if not _is_tag(raw, index))
        kind = item["type"]
        value = item.get("input")
        if kind in QUOTES_MATTER and isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)  # "2023" where 2023 is wanted
        found = None if kind == "missing" else _shorten(value)
        problems.append(Problem(_message_for(kind, raw, item), json_path(loc), found=found))
    return problems


def _message_for(kind: str, loc: tuple[str | int, ...], item: dict[str, Any]) -> Message:
    key = str(loc[-1]) if loc else ""
    ctx = item.get("ctx", {})
    if kind == "missing":
        return Message("missing", {"key": key})
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        names = _key_names(model) if model else []
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        hint = (
            Message("did_you_mean", {"suggestion": close[0]})
            if close
            else Message("allowed_keys", {"keys": ", ".join(names)})
        )
        return Message("unknown_key", {"key": key, "hint": hint})
    if kind in ("string_too_short",):
        return Message("empty_text")
    if kind == "too_short":
        return Message("empty_list")
    if kind in ("string_type",):
        return Message("want_text")
    if kind == "string_unicode":  # a lone surrogate escape such as \\ud800
        return Message("bad_unicode")
    if kind in ("int_type", "int_parsing", "int_from_float", "finite_number"):
        return Message("want_int")
    if kind == "list_type":
        return Message("want_list")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Message("want_object")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt", 0) + 1)
        return Message("too_small", {"limit": limit})
    if kind in ("less_than_equal", "less_than"):
        return Message("too_large", {"limit": ctx.get("le", ctx.get("lt"))})
    if kind.startswith("date"):
        return Message("bad_date", {"reason": _date_reason(item["input"])})
    if kind == "literal_error":
        return Message("bad_layout", {"found": item["input"], "allowed": ctx.get("expected", "")})
    if kind in ("body_block", "photo_outside", "placeholder", "website"):
        return Message(kind)
    return Message("invalid", {"detail": item["msg"]})


def _date_reason(value: Any) -> Message:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        return Message("bad_date_format")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return Message("bad_month")
    days = calendar.monthrange(year, month)[1]
    return Message("bad_day", {"year": year, "month": month, "days": days, "day": day})


# Code points named in a glyph problem: a longer run is named by its first ones.
MAX_CODE_POINTS = 8


def _glyph_problem(uncovered: Uncovered) -> Problem:
    chars = uncovered.characters
    named = [f"U+{ord(c):04X}" for c in chars[:MAX_CODE_POINTS]]
    if len(chars) > MAX_CODE_POINTS:
        named[-1] = "…"
    values: dict[str, object] = {
        "run": _printable(_ellipsis(uncovered.run, 30)),
        "codepoints": " ".join(named),
    }
    if uncovered.invisible:
        code = "invisible_char"
    else:
        code = "glyph_missing"
        values["script"] = ScriptName(uncovered.script)
    # The run with the text around it, since a paragraph is too long to show whole.
    text, start, end = uncovered.text, uncovered.start, uncovered.start + len(uncovered.run)
    context = (
        ("…" if start > 8 else "")
        + text[max(start - 8, 0) : start]
        + _ellipsis(uncovered.run, 24)
        + text[end : end + 8]
        + ("…" if end + 8 < len(text) else "")
    )
    return Problem(
        Message(code, values),
        json_path(uncovered.loc),
        found=_printable(context),
        offset=start,
    )


def _ellipsis(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_photos(data: Any, issue_dir: Path) -> list[Problem]:
    """Each photo of the parsed issue file exists inside the issue's folder and is a JPEG
    or PNG of sane size. Works on the raw data, whatever else is wrong with it."""
    problems = []
    root = issue_dir.resolve()
    for loc, name in _photo_names(data):
        message = _photo_problem(root, name)
        if message:
            problems.append(Problem(message, json_path(loc), found=_shorten(name)))
    return problems


def _photo_names(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    articles = data.get("articles") if isinstance(data, dict) else None
    for a, article in enumerate(articles if isinstance(articles, list) else []):
        body = article.get("body") if isinstance(article, dict) else None
        for b, block in enumerate(body if isinstance(body, list) else []):
            if isinstance(block, dict) and isinstance(block.get("photo"), str):
                yield ("articles", a, "body", b, "photo"), block["photo"]


@contextlib.contextmanager
def _own_image_rules() -> Iterator[None]:
    """Pillow's global settings as the photo check needs them, restored afterwards.

    Pillow refuses a huge image on opening, before telling its size: reading the header
    costs nothing, and briefpdf checks the size itself, below a lower limit, so that it
    can say how large the photo is (only image.load costs memory). And WeasyPrint, once
    imported, lets Pillow accept truncated images; a damaged photo must be found here.
    """
    saved = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
    Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = None, False
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _photo_problem(root: Path, name: str) -> Message | None:
    try:
        path = (root / name).resolve()
        if not path.is_relative_to(root):  # a symbolic link leading out of the folder
            return Message("photo_outside")
        size = path.stat().st_size if path.is_file() else None
    except (OSError, ValueError):  # a name too long, or holding a NUL, names no file
        size = None
    if size is None:
        return _photo_missing(root, name)
    if size > MAX_PHOTO_BYTES:
        return Message(
            "photo_too_large",
            {"path": name, "size": human_size(size), "limit": human_size(MAX_PHOTO_BYTES)},
        )
    try:
        with _own_image_rules(), Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                return Message(
                    "photo_too_many_pixels",
                    {
                        "path": name,
                        "width": width,
                        "height": height,
                        "limit": MAX_PHOTO_PIXELS // 1_000_000,
                    },
                )
            if image.format not in PHOTO_FORMATS:
                return Message("photo_wrong_format", {"path": name, "format": image.format})
            # Decodes all of the image's data: a truncated or corrupt file fails here. A
            # JPEG is decoded at an eighth of its size, which reads every byte, 3x faster.
            image.draft(None, (1, 1))
            image.load()
    except UnidentifiedImageError:
        return Message("photo_not_image", {"path": name})
    except (OSError, SyntaxError, ValueError):
        return Message("photo_corrupt", {"path": name})
    return None


def _photo_missing(root: Path, name: str) -> Message:
    """Says which folder was searched and, if some of its files have a name close to the
    one written (a letter missing, another case), suggests them."""
    folder = (root / name.replace("\\", "/")).parent
    try:
        files = {p.name.lower(): p.name for p in folder.iterdir() if p.is_file()}
    except (OSError, ValueError):
        hint = Message("photo_no_folder")
    else:
        wanted = Path(name.replace("\\", "/")).name.lower()
        close = difflib.get_close_matches(wanted, files, n=3, cutoff=0.8)
        names = ", ".join(files[c] for c in close)
        hint = (
            Message("photo_close_names", {"names": names}) if close else Message("photo_check_name")
        )
    return Message("photo_missing", {"path": name, "folder": folder, "hint": hint})


def locate(source: str, problems: list[Problem]) -> list[Problem]:
    """Fill in the line and column of each problem from its JSON path."""
    text = source.removeprefix("\ufeff")
    positions = source_map(text)
    lines = text.split("\n")
    located = []
    for problem in problems:
        pointer = _pointer(problem.where)
        entry = positions.get(pointer)
        while entry is None and pointer:  # a missing key: point at the object that lacks it
            pointer = pointer.rsplit("/", 1)[0]
            entry = positions.get(pointer)
        if entry is not None:
            start = entry.key_start or entry.value_start
            column = start.column + 1
            if problem.offset is not None and entry.value_start:  # a place inside a text
                value = entry.value_start
                line = lines[value.line] if value.line < len(lines) else ""
                column = _column_in_string(line, value.column, problem.offset) or column
                start = value
            problem = Problem(
                problem.message,
                problem.where,
                start.line + 1,
                column,
                problem.found,
                problem.offset,
            )
        located.append(problem)
    return located


# A JSON escape, which stands for one character: \\n, \\uXXXX, or the two halves of one
# character beyond the BMP, \\uD83C\\uDF89.
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)"
)


def _column_in_string(line: str, quote: int, offset: int) -> int | None:
    """The 1-based column of the `offset`-th character of the JSON string whose opening
    quote is at column `quote` (0-based) of `line`, escapes read as what they stand for."""
    at, count = quote + 1, 0
    while at < len(line):
        if count == offset:
            return at + 1
        match = _ESCAPE.match(line, at)
        at = match.end() if match else at + 1
        count += 1
    return None


def _pointer(where: str) -> str:
    """`articles[0].body[3]` as the JSON pointer `/articles/0/body/3`."""
    if not where:
        return ""
    parts = re.findall(r"[^.\[\]]+", where)
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
