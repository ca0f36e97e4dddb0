"""The website's version of every explorer: pictures drawn in advance, linked to its sliders.

Every explorer that ``lossutils.explorers`` exports is built with ``widget(web=True)``
and taken apart: one picture per combination of stops, each with the alt text that
``describe()`` gives for its setting, every stack of a level linked to its slider,
and the explorer left where it started. The pages themselves are checked in a
browser by tests/test_browser.py.
"""

from __future__ import annotations

import html
import json
import math
import re

import ipywidgets
import pytest

import lossutils.explorers
from lossutils.explorers import EntropyExplorer, Explorer, KLFitExplorer, web_frames

EXPLORERS = sorted(
    (obj for obj in vars(lossutils.explorers).values()
     if isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer),
    key=lambda cls: cls.__name__,
)
IMG = re.compile(r'<img data-setting="([^"]*)" src="data:image/png;base64,[A-Za-z0-9+/=]+" '
                 r'width="(\d+)" alt="([^"]*)">')


def leaves(stack) -> list:
    """The pictures under a stack, in the order of its stops (nested stacks flattened)."""
    if isinstance(stack, ipywidgets.Stack):
        return [leaf for child in stack.children for leaf in leaves(child)]
    return [stack]




@pytest.fixture(scope="module", params=EXPLORERS, ids=lambda cls: cls.__name__)
def built(request):
    explorer = request.param()
    before = dict(explorer.params)
    box = explorer.widget(web=True)
    return explorer, before, box


def test_every_explorer_has_a_website_version(built):
    explorer, _, box = built
    sliders, note, pictures = box.children
    assert sliders.children and all(isinstance(s, ipywidgets.SelectionSlider) for s in sliders.children)
    assert isinstance(pictures, ipywidgets.Stack)
    frames = math.prod(len(s.options) for s in sliders.children)
    assert len(leaves(pictures)) == frames <= explorer.WEB_FRAME_BUDGET
    assert f"shows {frames} pictures drawn in advance" in note.value
    assert repr(box) == f"{explorer!r}.widget()"


def test_each_picture_shows_what_describe_says_for_its_setting(built):
    explorer, before, box = built
    sliders = box.children[0].children
    controls = explorer._controls(ipywidgets)
    names = {c.description: name for name, c in controls.items()}
    expected_settings = [{}]
    for slider in sliders:  # the stops, in the nesting order of the stacks
        expected_settings = [{**s, names[slider.description]: v}
                             for s in expected_settings for _, v in slider.options]
    for leaf, varied in zip(leaves(box.children[2]), expected_settings, strict=True):
        match = IMG.fullmatch(leaf.value)
        assert match, leaf.value[:200]
        setting = json.loads(html.unescape(match.group(1)))
        assert varied.items() <= setting.items()
        params = {**before, **explorer._params_from_controls(setting)}
        alt = explorer.describe(explorer.compute(**params))
        assert html.unescape(match.group(3)) == alt
        assert int(match.group(2)) == round(explorer.fig.get_figwidth() * explorer.fig.dpi)


def test_sliders_are_linked_to_every_stack_of_their_level(built):
    _, _, box = built
    sliders = box.children[0].children
    sources = {id(link.target[0]): link.source for link in box.web_links}
    assert all(link.target[1] == "selected_index" for link in box.web_links)
    level = [box.children[2]]
    for slider in sliders:
        for stack in level:
            assert sources.pop(id(stack)) == (slider, "index")
            assert stack.selected_index == slider.index
        level = [child for stack in level for child in stack.children]
    assert not sources, "links to stacks that are not part of the pictures"


def test_the_explorer_is_left_where_it_started(built):
    explorer, before, _ = built
    assert explorer.params == before
    assert explorer.fig.dpi == 100


def test_live_version_by_default_and_web_version_when_asked(monkeypatch):
    explorer = EntropyExplorer(weights=(3, 1))
    monkeypatch.delenv(web_frames.WEB_FRAMES_VARIABLE, raising=False)
    assert isinstance(explorer.widget().children[1], ipywidgets.HTML)
    monkeypatch.setenv(web_frames.WEB_FRAMES_VARIABLE, "1")
    assert isinstance(explorer.widget().children[2], ipywidgets.Stack)
    assert isinstance(explorer.widget(web=False).children[1], ipywidgets.HTML)


def test_a_chapter_can_choose_the_stops_by_slider_label():
    explorer = EntropyExplorer(weights=(26, 4), labels=("triangles", "circles"))
    box = explorer.widget(web=True, web_stops={"triangles": (1, 14), "circles": (16, 29)})
    sliders = box.children[0].children
    assert [[v for _, v in s.options] for s in sliders] == [[1, 14, 26], [4, 16, 29]]
    assert [s.value for s in sliders] == [26, 4]
    with pytest.raises(ValueError, match=r"`web_stops` names \['squares'\], which are not sliders here"):
        explorer.widget(web=True, web_stops={"squares": (1, 2)})


def test_too_many_pictures_are_refused():
    explorer = KLFitExplorer()
    many = {"separation": [i / 5 for i in range(26)], "left weight": [0.2, 0.4, 0.6, 0.8]}
    with pytest.raises(ValueError, match=r"asks for 104 pictures; at most WEB_FRAME_BUDGET = 40"):
        explorer.widget(web=True, web_stops=many)


def test_evenly_spaced_stops_span_the_slider_and_keep_its_value():
    slider = ipywidgets.FloatSlider(value=3.2, min=-6.0, max=6.0, step=0.1)
    stops = web_frames.evenly_spaced_stops(slider, 13)
    assert stops[0] == -6.0 and stops[-1] == 6.0 and 3.2 in stops and len(stops) == 14
    assert all(isinstance(v, float) for v in stops)
    counts = web_frames.evenly_spaced_stops(ipywidgets.IntSlider(value=26, min=0, max=30), 13)
    assert counts == [0, 3, 6, 9, 12, 15, 18, 21, 24, 26, 27, 30]
    menu = ipywidgets.Dropdown(options=[("dog", 0), ("cat", 1)], value=1)
    assert web_frames.evenly_spaced_stops(menu, 13) == [0, 1]


def test_repr_is_the_call_that_makes_the_explorer():
    explorer = EntropyExplorer((8, 4, 2, 2), max_weight=20)
    assert repr(explorer) == "EntropyExplorer(weights=(8, 4, 2, 2), max_weight=20)"
    rebuilt = eval(repr(explorer), vars(lossutils.explorers))
    assert rebuilt.params == explorer.params and rebuilt.max_weight == explorer.max_weight
