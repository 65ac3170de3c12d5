"""The SVG charts: geometry a reader relies on, escaping, and the awkward cases.

Charts are parsed as XML, so a label that broke the markup fails every test here.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from kompetens.report.charts import ChartLabels, bar_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.attrib["viewBox"].split())
    return x, y, x + w, y + h


def _points(polygon: ET.Element) -> list[tuple[float, float]]:
    pairs = polygon.attrib["points"].split()
    return [(float(a), float(b)) for a, b in (p.split(",") for p in pairs)]


def _centre(root: ET.Element) -> tuple[float, float]:
    axis = root.find(f".//{SVG}line[@class='axis']")
    assert axis is not None
    return float(axis.attrib["x1"]), float(axis.attrib["y1"])


def _areas(means: list[float | None], title: str = "Area") -> list[dict[str, Any]]:
    return [
        {"id": f"area-{i}", "title": f"{title} {i}", "mean": mean} for i, mean in enumerate(means)
    ]


def _all_coordinates(root: ET.Element) -> list[tuple[float, float]]:
    """Every point the chart draws at: polygon vertices, circles, line ends, text anchors.

    The legend is left out: its swatches are drawn at their own origin in a moved group.
    """
    found: list[tuple[float, float]] = []
    for element in root:
        tag = element.tag.removeprefix(SVG)
        attrs = element.attrib
        if tag == "g" and attrs.get("class") == "legend":
            continue
        if tag == "polygon":
            found.extend(_points(element))
        elif tag == "circle":
            found.append((float(attrs["cx"]), float(attrs["cy"])))
        elif tag == "line":
            found.append((float(attrs["x1"]), float(attrs["y1"])))
            found.append((float(attrs["x2"]), float(attrs["y2"])))
        elif tag in ("text", "tspan") and "x" in attrs and "y" in attrs:
            found.append((float(attrs["x"]), float(attrs["y"])))
        found.extend(_all_coordinates(element))
    return found


@pytest.mark.parametrize("count", [3, 4, 5, 8, 12])
def test_radar_points_lie_within_the_viewbox(count: int) -> None:
    means = [1 + (i * 1.7) % 4 for i in range(count)]
    root = _parse(radar_chart(_areas(means), 4, 1, 5, baseline=[m - 0.5 for m in means]))
    x0, y0, x1, y1 = _viewbox(root)
    coordinates = _all_coordinates(root)
    assert len(coordinates) > 4 * count
    for x, y in coordinates:
        assert x0 <= x <= x1 and y0 <= y <= y1, (x, y)
    axes = root.findall(f".//{SVG}line[@class='axis']")
    assert len(axes) == count
    points = root.findall(f".//{SVG}g[@class='series-you']/{SVG}circle")
    assert len(points) == count
    for point in points:
        assert x0 <= float(point.attrib["cx"]) <= x1
        assert y0 <= float(point.attrib["cy"]) <= y1


@pytest.mark.parametrize("count", [3, 12])
def test_radar_labels_fit_the_viewbox(count: int) -> None:
    """Estimated label extents stay inside, even with long Finnish compound words."""
    title = "Palvelujärjestelmäosaamisen kehittäminen ja johtaminen"
    root = _parse(radar_chart(_areas([3.0] * count, title), 4, 1, 5))
    x0, _, x1, _ = _viewbox(root)
    group = root.find(f".//{SVG}g[@class='labels']")
    assert group is not None
    font_size = float(group.attrib["font-size"])
    for text in root.findall(f".//{SVG}text[@class='axis-label']"):
        anchor = text.attrib["text-anchor"]
        for span in text.findall(f"{SVG}tspan"):
            width = len(span.text or "") * font_size * 0.55
            x = float(span.attrib["x"])
            left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
            assert x0 <= left and left + width <= x1, (span.text, left, width)


def test_higher_mean_plots_further_from_the_centre() -> None:
    means = [1.5, 4.5, 3.0, 2.0, 5.0]
    root = _parse(radar_chart(_areas(means), 4, 1, 5))
    cx, cy = _centre(root)
    distance = {
        p.attrib["data-area"]: math.dist((cx, cy), (float(p.attrib["cx"]), float(p.attrib["cy"])))
        for p in root.findall(f".//{SVG}g[@class='series-you']/{SVG}circle")
    }
    ordered = sorted(distance, key=distance.__getitem__)
    assert ordered == [f"area-{i}" for i in sorted(range(len(means)), key=means.__getitem__)]
    # The scale maximum reaches the rim: the end of the axis.
    axis = root.find(f".//{SVG}line[@class='axis']")
    assert axis is not None
    rim = math.dist((cx, cy), (float(axis.attrib["x2"]), float(axis.attrib["y2"])))
    assert distance["area-4"] == pytest.approx(rim, abs=0.05)


def test_target_polygon_is_drawn_at_the_target() -> None:
    root = _parse(radar_chart(_areas([2, 3, 4, 5]), 4, 1, 5))
    cx, cy = _centre(root)
    target = root.find(f".//{SVG}polygon[@class='series-target']")
    assert target is not None
    assert target.attrib.get("stroke-dasharray")  # dashed: distinct without colour
    axis = root.find(f".//{SVG}line[@class='axis']")
    assert axis is not None
    rim = math.dist((cx, cy), (float(axis.attrib["x2"]), float(axis.attrib["y2"])))
    for x, y in _points(target):
        assert math.dist((cx, cy), (x, y)) == pytest.approx(rim * 3 / 4, abs=0.05)


def test_chart_is_accessible_and_responsive() -> None:
    labels = ChartLabels(title="Areas against the target", you="You", target="Target")
    for svg in (
        radar_chart(_areas([2, 3, 4]), 4, 1, 5, labels=labels),
        bar_chart(_areas([2, 3, 4]), 4, 1, 5, labels=labels),
    ):
        root = _parse(svg)
        assert root.attrib["role"] == "img"
        assert root.attrib["width"] == "100%"
        assert "height" not in root.attrib
        assert root[0].tag == f"{SVG}title"
        assert root[0].text == "Areas against the target"
        desc = root[1]
        assert desc.tag == f"{SVG}desc"
        assert "Area 0: 2.0" in (desc.text or "")
        legend = root.find(f".//{SVG}g[@class='legend']")
        assert legend is not None
        assert [t.text for t in legend.iter(f"{SVG}text")] == ["You", "Target"]


def test_labels_are_escaped() -> None:
    evil = '<script>alert("x")</script> & <b>'
    areas = [{"id": 'a"><script>', "title": evil, "mean": 3.0}, *_areas([2.0, 4.0])]
    labels = ChartLabels(title=evil, you=evil, not_assessable=evil)
    for svg in (
        radar_chart(areas, 4, 1, 5, labels=labels),
        bar_chart([*areas, {"title": evil, "mean": None, "group": evil}], 4, 1, 5, labels=labels),
    ):
        assert "<script>" not in svg
        assert "<b>" not in svg
        root = _parse(svg)  # still well-formed
        assert root.find(f".//{SVG}script") is None
        texts = " ".join(t for t in root.itertext())
        assert '<script>alert("x")</script> & <b>' in texts


def test_radar_not_assessable_area() -> None:
    root = _parse(radar_chart(_areas([3.0, None, 4.0, 2.0]), 4, 1, 5))
    you = root.find(f".//{SVG}g[@class='series-you']")
    assert you is not None
    assert {p.attrib["data-area"] for p in you.iter(f"{SVG}circle")} == {
        "area-0",
        "area-2",
        "area-3",
    }
    # No closed polygon through the missing area; only the segments between known ones.
    assert you.find(f"{SVG}polygon") is None
    assert len(you.findall(f"{SVG}line")) == 2
    missing = root.findall(f".//{SVG}tspan[@class='not-assessable']")
    assert [m.text for m in missing] == ["not enough answers"]


def test_radar_baseline_series_is_optional() -> None:
    plain = _parse(radar_chart(_areas([3.0, 3.5, 4.0]), 4, 1, 5))
    assert plain.find(f".//{SVG}g[@class='series-baseline']") is None
    compared = _parse(radar_chart(_areas([3.0, 3.5, 4.0]), 4, 1, 5, baseline=[2.0, None, 3.0]))
    earlier = compared.find(f".//{SVG}g[@class='series-baseline']")
    assert earlier is not None
    assert len(earlier.findall(f"{SVG}polygon[@class='point']")) == 2
    legend = compared.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    assert "Earlier" in [t.text for t in legend.iter(f"{SVG}text")]


def test_radar_needs_three_areas() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        radar_chart(_areas([3.0, 4.0]), 4, 1, 5)


def test_radar_numbers_follow_the_language() -> None:
    from kompetens.report.filters import num

    svg = radar_chart(_areas([3.3, 4.0, 2.5]), 4, 1, 5, number=lambda v: num(v, "fi"))
    values = re.findall(r'class="value"[^>]*>([^<]+)<', svg)
    assert values == ["3,3", "4,0", "2,5"]


def _bars(root: ET.Element) -> dict[str, float]:
    return {
        row.attrib["data-component"]: float(bar.attrib["width"])
        for row in root.findall(f".//{SVG}g[@class='row']")
        for bar in row.findall(f"{SVG}rect[@class='bar']")
    }


def test_bar_lengths_follow_the_means_and_the_target_line() -> None:
    components = _areas([1.0, 2.5, 5.0, 4.0])
    root = _parse(bar_chart(components, 4, 1, 5))
    widths = _bars(root)
    assert widths["area-1"] < widths["area-3"] < widths["area-2"]
    tracks = root.findall(f".//{SVG}rect[@class='track']")
    left = float(tracks[0].attrib["x"])
    full = float(tracks[0].attrib["width"])
    assert widths["area-2"] == pytest.approx(full)
    target = root.find(f".//{SVG}line[@class='target']")
    assert target is not None
    assert float(target.attrib["x1"]) == pytest.approx(left + full * 3 / 4)
    x0, _, x1, y1 = _viewbox(root)
    for element in root.iter(f"{SVG}rect"):
        if "x" in element.attrib and element.attrib.get("class") in ("bar", "track"):
            assert x0 <= float(element.attrib["x"]) <= x1
            assert float(element.attrib["y"]) + float(element.attrib["height"]) <= y1


def test_bar_not_assessable_shows_a_label_not_a_bar() -> None:
    components = [*_areas([3.0]), {"id": "missing", "title": "Ethics", "mean": None}]
    root = _parse(bar_chart(components, 4, 1, 5))
    assert set(_bars(root)) == {"area-0"}
    row = root.find(f".//{SVG}g[@data-component='missing']")
    assert row is not None
    label = row.find(f"{SVG}text[@class='not-assessable']")
    assert label is not None and label.text == "not enough answers"
    assert row.find(f"{SVG}text[@class='value']") is None


def test_bar_groups_and_baseline_markers() -> None:
    components = [
        {"id": "a.1", "title": "One", "mean": 3.0, "group": "Area A"},
        {"id": "a.2", "title": "Two", "mean": 4.0, "group": "Area A"},
        {"id": "b.1", "title": "Three", "mean": None, "group": "Area B"},
    ]
    root = _parse(bar_chart(components, 4, 1, 5, baseline=[2.0, None, 3.5]))
    groups = [t.text for t in root.iter(f"{SVG}text") if t.attrib.get("class") == "group"]
    assert groups == ["AREA A", "AREA B"]
    markers = root.findall(f".//{SVG}polygon[@class='baseline-marker']")
    assert [float(m.attrib["data-value"]) for m in markers] == [2.0, 3.5]
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    assert "Earlier" in [t.text for t in legend.iter(f"{SVG}text")]


@pytest.mark.parametrize("count", [1, 11, 40])
def test_bar_chart_grows_with_rows(count: int) -> None:
    root = _parse(bar_chart(_areas([3.0] * count), 4, 1, 5))
    _, _, _, bottom = _viewbox(root)
    rows = root.findall(f".//{SVG}g[@class='row']")
    assert len(rows) == count
    last_track = root.findall(f".//{SVG}rect[@class='track']")[-1]
    assert float(last_track.attrib["y"]) < bottom


def test_scale_values_are_clamped() -> None:
    """A mean outside the scale (a hand-edited file) must not draw outside the chart."""
    root = _parse(radar_chart(_areas([9.0, -3.0, 3.0]), 4, 1, 5))
    x0, y0, x1, y1 = _viewbox(root)
    for point in root.findall(f".//{SVG}g[@class='series-you']/{SVG}circle"):
        assert x0 <= float(point.attrib["cx"]) <= x1
        assert y0 <= float(point.attrib["cy"]) <= y1
