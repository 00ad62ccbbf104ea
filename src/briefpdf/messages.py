"""Every message briefpdf shows a user, in Chinese and in English.

A message is looked up by a code and filled with named values. Chinese is the default;
English is chosen with `--lang en`, the BRIEFPDF_LANG variable or an English locale.
Values are shown as they are (`shown`): a character that would hide or move text is
named by its code point.
"""

from __future__ import annotations

import enum
import locale
import os
import tempfile
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en"]


class ExitCode(enum.IntEnum):
    """How every command ends, which scripts may rely on (docs/errors.md)."""

    OK = 0
    INTERNAL = 1  # an unexpected internal error (a bug in briefpdf: please report it)
    USAGE = 2  # the command line is wrong (unknown option, missing argument)
    INVALID_ISSUE = 3  # the issue file (Word draft, archive PDF) has problems; nothing written
    RENDER_FAILED = 4  # typesetting failed; nothing was written
    OUTPUT_FAILED = 5  # a file could not be written, or may not be replaced
    NOT_SENT = 6  # mail: a message was not sent (server, password, refused, too large)
    INTERRUPTED = 130  # Ctrl-C or SIGTERM; nothing was written


# code -> (Chinese, English). The texts say what is wrong and what to do.
CATALOGUE: dict[str, tuple[str, str]] = {
    # Reading the file
    "file_missing": (
        "找不到文件 {path}。请检查文件名和所在文件夹。",
        "There is no file {path}. Check the name and the folder.",
    ),
    "file_is_folder": (
        "{path} 是一个文件夹。请给出其中期刊 JSON 文件的名字，例如 {path}/2023-01.json。",
        "{path} is a folder. Name the issue's JSON file in it, e.g. {path}/2023-01.json.",
    ),
    "file_unreadable": (
        "无法读取文件 {path}：{reason}。",
        "The file {path} cannot be read: {reason}.",
    ),
    "file_empty": (
        "文件是空的。请从 issues/ 中的示例复制一份开始填写。",
        "The file is empty. Start from a copy of the sample in issues/.",
    ),
    "file_too_large": (
        "文件有 {size}，太大了（上限 {limit}）。期刊文件只含文字；图片应作为单独的文件引用。",
        "The file is {size}, too large (the limit is {limit}). An issue file holds "
        "text only; photos are separate files it refers to.",
    ),
    "not_utf8": (
        "文件不是 UTF-8 编码（第 {line} 行附近）。请在编辑器中以 UTF-8 编码另存。",
        "The file is not UTF-8 (near line {line}). Save it again as UTF-8 in your editor.",
    ),
    # JSON syntax
    "json_syntax": ("JSON 格式错误：{detail}。", "The JSON is malformed: {detail}."),
    "json_fullwidth": (
        "这里用了中文标点“{char}”作为 JSON 符号，应改为英文半角的 {ascii}。",
        "A Chinese “{char}” is used as JSON punctuation; type the ASCII {ascii} instead.",
    ),
    "json_expecting_value": (
        "这里缺少一个值，或写法不对。值应为英文双引号括起的文字、数字、true、false、null、[ ] 或 {{ }}；"
        "最后一项后面不能有逗号。",
        "A value is missing or mistyped here. A value is text in double quotes, a number, "
        "true, false, null, [ ] or {{ }}; there is no comma after the last item.",
    ),
    "json_trailing_comma": (
        "最后一项后面多了一个逗号。请删除这个逗号。",
        "There is a comma after the last item. Delete this comma.",
    ),
    "json_expecting_comma": (
        "这里缺少英文逗号 ,：两项之间要用逗号隔开（常见于上一行末尾）。",
        "A comma , is missing: two items are separated by a comma (often at the end of "
        "the line above).",
    ),
    "json_expecting_colon": (
        '键的后面缺少英文冒号 :，例如 "year": 2023。',
        'A colon : is missing after the key, as in "year": 2023.',
    ),
    "json_expecting_key": (
        "这里应为用英文双引号括起的键名。键名不能用单引号；}} 前的最后一项后面不能有逗号。",
        "A key in double quotes is expected here. Keys take double quotes, not single "
        "ones, and there is no comma after the last item before }}.",
    ),
    "json_unterminated": (
        '这段文字没有结束：请在末尾补上英文双引号 "。',
        'This text is not closed: add the closing double quote " at its end.',
    ),
    "json_line_break": (
        '文字在行末还没有结束：一段文字必须在同一行内用英文双引号 " 结束。'
        "要另起一段，请在正文列表中新写一项。",
        'The text runs past the end of the line: close it with a double quote " on the '
        "same line. For a new paragraph, add a new item to the body list.",
    ),
    "json_control_char": (
        "引号内有制表符或其他控制字符；请换成空格。",
        "There is a tab or another control character inside the quotes; use a space instead.",
    ),
    "json_bad_escape": (
        "反斜杠 \\ 后面的写法不对。要写反斜杠本身，请写两个：\\\\。",
        "A backslash \\ starts an unknown escape. To write a backslash itself, type two: \\\\.",
    ),
    "json_extra_data": (
        "整期内容结束后还有多余的文字。整个文件应只是一对花括号 {{ … }}；请删除多余部分或多余的 }}。",
        "There is more after the end of the issue. The whole file is one {{ … }}; delete what "
        "follows, or an extra }}.",
    ),
    "json_too_deep": (
        "括号嵌套超过 {limit} 层，期刊文件不会这样写。请从 issues/ 中的示例重新开始。",
        "Brackets are nested more than {limit} levels deep, which no issue file needs. "
        "Start again from the sample in issues/.",
    ),
    "json_number_too_long": (
        "文件中有一个长达数千位的数字。请改为正常的数字。",
        "The file has a number thousands of digits long. Write an ordinary number.",
    ),
    "json_duplicate_key": (
        "键“{key}”在同一对象中出现了两次；只保留一个。",
        "The key “{key}” appears twice in one object; keep only one.",
    ),
    # The model
    "missing": ("缺少必填项“{key}”。请补上。", "The required field “{key}” is missing. Add it."),
    "unknown_key": ("不认识的键“{key}”。{hint}", "Unknown key “{key}”. {hint}"),
    "did_you_mean": ("是不是“{suggestion}”？", "Did you mean “{suggestion}”?"),
    "allowed_keys": ("这里可以用的键：{keys}。", "Keys allowed here: {keys}."),
    "want_text": (
        "这里应为文字（用英文双引号括起来）。",
        "Text is expected here (in double quotes).",
    ),
    "want_int": (
        "这里应为整数，例如 1，不加引号。",
        "A whole number is expected here, e.g. 1, without quotes.",
    ),
    "want_list": (
        "这里应为列表，用方括号 [ ] 括起来。",
        "A list is expected here, in square brackets [ ].",
    ),
    "want_object": (
        "这里应为对象，用花括号 {{ }} 括起来。",
        "An object is expected here, in braces {{ }}.",
    ),
    "empty_text": ("这里不能为空，请填写内容。", "This cannot be empty; write something here."),
    "empty_list": ("这里至少要有一项。", "At least one item is needed here."),
    "bad_date": (
        "日期不对：{reason}。请按 YYYY-MM-DD 填写，例如 2023-04-25。",
        "The date is wrong: {reason}. Write it as YYYY-MM-DD, e.g. 2023-04-25.",
    ),
    "bad_date_format": ("格式不对", "not in the form YYYY-MM-DD"),
    "bad_day": ("{year}年{month}月只有 {days} 天", "{month}/{year} has only {days} days"),
    "bad_month": ("月份应在 1 到 12 之间", "the month must be between 1 and 12"),
    "bad_unicode": (
        "文字中有无效的 \\u 转义（半个字符对，如 \\ud800）。请删除它，或直接输入该字符。",
        "The text has an invalid \\u escape (half of a character pair, such as \\ud800). "
        "Delete it, or type the character itself.",
    ),
    "too_small": ("这个数应不小于 {limit}。", "This number must be at least {limit}."),
    "too_large": ("这个数应不大于 {limit}。", "This number must be at most {limit}."),
    "bad_layout": (
        "没有名为“{found}”的版式；可用的版式：{allowed}。",
        "There is no layout “{found}”; layouts available: {allowed}.",
    ),
    "body_block": (
        '正文的每一项应为段落文字、{{"subheading": …}} 小标题或 {{"photo": …, "caption": …}} 图片。',
        'Each body item is a paragraph string, a {{"subheading": …}} or a '
        '{{"photo": …, "caption": …}}.',
    ),
    "placeholder": (
        "这里还是占位文字，请换成正式内容。",
        "This is still placeholder text: replace it with the real text.",
    ),
    "invalid": ("这里的值不对：{detail}", "This value is not valid: {detail}"),
    # Photos
    "website": (
        "网址应写成 www.lmcc.org.cn 或 https://www.lmcc.org.cn/ 的形式。",
        "A website is written like www.lmcc.org.cn or https://www.lmcc.org.cn/.",
    ),
    "photo_outside": (
        "图片必须放在本期 JSON 文件所在的文件夹（或其子文件夹）中，用相对路径引用，例如 photos/a.jpg；"
        "不能用网址、绝对路径、“..”或指向文件夹外的链接。",
        "A photo must be inside the folder of this JSON file and named by a relative "
        "path such as photos/a.jpg; no URLs, absolute paths, “..” or links leading outside.",
    ),
    "photo_missing": (
        "找不到图片 {path}：文件夹 {folder} 中没有这个文件。{hint}",
        "{path} was not found in {folder}. {hint}",
    ),
    "photo_close_names": (
        "是不是 {names}？",
        "Did you mean {names}?",
    ),
    "photo_check_name": (
        "请检查文件名（区分大小写）和所在文件夹。",
        "Check the name (case matters) and folder.",
    ),
    "photo_no_folder": (
        "这个文件夹不存在：请检查路径中的文件夹名。",
        "That folder does not exist: check the folder's name in the path.",
    ),
    "photo_not_image": (
        "{path} 不是图片文件。请使用 JPEG 或 PNG 格式的照片。",
        "{path} is not an image. Use a JPEG or PNG photo.",
    ),
    "photo_wrong_format": (
        "{path} 是 {format} 格式的图片。请另存为 JPEG 或 PNG 后再用。",
        "{path} is a {format} image. Save it as JPEG or PNG first.",
    ),
    "photo_corrupt": (
        "图片 {path} 已损坏或不完整，无法读取。请从原图重新复制或另存一份。",
        "The photo {path} is damaged or incomplete and cannot be read. Copy it again, or "
        "save it again from the original.",
    ),
    "photo_too_many_pixels": (
        "图片 {path} 有 {width}×{height} 像素，太大了（上限 {limit} 百万像素）。请缩小后再用。",
        "The photo {path} is {width}×{height} pixels, too large (limit "
        "{limit} megapixels). Scale it down first.",
    ),
    "photo_too_large": (
        "图片 {path} 有 {size}，太大了（上限 {limit}）。请压缩后再用。",
        "The photo {path} is {size}, too large (limit {limit}). Compress it first.",
    ),
    # Glyphs
    "glyph_missing": (
        "“{run}”（{script}：{codepoints}）不在内置字体中，印出来会是方框。请换用其他写法或删除。",
        "“{run}” ({script}: {codepoints}) is in none of the bundled fonts and would "
        "print as boxes. Replace or remove it.",
    ),
    "invisible_char": (
        "文字中有不可见的控制字符（{codepoints}），多半是从别处复制来的。请删除。",
        "The text holds invisible control characters ({codepoints}), probably copied "
        "from elsewhere. Delete them.",
    ),
    # Building
    "render_failed": ("排版失败：{detail}", "Typesetting failed: {detail}"),
    "render_missing_glyph": (
        "字符 {chars} 无法用内置字体排出，印出来会是方框。请换用其他写法或删除它。",
        "The characters {chars} cannot be set in the bundled fonts and would print as "
        "boxes. Replace or remove them.",
    ),
    "render_resource_failed": (
        "排版时无法读取 {url}。请检查该文件。",
        "While typesetting, {url} could not be read. Check that file.",
    ),
    "render_refused": (
        "排版时拒绝读取 {url}：只能使用期刊文件所在文件夹、版式和内置字体中的文件。",
        "Typesetting refused to read {url}: only files in the issue's folder, the layout "
        "and the bundled fonts may be used.",
    ),
    "output_unwritable": ("无法写入 {path}：{reason}。", "Cannot write {path}: {reason}."),
    "output_not_pdf": (
        "{path} 已存在且不是 PDF 文件；为免覆盖，请换一个输出文件名。",
        "{path} exists and is not a PDF; to keep it safe, choose another output name.",
    ),
    "internal_error": (
        "briefpdf 出现了内部错误，这不是您的错。详细信息已写入 {log}，请把它发给维护人员。",
        "briefpdf hit an internal error; this is not your fault. The details are "
        "in {log}: please send that file to the maintainers.",
    ),
    "interrupted": ("已中断；原有文件未被改动。", "Interrupted; existing files are untouched."),
    "no_harfbuzz_subset": (
        "未安装 libharfbuzz-subset0，字体子集化会很慢（约 20 秒）。运行 make setup 安装。",
        "libharfbuzz-subset0 is not installed, so font subsetting is slow "
        "(about 20 s). Run `make setup` to install it.",
    ),
    # Batch builds, the archive index and the picture of page 1
    "batch_no_issues": (
        "{path} 中没有期刊文件（.json）。",
        "There are no issue files (.json) in {path}.",
    ),
    "output_not_folder": (
        "{path} 不是文件夹；一次生成多期时，-o 指定的是输出文件夹。",
        "{path} is not a folder; when several issues are built, -o names the output folder.",
    ),
    "same_issue": (
        "{paths} 都是 {year}年第{number}期，会写到同一个文件 {target}；请改正年份或期号。这几期都未生成。",
        "{paths} are all issue {number} of {year} and would go to the same file {target}; "
        "correct the year or the number. None of them was built.",
    ),
    "built_from_another": (
        "{target} 是由 {other} 生成的，它也是 {year}年第{number}期；为免覆盖，未生成 {path}。请改正年份或期号。",
        "{target} was built from {other}, which is also issue {number} of {year}; to keep "
        "it, {path} was not built. Correct the year or the number.",
    ),
    "built_from_another_single": (
        "{target} 是由 {other} 生成的，它也是 {year}年第{number}期；为免覆盖，未生成 {path}。"
        "请改正年份或期号；若确要替换它，请运行：\n  {command}",
        "{target} was built from {other}, which is also issue {number} of {year}; to keep "
        "it, {path} was not built. Correct the year or the number; to replace it on "
        "purpose, run:\n  {command}",
    ),
    "manifest_waiting": (
        "另一次生成正在更新 {folder} 的生成记录，等待它完成（最多 {seconds} 秒）…",
        "Another build is updating the record of what was built in {folder}; waiting for it "
        "(at most {seconds} s)…",
    ),
    "manifest_busy": (
        "另一次生成占用 {folder} 的生成记录已超过 {seconds} 秒，本次未能记下所生成的内容。"
        "请等它完成后重新生成；若确定没有其他生成在进行，请删除 {lock} 后重新生成。",
        "Another build has held the record of what was built in {folder} for over {seconds} s, "
        "so this build could not record its work. Build again once it is done; if no other "
        "build is running, delete {lock}, then build again.",
    ),
    "unchanged": (
        "{path} 无变化，跳过（加 --force 可重新生成）。",
        "{path} is up to date; skipped (--force rebuilds it).",
    ),
    "batch_summary": (
        "共 {total} 期：生成 {built} 期，无变化跳过 {skipped} 期，失败 {failed} 期。",
        "{total} issue(s): {built} built, {skipped} up to date, {failed} failed.",
    ),
    "output_not_png": (
        "{path} 已存在且不是 PNG 图片；为免覆盖，请换一个输出文件名。",
        "{path} exists and is not a PNG picture; to keep it safe, choose another output name.",
    ),
    "png_built": ("已生成第 1 页的图片 {path}。", "Wrote the picture of page 1 to {path}."),
    "index_no_folder": ("找不到文件夹 {path}。", "There is no folder {path}."),
    "index_skipped": ("跳过 {path}：{reason}", "Skipped {path}: {reason}"),
    "index_not_pdf": ("不是可读的 PDF 文件。", "it is not a readable PDF."),
    "index_not_bulletin": (
        "不是 briefpdf 生成的简报。",
        "it is not a bulletin made by briefpdf.",
    ),
    "index_written": (
        "已写出目录 {html} 和 {csv}（{count} 期）。",
        "Wrote the catalogue {html} and {csv} ({count} issue(s)).",
    ),
    # Schema, new issues and Word drafts
    "schema_written": (
        "已写入 {path}。在期刊文件中用“$schema”指向它，编辑器即可补全和检查。",
        "Wrote {path}. Point an issue file's “$schema” at it and editors complete and "
        "check the file as you type.",
    ),
    "schema_not_ours": (
        "{path} 已存在且不是 briefpdf 生成的结构说明文件；为免覆盖，请换一个文件名。",
        "{path} exists and was not written by briefpdf schema; to keep it safe, choose "
        "another name.",
    ),
    "schema_beside": (
        "已在 {path} 写入结构说明文件，供编辑器补全和检查。",
        "Wrote {path}, the schema editors use to complete and check issue files.",
    ),
    "no_previous": (
        "文件夹 {folder} 中没有期刊文件可作为上一期。请用 --from 指定上一期，"
        "例如：\n  {program} new --from issues/2023-01.json",
        "The folder {folder} holds no issue to continue from. Name the previous issue "
        "with --from, e.g.:\n  {program} new --from issues/2023-01.json",
    ),
    "not_an_issue": (
        "这不是期刊文件：缺少整数的 year（年份）和 number（期号）。",
        "This is not an issue file: it lacks a whole-number year and number.",
    ),
    "issue_exists": (
        "{path} 已存在；为免覆盖，未作任何改动。请直接编辑它，或用 --from 指定最新的一期。",
        "{path} exists already; to keep it safe, nothing was changed. Edit it, or name "
        "the newest issue with --from.",
    ),
    "continuing": ("上一期：{previous}", "Previous issue: {previous}"),
    "new_created": (
        "已创建 {path}：{year}年第{number}期（{why}），日期 {date}。报头、联系我们和简介沿用上一期。",
        "Created {path}: issue {number} of {year} ({why}), dated {date}. Masthead, contact "
        "and about are those of the previous issue.",
    ),
    "new_why_after": ("接在 {previous} 之后", "the one after {previous}"),
    "new_why_first": ("{year}年的第一期", "the first of {year}"),
    "new_why_new_year": (
        "{year}年的第一期：上一期 {previous} 是 {previous_year} 年的，而日期 {date} 已在 {year} 年",
        "the first of {year}: the previous issue, {previous}, is of {previous_year}, and the "
        "date, {date}, is in {year}",
    ),
    "new_other_year": (
        "若要的是 {previous_year} 年的下一期，请删除 {path}，再运行：\n  {command}",
        "If you meant the next issue of {previous_year}, delete {path} and run:\n  {command}",
    ),
    "new_why_asked": ("按您的要求", "as you asked"),
    "bad_new_year": (
        "“{value}”不是年份。请写四位数的年份，例如 2024。",
        "“{value}” is not a year. Write the year in four digits, e.g. 2024.",
    ),
    "bad_new_number": (
        "“{value}”不是期号。期号是从 1 开始的整数，例如 3。",
        "“{value}” is not an issue number. A number is a whole number from 1, e.g. 3.",
    ),
    "bad_jobs": (
        "“{value}”不是同时排版的期数。请写 1 或更大的整数，例如 2。",
        "“{value}” is not a number of issues to set at once. Write a whole number from 1, e.g. 2.",
    ),
    "bad_seconds": (
        "“{value}”不是秒数。请写 0 或更大的数，例如 2 或 0.5。",
        "“{value}” is not a number of seconds. Write a number from 0, e.g. 2 or 0.5.",
    ),
    "bad_port": (
        "“{value}”不是端口号。请写 0 到 65535 之间的整数，例如 8470。",
        "“{value}” is not a port. Write a whole number from 0 to 65535, e.g. 8470.",
    ),
    "bad_new_date": (
        "“{value}”不是日期。请写成 YYYY-MM-DD，例如 2024-01-08。",
        "“{value}” is not a date. Write it as YYYY-MM-DD, e.g. 2024-01-08.",
    ),
    "date_other_year": (
        "注意：日期 {date} 不在 {year} 年内。跨年出版（如十二月的一期在一月出版）无妨；否则请核对 year 和 date。",
        "Note: the date {date} is not in {year}. That is right for an issue that comes "
        "out late (a December issue in January); otherwise check year and date.",
    ),
    "new_next": (
        "下一步：\n"
        "  1. 导入 Word 稿件（或直接编辑该文件，把所有“（请填写…）”换成正式内容）：\n"
        "       {program} import 稿件.docx --into {path}\n"
        "  2. 检查：\n"
        "       {program} check {path}\n"
        "  3. 生成 PDF：\n"
        "       {program} build {path}",
        "Next:\n"
        "  1. bring in a Word draft (or edit the file, replacing every “（请填写…）” with the "
        "real text):\n"
        "       {program} import draft.docx --into {path}\n"
        "  2. check it:\n"
        "       {program} check {path}\n"
        "  3. make the PDF:\n"
        "       {program} build {path}",
    ),
    "draft_not_docx": (
        "{path} 无法作为 Word 的 .docx 文件读取：它不是 .docx，或已损坏。若是旧的 .doc 或 WPS 文件，"
        "请在 Word 或 WPS 中“另存为” .docx 后再导入。",
        "{path} cannot be read as a Word .docx file: it is not one, or it is damaged. If it "
        "is an old .doc or a WPS file, use “Save as” .docx in Word or WPS, then import that.",
    ),
    "draft_empty": (
        "稿件中没有可用作标题和正文的文字。",
        "The draft has no text to make a headline and a body of.",
    ),
    "imported": (
        "已把 {draft} 导入 {path}：标题“{headline}”，正文 {blocks} 项，其中图片 {photos} 张。",
        "Imported {draft} into {path}: headline “{headline}”, {blocks} body items, "
        "{photos} of them photos.",
    ),
    "left_out": (
        "稿件中有 {count} 处内容未能导入（已列出，请在 Word 中改好后重新导入，或在 JSON 文件中补上）：",
        "{count} part(s) of the draft could not be imported (listed; change them in Word "
        "and import again, or add them to the JSON file):",
    ),
    "col_left_out": ("未导入的内容和改法", "Not imported, and what to do"),
    "col_draft_text": ("稿件中的文字", "Text in the draft"),
    "draft_table": (
        "表格：简报中不排表格。请改写成段落，或把表格截图作为图片插入。",
        "A table: the bulletin has no tables. Write it as paragraphs, or insert a picture of it.",
    ),
    "draft_note": (
        "脚注或尾注：简报中不排注释。请把注释内容写进正文。",
        "A footnote or endnote: the bulletin has none. Put its text into the body.",
    ),
    "draft_change": (
        "未处理的修订：增删的文字都未导入。请在 Word 中“审阅 → 接受所有修订”（或拒绝）后重新导入。",
        "Tracked changes: neither inserted nor deleted text was imported. Accept (or "
        "reject) all changes in Word (Review → Accept all), then import again.",
    ),
    "draft_comment": (
        "批注：批注不会印出。请处理后删除批注。",
        "A comment: comments are not printed. Deal with it, then delete it.",
    ),
    "draft_textbox": (
        "文本框：其中的文字未导入。请把文字移到正文段落中。",
        "A text box: its text was not imported. Move the text into a paragraph.",
    ),
    "draft_shape": (
        "图表、形状或浮动图片：未导入。请把它另存为 JPEG 或 PNG 图片，再以“嵌入型”插入。",
        "A chart, shape or floating picture: not imported. Save it as a JPEG or PNG "
        "picture and insert that in line with the text.",
    ),
    "draft_control": (
        "内容控件（如封面、目录）：未导入。请把需要的文字复制为普通段落。",
        "A content control (e.g. a cover page or table of contents): not imported. "
        "Copy the text you need as plain paragraphs.",
    ),
    "draft_picture_format": (
        "图片格式无法使用（如 EMF、WMF）：未导入。请把图片另存为 JPEG 或 PNG 后重新插入。",
        "A picture in a format briefpdf cannot use (e.g. EMF, WMF): not imported. Save "
        "it as JPEG or PNG and insert it again.",
    ),
    "draft_no_caption": (
        "图片后面没有图片说明（题注样式，或以“图”开头的段落）。请在 JSON 文件中填写 caption。",
        "A photo without a caption after it (Caption style, or a paragraph starting "
        "with “Figure”). Write its caption in the JSON file.",
    ),
    "import_next_fix": (
        "改好以上问题后：\n  {program} build {path}",
        "Once the problems above are fixed:\n  {program} build {path}",
    ),
    "import_next_left_out": (
        "文件本身没有问题。处理好上表所列内容后，生成 PDF：\n  {program} build {path}",
        "The file itself has no problems. Once the parts listed above are seen to, make "
        "the PDF:\n  {program} build {path}",
    ),
    "import_next_build": (
        "没有问题。生成 PDF：\n  {program} build {path}",
        "No problems. To make the PDF:\n  {program} build {path}",
    ),
    # Profiles and archive copies
    "bad_size": (
        "无法识别的大小“{value}”。请写成 5MB、800KB 这样的形式。",
        "“{value}” is not a size. Write it like 5MB or 800KB.",
    ),
    "too_big": (
        "注意：PDF 有 {size}，超过邮件版的上限 {limit}，可能发不出去。请缩小或减少图片；"
        "确需发送时可用 --max-size 提高上限。",
        "Warning: the PDF is {size}, above the e-mail limit of {limit}, and may not get "
        "through. Use fewer or smaller photos, or raise the limit with --max-size.",
    ),
    "extract_not_pdf": (
        "{path} 不是可读的 PDF 文件（{reason}）。",
        "{path} is not a readable PDF ({reason}).",
    ),
    "extract_no_sources": (
        "{path} 中没有附带源文件。只有用 --for archive 生成的存档版才能取出源文件。",
        "{path} carries no source files. Only archive copies (built with --for archive) do.",
    ),
    "extract_unsafe_name": (
        "存档中的附件名“{name}”不是本文件夹内的普通路径，已拒绝；没有写入任何文件。",
        "The attachment name “{name}” is not a plain path inside the folder; it was "
        "refused and nothing was written.",
    ),
    "extract_exists": (
        "以下文件已存在；为免覆盖，没有写入任何文件。请换一个空文件夹：\n{paths}",
        "These files exist already; to keep them safe, nothing was written. Choose an "
        "empty folder:\n{paths}",
    ),
    "extracted": (
        "已取出 {count} 个文件到 {folder}。重新生成存档版：\n  {program} build {issue} --for archive",
        "Extracted {count} files into {folder}. To rebuild the archive copy:"
        "\n  {program} build {issue} --for archive",
    ),
    # The distribution list (`briefpdf mail --to`)
    "list_problems": (
        "{path} 中有 {count} 个问题，没有写出或寄出任何邮件：",
        "{path} has {count} problem(s); no message was written or sent:",
    ),
    "list_format": (
        "{path} 不是 .xlsx 或 .csv 文件。请在 Excel 或 WPS 中把名单“另存为” Excel 工作簿（.xlsx）"
        "或“CSV UTF-8（逗号分隔）”。",
        "{path} is not an .xlsx or .csv file. In Excel or WPS, use “Save as” Excel Workbook "
        "(.xlsx) or “CSV UTF-8 (Comma delimited)”.",
    ),
    "list_too_large": (
        "{path} 太大了，不像是分发名单。请检查文件名。",
        "{path} is too large to be a distribution list. Check the file name.",
    ),
    "list_not_utf8": (
        "名单不是 UTF-8 编码（第 {line} 行附近），中文会变成乱码。请在 Excel 中“另存为”"
        "“CSV UTF-8（逗号分隔）”，或存为 .xlsx。",
        "The list is not UTF-8 (near line {line}), so Chinese would be garbled. In Excel, "
        "use “Save as” CSV UTF-8 (Comma delimited), or save it as .xlsx.",
    ),
    "list_not_xlsx": (
        "{path} 无法作为 Excel 工作簿读取：它已损坏，或是旧的 .xls 等其他格式。请在 Excel 或 WPS 中"
        "“另存为” Excel 工作簿（.xlsx）。",
        "{path} cannot be read as an Excel workbook: it is damaged, or in another format "
        "such as the old .xls. In Excel or WPS, use “Save as” Excel Workbook (.xlsx).",
    ),
    "list_bad_csv": (
        "名单无法作为 CSV 读取：{reason}。请在 Excel 中重新“另存为” CSV UTF-8。",
        "The list cannot be read as CSV: {reason}. Save it again from Excel as CSV UTF-8.",
    ),
    "list_missing_column": (
        "缺少“{column}”列。名单的第一行是表头，这一列的表头可写作：{spellings}。",
        "The column “{column}” is missing. The list's first row holds the headers; this "
        "one may be written as: {spellings}.",
    ),
    "list_column_twice": (
        "这一列和 {first} 是同一项；请删去一列，或改掉它的表头。",
        "This column means the same as {first}; delete one of them, or rename its header.",
    ),
    "list_empty_cell": ("“{column}”不能为空。", "“{column}” cannot be empty."),
    "list_bad_address": (
        "这不是有效的电子邮件地址（{reason}）。请改正。",
        "This is not a valid e-mail address ({reason}). Correct it.",
    ),
    "list_several_addresses": (
        "一个单元格只能写一个地址。请把其他地址各写一行。",
        "One cell holds one address. Put each of the others on a row of its own.",
    ),
    "list_duplicate": (
        "这个地址在第 {first} 行已有；每人只寄一份，请删去重复的一行。",
        "This address is on row {first} already; each person gets one copy, so delete "
        "one of the two rows.",
    ),
    "list_bad_language": (
        "不认识的语言。请写 zh（中文版）或 en（英文版）。",
        "Unknown language. Write zh (the Chinese edition) or en (the English edition).",
    ),
    "list_empty": (
        "名单中没有收件人：表头（姓名、单位、邮箱、语言，可加称呼）下面每行一人。",
        "The list has no recipients: under the headers (name, organisation, e-mail, "
        "language, and optionally salutation) comes one person per row.",
    ),
    "list_no_edition": (
        "命令中没有{language}版的期刊文件。请加上{language}版，或把此人的语言改为已有的版本。",
        "No issue file of the {language} edition was given. Add the {language} edition, or "
        "change this person's language to an edition given.",
    ),
    "language_zh": ("中文", "Chinese"),
    "language_en": ("英文", "English"),
    # Mailing an issue (`briefpdf mail`)
    "mail_not_one_issue": (
        "{path} 和 {other} 不是同一期：一次只能寄同一期（同一年份和期号）的各语言版本。",
        "{path} and {other} are not the same issue: one mailing sends the editions of "
        "one issue (the same year and number).",
    ),
    "mail_same_language": (
        "{path} 和 {other} 都是{language}版：每种语言只能给一个文件。",
        "{path} and {other} are both the {language} edition: give one file per language.",
    ),
    "mail_too_big": (
        "{path} 有 {size}，超过邮件版的上限 {limit}，没有写出或寄出任何邮件。请缩小或减少图片，"
        "或用 --max-size 提高上限。",
        "{path} is {size}, above the e-mail limit of {limit}; no message was written or "
        "sent. Use fewer or smaller photos, or raise the limit with --max-size.",
    ),
    "mail_send_or_dry_run": (
        "--send 和 --dry-run 只能选一个。",
        "Choose one of --send and --dry-run.",
    ),
    "mail_no_server": (
        "要寄出，请用 --smtp 指定发信服务器，例如 --smtp smtp.example.org:587（或设置 BRIEFPDF_SMTP）。",
        "To send, name the mail server with --smtp, e.g. --smtp smtp.example.org:587 (or "
        "set BRIEFPDF_SMTP).",
    ),
    "mail_no_from": (
        "要寄出，请用 --from 指定发件地址，例如 --from bulletin@example.org（或设置 BRIEFPDF_FROM）。",
        "To send, give the sender's address with --from, e.g. --from bulletin@example.org "
        "(or set BRIEFPDF_FROM).",
    ),
    "mail_bad_server": (
        "无法识别的服务器“{value}”。请写成 smtp.example.org 或 smtp.example.org:587。",
        "“{value}” is not a server. Write it like smtp.example.org or smtp.example.org:587.",
    ),
    "mail_bad_from": (
        "发件地址“{value}”无效（{reason}）。请写成 bulletin@example.org 或 单位名称 <bulletin@example.org>。",
        "The sender “{value}” is not valid ({reason}). Write it like bulletin@example.org "
        "or Name <bulletin@example.org>.",
    ),
    "mail_password": ("{user} 在 {server} 的密码", "Password of {user} at {server}"),
    "mail_no_password": (
        "需要 {user} 的密码：请在终端中运行以便输入，或设置环境变量 BRIEFPDF_SMTP_PASSWORD。",
        "The password of {user} is needed: run this in a terminal to type it, or set "
        "the environment variable BRIEFPDF_SMTP_PASSWORD.",
    ),
    "mail_busy": (
        "另一个 briefpdf mail 正在寄这一期（{path} 已被占用）。请等它结束后再运行。",
        "Another briefpdf mail is sending this issue ({path} is in use). Wait until it "
        "ends, then run this again.",
    ),
    "mail_no_tls": (
        "{server} 不支持加密连接（STARTTLS），密码和邮件会以明文经过网络，所以没有寄出。"
        "请向管理员要加密的端口（通常为 587 或 465）。",
        "{server} offers no encrypted connection (STARTTLS): the password and the messages "
        "would cross the network in clear, so nothing was sent. Ask for the encrypted port "
        "(usually 587 or 465).",
    ),
    "mail_certificate": (
        "{server} 的证书无法验证（{reason}），可能不是真正的服务器，所以没有寄出。请检查服务器名称。",
        "The certificate of {server} cannot be verified ({reason}); it may not be the real "
        "server, so nothing was sent. Check the server's name.",
    ),
    "mail_auth_failed": (
        "{server} 不接受这个用户名或密码（{reply}）。请检查 --user 和密码。",
        "{server} does not accept this user name or password ({reply}). Check --user and "
        "the password.",
    ),
    "mail_no_auth": (
        "{server} 不提供登录。请检查服务器和端口，或去掉 --user。",
        "{server} offers no login. Check the server and port, or leave out --user.",
    ),
    "mail_auth_ascii": (
        "用户名和密码只能用英文字母、数字和符号（SMTP 登录的限制）。",
        "The user name and password may only hold ASCII letters, digits and signs (a "
        "limit of SMTP login).",
    ),
    "mail_server_error": (
        "{server} 回复了错误：{reply}",
        "{server} answered with an error: {reply}",
    ),
    "mail_timeout": (
        "{server} 长时间没有回应。请检查网络后再次运行同一命令。",
        "{server} stopped answering. Check the network, then run the same command again.",
    ),
    "mail_connection_refused": (
        "{server} 拒绝连接：服务器名称或端口不对，或服务器没有运行。",
        "{server} refused the connection: the server's name or port is wrong, or it is "
        "not running.",
    ),
    "mail_connection_lost": (
        "与 {server} 的连接中断了。再次运行同一命令即可继续。",
        "The connection to {server} was lost. Run the same command again to go on.",
    ),
    "mail_cannot_connect": (
        "无法连接 {server}：{reason}。请检查服务器名称和网络。",
        "Cannot connect to {server}: {reason}. Check the server's name and the network.",
    ),
    "mail_recipient_refused": (
        "服务器拒收这个地址：{reply}",
        "The server refused this address: {reply}",
    ),
    "mail_sender_refused": (
        "服务器不接受发件地址 {sender}：{reply}。请用该账户自己的地址作为 --from。",
        "The server does not accept the sender {sender}: {reply}. Use the account's own "
        "address as --from.",
    ),
    "mail_rejected": ("服务器拒收这封邮件：{reply}", "The server refused this message: {reply}"),
    "mail_not_tried": ("未寄出：{reason}", "Not sent: {reason}"),
    "mail_plan": (
        "名单共 {total} 人：这次寄给 {count} 人，此前已寄出 {before} 人。",
        "{total} on the list: {count} to send to now, {before} sent before.",
    ),
    "mail_resend_hint": (
        "此前已寄出的人不会再寄；要再寄一次，请加 --resend。",
        "Those sent before are not sent again; to send again, add --resend.",
    ),
    "mail_dry_run": (
        "这是预演（--dry-run）：没有写出或寄出任何邮件。",
        "A dry run: no message was written or sent.",
    ),
    "mail_drafts_written": (
        "已在 {folder} 写出 {count} 封邮件草稿（.eml）。用 Outlook 或 Thunderbird 打开，检查后即可发送；"
        "或加 --send 由 briefpdf 直接寄出。",
        "Wrote {count} draft message(s) (.eml) into {folder}. Open them in Outlook or "
        "Thunderbird to check and send them, or add --send to have briefpdf send them.",
    ),
    "mail_nothing_to_send": (
        "名单上的人都已寄过（见 {journal}）；要再寄一次，请加 --resend。",
        "Everyone on the list has been sent the issue (see {journal}); to send again, add "
        "--resend.",
    ),
    "mail_sent_summary": (
        "寄出 {sent} 封，此前已寄出 {before} 封，失败 {failed} 封。",
        "{sent} sent, {before} already sent before, {failed} failed.",
    ),
    "mail_failed_heading": (
        "以下 {count} 人没有寄出。改正后再次运行同一命令，只会寄给还没有寄出的人：",
        "These {count} were not sent. Once the cause is mended, run the same command again: "
        "it sends only to those not sent yet.",
    ),
    "mail_interrupted": (
        "已中断：这次寄出 {sent} 封，已记入 {journal}。再次运行同一命令，即可寄给其余 {left} 人。",
        "Interrupted: {sent} sent this time, recorded in {journal}. Run the same command "
        "again to send to the other {left}.",
    ),
    "mail_sending": ("寄送", "Sending"),
    "col_row": ("行", "Row"),
    "col_name": ("姓名", "Name"),
    "col_organisation": ("单位", "Organisation"),
    "col_address": ("邮箱", "E-mail"),
    "col_attachment": ("附件", "Attachment"),
    "col_status": ("状态", "Status"),
    "col_reason": ("原因", "Reason"),
    "status_to_send": ("待寄", "to send"),
    "status_draft": ("已写出草稿", "draft written"),
    "status_sent_before": ("已于 {when} 寄出", "sent {when}"),
    # The message itself, in the recipient's language
    "mail_subject": (
        "{title} {year}年第{number}期：{headline}",
        "{title} No. {number}, {year}: {headline}",
    ),
    "mail_salutation": ("尊敬的{name}：", "Dear {name},"),
    "mail_intro": (
        "您好！现寄上{organisation}《{title}》{year}年第{number}期（{date}），全文见附件。",
        "Please find attached {title} No. {number}, {year} ({date}) of the {organisation}.",
    ),
    "mail_contents": ("本期要目：", "In this issue:"),
    "mail_picture_alt": (
        "《{title}》{year}年第{number}期第 1 页",
        "Page 1 of {title} No. {number}, {year}",
    ),
    # Table headers and summaries
    # The two editions of one issue compared (warnings)
    "number_repeated": (
        "{paths} 都是 {year}年第{number}期。是否有一个文件的年份或期号忘了改？",
        "{paths} are all issue {number} of {year}. Was the year or number of one of them "
        "left unchanged?",
    ),
    "number_skipped": (
        "{year}年缺少第 {numbers} 期。若非有意，请检查各期的期号。",
        "Issue(s) {numbers} of {year} are missing. If that is not intended, check the "
        "issue numbers.",
    ),
    "editions_differ": (
        "{en} 与中文版 {zh} 有 {count} 处不一致。这只是提醒：检查和生成照常进行。",
        "{en} differs from the Chinese edition {zh} in {count} place(s). A warning only: "
        "the check and the build go on.",
    ),
    "edition_date": (
        "日期不同：中文版 {zh}，英文版 {en}。",
        "The dates differ: {zh} in the Chinese edition, {en} in the English.",
    ),
    "edition_articles": (
        "文章数不同：中文版 {zh} 篇，英文版 {en} 篇。",
        "The number of articles differs: {zh} in the Chinese edition, {en} in the English.",
    ),
    "edition_photo_zh_only": (
        "图片 {photo} 只在中文版中。是否漏掉了？",
        "The photo {photo} is only in the Chinese edition. Was it left out?",
    ),
    "edition_photo_en_only": (
        "图片 {photo} 只在英文版中。",
        "The photo {photo} is only in the English edition.",
    ),
    "edition_photo_order": (
        "图片的顺序与中文版不同。",
        "The photos come in another order than in the Chinese edition.",
    ),
    "edition_paragraphs": (
        "段落数不同：中文版 {zh} 段，英文版 {en} 段。是否漏译或多出一段？",
        "The number of paragraphs differs: {zh} in the Chinese edition, {en} in the English. "
        "Was a paragraph left out or split?",
    ),
    "edition_subheadings": (
        "小标题数不同：中文版 {zh} 个，英文版 {en} 个。",
        "The number of subheadings differs: {zh} in the Chinese edition, {en} in the English.",
    ),
    "edition_subtitle": ("只有{which}有副标题。", "Only {which} has a subtitle."),
    "edition_zh": ("中文版", "the Chinese edition"),
    "edition_en": ("英文版", "the English edition"),
    "edition_order": (
        "正文中段落、小标题和图片的顺序与中文版不同。",
        "The paragraphs, subheadings and photos of the body come in another order than in "
        "the Chinese edition.",
    ),
    "edition_organisations": (
        "联系单位数不同：中文版 {zh} 个，英文版 {en} 个。",
        "The number of contact organisations differs: {zh} in the Chinese edition, {en} in "
        "the English.",
    ),
    "edition_contact": (
        "联系方式不同：中文版 {zh}，英文版 {en}。",
        "The contact details differ: {zh} in the Chinese edition, {en} in the English.",
    ),
    # What the layout did (notes after a build)
    "layout_photo_moved": (
        "提示：第{article}篇文章的图片 {photo} 写在第{written}段之后，放在那里会在页面底部留下空白，"
        "所以排在了第{paragraph}段之后（第{page}页）。",
        "Note: the photo {photo} of article {article}, written after paragraph {written}, "
        "would have left a gap at the foot of a page there; it was set after paragraph "
        "{paragraph}, on page {page}.",
    ),
    "layout_short_page": (
        "提示：第{page}页的文字在版心底部以上 {lines} 行处就结束了。如需填满，可增删文字或移动图片。",
        "Note: the text of page {page} ends {lines} lines above the foot of the page. To fill "
        "it, add or cut text, or move a photo.",
    ),
    "col_where": ("位置", "Where"),
    "col_line": ("行:列", "Line:col"),
    "col_found": ("实际内容", "Found"),
    "col_fix": ("问题和改法", "Problem and fix"),
    "labelled": ("{label}：{value}", "{label}: {value}"),
    "col_line_zh": ("中文版 行:列", "Chinese: line:col"),
    "col_line_en": ("英文版 行:列", "English: line:col"),
    "col_difference": ("不一致之处", "What differs"),
    "n_problems": (
        "{path} 中有 {count} 个问题，未生成 PDF：",
        "{path} has {count} problem(s); no PDF was made:",
    ),
    "check_ok": ("{path} 没有问题，可以生成。", "{path} is fine and ready to build."),
    "check_next": ("生成 PDF：\n  {command}", "To make the PDF:\n  {command}"),
    "built": ("已生成 {path}（{pages} 页，{size}）。", "Built {path} ({pages} pages, {size})."),
    # The preview
    "preview_url": (
        "预览地址：{url}  （在浏览器中打开；按 Ctrl-C 停止）",
        "The preview is at {url}  (open it in a browser; press Ctrl-C to stop)",
    ),
    "preview_port_busy": (
        "端口 {port} 已被占用，改用端口 {other}。",
        "Port {port} is in use; using port {other} instead.",
    ),
    "preview_port_failed": (
        "无法在端口 {port} 上提供预览：{reason}。请用 --port 换一个端口，或用 --port 0 自动选择。",
        "Cannot serve the preview on port {port}: {reason}. Choose another with --port, "
        "or --port 0 to pick a free one.",
    ),
    "preview_updated": (
        "已更新：{pages} 页，用时 {seconds} 秒。",
        "Updated: {pages} page(s) in {seconds} s.",
    ),
    "preview_problems": (
        "{path} 中有 {count} 个问题。改正并保存后，预览会自动更新：",
        "{path} has {count} problem(s). Fix them and save; the preview updates by itself:",
    ),
    "preview_page_count": ("{pages} 页，{time} 更新", "{pages} page(s), updated {time}"),
    "preview_not_built": ("{time} 未能排版", "not typeset at {time}"),
    "preview_building": ("排版中…", "Typesetting…"),
    "preview_page": ("第 {number} 页", "Page {number}"),
    "preview_stopped": ("预览已停止。", "The preview has stopped."),
    "preview_wrong_host": (
        "这个预览只回答发给本机地址的请求。请在浏览器中打开 {url}。",
        "This preview answers only requests made to this computer's address. Open {url} in "
        "the browser.",
    ),
}


