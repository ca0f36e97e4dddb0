"""The website's version of an explorer: when it is made, which stops it offers, and its budget.

What every explorer's website version must be (a picture and caption per stop, linked
sliders) is part of the contract in tests/test_explorer_contract.py; the pages themselves
are checked in a browser by tests/test_pages.py (explorer_moves.py).
"""

from __future__ import annotations

import re

import ipywidgets
import pytest

import lossutils.explorers
from lossutils.explorers import EntropyExplorer, KLFitExplorer, web_frames


def test_live_version_by_default_and_web_version_when_asked(monkeypatch):
    explorer = EntropyExplorer(weights=(3, 1))
    monkeypatch.delenv(web_frames.WEB_FRAMES_VARIABLE, raising=False)
    assert isinstance(explorer.widget().children[1], ipywidgets.HTML)
    monkeypatch.setenv(web_frames.WEB_FRAMES_VARIABLE, "1")
    assert isinstance(explorer.widget(), web_frames.WebExplorer)
    assert isinstance(explorer.widget(web=False).children[1], ipywidgets.HTML)


def test_a_chapter_can_choose_the_stops_by_slider_label():
    explorer = EntropyExplorer(weights=(26, 4), labels=("triangles", "circles"))
    web = explorer.widget(web=True, web_stops={"triangles": (1, 14), "circles": (16, 29)})
    assert web.stops == {"w0": [1, 14, 26], "w1": [4, 16, 29]}
    assert web.html.count('<input type="range"') == 2
    assert 'value="2" data-labels="[&quot;1&quot;, &quot;14&quot;, &quot;26&quot;]"' in web.html
    with pytest.raises(ValueError, match=r"`web_stops` names \['squares'\], which are not sliders here"):
        explorer.widget(web=True, web_stops={"squares": (1, 2)})


def test_without_the_website_script_the_notebook_shows_the_start_and_says_to_run_the_cell():
    web = EntropyExplorer(weights=(26, 4)).widget(web=True)
    assert '<div class="lossutils-web-controls" hidden>' in web.html
    assert re.search(r'<p class="lossutils-web-note" data-explorer="[^"]*" hidden>', web.html)
    assert "Run this cell to move its sliders." in web.html


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
