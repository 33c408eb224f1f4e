// The quiz page. Questions come from a small questions file and show at once;
// which question comes next, validation and the plan come from the engine
// in the worker, so this file holds no rules of its own.
import { h } from "./dom.js";
import { Planner } from "./planner.js";
import { planFiles } from "./planfiles.js";
import { renderPlan, planFileName } from "./planview.js";
import { loadState, saveState, clearState } from "./store.js";

const MAX_IMPORT_BYTES = 500_000;
const REQUIRED = "This question needs an answer before you go on.";

class Quiz {
  constructor(root, content) {
    this.root = root;
    this.questions = content.questions;
    this.byId = new Map(this.questions.map((q) => [q.id, q]));
    this.planner = new Planner(root.dataset.bundle);
    this.linkBase = new URL(root.dataset.site, window.location.href).href;
    const { state, problem } = loadState();
    this.state = state;
    this.savedAnswers = structuredClone(state.answers); // as loaded, for the engine to clean
    this.visible = null; // ids the engine says are shown; null until it has answered
    this.latestCheck = null; // the engine's check of the answers whose outcome counts
    this.latestRefresh = Promise.resolve(false); // and its promise
    this.status = h("div", { class: "plangen-status", role: "status", "aria-live": "polite" });
    this.main = h("div", { class: "plangen-main" });
    this.root.replaceChildren(this.status, this.main, this.importControl());
    if (problem) this.say(problem);
    this.pendingLink = window.location.hash.startsWith("#answers=") ? window.location.hash : null;
    this.takeChangeLink();
    if (this.pendingLink) {
      // Take the answers out of the address bar so a reload does not ask again.
      history.replaceState(null, "", window.location.pathname + window.location.search);
      this.say("Reading the answers in your link…");
    }
    this.planner.ready().then(() => this.onReady(), (error) => this.showLoadError(error));
    if (this.state.plan && this.state.position === "plan" && this.byId.has(this.state.edit?.question)) {
      this.show(this.state.edit.question, true);
      this.fetchFiles(); // a plan saved before its files arrived
    } else if (this.state.plan && this.state.position === "plan") {
      this.showPlan();
      this.fetchFiles();
    } else this.show(this.byId.has(this.state.position) ? this.state.position : this.questions[0].id);
  }

  /** "Change" on the My plan page links here with #change=<question>: open that question over the saved plan. */
  takeChangeLink() {
    if (!window.location.hash.startsWith("#change=")) return;
    const id = fragmentValue(window.location.hash.slice("#change=".length));
    history.replaceState(null, "", window.location.pathname + window.location.search);
    if (!this.state.plan || !this.byId.has(id)) return;
    this.state.position = "plan";
    this.state.edit = { question: id, answers: structuredClone(this.state.answers) };
  }

  say(text, ...extra) {
    this.status.replaceChildren(...(text ? [h("p", {}, text, ...extra)] : []));
  }

  save() {
    const problem = saveState(this.state);
    if (problem) this.say(problem);
  }

  async onReady() {
    try {
      // Only the answers saved on this device are cleaned; one given since is the engine's check to refuse.
      const saved = this.savedAnswers;
      const cleaned = await this.planner.request({ op: "clean", answers: saved });
      const same = (id) => JSON.stringify(this.state.answers[id]) === JSON.stringify(saved[id]);
      const dropped = cleaned.dropped.filter((id) => id in this.state.answers && same(id));
      if (dropped.length) {
        for (const id of dropped) delete this.state.answers[id];
        this.save();
        const n = dropped.length;
        this.say(`${n} saved answer${n === 1 ? " no longer fits" : "s no longer fit"} the quiz and ${n === 1 ? "was" : "were"} cleared; the rest are kept.`);
      }
      await this.refreshVisible();
      if (this.pendingLink) await this.useLink(this.pendingLink);
    } catch (error) {
      if (error.code === "answer") this.checkFailed(error);
      else if (error.code !== "cancelled") this.showFault(error.message, () => this.onReady());
    }
  }

