// Shows a saved plan week by week: this week first (its steps, its time
// against the reader's hours, the step to start with, the instructions open),
// then where the reader is (each answer changeable), the timeline with its
// table, later weeks, what is not in the plan yet, and the downloads. Used by
// the quiz page and the "My plan" page alike.
import { h, download } from "./dom.js";
import { safeHref, safeHtml, safeSvg } from "./sanitize.js";

// What each download is called after the plan's own name, and its type.
const FILES = {
  markdown: ["md", "text/markdown"],
  html: ["html", "text/html"],
  export: ["json", "application/json"],
  ics: ["ics", "text/calendar"],
};
const FILE_NAME = "career-plan"; // when the plan names no file (plans saved before sites could)
const TITLE = "Your plan";
export const LAST_WEEK = 13;
// A saved plan comes back from localStorage, where anything can edit it: a
// name that could reach another folder or look like another kind of file is not used.
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/**
 * The file name for a download of `plan` (the plan's `file_name` from the
 * site's settings, else "career-plan") with the extension `extension`.
 * @param {{file_name?: unknown} | null | undefined} plan
 * @param {string} extension
 */
export function planFileName(plan, extension) {
  const name = plan?.file_name;
  return `${typeof name === "string" && SAFE_FILE_NAME.test(name) ? name : FILE_NAME}.${extension}`;
}

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
 * options: ticks (object), onTick(section, checked), calendar() -> Promise<string>,
 * week (the reader's current week), onStartWeek(week) (offered once this week's
 * steps are ticked), change(question) -> {onclick} | {href} for each "Where you are"
 * row, notice (a sentence shown first, e.g. what a changed answer did),
 * shareUrl (string or null), extraButtons (elements).
 * Returns the element that should take the focus.
 */
export function renderPlan(container, saved, options) {
  const plan = saved.data;
  const week = currentWeek(options.week);
  const ticked = (step) => Boolean(options.ticks[step.section]);
  const progress = h("p", { class: "plangen-progress-line", "aria-live": "polite" });
  // The lines above this week's steps follow the ticks; the steps themselves stay put, so focus stays on a box.
  const weekHead = h("div", { class: "plangen-week-head" });
  const refresh = () => {
    progress.textContent = `${plan.steps.filter(ticked).length} of ${plan.steps.length} steps done.`;
    weekHead.replaceChildren(...thisWeekParts(plan, week, options, ticked));
  };
  const item = (step, open) => stepItem(step, options, (section, checked) => {
    options.onTick(section, checked);
    refresh();
  }, open);
  refresh();

  const heading = h("h2", { id: "plangen-plan", tabindex: "-1" }, planTitle(plan));
  const notice = options.notice
    ? h("p", { class: "plangen-notice", id: "plangen-notice", role: "status", tabindex: "-1" }, options.notice)
    : null;
  const thisWeek = h("section", { class: "plangen-this-week", "aria-labelledby": "plangen-this-week-title" },
    weekHead, h("ul", { class: "plangen-steps" }, stepsInWeek(plan, week).map((step) => item(step, true))));

  const later = laterWeeks(plan, week, item);
  const earlier = plan.steps.filter((step) => lastWeek(step) < week);
  const expandAll = h("button", { type: "button", class: "md-button", "aria-pressed": "false",
    onclick: () => {
      const open = expandAll.getAttribute("aria-pressed") !== "true";
      container.querySelectorAll(".plangen-step details").forEach((details) => { details.open = open; });
      expandAll.setAttribute("aria-pressed", String(open));
      expandAll.textContent = open ? "Hide all instructions" : "Show all instructions";
    } }, "Show all instructions");

  container.replaceChildren(h("div", { class: "plangen-plan" },
    heading, notice, progress, thisWeek,
    summaryBox(plan, options),
    timelineFigure(plan),
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
    options.extraButtons ? h("div", { class: "plangen-buttons" }, options.extraButtons) : null));
  return notice ?? heading;
}

/** The top of "This week": its time against the hours, the step to start with, and what comes next. */
function thisWeekParts(plan, week, options, ticked) {
  const current = stepsInWeek(plan, week);
  const load = weekRow(plan, week).effort_text;
  const hours = Number.isInteger(plan.hours) ? plan.hours : null;
  const parts = [h("h3", { id: "plangen-this-week-title" }, `This week: week ${week} of ${LAST_WEEK}`)];
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
        h("a", { href: `#step-${next.section}` }, next.title), "."));
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

