"""Drive the quiz page like a reader: answer each question shown, by mouse or keyboard."""

from __future__ import annotations

from plangen.engine.model import Content, Question


# The plan's heading once the whole plan is on the page: the page draws the top and this week
# first and the rest a frame later (planview.js, `data-drawn`), so a test that reads the plan waits for this.
PLAN_DRAWN = '.plangen-plan[data-drawn="all"] #plangen-plan'


def wait_for_plan(page, timeout: float | None = None) -> None:
    """Wait until the plan is on the page, every part of it drawn."""
    page.locator(PLAN_DRAWN).wait_for(timeout=timeout)


def _label(question: Question, option_id: str) -> str:
    return question.option(option_id).label


class QuizDriver:
    def __init__(self, page, content: Content):
        self.page = page
        self.content = content

    def current_question(self) -> Question:
        heading = self.page.locator("#plangen-question")
        heading.wait_for()
        text = heading.inner_text().rsplit(" (", 1)[0]
        return next(q for q in self.content.questions if q.text == text)

    def answer(self, question: Question, value: object) -> None:
        page = self.page
        if question.type == "single":
            page.get_by_label(_label(question, value), exact=True).check()
        elif question.type == "multi":
            for option in question.options:
                box = page.get_by_label(option.label, exact=True)
                box.set_checked(option.id in value)
        elif question.type == "scale" and question.max - question.min <= 10:
            page.locator(f'input[name="q-{question.id}"][value="{value}"]').check()
        elif question.type == "scale":
            page.locator(f'input[name="q-{question.id}"]').fill(str(value))
        else:
            page.locator(f'input[name="q-{question.id}"]').fill(str(value))

    def submit(self) -> None:
        self.page.locator("form.plangen-form button[type=submit]").click()

    def take(self, answers: dict[str, object]) -> list[str]:
        """Answer every question the page shows; returns the ids seen, in order."""
        seen = []
        while True:
            if self.page.locator("#plangen-plan").count():
                wait_for_plan(self.page)
                return seen
            question = self.current_question()
            seen.append(question.id)
            if question.id in answers:
                self.answer(question, answers[question.id])
            self.submit()
            self._wait_for_change(question.id)

    def _wait_for_change(self, question_id: str) -> None:
        """Wait until the page moved past ``question_id``; fail on an error shown instead.

        One atomic look at the page per poll (the question, its error and the
        plan are swapped out together, so reading them one call at a time can
        race), through ``evaluate``, which a strict CSP allows.
        """
        text = self.content.question(question_id).text
        for _ in range(1200):
            outcome = self.page.evaluate(LOOK_JS, text)
            if outcome in ("plan", "moved"):
                return
            if outcome and outcome.startswith("error: "):
                raise AssertionError(outcome[len("error: "):])
            self.page.wait_for_timeout(50)
        raise AssertionError(f"the quiz did not move on from {question_id}")


LOOK_JS = """(text) => {
    if (document.querySelector("#plangen-plan")) return "plan";
    const error = document.querySelector("#plangen-error");
    if (error && error.textContent) return "error: " + error.textContent;
    const status = document.querySelector(".plangen-status");
    if (status && status.querySelector("button")) return "error: " + status.textContent;
    const heading = document.querySelector("#plangen-question");
    return heading && !heading.textContent.startsWith(text) ? "moved" : null;
}"""


class KeyboardQuizDriver(QuizDriver):
    """The same reader with no mouse: Tab, Space, arrow keys and Enter only."""

    def answer(self, question: Question, value: object) -> None:
        keys = self.page.keyboard
        keys.press("Tab")  # from the question heading (focused on arrival) to the first control
        if question.type == "single" or (question.type == "scale" and question.max - question.min <= 10):
            ids = [o.id for o in question.options] if question.type == "single" else list(
                range(question.min, question.max + 1))
            keys.press("Space")
            for _ in range(ids.index(value)):
                keys.press("ArrowDown")
        elif question.type == "multi":
            for index, option in enumerate(question.options):
                if index:
                    keys.press("Tab")
                if option.id in value:
                    keys.press("Space")
        else:
            keys.type(str(value))

    def submit(self) -> None:
        # After an answer, focus is in a control and Enter submits the form;
        # a question left unanswered keeps focus on its heading, so Tab on to
        # the Next button, as a keyboard reader would.
        for _ in range(40):
            if self.page.evaluate(_FOCUS_IN_FORM_JS):
                break
            self.page.keyboard.press("Tab")
        self.page.keyboard.press("Enter")


_FOCUS_IN_FORM_JS = """() => {
    const active = document.activeElement;
    return Boolean(active && active.closest("form.plangen-form") && active.matches("input, button[type=submit]"));
}"""


def download(page, button: str, folder):
    """Click a download button and save the file into ``folder``; returns its path."""
    with page.expect_download() as caught:
        page.get_by_role("button", name=button).click()
    path = folder / caught.value.suggested_filename
    caught.value.save_as(path)
    return path