  /**
   * Ask the engine which questions are shown; it checks the answers so far as
   * it works that out. Resolves true once `visible` is up to date. A check
   * that a later one replaced settles with the later one's outcome (false if
   * that failed: its failure is the later caller's to report, once).
   */
  refreshVisible() {
    const token = {};
    this.latestCheck = token;
    const superseded = () => this.latestRefresh.catch(() => false);
    const refresh = (async () => {
      let reply;
      try {
        reply = await this.planner.request({ op: "visible", answers: this.state.answers });
      } catch (error) {
        if (this.latestCheck !== token) return superseded();
        throw error;
      }
      if (this.latestCheck !== token) return superseded();
      this.visible = reply.visible;
      if (this.current && this.main.querySelector("form")) this.updateButtons();
      return true;
    })();
    this.latestRefresh = refresh;
    return refresh;
  }

  /** The engine's check of the answers, while the reader carries on. */
  checkInBackground() {
    this.refreshVisible().catch((error) => this.checkFailed(error));
  }

  /**
   * The engine refused an answer, or could not check: an answer's question is
   * shown again with the engine's sentence; anything else offers Retry.
   */
  checkFailed(error) {
    if (error.code === "answer") {
      const id = this.byId.has(error.question) ? error.question : this.current?.id;
      if (!id) this.say(error.message);
      else {
        if (this.current?.id !== id) this.show(id, Boolean(this.editing && this.state.edit));
        this.showError(error.message);
      }
    } else if (error.code !== "cancelled") this.showFault(error.message, () => this.refreshVisible());
  }

  /**
   * The question after `id` when the questions file alone decides it: the next
   * one has no `show_if`, so it is asked whatever the answers. Else null, and
   * the engine decides.
   */
  nextWithoutEngine(id) {
    const following = this.questions[this.questions.findIndex((q) => q.id === id) + 1];
    return following && !following.conditional ? following.id : null;
  }

  showLoadError(error) {
    this.showFault(`The planner could not start: ${error.message}`, () => this.onReady());
  }

  /**
   * Say what went wrong, with a Retry that throws the worker away and starts
   * a fresh one (so a fault that has passed is really gone), then carries on
   * with `resume`. Answers are never touched.
   */
  showFault(message, resume, label = "Retry") {
    const retry = h("button", { type: "button", class: "md-button", onclick: async () => {
      this.say("Trying again…");
      try {
        await this.planner.retry();
      } catch (error) {
        this.showLoadError(error);
        return;
      }
      this.say("");
      await resume();
    } }, label);
    this.say(`${message} Your answers are safe on this device.`, " ", retry);
  }

  order() {
    const ids = this.visible ?? this.questions.map((q) => q.id);
    return ids.filter((id) => this.byId.has(id));
  }

  // --- questions -----------------------------------------------------------

  /** The answers the screen on show edits: a draft while one answer is changed from the plan. */
  answers() {
    return this.editing ? this.state.edit.answers : this.state.answers;
  }

  /**
   * Show question `id`. With `editing`, it is one answer changed from the
   * plan: a draft until "Save", and Back returns to the plan unchanged.
   */
  show(id, editing = false) {
    const question = this.byId.get(id);
    this.current = question;
    this.editing = editing;
    if (!editing) this.state.position = id;
    this.save();
    // The question is the fieldset's legend and the screen's heading at once.
    const heading = h("h2", { id: "plangen-question", tabindex: "-1" }, question.text, " ",
      h("span", { class: "plangen-required" }, question.required ? "(required)" : "(optional)"));
    const describedBy = [question.help ? "plangen-help" : null, "plangen-error"].filter(Boolean).join(" ");
    const fieldset = h("fieldset", { class: "plangen-fieldset", "aria-describedby": describedBy },
      h("legend", { class: "plangen-legend" }, heading),
      question.help ? h("p", { id: "plangen-help", class: "plangen-help" }, question.help) : null,
      this.controls(question));
    this.error = h("p", { id: "plangen-error", class: "plangen-error", role: "alert", tabindex: "-1" });
    this.backButton = h("button", { type: "button", class: "md-button",
      onclick: () => (editing ? this.cancelChange() : this.back()) }, editing ? "Back to my plan" : "Back");
    this.nextButton = h("button", { type: "submit", class: "md-button md-button--primary" },
      editing ? "Save and update my plan" : "Next");
    this.progress = h("p", { class: "plangen-progress" });
    const form = h("form", { class: "plangen-form", novalidate: true, "aria-label": editing ? "Change one answer" : "Quiz question",
      onsubmit: (event) => { event.preventDefault(); if (editing) this.saveChange(); else this.next(); } },
      this.progress, fieldset, this.error,
      h("div", { class: "plangen-buttons" }, this.backButton, this.nextButton));
    this.main.replaceChildren(form);
    this.updateButtons();
    heading.focus();
  }

