"""Repeated measurements and their summary (median, min–max)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Metric:
    """One named measurement taken ``len(values)`` times."""

    label: str
    unit: str  # "ms", "s", "bytes", "ratio" or "%"
    values: list[float] = field(default_factory=list)
    note: str = ""

    def add(self, value: float) -> None:
        self.values.append(float(value))

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def low(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def high(self) -> float | None:
        return max(self.values) if self.values else None

    def to_json(self) -> dict:
        return {"label": self.label, "unit": self.unit, "median": self.median, "min": self.low,
                "max": self.high, "n": len(self.values), "values": self.values, "note": self.note}


def ratio_metric(label: str, numerator: Metric, denominator: Metric, note: str = "") -> Metric:
    """Run-by-run ratio of two metrics measured alternately (pairs by index)."""
    metric = Metric(label, "ratio", note=note)
    for top, bottom in zip(numerator.values, denominator.values):
        if bottom:
            metric.add(top / bottom)
    return metric


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]
