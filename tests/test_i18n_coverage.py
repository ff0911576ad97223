"""No sentence a manager reads is left out of the message catalogs.

A pragmatic scan of the code that talks to managers (the app, the terminal, reports, calendars,
the workbook, explanations): every string literal that reads like words — two words or more
anywhere, or any word handed to a widget, table, console or error — must sit inside ``_()``,
``N_()`` or ``ngettext()`` (which puts it in the catalogs, where tests/test_i18n.py checks it is
translated). Docstrings are skipped; the few technical strings that happen to contain words
(CSS, a bilingual label) are listed in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: the modules whose strings reach a manager
SCANNED = sorted({
    *ROOT.glob("ui/*.py"), *ROOT.glob("ui/pages/*.py"),
    *(ROOT / "scheduler" / name for name in (
        "cli.py", "cli_views.py", "cli_checks.py", "units.py", "formats.py", "report.py",
        "validator.py", "fixes.py", "errors.py", "timegrid.py", "roster_diff.py")),
    *(ROOT / "scheduler" / "calendar" / name for name in (
        "content.py", "ics.py", "publish.py", "commands.py")),
    *(ROOT / "scheduler" / "spreadsheet" / name for name in (
        "texts.py", "commands.py", "writer.py", "sheets.py", "reader.py", "celltext.py")),
    *(ROOT / "scheduler" / "staffing" / name for name in ("commands.py",)),
    *(ROOT / "solver" / name for name in ("advice.py", "explain.py")),
} - {ROOT / "ui" / "__init__.py", ROOT / "ui" / "pages" / "__init__.py"})
WRAPPERS = {"_", "N_", "ngettext"}
#: functions and methods whose string arguments are shown as they are
SINKS = {
    "title", "header", "subheader", "caption", "markdown", "write", "info", "success",
    "warning", "error", "button", "download_button", "form_submit_button", "selectbox",
    "multiselect", "radio", "select_slider", "slider", "number_input", "text_input",
    "text_area", "date_input", "time_input", "checkbox", "toggle", "metric", "expander",
    "tabs", "file_uploader", "progress", "status", "Page", "set_page_config", "Table",
    "add_column", "add_row", "print", "notify", "Card", "InputError", "RosterError",
    "UnpublishableRosterError", "Conflict", "Violation", "echo", "add_task", "update",
    "TextColumn", "add_annotation", "Scatter", "Bar", "Heatmap", "update_layout",
    "update_xaxes", "CellTextError",
}
#: keyword arguments that are shown (positional arguments of sinks always are)
SHOWN_KEYWORDS = {"label", "help", "placeholder", "text", "title", "caption", "name",
                  "page_title", "description", "hovertemplate", "detail", "message"}
#: arguments that are identifiers, styles or patterns, never shown as words
TECHNICAL_KEYWORDS = {"rule", "key", "style", "mime", "file_name", "metavar", "type", "icon",
                      "format", "selection_mode", "label_visibility", "url_path", "prefix"}
#: calls whose positional arguments are technical (keys, styles, option names, CSS, patterns)
TECHNICAL_CALLS = {
    "_styled", "_labelled", "guard", "breach", "command", "Option", "Argument", "get", "setdefault", "pop",
    "html", "compile", "Path", "removeprefix", "removesuffix", "startswith", "endswith",
    "split", "replace", "strip", "partition", "Field", "_words", "format_datetime",
}
MARKUP = re.compile(r"\[/?[\w .#]*\]|<[^>]*>")  # rich markup tags, HTML/Plotly tags
TOKENS = re.compile(r"\S*[./\\@]\S*|--?\w[\w-]*|\{[^{}]*\}|`[^`]*`")  # files, options, code
WORD = re.compile(r"[^\W\d_]{2,}")
TWO_WORDS = re.compile(r"[^\W\d_]{2,}[,;:!?()'\"]*\s+\W*[^\W\d_]{2,}")
#: (file, text) of strings with words that are not for translation, and why
ALLOWED = {
    ("ui/widgets.py", "语言 / Language"): "the language picker reads in both languages",
    ("scheduler/formats.py", "EEE dd MMM"): "CLDR date pattern",
    ("scheduler/formats.py", "EEE dd MMM yyyy"): "CLDR date pattern",
    ("scheduler/spreadsheet/writer.py", "ddd yyyy-mm-dd"): "Excel number format",
    ("scheduler/spreadsheet/celltext.py", "on call"): "a word the reader accepts",
    ("solver/explain.py", "pinned shift"): "a rule id (shown through rule_name)",
    ("solver/explain.py", "frozen shift"): "a rule id (shown through rule_name)",
    ("scheduler/cli.py", "{task.description}"): "rich progress column template",
    ("ui/table_edit.py", "not settable in bulk: {}"): "a programming error, not for managers",
    ("ui/working_copy.py", "not a working-copy token: {}"): "a programming error (tokens are "
                                                           "checked before)",
}


def _text(node: ast.AST) -> str | None:
    """The literal text of a string constant or f-string ({} for each placeholder)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _words(text: str) -> str:
    """What a reader would read: markup, file names, options and placeholders removed."""
    return TOKENS.sub(" ", MARKUP.sub(" ", text))


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _text(body[0].value) is not None:
                found.add(id(body[0].value))
    return found


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _technical(tree: ast.Module) -> set[int]:
    """Strings used as identifiers: compared, dict keys, indexes, technical arguments."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            found.update(id(n) for n in (node.left, *node.comparators))
        elif isinstance(node, ast.Dict):
            found.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Subscript):
            found.add(id(node.slice))
        elif isinstance(node, ast.keyword) and node.arg in TECHNICAL_KEYWORDS:
            found.update(id(n) for n in ast.walk(node.value))
        elif isinstance(node, ast.Call) and _name(node.func) in TECHNICAL_CALLS:
            for argument in (*node.args, *(k.value for k in node.keywords)):
                found.update(id(n) for n in ast.walk(argument))
    return found


def _shown_parts(node: ast.expr) -> list[ast.expr]:
    """Strings an argument shows directly: through conditionals, sums and lists, not calls."""
    if _text(node) is not None:
        return [node]
    if isinstance(node, ast.IfExp):
        return _shown_parts(node.body) + _shown_parts(node.orelse)
    if isinstance(node, ast.BinOp):
        return _shown_parts(node.left) + _shown_parts(node.right)
    if isinstance(node, ast.List | ast.Tuple):
        return [part for item in node.elts for part in _shown_parts(item)]
    return []


def unwrapped(path: Path) -> list[str]:
    """'file:line: text' of every string that reads like words and is not in the catalogs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _technical(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in WRAPPERS:
            skip.update(id(inner) for inner in ast.walk(node))
    relative = path.relative_to(ROOT).as_posix()
    found: dict[int, str] = {}

    def flag(node: ast.AST, text: str) -> None:
        if id(node) not in skip and (relative, text) not in ALLOWED:
            found[id(node)] = f"{relative}:{node.lineno}: {text!r}"

    pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        text = _text(node)
        if text is not None and id(node) not in pieces and TWO_WORDS.search(_words(text)):
            flag(node, text)  # a piece of an f-string is judged with the whole f-string
        if isinstance(node, ast.Call) and _name(node.func) in SINKS:
            arguments = list(node.args) + [k.value for k in node.keywords
                                           if k.arg in SHOWN_KEYWORDS]
            for argument in arguments:
                for part in _shown_parts(argument):
                    shown = _text(part) or ""
                    if WORD.search(_words(shown)):
                        flag(part, shown)
    return sorted(found.values())


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_user_facing_string_outside_the_catalogs(path: Path) -> None:
    found = unwrapped(path)
    assert not found, "wrap these in _() (or N_() and _() where shown):\n" + "\n".join(found)


def test_the_scan_catches_an_unwrapped_label_and_sentence(tmp_path: Path) -> None:
    """The check itself: a bare button label and a bare sentence are found, wrapped ones not."""
    module = ROOT / "ui" / "_scan_probe_test.py"
    module.write_text(
        "import streamlit as st\n"
        "from scheduler.i18n import _\n"
        "st.button('Solve')\n"
        "st.button(_('Solve'))\n"
        "message = f'{3} shifts were moved'\n"
        "done = _('{count} shifts were moved').format(count=3)\n"
        "key = 'solve_start'\n", encoding="utf-8")
    try:
        found = unwrapped(module)
    finally:
        module.unlink()
    assert [line.split(": ", 1)[1] for line in found] == ["'Solve'", "'{} shifts were moved'"]


def test_no_function_hides_the_translation_function() -> None:
    """``_`` used as a throwaway name in a function that also translates would make every
    ``_()`` there fail (UnboundLocalError) in only that language path."""
    for folder in ("scheduler", "solver", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for func in ast.walk(tree):
                if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                    own = list(_own_nodes(func))
                    assigns = any(isinstance(n, ast.Name) and n.id == "_"
                                  and isinstance(n.ctx, ast.Store) for n in own)
                    calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                                and n.func.id == "_" for n in own)
                    assert not (assigns and calls), f"{path}:{func.lineno} {func.name}"


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
           ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _own_nodes(func: ast.AST):  # noqa: ANN202 - Iterator[ast.AST]
    """The nodes of a function's own scope (not of functions or comprehensions inside it)."""
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