  /** Say what is wrong with the answer on screen; the message takes the focus, and is announced. */
  showError(message) {
    this.error.textContent = message;
    this.error.focus();
  }

  updateButtons() {
    if (this.editing) {
      this.backButton.hidden = false;
      this.progress.textContent = "Changing one answer; your plan is rebuilt when you save.";
      return;
    }
    const order = this.order();
    const index = Math.max(order.indexOf(this.current.id), 0);
    this.backButton.hidden = index === 0;
    const last = this.visible !== null && index === order.length - 1;
    this.nextButton.textContent = last ? "See my plan" : "Next";
    this.progress.textContent = `Question ${index + 1} of about ${order.length}`;
  }

  controls(question) {
    const saved = this.answers()[question.id];
    const name = `q-${question.id}`;
    const onchange = () => this.read(question);
    if (question.type === "single" || question.type === "multi") {
      const type = question.type === "single" ? "radio" : "checkbox";
      return h("div", { class: "plangen-options" }, question.options.map((option) => {
        const checked = type === "radio" ? saved === option.id : Array.isArray(saved) && saved.includes(option.id);
        return h("label", { class: "plangen-option" },
          h("input", { type, name, value: option.id, checked, onchange }), h("span", {}, option.label));
      }));
    }
    if (question.type === "scale" && question.max - question.min <= 10) {
      const values = Array.from({ length: question.max - question.min + 1 }, (_, i) => question.min + i);
      return h("div", { class: "plangen-scale-row" },
        h("span", { class: "plangen-scale-end", "aria-hidden": "true" }, question.min_label),
        values.map((value) => h("label", { class: "plangen-scale-point" },
          h("input", { type: "radio", name, value, checked: saved === value, onchange,
            "aria-label": value === question.min ? `${value}: ${question.min_label}` : value === question.max ? `${value}: ${question.max_label}` : String(value) }),
          h("span", { "aria-hidden": "true" }, String(value)))),
        h("span", { class: "plangen-scale-end", "aria-hidden": "true" }, question.max_label));
    }
    if (question.type === "scale") {
      return h("div", { class: "plangen-field" },
        h("label", { for: name }, `A whole number from ${question.min} (${question.min_label}) to ${question.max} (${question.max_label})`),
        h("input", { type: "number", id: name, name, min: question.min, max: question.max, step: 1, inputmode: "numeric",
          value: Number.isInteger(saved) ? saved : null, oninput: onchange }));
    }
    return h("div", { class: "plangen-field" },
      h("label", { for: name }, `Your answer (up to ${question.max_length} characters)`),
      h("input", { type: "text", id: name, name, maxlength: question.max_length, autocomplete: "off", spellcheck: "false",
        value: typeof saved === "string" ? saved : null, oninput: onchange }));
  }

  read(question) {
    const form = this.main.querySelector("form");
    const inputs = [...form.querySelectorAll(`[name="q-${question.id}"]`)];
    let value;
    if (question.type === "multi") value = inputs.filter((i) => i.checked).map((i) => i.value);
    else if (question.type === "single") value = inputs.find((i) => i.checked)?.value ?? null;
    else if (question.type === "scale") {
      const raw = inputs.length > 1 ? inputs.find((i) => i.checked)?.value ?? "" : inputs[0].value.trim();
      value = raw === "" ? null : Number(raw);
    } else value = inputs[0].value;
    const answers = this.answers();
    if (value === null || value === "" || (Array.isArray(value) && value.length === 0)) delete answers[question.id];
    else answers[question.id] = value;
    if (!this.editing) this.state.plan = null; // answers changed, so a saved plan is out of date
    this.error.textContent = "";
    this.save();
  }

