"""What the cells of benchmarks/lab_paint.py's notebook run in its kernel.

A first widget shows what JupyterLab itself costs (``floor_widget``). Then each
explorer appears twice, as a reader would meet it: its live ``widget(web=False)``,
and the same slider redrawing with ``ipywidgets.interactive``, whose function shows a
new figure for the slider's value (benchmarks/new_figure.py). Each box and its
measured slider get CSS classes (``box_class``, ``FLOOR_CLASS``, ``SLIDER_CLASS``) by which the
browser side finds them; nothing else of the widget's inside is relied on.
"""

from __future__ import annotations

from benchmarks.explorer_cases import EXPLORER_CASES, slider_named, sliders
from benchmarks.new_figure import NewFigures, explorer_class, slider_like

SLIDER_CLASS = "lab-paint-slider"
FLOOR_CLASS = "lab-paint-floor"
FLOOR_SLIDER = (50, 100)  # the floor slider's start and last step


def box_class(name: str, kind: str) -> str:
    """The CSS class of the box of explorer ``name``, ``kind`` 'explorer' or 'new-figure'."""
    return f"lab-paint-{name}-{kind}"


def floor_widget():
    """The least a picture behind a slider can cost: a slider whose every change shows a new
    one-pixel PNG in an ``ipywidgets.HTML``, as an explorer's widget shows its picture. What
    JupyterLab, the kernel and the browser take for a slider change, whatever is drawn."""
    import base64
    import io

    import ipywidgets
    import matplotlib.image

    def picture(value: int) -> str:
        buffer = io.BytesIO()
        matplotlib.image.imsave(buffer, [[[value / 100, 0.0, 0.0]]], format="png")
        return f'<img src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'

    start, last = FLOOR_SLIDER
    slider = ipywidgets.IntSlider(value=start, min=0, max=last, description="floor")
    html = ipywidgets.HTML(picture(slider.value))
    slider.observe(lambda change: setattr(html, "value", picture(change["new"])), names="value")
    slider.add_class(SLIDER_CLASS)
    box = ipywidgets.VBox([slider, html])
    box.add_class(FLOOR_CLASS)
    return box


def explorer_widget(name: str):
    """The live widget of the explorer's first case, its case's slider marked."""
    case = EXPLORER_CASES[name][0]
    box = explorer_class(name)(**case.init).widget(web=False)
    slider_named(sliders(box), case).add_class(SLIDER_CLASS)
    box.add_class(box_class(name, "explorer"))
    return box


def new_figure_widget(name: str, moves: int):
    """``ipywidgets.interactive`` showing a new figure for the value of the same slider, its
    parameters learnt for the values within ``moves`` steps of the start beforehand."""
    import ipywidgets
    from IPython.display import Image, display

    figures = NewFigures(explorer_class(name), EXPLORER_CASES[name][0])
    figures.learn(figures.values_near_start(moves))
    slider = slider_like(figures.slider)
    slider.add_class(SLIDER_CLASS)
    box = ipywidgets.interactive(lambda value: display(Image(figures.png(value))), value=slider)
    box.add_class(box_class(name, "new-figure"))
    return box