function summaryBox(plan, options) {
  if (!plan.summary.length) return null;
  const change = (item) => {
    const control = options.change(item.question);
    if (!control) return null;
    const name = `Change: ${item.label}`;
    return control.href
      ? h("a", { class: "plangen-change", href: control.href, "aria-label": name }, "Change")
      : h("button", { type: "button", class: "plangen-change", "aria-label": name, onclick: control.onclick }, "Change");
  };
  return h("section", { class: "plangen-summary-box", "aria-labelledby": "plangen-summary-title" },
    h("h3", { id: "plangen-summary-title" }, "Where you are"),
    h("dl", { class: "plangen-summary" }, plan.summary.map((item) => [
      h("dt", {}, item.label),
      h("dd", {}, item.value),
      // The control is a dd of its own, so the value's dd holds the reader's words and nothing else.
      options.change ? h("dd", { class: "plangen-summary-change" }, change(item)) : null])));
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
      h("h4", { id: `plangen-week-${later}` }, `Week ${later} `,
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

function downloadsBox(plan, saved, options) {
  const status = h("p", { class: "plangen-download-status", role: "status", "aria-live": "polite" });
  const button = (label, action, primary = false) =>
    h("button", { type: "button", class: primary ? "md-button md-button--primary" : "md-button", onclick: action }, label);
  // The files (markdown, html, export) arrive from the engine just after the plan is drawn; a click
  // before that waits for options.downloads() -> Promise<saved, files included> (planfiles.js).
  const save = (kind) => async () => {
    if (typeof saved[kind] === "string") {
      download(planFileName(plan, FILES[kind][0]), saved[kind], FILES[kind][1]);
      return;
    }
    status.textContent = "Preparing the file…";
    try {
      const files = await options.downloads();
      download(planFileName(plan, FILES[kind][0]), files[kind], FILES[kind][1]);
      status.textContent = "";
    } catch (error) {
      status.textContent = `The file could not be made (${error.message}). Try again in a moment.`;
    }
  };
  const calendar = async () => {
    status.textContent = "Preparing the calendar…";
    try {
      download(planFileName(plan, FILES.ics[0]), await options.calendar(), FILES.ics[1]);
      status.textContent = "";
    } catch (error) {
      status.textContent = `The calendar could not be made (${error.message}). Try again in a moment.`;
    }
  };
  return h("section", { class: "plangen-downloads", "aria-labelledby": "plangen-downloads-title" },
    h("h3", { id: "plangen-downloads-title" }, "Keep your plan"),
    h("p", {}, "Files are made here in your browser; nothing is uploaded."),
    h("div", { class: "plangen-buttons" },
      button("Download plan (Markdown)", save("markdown"), true),
      button("Printable page (HTML)", save("html")),
      button("Calendar (.ics)", calendar),
      button("Answers and plan (.json)", save("export"))),
    status);
}

function stepItem(step, options, onTick, open) {
  const id = `tick-${step.section}`;
  return h("li", { class: "plangen-step", id: `step-${step.section}` },
    h("div", { class: "plangen-step-head" },
      h("input", { type: "checkbox", id, checked: Boolean(options.ticks[step.section]),
        onchange: (event) => onTick(step.section, event.target.checked) }),
      h("label", { for: id }, h("strong", {}, step.title), " ", h("span", { class: "plangen-effort" },
        step.week_text ? `(${step.week_text}, ${step.effort_text})` : `(${step.effort_text})`))),
    h("p", { class: "plangen-why" }, step.why),
    h("details", { open }, h("summary", {}, "What to do"), h("div", { class: "plangen-body" }, safeHtml(String(step.body_html ?? "")))),
    h("p", { class: "plangen-link" }, h("a", { href: safeHref(String(step.url)) ?? "#" }, `Read “${step.title}” in ${step.guide_title}`)));
}

function shareBox(url) {
  const field = h("input", { type: "text", id: "plangen-share-url", readonly: true, value: url, class: "plangen-share-url" });
  const note = h("p", { role: "status", "aria-live": "polite", class: "plangen-share-status" });
  return h("section", { class: "plangen-share", "aria-labelledby": "plangen-share-title" },
    h("h3", { id: "plangen-share-title" }, "Open this plan on another device"),
    h("p", {}, "This link carries your quiz answers (including anything you typed) after the # sign. That part of a link is never sent to any server, this one included; the other device rebuilds the same plan from it. Anyone you give the link to can read your answers."),
    h("label", { for: "plangen-share-url" }, "Link to your plan"), field,
    h("div", { class: "plangen-buttons" }, h("button", { type: "button", class: "md-button", onclick: async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(url);
        note.textContent = "Link copied.";
      } catch {
        note.textContent = "Select the link above and copy it.";
      }
    } }, "Copy link")), note);
}