  async next() {
    const question = this.current;
    if (question.required && !(question.id in this.state.answers)) {
      this.showError(REQUIRED);
      return;
    }
    const now = this.nextWithoutEngine(question.id);
    if (now) {
      // Shown at once, ready or not; the engine checks the answers meanwhile and, if one does not fit, brings it back.
      this.show(now);
      this.checkInBackground();
      return;
    }
    if (!this.planner.isReady) this.say("Getting the planner ready… your answers are kept.");
    this.nextButton.disabled = true;
    let checked;
    try {
      checked = await this.refreshVisible(); // the engine checks the answers as it works out what comes next
    } catch (error) {
      this.nextButton.disabled = false;
      this.checkFailed(error);
      return;
    }
    if (this.current !== question) return; // the reader moved on meanwhile, or was sent back
    if (!checked) { // a later check failed, and said so
      this.nextButton.disabled = false;
      return;
    }
    this.say("");
    const order = this.order();
    const following = order[order.indexOf(question.id) + 1];
    if (following) this.show(following);
    else await this.finish();
  }

  async back() {
    const before = this.questions[this.questions.findIndex((q) => q.id === this.current.id) - 1];
    if (this.visible === null && before?.conditional) {
      // Whether that question was asked is the engine's to say.
      this.say("Getting the planner ready… your answers are kept.");
      const current = this.current;
      try {
        if (!(await this.refreshVisible()) || this.current !== current) return;
      } catch (error) {
        this.checkFailed(error);
        return;
      }
      this.say("");
    }
    const order = this.order();
    const previous = order[order.indexOf(this.current.id) - 1];
    if (previous) this.show(previous);
  }

  // --- the plan ------------------------------------------------------------

  async finish() {
    this.say("Putting your plan together…");
    try {
      const reply = await this.planner.request({ op: "plan", answers: this.state.answers, link_base: this.linkBase });
      this.state.plan = savedPlan(reply);
      this.state.position = "plan";
      this.state.week = 1;
      this.say("");
      this.save(); // after clearing the status, so a failure to save stays on screen
      this.showPlan();
      this.fetchFiles(); // the files, once the plan is on screen
    } catch (error) {
      if (error.code === "answer" && this.byId.has(error.question)) this.refuse(this.byId.get(error.question), error.message);
      else if (error.code === "answer") this.say(`Your plan could not be made: ${error.message}`);
      else this.showFault(`Your plan could not be made: ${error.message}`, () => this.finish(), "Try again");
      if (this.nextButton) this.nextButton.disabled = false;
    }
  }

  // --- changing one answer from the plan -------------------------------------

  /** Open question `id` alone, on a copy of the answers, from the plan's "Where you are". */
  change(id) {
    this.state.edit = { question: id, answers: structuredClone(this.state.answers) };
    this.save();
    this.show(id, true);
  }

  /** Back to the plan with nothing changed. */
  cancelChange() {
    this.state.edit = null;
    this.save();
    this.showPlan();
  }

  /**
   * Rebuild the plan from the changed answer. Ticks of steps still in the
   * plan are kept; the notice says what the change did. An answer the engine
   * refuses (this one, or a question the change now asks for) opens that
   * question, with the draft kept.
   */
  async saveChange() {
    const question = this.current;
    const draft = this.state.edit.answers;
    if (question.required && !(question.id in draft)) {
      this.showError(REQUIRED);
      return;
    }
    this.nextButton.disabled = true;
    this.say("Updating your plan…");
    let reply;
    try {
      reply = await this.planner.request({ op: "plan", answers: draft, link_base: this.linkBase });
    } catch (error) {
      this.say("");
      this.nextButton.disabled = false;
      if (error.code === "answer" && this.byId.has(error.question) && error.question !== question.id) {
        this.state.edit.question = error.question;
        this.save();
        this.show(error.question, true);
        this.showError(error.message);
      } else if (error.code === "answer") this.showError(error.message);
      else if (error.code !== "cancelled") this.showFault(`Your plan could not be updated: ${error.message}`, () => this.saveChange(), "Try again");
      return;
    }
    const before = this.state.plan.data;
    this.state.answers = draft; // as typed; the engine ignores answers to questions it does not ask
    this.state.plan = savedPlan(reply);
    const kept = new Set(reply.plan.steps.map((step) => step.section));
    this.state.ticks = Object.fromEntries(Object.entries(this.state.ticks).filter(([section]) => kept.has(section)));
    this.state.edit = null;
    this.state.position = "plan";
    this.say("");
    this.save();
    this.refreshVisible().catch(() => {});
    this.showPlan(changeNotice(before, reply.plan));
    this.fetchFiles();
  }

