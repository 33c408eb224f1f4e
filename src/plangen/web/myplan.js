// The "My plan" page: the plan saved on this device, this week first, with
// its ticks and the week the reader is in, without retaking the quiz. The
// engine only starts if a calendar is asked for; changing an answer opens
// that question on the quiz page.
import { h } from "./dom.js";
import { Planner } from "./planner.js";
import { planFiles } from "./planfiles.js";
import { renderPlan } from "./planview.js";
import { loadState, saveState } from "./store.js";

function main(root) {
  // Where the quiz is comes from the plugin (its quiz_page option), relative to this page.
  const quizUrl = root.dataset.quizUrl;
  const { state, problem } = loadState();
  const status = h("div", { class: "plangen-status", role: "status", "aria-live": "polite" });
  const main = h("div", { class: "plangen-main" });
  root.replaceChildren(status, main);
  if (problem) status.replaceChildren(h("p", {}, problem));
  if (!state.plan) {
    main.replaceChildren(h("p", {}, "There is no plan saved on this device yet. ",
      h("a", { href: quizUrl }, "Take the quiz"), " to make one; it takes about three minutes."));
    return;
  }
  let planner = null;
  const linkBase = new URL(root.dataset.site, window.location.href).href;
  const startPlanner = () => (planner ??= new Planner(root.dataset.bundle));
  const keepState = () => {
    const trouble = saveState(state);
    if (trouble) status.replaceChildren(h("p", {}, trouble));
  };
  const show = () => renderPlan(main, state.plan, {
    ticks: state.ticks,
    onTick: (section, checked) => {
      state.ticks[section] = checked;
      keepState();
    },
    week: state.week,
    onStartWeek: (week) => {
      state.week = week;
      keepState();
      show().focus();
    },
    change: (question) => ({ href: `${quizUrl}#change=${encodeURIComponent(question)}` }),
    // A plan saved before its files arrived gets them here, from an engine started only then.
    downloads: planFiles(state.plan, startPlanner, linkBase, keepState),
    calendar: async () => {
      const today = new Date();
      const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
      const reply = await startPlanner().request({ op: "ics", answers: state.answers, link_base: linkBase, today: iso });
      return reply.ics;
    },
    shareUrl: `${new URL(quizUrl, window.location.href).href}#${state.plan.share}`,
    extraButtons: [h("a", { class: "md-button", href: quizUrl }, "Change my answers")],
  });
  try {
    show();
  } catch {
    main.replaceChildren(h("p", {}, "The plan saved on this device could not be shown. ",
      h("a", { href: quizUrl }, "Open the quiz"), " to build it again from your saved answers."));
  }
}

const root = document.getElementById("plangen-myplan");
if (root) main(root);