# Chinese names of the scripts and blocks a bulletin about the region may meet; any
# other is named as Unicode names it.
SCRIPTS_ZH = {
    "Arabic": "阿拉伯文",
    "Armenian": "亚美尼亚文",
    "Balinese": "巴厘文",
    "Bengali": "孟加拉文",
    "Buginese": "布吉文",
    "Cham": "占文",
    "Devanagari": "天城文",
    "Ethiopic": "埃塞俄比亚文",
    "Georgian": "格鲁吉亚文",
    "Gujarati": "古吉拉特文",
    "Gurmukhi": "古木基文",
    "Hangul": "韩文",
    "Hebrew": "希伯来文",
    "Javanese": "爪哇文",
    "Kannada": "卡纳达文",
    "Kayah Li": "克耶文",
    "Lisu": "傈僳文",
    "Malayalam": "马拉雅拉姆文",
    "Mongolian": "蒙古文",
    "New Tai Lue": "新傣仂文",
    "Oriya": "奥里亚文",
    "Sinhala": "僧伽罗文",
    "Syriac": "叙利亚文",
    "Tai Le": "德宏傣文",
    "Tai Tham": "老傣文",
    "Tai Viet": "傣越文",
    "Tamil": "泰米尔文",
    "Telugu": "泰卢固文",
    "Thaana": "它拿文",
    "Tibetan": "藏文",
    "Yi": "彝文",
    "Emoticons": "表情符号",
    "Miscellaneous Symbols and Pictographs": "表情符号",
    "Supplemental Symbols and Pictographs": "表情符号",
    "Symbols and Pictographs Extended-A": "表情符号",
    "Transport and Map Symbols": "表情符号",
    "Dingbats": "装饰符号",
    "Miscellaneous Symbols": "杂项符号",
    "Variation Selectors": "变体选择符",
    "Private Use Area": "私用区",
}


