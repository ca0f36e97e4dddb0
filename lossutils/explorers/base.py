"""What every explorer shares: pure computation, one figure, in-place updates, a caption.

An explorer is a small class in three layers, kept apart so that each can be tested
and timed on its own:

1. ``compute(**params)`` (a static method) is pure: numbers in, a *reading* out. It
   touches neither matplotlib nor ipywidgets, and it is where bad input is rejected
   with a ``ValueError``/``TypeError`` naming the argument.
2. ``_build`` creates the figure and its artists **once** and marks, with
   :meth:`Explorer.animate`, the artists that change. ``update(**params)`` recomputes
   the reading, changes those artists in place (``set_data``, ``set_height``, ...)
   and redraws them the way matplotlib's blitting guide does: the rest of the figure
   is drawn once and kept as a picture (``copy_from_bbox``); each update restores it
   (``restore_region``), draws the animated artists over it (``draw_artist``) and
   calls ``blit``. The numbers that change (losses, probabilities, margins) are not drawn
   in the picture: ``describe(reading)`` writes them in a caption under it, which is
   also the picture's alt text.
3. ``widget()`` imports ipywidgets lazily and returns the sliders and an
   ``ipywidgets.HTML`` holding the picture (an ``<img>``) and its caption, replaced
   together after every slider change. A notebook saved with its widget state keeps
   the first picture and caption; on the website, pictures drawn in advance switch
   with their captions (:mod:`lossutils.explorers.web_frames`).

A subclass implements ``compute``, ``describe``, ``_build`` (calling ``animate``),
``_show`` and ``_controls``; optionally ``_background_key`` (when a rarely moved
control changes the kept picture), ``_web_stops``, ``_layout_controls`` and, when
slider names differ from parameter names, ``_params_from_controls``.
"""

from __future__ import annotations

import abc
import contextlib
import functools
import html
import inspect
from collections.abc import Iterator, Sequence
from typing import Any

from ..plotting import canvas_png, png_bytes
from . import web_frames
from .picture import picture_html

__all__ = ["Explorer", "two_columns"]


def two_columns(widgets, controls: list):
    """Up to two controls in a column; more in two columns, which keep the figure in view."""
    if len(controls) <= 2:
        return widgets.VBox(controls)
    half = (len(controls) + 1) // 2
    return widgets.HBox([widgets.VBox(controls[:half]), widgets.VBox(controls[half:])])


def _import_ipywidgets():
    """Imports ipywidgets only when a widget is asked for."""
    try:
        import ipywidgets
    except ImportError as err:  # pragma: no cover - ipywidgets is a pinned requirement
        raise ImportError(
            "Explorer.widget() needs ipywidgets; install it with "
            "`pip install ipywidgets` (it is in requirements.txt)."
        ) from err
    return ipywidgets


@functools.cache
def _box_class(widgets):
    """A VBox that shows in plain text as the explorer it holds (nbval compares that text)."""

    class ExplorerBox(widgets.VBox):
        def __repr__(self) -> str:
            return f"{self.explorer_repr}.widget()"

    return ExplorerBox


def _explorer_box(widgets, explorer, children):
    """The box the live ``widget()`` returns (the website's version is HTML, see web_frames)."""
    box = _box_class(widgets)(list(children))
    box.explorer_repr = repr(explorer)
    return box


