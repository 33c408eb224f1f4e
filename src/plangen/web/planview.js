// Shows a saved plan week by week: this week first (its steps, its time
// against the reader's hours, the step to start with, with only that step's
// instructions open), then where the reader is (each answer changeable, each
// skipped question answerable), the timeline with its table, later weeks,
// what is not in the plan yet, and the downloads (plankeep.js). Used by the
// quiz page and the "My plan" page alike.
import { afterNextPaint, h } from "./dom.js";
import { downloadsBox, shareBox } from "./plankeep.js";
import { safeHref, safeHtml, safeSvg } from "./sanitize.js";

const TITLE = "Your plan";
export const LAST_WEEK = 13;
/** The plan's heading: its `title` from the site's settings, else today's words. */
function planTitle(plan) {
  const title = plan?.title;
  return typeof title === "string" && title.trim() ? title.trim() : TITLE;
}

/** The last week a step takes time in. */
const lastWeek = (step) => step.week + Math.max(step.weeks, 1) - 1;

/** The steps that take time in `week`, in the plan's order. */
export function stepsInWeek(plan, week) {
  return plan.steps.filter((step) => step.week <= week && week <= lastWeek(step));
}

/** "14–20 Dec" for a plan that knows the day it started (the engine writes each week's label), else "". */
function weekDates(plan, week) {
  const label = String(weekRow(plan, week).label ?? "");
  const comma = label.indexOf(", ");
  return comma > 0 ? label.slice(comma + 2) : "";
}

/** The engine's row for `week`: its minutes and their words ("1 h 30 min"), counted once, by the engine. */
function weekRow(plan, week) {
  const row = Array.isArray(plan.weeks) ? plan.weeks.find((w) => w.week === week) : null;
  return row ?? { week, minutes: 0, effort_text: "0 min", steps: [] };
}

/**
 * The week a reader is in: the saved one, else 1, kept within the plan.
 * @param {unknown} week
 */
export function currentWeek(week) {
  return Number.isInteger(week) && week >= 1 && week <= LAST_WEEK ? week : 1;
}

/**
 * Render `saved` ({data, markdown, html, export, share}) into `container`.
 * options: ticks (object), onTick(section, checked), calendar(why) -> Promise<string>,
 * week (the reader's current week), onStartWeek(week) (offered once this week's
 * steps are ticked), change(question) -> {onclick} | {href} for each "Where you are"
 * row and each skipped question's "Add an answer", notice (a sentence shown first, e.g. what a changed answer did),
 * shareUrl (string or null), extraButtons (elements); from the reader's progress (livingplan.js):
 * top (an element before this week: the check-in), thisWeekEnd (after this week: "Start next week",
 * hidden once every step is ticked, when "Start week N" shows in it), stepIntro(step) (first in a step's
 * instructions: a habit's target for the week), stepExtra(step) (a habit's
 * counter, a review's figures, or null) and afterTimeline (the picture of the weeks so far).
 * With `staged`, only the top and this week are drawn now, what the reader sees first, and the rest
 * (where you are, the timeline, later weeks, the downloads) once the browser has painted them; a
 * failure there goes to onBroken(error). The plan's element says `data-drawn="all"` once all of it is
 * on the page (`"first"` until then).
 * Returns the element that should take the focus.
 */
