"""The page's side of a reader's progress (web/progress.js), run in Node: the week by date,
what a check-in keeps, a tick and a habit count, and what the engine is sent."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, node_available

WEB = ROOT / "src/plangen/web"

PROBE = r"""
const p = await import(process.argv[2] + "/progress.js");
const plan = { steps: [
  { section: "a", kind: "once", week: 1 }, { section: "b", kind: "once", week: 3 },
  { section: "h", kind: "habit", week: 1 }, { section: "c", kind: "checkpoint", week: 4 },
] };
let progress = p.readProgress({ started: "2026-11-30", week: 2, done: { b: 2 } }, "2026-12-20");
const out = {
  weeks: ["2026-11-30", "2026-12-06", "2026-12-07", "2027-02-28", "2026-11-29"].map((d) => p.weekOnDate("2026-11-30", d)),
  badStart: p.readProgress({ started: "2026-02-30" }, "2026-12-20").started,
  checkin: p.checkinFrom(5, { applications: " 12 ", replies: "", interviews: "2.5", energy: "tired" }),
  checkinEnergy: p.checkinFrom(5, { energy: "low" }).energy,
  due: p.checkinDue(progress, "2026-12-20"),
  dueAfterOne: p.checkinDue(p.withCheckin(progress, { week: 3 }), "2026-12-20"),
  counted: p.countOf(p.withCount(progress, "h", 2, 3), "h", 2),
  uncounted: p.withCount(p.withCount(progress, "h", 2, 3), "h", 2, 0).counts.h,
  ticked: p.withTick(progress, "a", true).done,
  unticked: p.withTick(progress, "b", false).done,
  moved: p.movedTo(progress, plan, 4),
  sent: p.progressFor({ progress: { started: "2026-11-30", week: 2, done: { b: 2 } }, ticks: { a: true, b: true, h: true },
                        plan: { data: plan } }).done,
};
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    if not node_available():
        pytest.fail("Node is needed for this test; run ./dev test, which installs it")
    folder = tmp_path_factory.mktemp("progress-js")
    for name in ("progress.js", "saved.js"):
        shutil.copy(WEB / name, folder / name)
    (folder / "package.json").write_text('{"type": "module"}')
    script = folder / "probe.mjs"
    script.write_text(PROBE)
    result = subprocess.run(["node", str(script), folder.as_uri()], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_week_by_date_counts_seven_days_from_the_start(probe):
    assert probe["weeks"] == [1, 1, 2, 13, 0]


def test_a_start_date_that_is_not_a_calendar_date_is_replaced_by_today(probe):
    assert probe["badStart"] == "2026-12-20"


def test_a_check_in_keeps_whole_numbers_and_skips_the_rest(probe):
    assert probe["checkin"] == {"week": 5, "applications": 12, "replies": None, "interviews": None, "energy": None}
    assert probe["checkinEnergy"] == "low"


def test_a_check_in_is_due_for_the_week_the_date_reached_until_it_is_made(probe):
    assert probe["due"] == 3 and probe["dueAfterOne"] is None


def test_a_habit_count_is_kept_per_week_and_zero_removes_it(probe):
    assert probe["counted"] == 3 and probe["uncounted"] == {}


def test_a_tick_notes_the_week_it_was_made_and_an_untick_removes_it(probe):
    assert probe["ticked"] == {"b": 2, "a": 2} and probe["unticked"] == {}


def test_moving_on_keeps_what_each_past_week_held(probe):
    assert probe["moved"]["week"] == 4 and probe["moved"]["planned"] == {"2": 0, "3": 1}


def test_the_engine_is_sent_the_ticked_one_off_steps_with_their_weeks(probe):
    assert probe["sent"] == {"a": 1, "b": 2}