def current_language(explicit: str | None = None) -> Lang:
    """The language of messages: the explicit choice, BRIEFPDF_LANG, the locale, else Chinese."""
    choice = explicit or os.environ.get("BRIEFPDF_LANG") or ""
    if not choice:
        choice = (locale.getlocale(locale.LC_MESSAGES)[0] or os.environ.get("LANG", "")).lower()
        return "en" if choice.startswith("en") else "zh"
    return "en" if choice.lower().startswith("en") else "zh"


@dataclass(frozen=True)
class Message:
    """A message not yet put into words: its code and the values to fill in.

    Values may themselves be Messages (a hint inside a problem) or ScriptNames, said in
    the same language.
    """

    code: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, lang: Lang) -> str:
        zh, en = CATALOGUE[self.code]
        values = {k: _filled(v, lang) for k, v in self.values.items()}
        return (zh if lang == "zh" else en).format(**values)


def _filled(value: object, lang: Lang) -> object:
    if isinstance(value, Message | ScriptName):
        return value.text(lang)
    return value if isinstance(value, int | float) else shown(str(value))


@dataclass(frozen=True)
class ScriptName:
    """A script's (or, for symbols, a Unicode block's) Unicode name, a value of a message:
    said in Chinese when SCRIPTS_ZH knows it."""

    name: str

    def text(self, lang: Lang) -> str:
        return SCRIPTS_ZH.get(self.name, self.name) if lang == "zh" else self.name


