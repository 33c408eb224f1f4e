"""Five readers the site is written for, as answer sets."""

PERSONAS: dict[str, dict[str, object]] = {
    "laid-off-short-runway": {
        "situation": "laid-off", "goal": "same-role", "work_pattern": "full-time", "role": "payroll specialist", "background": "payroll at a retailer",
        "experience": "mid", "search_length": "under-3-months", "channels": ["job-boards"],
        "blockers": ["no-callbacks"], "hours": 25 // 2, "runway": "under-1", "networking_comfort": 3,
        "community": "online", "ai_use": "often",
    },
    "mid-career-changer": {
        "situation": "employed", "goal": "pivot", "work_pattern": "full-time", "role": "UX research", "background": "secondary school teaching",
        "experience": "senior", "search_length": "3-6-months", "channels": ["direct"],
        "blockers": ["no-network", "no-direction"], "hours": 6, "pivot_reason": "meaning",
        "networking_comfort": 4, "community": "in-person", "ai_use": "sometimes",
    },
    "new-graduate": {
        "situation": "student", "goal": "unsure", "work_pattern": "open", "role": "", "background": "a biology degree",
        "experience": "early", "search_length": "over-6-months", "channels": ["job-boards", "recruiters"],
        "blockers": ["confidence", "burnout"], "hours": 15, "networking_comfort": 2, "community": "both",
        "ai_use": "wary",
    },
    "returning-after-a-break": {
        "situation": "returning", "goal": "step-up", "work_pattern": "full-time", "role": "operations manager", "background": "caring for family",
        "experience": "senior", "search_length": "under-3-months", "hours": 8, "runway": "3-6",
        "blockers": ["interviews-stall"], "interview_stage": "final", "networking_comfort": 1,
        "community": "none-yet", "ai_use": "never",
    },
    "employed-but-stuck": {
        "situation": "pushed-out", "goal": "step-up", "work_pattern": "full-time", "role": "engineering manager", "background": "backend engineering",
        "experience": "mid", "search_length": "over-6-months", "channels": ["referrals", "recruiters"],
        "blockers": ["interviews-stall"], "interview_stage": "middle", "hours": 4, "runway": "steady",
        "networking_comfort": 5, "community": "online", "ai_use": "sometimes",
    },
    "visa-limited": {
        "situation": "employed", "goal": "same-role", "work_pattern": "full-time", "role": "data analyst",
        "background": "analytics at a bank", "experience": "mid", "constraints": ["visa"],
        "visa_need": "time-limited", "search_length": "under-3-months", "channels": ["job-boards", "direct"],
        "blockers": ["no-callbacks"], "hours": 6, "networking_comfort": 3, "community": "online",
        "automation_worry": "no", "ai_use": "sometimes",
    },
    "caregiver-part-time": {
        "situation": "returning", "goal": "same-role", "work_pattern": "part-time", "role": "bookkeeping",
        "background": "caring for a parent", "experience": "mid", "constraints": ["caregiving"],
        "search_length": "not-started", "starting_worries": ["confidence"], "hours": 2, "runway": "1-3",
        "networking_comfort": 2, "community": "online", "automation_worry": "somewhat", "ai_use": "never",
    },
    "older-worker-automated": {
        "situation": "pushed-out", "goal": "same-role", "work_pattern": "full-time", "role": "logistics planning",
        "background": "warehouse supervision", "experience": "senior", "constraints": ["age"],
        "search_length": "3-6-months", "channels": ["recruiters"], "blockers": ["no-direction", "no-network"],
        "hours": 8, "runway": "3-6", "networking_comfort": 4,
        "community": "in-person", "automation_worry": "yes", "ai_use": "wary",
    },
    "two-hundred-applications": {
        "situation": "laid-off", "goal": "same-role", "work_pattern": "full-time", "role": "marketing coordinator",
        "background": "a software company", "experience": "mid", "search_length": "over-6-months",
        "channels": ["job-boards"], "blockers": ["no-callbacks", "confidence"], "hours": 20, "runway": "3-6",
        "networking_comfort": 3, "community": "online", "automation_worry": "no", "ai_use": "often",
    },
}
