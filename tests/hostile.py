"""Hostile strings a reader might type, import or receive in a link, and what
each must turn into on its way through the planner.

The expected forms mirror the documented transformations rather than calling
into plangen, so a change in plangen's cleaning shows up as a failing test:

* control characters (NUL among them) are dropped, tabs and line breaks
  become spaces, surrounding space is trimmed (`plangen.engine.answers.clean_text`);
* unpaired surrogates become U+FFFD;
* whitespace runs collapse to one space in Markdown, where the words are
  backslash-escaped inside U+2068 ... U+2069 isolates;
* typed text is cut by the input's ``maxlength`` (60) and a single-line input
  turns each typed line break into a space; imported text longer than 60
  characters is refused with a sentence.

It also holds what the browser tests share: a steadier quiz driver and a
check for anything in the page that could run script or fetch elsewhere.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

from plangen.engine.tokens import needs_isolation
from quizdriver import QuizDriver

MAX_LENGTH = 60  # max_length of the two text questions, `role` and `background`

LONG_AT_LIMIT = "<b>" + "x" * 53 + "</b>"  # exactly 60 characters: kept whole
LONG_OVER_LIMIT = "<script>" + "y" * 44 + "</script>"  # 61 characters
LONG_HUGE = "<img src=x onerror=alert(1)>{{ 7*7 }}" * 150  # thousands of characters

CORPUS: dict[str, str] = {
    # HTML and script injection
    "script-element": "<script>window.__pwned=1</script>",
    "img-onerror": '<img src=x onerror="window.__pwned=1">',
    "svg-onload": "<svg onload=alert(1)><circle r=9></svg>",
    "attribute-breakout": '"><script>alert(document.domain)</script>',
    "single-quote-breakout": "' onmouseover='window.__pwned=1' autofocus x='",
    "bdi-breakout-iframe": "</bdi></dd><iframe srcdoc='<script>parent.alert(1)'>",
    "html-javascript-link": '<a href="javascript:alert(1)">click</a>',
    "style-element": "<style>*{display:none!important}</style>",
    "html-entities": "&lt;script&gt; &amp; &#x3C;b&#x3E; &#106;s &quot;",
    # links and images in Markdown syntax
    "markdown-javascript-link": "[click me](javascript:window.__pwned=1)",
    "markdown-data-image": "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "markdown-data-link": "[open](data:text/html,<script>alert(1)</script>)",
    "markdown-remote-image": "![t](http://evil.example/track.png)",
    "markdown-reference-link": "[x][1]\n\n[1]: javascript:alert(1)",
    "markdown-autolinks": "<javascript:alert(1)> <http://evil.example/>",
    "markdown-structure": "# H1 *em* **b** `code` | a | b |\n---\n> q",
    "backslashes": "\\*not em\\* \\[x\\] \\\\ end\\",
    # template syntax (Jinja2 and others)
    "jinja-expression": "{{ 7*7 }}",
    "jinja-statement": "{% for x in range(3) %}loop{% endfor %}",
    "jinja-sandbox-escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "jinja-self-reference": "{{ answers.role }}{{ config }}{# c #}{% raw %}",
    "other-template-syntax": "${7*7} #{7*7} <%= 7*7 %> {0} {value} %s",
    "private-use-token": "\ue0000\ue001 and \ue00199\ue000",
    # characters with no visible form, or that move other text around
    "control-characters": "tab\there\nnew\rline\x0bvt\x1b[31mesc\x07bel\x7fdel\x85nel",
    "nul": "nul\x00byte\x00",
    "bidi-overrides": "\u202eevil\u202c \u202dltr\u202c \u2067rli\u2069 \u200fRLM\u200e",
    "isolate-breakout": "\u2069\u202e</bdi>\u2069[x](javascript:alert(1))\u2068",
    "zero-width": "zero\u200bwidth\u200c\u200d\u2060joiner\ufeffbom",
    "unpaired-surrogates": "lone \ud800 high and \udfff low",
    "surrogate-pair-and-emoji": "emoji \ud83d\ude00 \U0001F469\u200d\U0001F4BB",
    "unicode-spaces": "line\u2028sep\u2029para\xa0nbsp\u3000ideo  two",
    "ics-injection": "x\nEND:VCALENDAR\nBEGIN:VEVENT;a,b\\c:d",
    # length
    "long-at-limit": LONG_AT_LIMIT,
    "long-over-limit": LONG_OVER_LIMIT,
    "long-huge": LONG_HUGE,
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate that is not half of a pair."""
    return _fix_surrogates(text) != text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


