// @ts-check
// The shape of a plan as the pages keep it, made in one place.

/**
 * The part of a plan reply the pages keep: what the page shows, its share
 * link, the answers it was made from, and the questions the reader skipped
 * (each offered as "Add an answer"). Its files follow from the `downloads`
 * op (planfiles.js).
 * @param {{plan: object, share: string, answers: object}} reply
 * @param {{question: string, label: string}[]} skipped
 */
export function savedPlan(reply, skipped) {
  return { data: reply.plan, share: reply.share, answers: reply.answers, skipped };
}

/** Today in the reader's own time zone, as YYYY-MM-DD: the calendar's first week starts then. */
export function todayIso() {
  const today = new Date();
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
}

/**
 * The questions the engine shows a reader with `answers` that they left
 * unanswered, each with the words that name it in "Where you are".
 * @param {import("./planner.js").Planner} planner
 * @param {Map<string, any>} byId  the questions file's questions, by id
 * @param {Record<string, unknown>} answers  checked answers
 * @param {string[] | null} [shown]  the ids of the questions shown, when the page knows them already
 */
export async function skippedQuestions(planner, byId, answers, shown = null) {
  const { visible } = shown ? { visible: shown } : await planner.request({ op: "visible", answers });
  return visible.filter((/** @type {string} */ id) => !(id in answers) && byId.has(id)).map((/** @type {string} */ id) => {
    const question = byId.get(id);
    return { question: id, label: question.summary || question.text };
  });
}
