"""The contract every explorer keeps, checked on every explorer that ``lossutils.explorers`` exports.

As scikit-learn's ``check_estimator`` runs over every estimator, these tests run over every
``Explorer`` subclass, with its default arguments and one other setting reached by moving its
first slider to the other end:

- ``update`` changes the same figure and artists in place, creates no pyplot figure, and its
  reading is ``compute``'s;
- a bad update raises and leaves parameters, reading and picture as they were;
- the fast redraw (blitting) gives the picture a full draw gives, pixel for pixel;
- no text in the picture changes with the setting: the changing numbers are in the caption;
- the widget drives the same figure, and shows its canvas with ``describe()`` as alt text
  and caption;
- on the website, each picture drawn in advance carries the caption ``describe()`` gives
  for its setting and the positions of the web controls it belongs to, and the picture
  the explorer starts at is the one shown.

What is particular to one explorer (its numbers, its shapes) is tested in its own file.
"""

from __future__ import annotations

import html
import importlib
import io
import itertools
import json
import math
import re
import sys

import ipywidgets
import numpy as np
import pytest
from explorer_checks import (
    assert_redraws_like_full_draws,
    full_draw,
    pixels,
    pyplot_figure_count,
    shown_image,
)
from matplotlib.text import Text
from PIL import Image

import lossutils.explorers
from lossutils import plotting
from lossutils.explorers import Explorer, web_frames

EXPLORERS = sorted(
    (obj for obj in vars(lossutils.explorers).values()
     if isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer),
    key=lambda cls: cls.__name__,
)
WEB_PICTURE = re.compile(r'<img data-setting="([^"]*)" src="data:image/png;base64,[A-Za-z0-9+/=]+" '
                         r'width="(\d+)" height="(\d+)" alt="([^"]*)"><p class="lossutils-caption" '
                         r'aria-hidden="true" style="[^"]*">([^<]*)</p>')


def test_every_explorer_is_checked():
    assert len(EXPLORERS) == 11


def first_slider(widget):
    """The first slider (a widget with min and max) inside a widget box."""
    if hasattr(widget, "min") and hasattr(widget, "max"):
        return widget
    return next(filter(None, (first_slider(child) for child in getattr(widget, "children", ()))), None)


def other_end(slider):
    """The end of the slider's range farther from its value."""
    return slider.min if slider.max - slider.value < slider.value - slider.min else slider.max


def other_setting(explorer) -> dict:
    """The explorer's parameters with its first slider moved to the other end of its range."""
    controls = explorer._controls(ipywidgets)
    values = {name: control.value for name, control in controls.items()}
    name = next(name for name, control in controls.items() if control is first_slider(control))
    values[name] = other_end(controls[name])
    return explorer._params_from_controls(values)


def poisoned(value):
    """``value`` with every number made NaN (and every string unknown): a bad parameter."""
    if isinstance(value, (tuple, list)):
        return type(value)(poisoned(v) for v in value)
    if isinstance(value, str):
        return value + " (no such option)"
    return float("nan")


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.fixture(params=EXPLORERS, ids=lambda cls: cls.__name__)
def explorer(request):
    return request.param()


def test_update_changes_the_same_figure_in_place(explorer):
    figures, fig, artists = pyplot_figure_count(), explorer.fig, explorer.animated_artists
    assert artists, "an explorer animates the artists that change"
    params = other_setting(explorer)
    before = pixels(fig)
    reading = explorer.update(**params)
    assert explorer.fig is fig and explorer.animated_artists == artists
    assert pyplot_figure_count() == figures
    assert explorer.params == {**explorer.params, **params}
    assert explorer.describe(reading) == explorer.describe(explorer.compute(**explorer.params))
    assert explorer.describe(reading) != explorer.describe(explorer.compute(**{**explorer.params,
                                                                              **type(explorer)().params}))
    assert not np.array_equal(before, pixels(fig))


def test_a_bad_update_changes_nothing(explorer):
    explorer.update(**explorer.params)
    name = next(iter(explorer.params))
    params, picture = dict(explorer.params), pixels(explorer.fig)
    caption = explorer.describe(explorer.reading)
    with pytest.raises((ValueError, TypeError), match=re.escape(name)):
        explorer.update(**{name: poisoned(explorer.params[name])})
    with pytest.raises(TypeError, match="no_such_parameter"):
        explorer.update(no_such_parameter=1)
    assert explorer.params == params and explorer.describe(explorer.reading) == caption
    np.testing.assert_array_equal(picture, pixels(explorer.fig))


def test_fast_redraw_equals_a_full_draw(explorer):
    assert_redraws_like_full_draws(explorer, [other_setting(explorer), type(explorer)().params])


def test_the_numbers_that_change_are_in_the_caption_not_the_picture(explorer):
    shown = texts(explorer.fig)
    assert not any(isinstance(artist, Text) for artist in explorer.animated_artists)
    explorer.update(**other_setting(explorer))
    assert texts(explorer.fig) == shown