export function renderPlan(container, saved, options) {
  const plan = saved.data;
  const week = currentWeek(options.week);
  const ticked = (step) => Boolean(options.ticks[step.section]);
  const progress = h("p", { class: "plangen-progress-line", "aria-live": "polite" });
  // The lines above this week's steps follow the ticks; the steps themselves stay put, so focus stays on a box.
  const weekHead = h("div", { class: "plangen-week-head" });
  // "Start next week" after this week; once all its steps are ticked, "Start week N" shows in it instead.
  const end = options.thisWeekEnd ?? null;
  const refresh = () => {
    progress.textContent = `${plan.steps.filter(ticked).length} of ${plan.steps.length} steps done.`;
    weekHead.replaceChildren(...thisWeekParts(plan, week, options, ticked));
    if (end) end.hidden = stepsInWeek(plan, week).every(ticked);
  };
  const startWith = () => stepsInWeek(plan, week).find((step) => !ticked(step));
  const item = (step, open) => stepItem(step, options, (section, checked) => {
    options.onTick(section, checked);
    refresh();
    // The step to start with now shows what to do; a ticked one folds to its title (quiz.css).
    const next = startWith();
    if (next) container.querySelector(`#step-${CSS.escape(next.section)} details`)?.setAttribute("open", "");
  }, open);
  refresh();

  const heading = h("h2", { id: "plangen-plan", tabindex: "-1" }, planTitle(plan));
  const notice = options.notice
    ? h("p", { class: "plangen-notice", id: "plangen-notice", role: "status", tabindex: "-1" }, options.notice)
    : null;
  const thisWeek = h("section", { class: "plangen-this-week", "aria-labelledby": "plangen-this-week-title" },
    weekHead, h("ul", { class: "plangen-steps" }, stepsInWeek(plan, week).map((step) => item(step, step === startWith()))));

  const root = h("div", { class: "plangen-plan", "data-drawn": "first" },
    heading, notice, progress, jumpToDownloads(), options.top ?? null, thisWeek, end);
  container.replaceChildren(root);
  const drawRest = () => {
    if (root.parentNode !== container) return; // drawn again meanwhile: that drawing has its own rest
    root.append(...[restOfPlan(plan, saved, options, week, item, container)].flat(Infinity).filter(Boolean));
    root.dataset.drawn = "all";
  };
  if (!options.staged) drawRest();
  else {
    afterNextPaint(() => {
      try {
        drawRest();
      } catch (error) {
        if (!options.onBroken) throw error;
        options.onBroken(error);
      }
    });
  }
  return notice ?? heading;
}

/** Everything after this week: where the reader is, the timeline, later and earlier weeks, what is left out, the downloads. */
function restOfPlan(plan, saved, options, week, item, container) {
  const later = laterWeeks(plan, week, item);
  const earlier = plan.steps.filter((step) => lastWeek(step) < week);
  const expandAll = h("button", { type: "button", class: "md-button", "aria-pressed": "false",
    onclick: () => {
      const open = expandAll.getAttribute("aria-pressed") !== "true";
      container.querySelectorAll(".plangen-step details").forEach((details) => { details.open = open; });
      expandAll.setAttribute("aria-pressed", String(open));
      expandAll.textContent = open ? "Hide all instructions" : "Show all instructions";
    } }, "Show all instructions");
  return [
    summaryBox(plan, options, skippedOf(saved)),
    timelineFigure(plan),
    options.afterTimeline ?? null,
    later.length || earlier.length
      ? h("section", { class: "plangen-later", "aria-labelledby": "plangen-later-title" },
          h("div", { class: "plangen-later-head" },
            h("h3", { id: "plangen-later-title" }, later.length ? "Later weeks" : "Earlier weeks"), expandAll),
          later,
          earlier.length ? h("details", { class: "plangen-earlier" },
            h("summary", {}, `Done in earlier weeks (${earlier.length})`),
            h("ul", { class: "plangen-steps" }, earlier.map((step) => item(step, false)))) : null)
      : null,
    leftOutBox(plan),
    downloadsBox(plan, saved, options),
    options.shareUrl ? shareBox(options.shareUrl) : null,
    options.extraButtons ? h("div", { class: "plangen-buttons" }, options.extraButtons) : null,
  ];
}

