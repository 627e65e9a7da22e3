"""The head's charts as PNG bytes (matplotlib, Agg): Persian labels in the bundled Vazirmatn font.

Matplotlib lays text out with libraqm, so Persian letters join and run right to left as written (no
reshaping beforehand; reshaped text would be reversed twice). Every label arrives display-ready from the
caller (Jalali dates as strings); numbers on the axes get Persian digits here. Each chart is exactly
``SIZE`` pixels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from documents.pdf import FONT_DIR, FONT_FAMILY
from domain.text import fa

#: Width and height of every chart, in pixels.
SIZE = (1000, 600)
_DPI = 100
_COLOURS = ("#125488", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#8d99ae", "#6d597a", "#b5838d")
_registered = False


def _font() -> None:
    """Register the bundled font with matplotlib once."""
    global _registered
    if not _registered:
        for name in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"):
            font_manager.fontManager.addfont(str(FONT_DIR / name))
        _registered = True


def _figure(title: str) -> tuple[Figure, Axes]:
    _font()
    figure = Figure(figsize=(SIZE[0] / _DPI, SIZE[1] / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontfamily=FONT_FAMILY, fontsize=15, fontweight="bold")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fa(f"{value:g}")))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", alpha=0.3)
    return figure, axes


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)  # no tight box: the size stays SIZE
    return buffer.getvalue()


def _labels(axes: Axes, labels: Sequence[str], rotation: int = 0) -> None:
    positions = list(range(len(labels)))
    axes.set_xticks(positions)
    axes.set_xticklabels(
        labels, fontfamily=FONT_FAMILY, fontsize=10, rotation=rotation, ha="right" if rotation else "center"
    )


def stacked_bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> bytes:
    """Bars per category, stacked by series (counts by service and status); a legend of the series."""
    figure, axes = _figure(title)
    bottoms = [0] * len(categories)
    for index, (label, values) in enumerate(series):
        axes.bar(
            range(len(categories)), values, bottom=bottoms, label=label, color=_COLOURS[index % len(_COLOURS)]
        )
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    _labels(axes, categories)
    if series:
        axes.legend(prop={"family": FONT_FAMILY, "size": 9}, loc="upper left")
    figure.subplots_adjust(bottom=0.12, top=0.9)
    return _png(figure)


def grouped_bars(
    title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], unit: str
) -> bytes:
    """Bars per category, side by side per series (median and 90th percentile per service)."""
    figure, axes = _figure(title)
    width = 0.8 / max(len(series), 1)
    for index, (label, values) in enumerate(series):
        offset = (index - (len(series) - 1) / 2) * width
        axes.bar(
            [i + offset for i in range(len(categories))],
            values,
            width=width,
            label=label,
            color=_COLOURS[index % len(_COLOURS)],
        )
    _labels(axes, categories)
    axes.set_ylabel(unit, fontfamily=FONT_FAMILY)
    axes.yaxis.set_major_locator(MaxNLocator())
    if series:
        axes.legend(prop={"family": FONT_FAMILY, "size": 9}, loc="upper left")
    figure.subplots_adjust(bottom=0.12, top=0.9)
    return _png(figure)


def daily_line(title: str, days: Sequence[str], values: Sequence[int]) -> bytes:
    """Requests per day over the period; ``days`` are Jalali labels (a tick every few days)."""
    figure, axes = _figure(title)
    axes.plot(range(len(days)), values, marker="o", color=_COLOURS[0])
    step = max(1, len(days) // 12)
    axes.set_xticks(list(range(0, len(days), step)))
    axes.set_xticklabels(list(days[::step]), fontfamily=FONT_FAMILY, fontsize=9, rotation=45, ha="right")
    axes.set_ylim(bottom=0)
    figure.subplots_adjust(bottom=0.2, top=0.9)
    return _png(figure)
