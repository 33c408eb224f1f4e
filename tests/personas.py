"""Five readers the site is written for, as answer sets."""

PERSONAS: dict[str, dict[str, object]] = {
    "laid-off-short-runway": {
        "situation": "laid-off", "goal": "same-role", "role": "payroll specialist", "background": "payroll at a retailer",
        "experience": "mid", "search_length": "under-3-months", "channels": ["job-boards"],
        "blockers": ["no-callbacks"], "hours": 25 // 2, "runway": "under-1", "networking_comfort": 3,
        "community": "online", "ai_use": "often",
    },
    "mid-career-changer": {
        "situation": "employed", "goal": "pivot", "role": "UX research", "background": "secondary school teaching",
        "experience": "senior", "search_length": "3-6-months", "channels": ["direct"],
        "blockers": ["no-network", "no-direction"], "hours": 6, "pivot_reason": "meaning",
        "networking_comfort": 4, "community": "in-person", "ai_use": "sometimes",
    },
    "new-graduate": {
        "situation": "student", "goal": "unsure", "role": "", "background": "a biology degree",
        "experience": "early", "search_length": "over-6-months", "channels": ["job-boards", "recruiters"],
        "blockers": ["confidence", "burnout"], "hours": 15, "networking_comfort": 2, "community": "both",
        "ai_use": "wary",
    },
    "returning-after-a-break": {
        "situation": "returning", "goal": "step-up", "role": "operations manager", "background": "caring for family",
        "experience": "senior", "search_length": "not-started", "hours": 8, "runway": "3-6",
        "blockers": ["interviews-stall"], "interview_stage": "final", "networking_comfort": 1,
        "community": "none-yet", "ai_use": "never",
    },
    "employed-but-stuck": {
        "situation": "pushed-out", "goal": "step-up", "role": "engineering manager", "background": "backend engineering",
        "experience": "mid", "search_length": "over-6-months", "channels": ["referrals", "recruiters"],
        "blockers": ["interviews-stall"], "interview_stage": "middle", "hours": 4, "runway": "steady",
        "networking_comfort": 5, "community": "online", "ai_use": "sometimes",
    },
}