/** The top of "This week": its time against the hours, the step to start with, and what comes next. */
function thisWeekParts(plan, week, options, ticked) {
  const current = stepsInWeek(plan, week);
  const load = weekRow(plan, week).effort_text;
  const hours = Number.isInteger(plan.hours) ? plan.hours : null;
  const dates = weekDates(plan, week);
  const parts = [h("h3", { id: "plangen-this-week-title" }, `This week: week ${week} of ${LAST_WEEK}${dates ? `, ${dates}` : ""}`)];
  if (!current.length) {
    parts.push(h("p", {}, `Nothing is planned for week ${week}.`));
  } else {
    const count = `${current.length} step${current.length === 1 ? "" : "s"}`;
    parts.push(h("p", { class: "plangen-week-load" }, hours
      ? `${count}, ${load} of your ${hours} h this week.`
      : `${count}, ${load} this week.`));
    const next = current.find((step) => !ticked(step));
    if (next) {
      parts.push(h("p", { class: "plangen-start-with" }, "Start with: ",
        inPageLink(`step-${next.section}`, `tick-${next.section}`, next.title), "."));
    }
  }
  const allTicked = current.every(ticked);
  if (allTicked && week < LAST_WEEK && options.onStartWeek) {
    if (current.length) parts.push(h("p", {}, `Every step of week ${week} is ticked.`));
    parts.push(h("div", { class: "plangen-buttons" }, h("button", { type: "button", class: "md-button md-button--primary",
      onclick: () => options.onStartWeek(week + 1) }, `Start week ${week + 1}`)));
  } else if (allTicked && week === LAST_WEEK && current.length) {
    parts.push(h("p", {}, "Every step of the last week is ticked: this plan is done."));
  }
  return parts;
}

/** A link near the top to the downloads at the foot, which a phone reader would otherwise scroll far for. */
function jumpToDownloads() {
  return h("p", { class: "plangen-jump" }, inPageLink("plangen-downloads", "plangen-downloads-title", "Downloads"),
    " and a link to open this plan on another device are at the end.");
}

/**
 * A link to the element `id` on this page that scrolls to it and focuses `focusId`, without a new
 * history entry: on the quiz page, the browser's Back moves between screens.
 */
function inPageLink(id, focusId, text) {
  return h("a", { href: `#${id}`, onclick: (event) => {
    event.preventDefault();
    // The downloads come with the rest of the plan, a frame after the top (renderPlan's `staged`).
    document.getElementById(id)?.scrollIntoView();
    document.getElementById(focusId)?.focus({ preventScroll: true });
  } }, text);
}

function summaryBox(plan, options, skipped) {
  if (!plan.summary.length && !skipped.length) return null;
  const change = (item, words = "Change") => {
    const control = options.change(item.question);
    if (!control) return null;
    const name = `${words}: ${item.label}`;
    return control.href
      ? h("a", { class: "plangen-change", href: control.href, "aria-label": name }, words)
      : h("button", { type: "button", class: "plangen-change", "aria-label": name, onclick: control.onclick }, words);
  };
  return h("section", { class: "plangen-summary-box", "aria-labelledby": "plangen-summary-title" },
    h("h3", { id: "plangen-summary-title" }, "Where you are"),
    h("dl", { class: "plangen-summary" }, plan.summary.map((item) => [
      h("dt", {}, item.label),
      h("dd", {}, item.value),
      // The control is a dd of its own, so the value's dd holds the reader's words and nothing else.
      options.change ? h("dd", { class: "plangen-summary-change" }, change(item)) : null]),
    skipped.map((item) => [
      h("dt", { class: "plangen-skipped" }, String(item.label)),
      h("dd", { class: "plangen-skipped" }, "Not answered"),
      options.change ? h("dd", { class: "plangen-summary-change" }, change(item, "Add an answer")) : null])));
}

/** The questions the reader was shown and skipped, as the saved plan lists them (checked: it may be hand-edited). */
function skippedOf(saved) {
  return (Array.isArray(saved.skipped) ? saved.skipped : [])
    .filter((item) => item && typeof item.question === "string" && typeof item.label === "string");
}

