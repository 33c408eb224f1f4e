// The quiz page: shows questions from the content bundle at once, asks the
// engine (in the worker) which question comes next and for the plan.
// Branching and plans come only from the engine; this file holds no rules.
import { h, download } from "./dom.js";
import { Planner } from "./planner.js";
import { loadState, saveState, clearState } from "./store.js";

const root = document.getElementById("plangen");

class Quiz {
  constructor(root, content) {
    this.root = root;
    this.questions = content.questions;
    this.byId = new Map(this.questions.map((q) => [q.id, q]));
    this.planner = new Planner(root.dataset.bundle);
    const { state, problem } = loadState();
    this.state = state;
    this.visible = null; // ids the engine says are shown; null until it has answered
    this.status = h("p", { class: "plangen-status", role: "status", "aria-live": "polite" });
    this.main = h("div", { class: "plangen-main" });
    this.root.replaceChildren(this.status, this.main);
    if (problem) this.say(problem);
    this.planner.ready().then(() => this.refreshVisible(), (error) => this.showLoadError(error));
    if (this.state.plan && this.state.position === "plan") this.showPlan(this.state.plan);
    else this.show(this.state.position && this.byId.has(this.state.position) ? this.state.position : this.questions[0].id);
  }

  say(text) {
    this.status.textContent = text;
  }

  save() {
    const problem = saveState(this.state);
    if (problem) this.say(problem);
  }

  order() {
    const ids = this.visible ?? this.questions.map((q) => q.id);
    return ids.filter((id) => this.byId.has(id));
  }

  async refreshVisible() {
    try {
      const reply = await this.planner.request({ op: "visible", answers: this.state.answers });
      this.visible = reply.visible;
      if (this.current) this.updateButtons();
    } catch (error) {
      this.say(error.message);
    }
  }

  showLoadError(error) {
    const retry = h("button", { type: "button", class: "md-button", onclick: () => {
      retry.remove();
      this.say("Trying again…");
      this.planner.retry().then(() => { this.say(""); this.refreshVisible(); }, (e) => this.showLoadError(e));
    } }, "Retry");
    this.say(`The planner could not start (${error.message}). Your answers are safe.`);
    this.status.append(" ", retry);
  }

  show(id) {
    const question = this.byId.get(id);
    this.current = question;
    this.state.position = id;
    this.save();
    const order = this.order();
    const index = order.indexOf(id);
    const heading = h("h2", { id: "plangen-question", tabindex: "-1" }, question.text);
    const fieldset = h("fieldset", { class: "plangen-fieldset", "aria-describedby": question.help ? "plangen-help" : null },
      h("legend", { class: "plangen-legend" }, question.required ? "Required" : "Optional"),
      question.help ? h("p", { id: "plangen-help", class: "plangen-help" }, question.help) : null,
      this.controls(question));
    this.error = h("p", { class: "plangen-error", role: "alert" });
    this.backButton = h("button", { type: "button", class: "md-button", onclick: () => this.back() }, "Back");
    this.nextButton = h("button", { type: "submit", class: "md-button md-button--primary" }, "Next");
    const form = h("form", { class: "plangen-form", novalidate: true, "aria-labelledby": "plangen-question",
      onsubmit: (event) => { event.preventDefault(); this.next(); } },
      h("p", { class: "plangen-progress" }, `Question ${index + 1} of about ${order.length}`),
      heading, fieldset, this.error, h("div", { class: "plangen-buttons" }, this.backButton, this.nextButton));
    this.main.replaceChildren(form);
    this.updateButtons();
    heading.focus();
  }

  updateButtons() {
    const order = this.order();
    const index = order.indexOf(this.current.id);
    this.backButton.hidden = index <= 0;
    const last = this.visible !== null && index === order.length - 1;
    this.nextButton.textContent = last ? "See my plan" : "Next";
    const progress = this.main.querySelector(".plangen-progress");
    if (progress) progress.textContent = `Question ${index + 1} of about ${order.length}`;
  }

  controls(question) {
    const saved = this.state.answers[question.id];
    const name = `q-${question.id}`;
    if (question.type === "single" || question.type === "multi") {
      const type = question.type === "single" ? "radio" : "checkbox";
      return h("div", { class: "plangen-options" }, question.options.map((option) => {
        const checked = type === "radio" ? saved === option.id : Array.isArray(saved) && saved.includes(option.id);
        return h("label", { class: "plangen-option" },
          h("input", { type, name, value: option.id, checked, onchange: () => this.read(question) }),
          h("span", {}, option.label));
      }));
    }
    if (question.type === "scale") {
      const input = h("input", { type: "number", id: name, name, min: question.min, max: question.max, step: 1,
        inputmode: "numeric", value: Number.isInteger(saved) ? saved : null, oninput: () => this.read(question) });
      return h("div", { class: "plangen-scale" },
        h("label", { for: name }, `A number from ${question.min} (${question.min_label}) to ${question.max} (${question.max_label})`),
        input);
    }
    const input = h("input", { type: "text", id: name, name, maxlength: question.max_length, autocomplete: "off",
      value: typeof saved === "string" ? saved : null, oninput: () => this.read(question) });
    return h("div", { class: "plangen-text" }, h("label", { for: name }, "Your answer"), input);
  }