# Characters shown by their code point wherever briefpdf echoes a user's text: controls
# (Cc: NUL, ESC and the terminal's escape sequences, line breaks), format characters (Cf:
# the bidi overrides, embeddings, isolates and marks that reorder a line, zero-width and
# other invisible characters), line and paragraph separators (Zl, Zp), and lone
# surrogates (Cs, as in an undecodable file name).
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}
# Except ZWNJ and ZWJ inside a word of a script that spells with them (Persian, Indic,
# Khmer, Sinhala...): there they are part of the word, and move nothing.
_JOINERS = {"\u200c", "\u200d"}


def shown(text: str) -> str:
    """`text` as a terminal or a page can show it faithfully: each character that would be
    invisible or reorder, break or hide what surrounds it is written as `<U+202E>`.

    Letters of every script, combining marks (Thai, Khmer, Devanagari...) and blanks stay.
    """
    return "".join(
        f"<U+{ord(char):04X}>"
        if unicodedata.category(char) in _HIDDEN and not _joins_a_word(text, i)
        else char
        for i, char in enumerate(text)
    )


def _joins_a_word(text: str, i: int) -> bool:
    """A ZWNJ or ZWJ between two letters or marks of a narrow script: not in Chinese or
    Japanese (wide), which have no use for them."""
    return (
        text[i] in _JOINERS
        and 0 < i < len(text) - 1
        and all(
            unicodedata.category(c)[0] in "LM" and unicodedata.east_asian_width(c) not in "WF"
            for c in (text[i - 1], text[i + 1])
        )
    )


class MessageError(Exception):
    """A failure a user can cause or meet, with the `message` that tells them about it."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.code)
        self.message = message


def say(code: str, lang: Lang, **values: object) -> str:
    """The message `code` in `lang`, filled with `values`."""
    return Message(code, values).text(lang)


def human_size(size: int) -> str:
    """A byte count as people read it: 850 B, 300 KB, 1.8 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def write_error_log() -> Path:
    """The traceback of the error being handled, in a file to send to the maintainers."""
    log = Path(tempfile.gettempdir()) / "briefpdf-error.log"
    # Line by line: the traceback may quote a user's text, which must not scramble it either.
    lines = traceback.format_exc().split("\n")
    log.write_text("\n".join(map(shown, lines)), encoding="utf-8")
    return log
