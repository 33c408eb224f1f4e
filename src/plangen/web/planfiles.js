// @ts-check
// A plan's files (Markdown, printable HTML, the .json export) are not part of
// the plan on screen: the engine makes them with the `downloads` op once the
// plan is drawn, and they are kept in the saved plan, so the "My plan" page
// can offer them later without starting the engine.

/** The files a saved plan keeps, by their key in it. */
export const FILE_KINDS = Object.freeze(["markdown", "html", "export"]);

/**
 * Whether `saved` already holds every file.
 * @param {Record<string, unknown>} saved
 */
export function hasFiles(saved) {
  return FILE_KINDS.every((kind) => typeof saved[kind] === "string");
}

/**
 * One way to get the files of `saved`: at once if it has them, else one
 * `downloads` request (shared by every caller until it settles; a failure
 * lets the next call ask again). The files are written into `saved`, then
 * `stored(saved)` is called so the page can keep them with its saved plan.
 * @param {Record<string, unknown>} saved  the saved plan ({data, share, answers, …})
 * @param {() => import("./planner.js").Planner} planner  the engine, started on first use
 * @param {string} linkBase
 * @param {(saved: Record<string, unknown>) => void} stored
 * @param {object | undefined} [progress]  the reader's progress, so the files carry ticks, counts and dates
 * @returns {() => Promise<Record<string, unknown>>} resolves with `saved`, files included
 */
export function planFiles(saved, planner, linkBase, stored, progress = undefined) {
  /** @type {Promise<Record<string, unknown>> | null} */
  let pending = null;
  return () => {
    if (hasFiles(saved)) return Promise.resolve(saved);
    // The plan's own (checked) answers, not the quiz's current ones: the files must match the plan shown.
    pending ??= planner().request({ op: "downloads", answers: /** @type {object} */ (saved.answers), link_base: linkBase,
      progress }).then((files) => {
      for (const kind of FILE_KINDS) saved[kind] = files[kind];
      stored(saved);
      return saved;
    });
    pending.catch(() => { pending = null; });
    return pending;
  };
}
