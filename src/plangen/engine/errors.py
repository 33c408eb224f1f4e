"""One exception tree for everything plangen reports to people."""

from __future__ import annotations


class PlangenError(Exception):
    """Base of every error plangen raises on purpose."""


class ContentError(PlangenError):
    """A mistake in the site's content (quiz YAML, guide Markdown, templates).

    Renders as ``path:line: message`` followed by an optional hint, so editors
    and terminals can jump to the place.
    """

    def __init__(self, message: str, path: str, line: int | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ContentErrors(PlangenError):
    """Several content errors found in one pass, reported together."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0, e.message))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class AnswerError(PlangenError):
    """A reader's answers do not fit the questions; the message is a sentence for people."""

    def __init__(self, message: str, question: str | None = None):
        self.message = message
        self.question = question
        super().__init__(message)