  /**
   * The plan was refused because of one answer: say which, and offer to go
   * straight to that question rather than Back through every screen. Shown
   * above the current screen, announced and focused, until the next screen.
   */
  refuse(question, message) {
    this.say("");
    this.main.querySelector(".plangen-refusal")?.remove();
    const note = h("div", { class: "plangen-refusal", role: "alert", tabindex: "-1" },
      // The engine's sentence usually names the question already; say it once.
      h("p", {}, message.includes(question.text) ? `Your plan could not be made: ${message}`
        : `Your plan could not be made because of your answer to “${question.text}”: ${message}`),
      h("div", { class: "plangen-buttons" },
        h("button", { type: "button", class: "md-button md-button--primary", onclick: () => this.show(question.id) },
          "Change this answer")));
    this.main.prepend(note);
    note.focus();
  }

  showPlan(notice = null) {
    this.current = null;
    this.editing = false;
    const shareUrl = `${window.location.origin}${window.location.pathname}#${this.state.plan.share}`;
    let focus;
    try {
      focus = this.renderSavedPlan(shareUrl, notice);
    } catch {
      // A saved plan that cannot be shown (edited by hand, say) is dropped; the answers stay.
      this.state.plan = null;
      this.save();
      this.say("Your saved plan could not be shown, so it was cleared; your answers are kept. Go through them to build it again.");
      this.show(this.questions[0].id);
      return;
    }
    focus.focus();
  }

  renderSavedPlan(shareUrl, notice) {
    return renderPlan(this.main, this.state.plan, {
      ticks: this.state.ticks,
      onTick: (section, checked) => { this.state.ticks[section] = checked; this.save(); },
      week: this.state.week,
      onStartWeek: (week) => {
        this.state.week = week;
        this.save();
        this.showPlan();
      },
      change: (id) => (this.byId.has(id) ? { onclick: () => this.change(id) } : null),
      notice,
      calendar: () => this.calendar(),
      downloads: () => this.files(),
      shareUrl,
      extraButtons: [
        h("button", { type: "button", class: "md-button", onclick: () => this.show(this.questions[0].id) }, "Change my answers"),
        this.startOverControl(),
      ],
    });
  }

  /** The saved plan's files: at once if it has them, else from the engine (planfiles.js). */
  files() {
    const plan = this.state.plan;
    if (this.filesFor?.plan !== plan) {
      this.filesFor = { plan, get: planFiles(plan, () => this.planner, this.linkBase, () => this.save()) };
    }
    return this.filesFor.get();
  }

  /** Ask for the files in the background, so a click on a download finds them ready. */
  fetchFiles() {
    if (this.state.plan) this.files().catch(() => {}); // a click asks again, and says what went wrong
  }

  async calendar() {
    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
    const reply = await this.planner.request({ op: "ics", answers: this.state.answers, link_base: this.linkBase, today: iso });
    return reply.ics;
  }

  startOverControl() {
    const box = h("span", { class: "plangen-start-over" });
    const ask = h("button", { type: "button", class: "md-button", onclick: () => {
      box.replaceChildren(
        h("span", { role: "alert" }, "This clears your answers and plan on this device. "),
        h("button", { type: "button", class: "md-button", onclick: () => this.startOver() }, "Yes, start over"),
        h("button", { type: "button", class: "md-button", onclick: () => box.replaceChildren(ask) }, "Cancel"));
      box.querySelector("button").focus();
    } }, "Start over");
    box.append(ask);
    return box;
  }

