"""A small chart of one indicator's values over periods, one line per document, as
inline SVG drawn by matplotlib (offline, deterministic: no date, fixed ids)."""

from __future__ import annotations

import io
from decimal import Decimal

_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "nianbao", "font.size": 8}


def line_chart(series: dict[str, list[tuple[str, Decimal]]], unit: str) -> str:
    """The SVG text of a chart: ``series`` maps a label (the document) to (period, value)
    points. Labels go in the page's legend, so the chart itself holds only ASCII."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    with pyplot.rc_context(_STYLE):
        figure = Figure(figsize=(4, 2.2))
        axes = figure.add_subplot()
        periods = sorted({p for points in series.values() for p, _ in points})
        for index, (_, points) in enumerate(sorted(series.items())):
            xs = [periods.index(p) for p, _ in points]
            axes.plot(xs, [float(v) for _, v in points], marker="o", label=f"({index + 1})")
        axes.set_xticks(range(len(periods)), periods)
        axes.set_ylabel(unit.encode("ascii", "replace").decode() if unit.isascii() else "")
        axes.legend(loc="best", fontsize=6)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]