def test_the_widget_drives_the_same_figure(explorer):
    controls, picture = explorer.widget(web=False).children
    first, caption = shown_image(picture.value)
    assert caption == explorer.describe(explorer.reading)
    width = int.from_bytes(first[16:20], "big")  # the first picture is drawn sharp (PNG header)
    assert width == round(explorer.fig.get_figwidth() * plotting.RC_PARAMS["savefig.dpi"])
    slider = first_slider(controls)
    slider.value = other_end(slider)
    png, caption = shown_image(picture.value)
    assert caption == explorer.describe(explorer.reading)
    assert explorer.describe(explorer.reading) == explorer.describe(explorer.compute(**explorer.params))
    np.testing.assert_array_equal(decoded(png), pixels(explorer.fig))  # the canvas itself
    np.testing.assert_array_equal(decoded(png), full_draw(explorer))


@pytest.mark.parametrize("deflate", ["isal", "zlib"])
def test_canvas_png_is_the_canvas_and_deflated(explorer, deflate, monkeypatch):
    if deflate == "zlib":
        monkeypatch.setitem(sys.modules, "isal", None)  # as where isal is not installed
    else:
        importlib.import_module("isal.isal_zlib")  # in requirements.txt: the path readers take
    explorer.update(**explorer.params)
    png = plotting.canvas_png(explorer.fig)
    np.testing.assert_array_equal(decoded(png), pixels(explorer.fig))
    assert len(png) < pixels(explorer.fig).nbytes / 8


# --- the website's version -------------------------------------------------------------

WEB_CONTROL = re.compile(r'<div class="lossutils-web-control"><label>([^<]*) <input type="range" min="0" '
                         r'max="(\d+)" step="1" value="(\d+)" data-labels="([^"]*)" aria-valuetext="([^"]*)">'
                         r'</label><output aria-hidden="true">([^<]*)</output></div>')
WEB_FRAME = re.compile(r'<div class="lossutils-frame" data-stops="([\d,]*)"( hidden)?>(.*?)</div>', re.S)


@pytest.fixture(scope="module", params=EXPLORERS, ids=lambda cls: cls.__name__)
def on_the_website(request):
    explorer = request.param()
    before = dict(explorer.params)
    return explorer, before, explorer.widget(web=True)


def web_controls(web) -> list[tuple]:
    """(label, positions, position, stop labels) of each web control, in order; each reads
    (readout and spoken value) the label of the stop it is at."""
    controls = []
    for label, last, at, labels, valuetext, readout in WEB_CONTROL.findall(web.html):
        labels = json.loads(html.unescape(labels))
        assert len(labels) == int(last) + 1
        assert html.unescape(valuetext) == html.unescape(readout) == labels[int(at)]
        controls.append((html.unescape(label), int(last) + 1, int(at), labels))
    return controls


def test_every_explorer_has_a_website_version(on_the_website):
    explorer, _, web = on_the_website
    controls = web_controls(web)
    assert len(controls) == len(WEB_CONTROL.findall(web.html)) == len(web.stops) >= 1
    frames = math.prod(positions for _, positions, _, _ in controls)
    found = WEB_FRAME.findall(web.html)
    assert len(found) == frames <= explorer.WEB_FRAME_BUDGET
    assert [stops for stops, _, _ in found] == [  # every combination of positions, in order
        ",".join(map(str, at)) for at in itertools.product(*(range(n) for _, n, _, _ in controls))]
    shown = [stops for stops, hidden, _ in found if not hidden]
    assert shown == [",".join(str(at) for _, _, at, _ in controls)]  # where the explorer starts
    assert f"shows {frames} pictures drawn in advance" in web.html
    assert repr(web) == f"{explorer!r}.widget()" and web._repr_html_() == web.html


def test_each_web_picture_has_the_caption_describe_gives_for_its_setting(on_the_website):
    explorer, before, web = on_the_website
    live = explorer._controls(ipywidgets)
    names = {c.description: name for name, c in live.items()}
    controls = web_controls(web)
    for stops, _, content in WEB_FRAME.findall(web.html):
        match = WEB_PICTURE.fullmatch(content)
        assert match, content[:300]
        setting = json.loads(html.unescape(match.group(1)))
        for (label, _, _, labels), at in zip(controls, map(int, stops.split(",")), strict=True):
            assert web_frames._shown(live[names[label]], setting[names[label]]) == labels[at]
        caption = explorer.describe(explorer.compute(**{**before, **explorer._params_from_controls(setting)}))
        assert html.unescape(match.group(4)) == html.unescape(match.group(5)) == caption
        assert int(match.group(2)) == round(explorer.fig.get_figwidth() * explorer.fig.dpi)
        assert int(match.group(3)) == round(explorer.fig.get_figheight() * explorer.fig.dpi)


def test_the_website_version_leaves_the_explorer_where_it_started(on_the_website):
    explorer, before, _ = on_the_website
    assert explorer.params == before and explorer.fig.dpi == 100
    explorer.update(**before)
    np.testing.assert_array_equal(pixels(explorer.fig), full_draw(explorer))
