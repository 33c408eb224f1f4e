// "Keep your plan": the downloads (made in the browser, never uploaded) and
// the share link that opens the same plan on another device.
import { h, download } from "./dom.js";

// What each download is called after the plan's own name, and its type.
const FILES = {
  markdown: ["md", "text/markdown"],
  html: ["html", "text/html"],
  export: ["json", "application/json"],
  ics: ["ics", "text/calendar"],
};
const FILE_NAME = "career-plan"; // when the plan names no file (plans saved before sites could)
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

export function downloadsBox(plan, saved, options) {
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
  // A calendar is often synced to a service: the reasons, which repeat the reader's answers, go in only if asked.
  const why = h("input", { type: "checkbox", id: "plangen-ics-why" });
  const calendar = async () => {
    status.textContent = "Preparing the calendar…";
    try {
      download(planFileName(plan, FILES.ics[0]), await options.calendar(why.checked), FILES.ics[1]);
      status.textContent = "";
    } catch (error) {
      status.textContent = `The calendar could not be made (${error.message}). Try again in a moment.`;
    }
  };
  return h("section", { class: "plangen-downloads", id: "plangen-downloads", "aria-labelledby": "plangen-downloads-title" },
    h("h3", { id: "plangen-downloads-title", tabindex: "-1" }, "Keep your plan"),
    h("p", {}, "Files are made here in your browser; nothing is uploaded."),
    h("div", { class: "plangen-buttons" },
      button("Download plan (Markdown)", save("markdown"), true),
      button("Printable page (HTML)", save("html")),
      button("Calendar (.ics)", calendar),
      button("Answers and plan (.json)", save("export"))),
    h("p", { class: "plangen-ics-why" }, why, " ", h("label", { for: "plangen-ics-why" },
      "Put why each step is there into the calendar too (those lines repeat your answers)")),
    status);
}

export function shareBox(url) {
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