  read(question) {
    const form = this.main.querySelector("form");
    const name = `q-${question.id}`;
    let value;
    if (question.type === "single") value = form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
    else if (question.type === "multi") value = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    else if (question.type === "scale") {
      const raw = form.querySelector(`input[name="${name}"]`).value;
      value = raw === "" ? null : Number(raw);
    } else value = form.querySelector(`input[name="${name}"]`).value;
    if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) delete this.state.answers[question.id];
    else this.state.answers[question.id] = value;
    this.error.textContent = "";
    this.save();
  }

  async next() {
    const question = this.current;
    if (question.required && !(question.id in this.state.answers)) {
      this.error.textContent = "This question needs an answer before you go on.";
      return;
    }
    if (!this.planner.isReady) this.say("Getting the planner ready… your answers are kept.");
    let reply;
    try {
      await this.planner.request({ op: "check", answers: this.state.answers });
      reply = await this.planner.request({ op: "visible", answers: this.state.answers });
    } catch (error) {
      if (error.name === "AnswerError") this.error.textContent = error.message;
      else this.say(error.message);
      return;
    }
    this.say("");
    this.visible = reply.visible;
    const order = this.order();
    const following = order[order.indexOf(question.id) + 1];
    if (following) this.show(following);
    else await this.finish();
  }

  back() {
    const order = this.order();
    const previous = order[order.indexOf(this.current.id) - 1];
    if (previous) this.show(previous);
  }

  async finish() {
    this.say("Putting your plan together…");
    try {
      const linkBase = new URL(this.root.dataset.site, window.location.href).href;
      const reply = await this.planner.request({ op: "plan", answers: this.state.answers, link_base: linkBase });
      this.state.plan = { data: reply.plan, markdown: reply.markdown };
      this.state.position = "plan";
      this.save();
      this.say("");
      this.showPlan(this.state.plan);
    } catch (error) {
      this.say(error.message);
    }
  }

  showPlan(saved) {
    const plan = saved.data;
    const heading = h("h2", { id: "plangen-plan", tabindex: "-1" }, "Your plan");
    const summary = plan.summary.length
      ? h("dl", { class: "plangen-summary" }, plan.summary.map((item) => [h("dt", {}, item.label), h("dd", {}, item.value)]))
      : null;
    const phases = plan.phases.filter((phase) => phase.steps.length).map((phase) =>
      h("section", { class: "plangen-phase" },
        h("h3", {}, phase.title),
        h("ul", { class: "plangen-steps" }, phase.steps.map((step) => this.stepItem(step)))));
    const markdown = h("button", { type: "button", class: "md-button md-button--primary",
      onclick: () => download("career-plan.md", saved.markdown, "text/markdown") }, "Download plan (Markdown)");
    const restart = h("button", { type: "button", class: "md-button", onclick: () => this.startOver() }, "Start over");
    this.main.replaceChildren(h("div", { class: "plangen-plan" }, heading, summary, ...phases,
      h("div", { class: "plangen-buttons" }, markdown, restart)));
    heading.focus();
  }

  stepItem(step) {
    const id = `tick-${step.section}`;
    const body = h("div", { class: "plangen-step-body" });
    body.innerHTML = step.body_html; // engine output: trusted guide text, reader words already escaped
    return h("li", { class: "plangen-step" },
      h("input", { type: "checkbox", id, checked: Boolean(this.state.ticks[step.section]),
        onchange: (event) => { this.state.ticks[step.section] = event.target.checked; this.save(); } }),
      h("label", { for: id }, h("strong", {}, step.title), ` (${step.effort_text})`),
      h("p", { class: "plangen-why" }, step.why),
      h("details", {}, h("summary", {}, "What to do"), body),
      h("p", {}, h("a", { href: step.url }, `Read “${step.title}” in ${step.guide_title}`)));
  }

  startOver() {
    this.state = clearState();
    this.visible = null;
    this.refreshVisible();
    this.show(this.questions[0].id);
  }
}

async function main() {
  try {
    const response = await fetch(root.dataset.bundle);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    new Quiz(root, await response.json());
  } catch (error) {
    root.textContent = `The quiz could not load its questions (${error.message}). Reload the page to try again.`;
  }
}

if (root) main();