  startOver() {
    this.state = clearState();
    this.say("Your answers were cleared.");
    this.refreshVisible().catch(() => {});
    this.show(this.questions[0].id);
  }

  // --- import and share links ------------------------------------------------

  importControl() {
    const input = h("input", { type: "file", id: "plangen-import", accept: ".json,application/json",
      onchange: () => { if (input.files[0]) this.importFile(input.files[0]); input.value = ""; } });
    return h("details", { class: "plangen-import" },
      h("summary", {}, "Have a plan saved as .json? Import it"),
      h("p", {}, `Choose a ${planFileName(this.state.plan?.data, "json")} downloaded from this site. It is read here in your browser and never uploaded.`),
      h("label", { for: "plangen-import" }, "Plan file (.json)"), " ", input);
  }

  async importFile(file) {
    if (file.size > MAX_IMPORT_BYTES) {
      this.say("That file is too large to be a plan saved from this site; nothing was changed.");
      return;
    }
    try {
      const reply = await this.planner.request({ op: "import", text: await file.text() });
      await this.adopt(reply.answers);
    } catch (error) {
      this.say(`${error.message} Nothing was changed.`);
    }
  }

  async useLink(fragment) {
    this.pendingLink = null;
    let answers;
    try {
      answers = (await this.planner.request({ op: "import_link", fragment })).answers;
    } catch (error) {
      this.say(`${error.message} Nothing was changed.`);
      return;
    }
    const mine = Object.keys(this.state.answers).length > 0;
    if (!mine || JSON.stringify(answers) === JSON.stringify(this.state.answers)) {
      await this.adopt(answers);
      return;
    }
    this.say("This link carries a different set of quiz answers from the ones saved on this device. ",
      h("button", { type: "button", class: "md-button md-button--primary", onclick: () => this.adopt(answers) }, "Use the link's answers"),
      " ", h("button", { type: "button", class: "md-button", onclick: () => this.say("Kept your own answers.") }, "Keep mine"));
  }

  async adopt(answers) {
    this.state.answers = answers;
    this.state.plan = null;
    this.state.ticks = {};
    this.save();
    this.say("Answers loaded.");
    await this.refreshVisible();
    await this.finish();
  }
}

/** A value from the address bar's fragment, or null when it is not valid percent-encoding. */
function fragmentValue(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The part of a plan reply the page keeps; its files follow from the `downloads` op (planfiles.js). */
function savedPlan(reply) {
  return { data: reply.plan, share: reply.share, answers: reply.answers };
}

/** One line on what a changed answer did to the plan, naming the steps. */
function changeNotice(before, after) {
  const weekOf = new Map(before.steps.map((step) => [step.section, step.week]));
  const now = new Set(after.steps.map((step) => step.section));
  const added = after.steps.filter((step) => !weekOf.has(step.section));
  const removed = before.steps.filter((step) => !now.has(step.section));
  const moved = after.steps.filter((step) => weekOf.has(step.section) && weekOf.get(step.section) !== step.week);
  const count = (n, what) => `${n} step${n === 1 ? "" : "s"} ${what}`;
  const named = (steps) => steps.map((step) => `“${step.title}”`).join(", ");
  const parts = [];
  if (added.length) parts.push(`${count(added.length, "added")} (${named(added)})`);
  if (removed.length) parts.push(`${count(removed.length, "removed")} (${named(removed)})`);
  if (moved.length) parts.push(`${count(moved.length, "moved to another week")}`);
  return parts.length ? `Your plan changed: ${parts.join("; ")}.` : "Your answer is saved; your plan has the same steps in the same weeks.";
}

async function main(root) {
  try {
    const response = await fetch(root.dataset.questions);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    new Quiz(root, await response.json());
  } catch (error) {
    root.replaceChildren(h("p", { role: "alert" }, `The quiz could not load its questions (${error.message}). Reload the page to try again.`));
  }
}

const root = document.getElementById("plangen");
if (root) main(root);
