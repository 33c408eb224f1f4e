// The "My plan" page: the plan saved on this device, this week first, with
// its ticks and the week the reader is in, without retaking the quiz, and
// the weekly check-in, habit counts and the picture of the weeks so far
// (livingplan.js). It follows other tabs: a tick made on the quiz's plan
// shows here too. The engine starts in the background once the page is idle;
// changing an answer opens that question on the quiz page.
import { h } from "./dom.js";
import { startWhenIdle } from "./livingplan.js";
import { Planner } from "./planner.js";
import { PlanScreen } from "./planscreen.js";
import { StatusLine } from "./status.js";
import { Store } from "./store.js";

function main(root) {
  // Where the quiz is comes from the plugin (its quiz_page option), relative to this page.
  const quizUrl = root.dataset.quizUrl;
  const store = new Store();
  let planner = null;
  const status = new StatusLine();
  const container = h("div", { class: "plangen-main" });
  root.replaceChildren(status.element, container);
  status.report(store.problem);
  const startPlanner = () => {
    planner ??= new Planner(root.dataset.bundle);
    status.planner = planner; // a fault's Retry restarts this engine
    return planner;
  };
  const screen = new PlanScreen(container, store, status, {
    planner: startPlanner,
    linkBase: new URL(root.dataset.site, window.location.href).href,
  });
  const unshowable = () => container.replaceChildren(h("p", {}, "The plan saved on this device could not be shown. ",
    h("a", { href: quizUrl }, "Open the quiz"), " to build it again from your saved answers."));
  const options = {
    living: true,
    staged: true,
    onBroken: unshowable,
    change: (question) => ({ href: `${quizUrl}#change=${encodeURIComponent(question)}` }),
    shareUrl: (share) => `${new URL(quizUrl, window.location.href).href}#${share}`,
    extraButtons: () => [h("a", { class: "md-button", href: quizUrl }, "Change my answers")],
  };
  const show = (following = false) => {
    if (!store.state.plan) {
      root.dataset.screen = "none";
      container.replaceChildren(h("p", {}, "There is no plan saved on this device yet. ",
        h("a", { href: quizUrl }, "Take the quiz"), " to make one; it takes about three minutes."));
      return;
    }
    root.dataset.screen = "plan";
    try {
      if (following) screen.redraw();
      else screen.show(options);
    } catch {
      unshowable();
    }
  };
  show();
  store.follow(() => show(screen.options !== undefined));
  // A check-in, a changed answer or a download then finds the engine ready, and the page is not held up.
  if (store.state.plan) startWhenIdle(startPlanner);
}

const root = document.getElementById("plangen-myplan");
if (root) main(root);
