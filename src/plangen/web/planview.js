// Shows a saved plan: summary, timeline, phased checklist with ticks, and the
// downloads. Used by the quiz page and the "My plan" page alike.
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

/**
 * Render `saved` ({data, markdown, html, export, share, answers}) into `container`.
 * options: ticks (object), onTick(section, checked), calendar() -> Promise<string>,
 * shareUrl (string or null), extraButtons (elements).
 */
export function renderPlan(container, saved, options) {
  const plan = saved.data;
  const total = plan.phases.reduce((sum, phase) => sum + phase.steps.length, 0);
  const done = () => plan.phases.flatMap((p) => p.steps).filter((s) => options.ticks[s.section]).length;
  const progress = h("p", { class: "plangen-progress-line", "aria-live": "polite" });
  const updateProgress = () => { progress.textContent = `${done()} of ${total} steps done.`; };
  updateProgress();

  const heading = h("h2", { id: "plangen-plan", tabindex: "-1" }, planTitle(plan));
  const summary = plan.summary.length
    ? h("section", { class: "plangen-summary-box", "aria-labelledby": "plangen-summary-title" },
        h("h3", { id: "plangen-summary-title" }, "Where you are"),
        h("dl", { class: "plangen-summary" }, plan.summary.map((item) => [h("dt", {}, item.label), h("dd", {}, item.value)])))
    : null;
  const timeline = h("figure", { class: "plangen-figure" }, safeSvg(String(plan.timeline_svg ?? "")));

  const phases = plan.phases.filter((phase) => phase.steps.length).map((phase) =>
    h("section", { class: "plangen-phase", "aria-labelledby": `phase-${phase.id}` },
      h("h3", { id: `phase-${phase.id}` }, `${phase.title} `, h("span", { class: "plangen-effort" }, `(${phase.effort_text})`)),
      h("ul", { class: "plangen-steps" }, phase.steps.map((step) => stepItem(step, options, updateProgress)))));

  // What the rules proposed but the reader's weeks could not hold, and why.
  const leftOut = Array.isArray(plan.left_out) && plan.left_out.length
    ? h("details", { class: "plangen-left-out" },
        h("summary", {}, `Not in your plan yet (${plan.left_out.length})`),
        h("ul", {}, plan.left_out.map((item) => h("li", {},
          h("a", { href: safeHref(String(item.url)) ?? "#" }, String(item.title)), `: ${String(item.reason)}.`))))
    : null;

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
  const downloads = h("section", { class: "plangen-downloads", "aria-labelledby": "plangen-downloads-title" },
    h("h3", { id: "plangen-downloads-title" }, "Keep your plan"),
    h("p", {}, "Files are made here in your browser; nothing is uploaded."),
    h("div", { class: "plangen-buttons" },
      button("Download plan (Markdown)", save("markdown"), true),
      button("Printable page (HTML)", save("html")),
      button("Calendar (.ics)", calendar),
      button("Answers and plan (.json)", save("export"))),
    status);

  const share = options.shareUrl ? shareBox(options.shareUrl) : null;
  container.replaceChildren(h("div", { class: "plangen-plan" }, heading, progress, summary, timeline, ...phases,
    leftOut, downloads, share, options.extraButtons ? h("div", { class: "plangen-buttons" }, options.extraButtons) : null));
  return heading;
}

function stepItem(step, options, updateProgress) {
  const id = `tick-${step.section}`;
  return h("li", { class: "plangen-step" },
    h("div", { class: "plangen-step-head" },
      h("input", { type: "checkbox", id, checked: Boolean(options.ticks[step.section]),
        onchange: (event) => { options.onTick(step.section, event.target.checked); updateProgress(); } }),
      h("label", { for: id }, h("strong", {}, step.title), " ", h("span", { class: "plangen-effort" },
        step.week_text ? `(${step.week_text}, ${step.effort_text})` : `(${step.effort_text})`))),
    h("p", { class: "plangen-why" }, step.why),
    h("details", {}, h("summary", {}, "What to do"), safeHtml(String(step.body_html ?? ""))),
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