class Explorer(abc.ABC):
    """Base class of the book's interactive explorers.

    Args:
        **params: the initial value of every parameter that ``update`` accepts.
            Only these names are accepted later.

    Attributes:
        fig: the figure, created once and reused by every update.
        params: the current parameters (a dict).
        reading: the current result of ``compute`` for ``params``.
    """

    #: At most this many pictures are drawn in advance for the website (see :meth:`_web_stops`).
    WEB_FRAME_BUDGET = 40
    #: Kept pictures of the static part, one per value of :meth:`_background_key` (and
    #: resolution): switching back to a value seen before costs no full draw.
    KEPT_BACKGROUNDS = 4

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Makes each subclass remember how it was constructed, for :meth:`__repr__`."""
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None:
            return
        signature = inspect.signature(init)

        @functools.wraps(init)
        def remembering_init(self, *args: Any, **kw: Any) -> None:
            if not hasattr(self, "_init_args"):  # the outermost __init__: the caller's arguments
                self._init_args = dict(list(signature.bind(self, *args, **kw).arguments.items())[1:])
            init(self, *args, **kw)

        cls.__init__ = remembering_init

    def __repr__(self) -> str:
        """The call that makes this explorer, e.g. ``EntropyExplorer(weights=(26, 4))``."""
        args = getattr(self, "_init_args", self.params)
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in args.items())})"

    def __init__(self, **params: Any) -> None:
        self._check_params(params)
        self.params: dict[str, Any] = dict(params)
        self.reading = self.compute(**self.params)
        self._animated: list = []
        self.fig = self._build(self.reading)
        self._show(self.reading)
        self._backgrounds: dict = {}  # key -> pixels of everything not animated, for blitting
        self._freeze_layout()
        self._animated = self._in_drawing_order(self._animated)
        for artist in self._animated:
            artist.set_animated(True)  # from now on canvas.draw() leaves them out

    # --- what a subclass provides -----------------------------------------
    @staticmethod
    @abc.abstractmethod
    def compute(**params: Any) -> Any:
        """Pure computation: parameters in, a reading out (no drawing)."""

    @abc.abstractmethod
    def describe(self, reading: Any) -> str:
        """What the figure shows for ``reading``, in words: the image's alt text."""

    @abc.abstractmethod
    def _build(self, reading: Any):
        """Creates and returns the figure and stores its artists on ``self``."""

    @abc.abstractmethod
    def _show(self, reading: Any) -> None:
        """Updates the artists created by ``_build`` in place."""

    @abc.abstractmethod
    def _controls(self, widgets) -> dict[str, Any]:
        """Returns ``{name: widget}`` for the sliders, given the ipywidgets module."""

    def _check_params(self, params: dict[str, Any]) -> None:  # noqa: B027 (a hook: by default no check)
        """Checks that only apply to this explorer instance (e.g. a fixed size)."""

    def animate(self, *artists) -> None:
        """Marks ``artists`` as the ones ``update`` changes (call it in ``_build``).

        Also list the static artists drawn over them (a reference line on top, say);
        the spines of their axes are added here. Everything else is kept as a picture
        and must not change after construction, except through :meth:`_background_key`.
        """
        for artist in artists:
            if artist not in self._animated:
                self._animated.append(artist)
            spines = artist.axes.spines if artist.axes is not None else {}
            self._animated.extend(spine for spine in spines.values() if spine not in self._animated)

    @property
    def animated_artists(self) -> tuple:
        """The artists each update redraws over the kept picture, in drawing order."""
        return tuple(self._animated)

    def _background_key(self) -> Any:
        """What the cached picture of the static artists depends on, from ``self.params``.

        By default nothing (``None``): the static part never changes. An explorer whose
        "static" artists change with a rarely moved control (a curve per label) returns
        that control's value and does not :meth:`animate` those artists; a picture is
        then kept for each value (up to :attr:`KEPT_BACKGROUNDS`).
        """
        return None

    def _params_from_controls(self, values: dict[str, Any]) -> dict[str, Any]:
        """Maps slider values to ``update`` parameters; by default, same names."""
        return values

    def _layout_controls(self, widgets, controls: list):
        """Arranges the sliders; one column by default."""
        return widgets.VBox(controls)

    def _web_stops(self, controls: dict[str, Any]) -> dict[str, Sequence]:
        """The controls the website offers, each with its stops (values that include its own).

        A picture is drawn for every combination of stops, so their product must stay
        within :attr:`WEB_FRAME_BUDGET`. By default the first control moves, in up to 13
        stops, and the others stay where they are; a subclass chooses what teaches best.
        """
        name, control = next(iter(controls.items()))
        return {name: web_frames.evenly_spaced_stops(control, 13)}

    def _stops_with_current(self, name: str, stops: Sequence) -> list:
        """``stops`` for parameter ``name`` with its current value added (see :meth:`_web_stops`)."""
        return web_frames.stops_including(stops, self.params[name])

    # --- the public contract ----------------------------------------------
    def update(self, **params: Any) -> Any:
        """Recomputes for new parameters and redraws the same figure in place.

        Args:
            **params: any subset of the parameters given at construction.

        Returns:
            The new reading (the result of ``compute``).

        Raises:
            TypeError: a parameter name this explorer does not have.
            ValueError: an invalid value; the figure is left unchanged.
        """
        reading = self._apply(params)
        self._redraw()
        return reading

    def widget(self, web: bool | None = None, web_stops: dict[str, Sequence] | None = None):
        """Sliders and the figure, as an ipywidgets box (imports ipywidgets lazily), or the
        website's version of them.

        Args:
            web: ``False`` gives the live explorer, whose every slider change runs
                :meth:`update` in the kernel; ``True`` gives the website's version,
                where pictures drawn in advance are switched in the browser (see
                :mod:`lossutils.explorers.web_frames`). ``None`` (the default) means
                ``True`` only while a chapter is refreshed for the website, when
                the environment variable ``LOSSUTILS_WEB_FRAMES`` is ``1``.
            web_stops: for the website's version, the values each offered slider
                stops at, by the slider's label (e.g. ``{"triangles": (1, 14, 26)}``);
                its current value is always added. ``None``: the explorer's own
                choice (``_web_stops()``).

        Returns:
            ``ipywidgets.VBox([controls, picture])``, where ``picture`` is an
            ``ipywidgets.HTML`` whose value is the figure as an ``<img>`` with
            alt text from :meth:`describe`, replaced after every slider change.
            The box shows as ``repr(explorer) + ".widget()"`` in plain text. The
            website's version is a :class:`~lossutils.explorers.web_frames.WebExplorer`,
            which displays as HTML (web controls, note, every picture with its
            caption) and in plain text as the box does.

        The live picture lives in the widget's state, not in a cell output: the
        swap is atomic (nothing flickers), screen readers get the alt text, and
        a test runner that does not emulate widgets (nbval) sees no stray output.
        """
        widgets = _import_ipywidgets()
        controls = self._controls(widgets)
        if web is None:
            web = web_frames.web_frames_requested()
        if web:
            stops = (self._web_stops(controls) if web_stops is None
                     else web_frames.stops_by_name(controls, web_stops))
            if (frames := web_frames.product_size(stops)) > self.WEB_FRAME_BUDGET:
                raise ValueError(
                    f"{type(self).__name__}._web_stops() asks for {frames} pictures; "
                    f"at most WEB_FRAME_BUDGET = {self.WEB_FRAME_BUDGET} keep the page light."
                )
            return web_frames.web_explorer(self, controls, stops)
        picture = widgets.HTML()

        def refresh(_change=None) -> None:
            values = {name: control.value for name, control in controls.items()}
            try:
                reading = self.update(**self._params_from_controls(values))
            except ValueError as err:  # e.g. every slider at 0: say why, keep going
                picture.value = f"<p>{html.escape(str(err))}</p>"
                return
            # The first picture is what a saved notebook keeps: drawn whole at full
            # resolution. Later ones encode what update() left on the canvas.
            png = canvas_png(self.fig) if picture.value else self.full_png()
            picture.value = picture_html(self.fig, self.describe(reading), png)

        for control in controls.values():
            control.observe(refresh, names="value")
        refresh()
        sliders = self._layout_controls(widgets, list(controls.values()))
        return _explorer_box(widgets, self, [sliders, picture])

    # --- shared machinery ---------------------------------------------------
    def _freeze_layout(self) -> None:
        """Runs the layout engine once, then keeps the axes where it put them.

        Text that changes later (titles, value labels) then never moves the
        axes, and a redraw does not pay for the layout again.
        """
        engine = self.fig.get_layout_engine()
        if engine is not None and hasattr(self.fig.canvas, "get_renderer"):
            self.fig.canvas.draw()
            self.fig.set_layout_engine("none")

    @contextlib.contextmanager
    def drawn_whole(self) -> Iterator[None]:
        """Meanwhile, every artist is drawn by a plain draw or ``savefig`` (none is animated)."""
        for artist in self._animated:
            artist.set_animated(False)
        try:
            yield
        finally:
            for artist in self._animated:
                artist.set_animated(True)

    def full_png(self) -> bytes:
        """The whole figure as a PNG at ``savefig.dpi``, drawn from scratch (what ``savefig`` gives)."""
        with self.drawn_whole():
            return png_bytes(self.fig)

    def _in_drawing_order(self, artists: list) -> list:
        """``artists`` in the order a full draw paints them: axes by axes, then by zorder."""
        axes_order = {id(ax): i for i, ax in enumerate(self.fig.axes)}
        return sorted(artists, key=lambda a: (axes_order.get(id(a.axes), -1), a.get_zorder()))

    def _redraw(self) -> None:
        """Blitting, as matplotlib's guide does it: restore the kept picture, draw the
        animated artists over it, blit. A picture is kept per key (see :meth:`_background_key`)."""
        canvas = self.fig.canvas
        if not self._animated or not getattr(canvas, "supports_blit", False):
            with self.drawn_whole():
                canvas.draw()
            return
        key = (self.fig.dpi, canvas.get_width_height(), self._background_key())
        if key not in self._backgrounds:
            if len(self._backgrounds) >= self.KEPT_BACKGROUNDS:
                del self._backgrounds[next(iter(self._backgrounds))]  # the oldest
            canvas.draw()  # everything but the animated artists
            self._backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._backgrounds[key])
        for artist in self._animated:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)

    def _apply(self, params: dict[str, Any]) -> Any:
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.update() got unknown parameter(s) {unknown}; "
                f"expected any of {sorted(self.params)}."
            )
        merged = {**self.params, **params}
        self._check_params(merged)
        reading = self.compute(**merged)  # raises before any artist changes
        self.params, self.reading = merged, reading
        self._show(reading)
        return reading