/** The timeline, and the same numbers as a table (its text alternative). */
function timelineFigure(plan) {
  const titles = new Map(plan.steps.map((step) => [step.section, step.title]));
  const rows = Array.isArray(plan.weeks) ? plan.weeks : [];
  const table = h("table", { class: "plangen-weeks" },
    h("caption", {}, "Time each week asks"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Week"), h("th", { scope: "col" }, "Time"),
      h("th", { scope: "col" }, "Steps"))),
    h("tbody", {}, rows.map((row) => h("tr", {},
      h("th", { scope: "row" }, String(row.week)),
      h("td", {}, row.minutes ? String(row.effort_text) : "–"),
      h("td", {}, (Array.isArray(row.steps) ? row.steps : []).map((id) => titles.get(id)).filter(Boolean).join(", ") || "–")))));
  return h("figure", { class: "plangen-figure" },
    safeSvg(String(plan.timeline_svg ?? "")),
    h("figcaption", {}, plan.hours ? `Each bar is one week; the line is your ${plan.hours} h a week.` : "Each bar is one week."),
    h("details", { class: "plangen-weeks-table" }, h("summary", {}, "The same, week by week, as a table"), table));
}

/** Weeks after `week`, each with the steps that start in it. */
function laterWeeks(plan, week, item) {
  const groups = [];
  for (let later = week + 1; later <= LAST_WEEK; later += 1) {
    const starting = plan.steps.filter((step) => step.week === later);
    if (!starting.length) continue;
    groups.push(h("section", { class: "plangen-week", "aria-labelledby": `plangen-week-${later}` },
      h("h4", { id: `plangen-week-${later}` }, `Week ${later}${weekDates(plan, later) ? `, ${weekDates(plan, later)}` : ""} `,
        h("span", { class: "plangen-effort" }, `(${weekRow(plan, later).effort_text})`)),
      h("ul", { class: "plangen-steps" }, starting.map((step) => item(step, false)))));
  }
  return groups;
}

/** What the rules proposed but the reader's weeks could not hold, and why. */
function leftOutBox(plan) {
  if (!Array.isArray(plan.left_out) || !plan.left_out.length) return null;
  return h("details", { class: "plangen-left-out" },
    h("summary", {}, `Not in your plan yet (${plan.left_out.length})`),
    h("ul", {}, plan.left_out.map((item) => h("li", {},
      h("a", { href: safeHref(String(item.url)) ?? "#" }, String(item.title)), `: ${String(item.reason)}.`))));
}

function stepItem(step, options, onTick, open) {
  const id = `tick-${step.section}`;
  // A habit is counted week by week (options.stepExtra draws its counter), so it has no one checkbox.
  const extra = options.stepExtra ? options.stepExtra(step) : null;
  const counted = step.kind === "habit" && extra;
  // A counted habit's row says its target for the week; its weekly span and time are in the timeline.
  const words = counted ? [h("strong", { class: "plangen-step-title" }, step.title)]
    : [h("strong", { class: "plangen-step-title" }, step.title), " ", h("span", { class: "plangen-effort" },
      step.week_text ? `(${step.week_text}, ${step.effort_text})` : `(${step.effort_text})`)];
  // A counted habit's head is its title with the count under it and the buttons beside (quiz.css lays it out).
  const head = counted
    ? h("div", { class: "plangen-step-head plangen-habit-head", id, tabindex: "-1" }, words, extra)
    : h("div", { class: "plangen-step-head" },
      h("input", { type: "checkbox", id, checked: Boolean(options.ticks[step.section]),
        onchange: (event) => onTick(step.section, event.target.checked) }),
      h("label", { for: id }, words));
  return h("li", { class: counted ? "plangen-step plangen-step-habit" : "plangen-step", id: `step-${step.section}` },
    head,
    counted ? null : extra,
    // Why the step is there opens the instructions and the guide's link closes them, so a folded step is
    // its title and "Why and what to do": a week of ten steps still reads in a few screens of a phone.
    h("details", { open }, h("summary", {}, "Why and what to do"),
      options.stepIntro ? options.stepIntro(step) : null,
      h("p", { class: "plangen-why" }, step.why),
      h("div", { class: "plangen-body" }, safeHtml(String(step.body_html ?? ""))),
      h("p", { class: "plangen-link" }, h("a", { href: safeHref(String(step.url)) ?? "#" }, `Read “${step.title}” in ${step.guide_title}`))));
}