def _fix_surrogates(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if "\ud800" <= char <= "\udbff" and "\udc00" <= following <= "\udfff":
            out.append(chr(0x10000 + ((ord(char) - 0xD800) << 10) + (ord(following) - 0xDC00)))
            index += 2
            continue
        out.append("\ufffd" if "\ud800" <= char <= "\udfff" else char)
        index += 1
    return "".join(out)


def utf16_prefix(text: str, units: int) -> str:
    """The first ``units`` UTF-16 code units of ``text`` (what ``maxlength`` keeps)."""
    out, used = [], 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > units:
            break
        out.append(char)
        used += size
    return "".join(out)


def typed_form(text: str) -> str:
    """What a single-line text input holds after ``text`` is typed into it."""
    text = _fix_surrogates(text)  # typing cannot carry a lone surrogate
    text = text.replace("\r", " ").replace("\n", " ")
    return utf16_prefix(text, MAX_LENGTH)


def expected_text(text: str, *, typed: bool = False) -> str:
    """The reader text the plan must show for ``text`` (mirrors `clean_text`)."""
    if typed:
        text = typed_form(text)
    text = _fix_surrogates(text)
    return _expected_bidi(_without_controls(text))


def _without_controls(text: str) -> str:
    return _CONTROL.sub("", text.replace("\t", " ").replace("\n", " ")).strip()


_PDI, _PDF = "\u2069", "\u202c"
_OPENS = {**dict.fromkeys("\u2066\u2067\u2068", _PDI), **dict.fromkeys("\u202a\u202b\u202d\u202e", _PDF)}


def _expected_bidi(text: str) -> str:
    """Direction controls as the plan must show them: a closer with nothing open
    disappears, and whatever is still open at the end is closed, innermost first."""
    kept: list[str] = []
    pending: list[str] = []  # closers owed, innermost last
    for char in text:
        if char in (_PDI, _PDF) and char not in pending:
            continue
        if char in (_PDI, _PDF):
            del pending[len(pending) - 1 - pending[::-1].index(char):]
        elif char in _OPENS:
            pending.append(_OPENS[char])
        kept.append(char)
    return "".join(kept) + "".join(reversed(pending))


#: Strings the import channels refuse: too long once cleaned.
# (Length is counted before direction controls are balanced, as the engine does.)
TOO_LONG = {name for name, text in CORPUS.items()
            if len(_without_controls(_fix_surrogates(text))) > MAX_LENGTH}


_ESCAPE = re.compile(r"\\(.)", re.S)


def unescape_markdown(text: str) -> str:
    """Read backslash escapes: ``\\*`` -> ``*``."""
    return _ESCAPE.sub(r"\1", text)


# Every character that could start Markdown syntax (a link, an image, an
# autolink, raw HTML, emphasis, code, a table cell, a strikethrough) in any
# common dialect wherever it stands in a line. `(`, `)` and `!` only act next
# to a `[` or `]`, which count here.
MARKDOWN_ACTIVE = set("\\`*_{}[]<>|~")
# An `&` acts when it starts an entity; these act only at the start of a line.
_ENTITY = re.compile(r"&#?[0-9A-Za-z]+;")
_LINE_START = re.compile(r"[#>+=-]|\d+[.)]")


def unescaped_markdown_specials(escaped: str) -> list[str]:
    """Characters in ``escaped`` (reader words put inside a line) that could still act as Markdown syntax."""
    escaped = escaped.strip("\u2068\u2069")
    found, index = [], 0
    start = _LINE_START.match(escaped)
    if start:
        found.append(start.group(0))
    while index < len(escaped):
        char = escaped[index]
        if char == "\\" and index + 1 < len(escaped):
            index += 2
            continue
        if char in MARKDOWN_ACTIVE or char == "&" and _ENTITY.match(escaped, index):
            found.append(char)
        index += 1
    return found


def closes_isolate_early(escaped: str) -> bool:
    """Whether reader text holds a U+2069 that would close the isolate wrapped around it.

    Only an isolate closed too early lets a direction override inside the
    words reorder the text after them; overrides still open at the wrapper's
    own U+2069 end there.
    """
    depth = 0
    for char in escaped:
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == "\u2069":
            if depth == 0:
                return True
            depth -= 1
    return False


def isolated_as_needed(escaped: str) -> bool:
    """Whether escaped reader words are wrapped in isolates exactly when they need it:
    when they hold a direction control or right-to-left letters."""
    wrapped = escaped.startswith("\u2068") and escaped.endswith("\u2069")
    inner = escaped[1:-1] if wrapped else escaped
    return wrapped == needs_isolation(inner) and not (wrapped and closes_isolate_early(inner))


def summary_markdown_value(markdown: str, label: str) -> str:
    """The escaped value of ``- **label:** ...`` in the Markdown summary, isolates included."""
    prefix = f"- **{label}:** "
    line = next(line for line in markdown.split("\n") if line.startswith(prefix))
    value = line[len(prefix):]
    assert isolated_as_needed(value), f"reader text is not isolated as it needs: {value!r}"
    return value


class HtmlFacts(HTMLParser):
    """Elements, attributes and the text of chosen elements in an HTML document."""

    def __init__(self, collect: tuple[str, ...] = ("dd", "bdi")):
        super().__init__(convert_charrefs=True)
        self.collect = collect
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: dict[str, list[str]] = {tag: [] for tag in collect}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in self.collect:
            self._open.append(tag)
            self.texts[tag].append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        for tag in set(self._open):
            self.texts[tag][-1] += data

    @classmethod
    def of(cls, document: str, collect: tuple[str, ...] = ("dd", "bdi")) -> "HtmlFacts":
        facts = cls(collect)
        facts.feed(document)
        facts.close()
        return facts

    def dangers(self, origin: str) -> list[str]:
        """Anything in the document that could run script or fetch from somewhere else."""
        risky = {"script", "iframe", "object", "embed", "img", "image", "link", "base", "form", "frame",
                 "video", "audio", "source", "input", "button", "textarea"}
        found = []
        for tag, attrs in self.tags:
            if tag in risky:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on") or name in {"srcdoc", "style", "formaction"}:
                    found.append(f"{tag} {name}=")
                if name in {"href", "src", "xlink:href", "action"} and value is not None:
                    target = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
                    if not target.startswith((origin, "#")):
                        found.append(f"{tag} {name}={value}")
        return found

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


def bdi_texts(document: str) -> list[str]:
    """The reader texts (``<bdi class="reader-text">``) in an HTML fragment, unescaped."""
    return [html.unescape(match) for match in re.findall(r'<bdi class="reader-text">(.*?)</bdi>', document, re.S)]


def ascii_json(value: object) -> str:
    """JSON text that carries lone surrogates as ``\\ud800`` escapes (valid UTF-8 once written)."""
    return json.dumps(value, ensure_ascii=True)


class SteadyQuizDriver(QuizDriver):
    """`QuizDriver` that types text answers; a lone surrogate, which no keyboard
    sends, arrives as a script-set value."""

    def answer(self, question, value):
        if question.type == "text" and has_lone_surrogate(str(value)):
            self.page.evaluate(
                """([name, text]) => {
                    const input = document.querySelector(`[name="${name}"]`);
                    input.value = JSON.parse(text);
                    input.dispatchEvent(new Event("input", {bubbles: true}));
                }""",
                [f"q-{question.id}", ascii_json(value)],
            )
        else:
            super().answer(question, value)


# Anything inside the quiz or plan that could run script or fetch from another origin.
PAGE_DANGERS_JS = """(origin) => {
    const found = [];
    const risky = ["script", "iframe", "img", "image", "style", "object", "embed", "link", "base",
                   "frame", "video", "audio", "source", "foreignobject"];
    for (const element of document.querySelectorAll("#plangen *, #plangen-myplan *")) {
        const tag = element.localName.toLowerCase();
        if (risky.includes(tag)) found.push(`<${tag}>`);
        for (const attribute of element.attributes) {
            if (attribute.name.startsWith("on") || ["srcdoc", "style"].includes(attribute.name)) found.push(`${tag} ${attribute.name}`);
        }
        for (const name of ["href", "src", "xlink:href", "action"]) {
            const value = element.getAttribute(name);
            if (value !== null && !new URL(value, location.href).href.startsWith(origin)) found.push(`${tag} ${name}=${value}`);
        }
    }
    return found;
}"""


class PageWatch:
    """Everything a page does that a test may need to judge: requests that leave
    the origin, dialogs (dismissed), console errors, uncaught errors."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.off_origin: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        context.on("request", self._on_request)
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page) -> None:
        page.on("dialog", self._on_dialog)
        page.on("console", lambda message: self.console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_request(self, request) -> None:
        if not request.url.startswith((self.origin, "blob:", "data:")):
            self.off_origin.append(request.url)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_stayed_home(self) -> None:
        assert self.off_origin == [], f"requests left the origin: {self.off_origin}"

    def assert_no_dialogs(self) -> None:
        assert self.dialogs == [], f"script ran and opened dialogs: {self.dialogs}"
