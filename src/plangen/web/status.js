// The page's one status line: what is happening, what went wrong, and a
// Retry that restarts the engine. Announced politely; never holds answers.
import { h } from "./dom.js";

export class StatusLine {
  /** @param {import("./planner.js").Planner | null} planner  the engine Retry restarts, if any */
  constructor(planner = null) {
    this.planner = planner;
    /** What a Retry after a failed start carries on with (the page's start-up), when set. */
    this.afterLoad = null;
    this.element = h("div", { class: "plangen-status", role: "status", "aria-live": "polite" });
  }

  /** Show `text` (and any elements after it); an empty text clears the line. */
  say(text, ...extra) {
    this.element.replaceChildren(...(text ? [h("p", {}, text, ...extra)] : []));
  }

  /** Move the focus to the line's first button: a choice the reader must make before going on. */
  focusChoice() {
    this.element.querySelector("button")?.focus();
  }

  /** Say `problem` when there is one (a failed save, say); keep the line as it is otherwise. */
  report(problem) {
    if (problem) this.say(problem);
  }

  /**
   * Say what went wrong, with a Retry that throws the worker away and starts
   * a fresh one (so a fault that has passed is really gone), then carries on
   * with `resume`. Answers are never touched.
   */
  fault(message, resume, label = "Retry") {
    const retry = h("button", { type: "button", class: "md-button", onclick: async () => {
      this.say("Trying again…");
      try {
        await this.planner.retry();
      } catch (error) {
        this.loadFailed(error, this.afterLoad ?? resume);
        return;
      }
      this.say("");
      await resume();
    } }, label);
    this.say(`${message} Your answers are safe on this device.`, " ", retry);
  }

  /** The engine could not start: say so, with a Retry that carries on with `resume`. */
  loadFailed(error, resume) {
    this.fault(`The planner could not start: ${error.message}`, resume);
  }
}
