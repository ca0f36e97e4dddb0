"""The book's Jupyter Server settings (jupyter_server_config.py) load and do what they say."""

from __future__ import annotations

import pathlib
import urllib.request

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.config.loader import PyFileConfigLoader

ROOT = pathlib.Path(__file__).resolve().parent.parent


class Handler:
    """Stands in for the websocket handler: records what the connection asks of it."""

    def __init__(self):
        self.nodelay = None

    def set_nodelay(self, value: bool) -> None:
        self.nodelay = value


def test_the_kernel_websocket_sends_without_delay(monkeypatch):
    config = PyFileConfigLoader("jupyter_server_config.py", path=str(ROOT)).load_config()
    connection_class = config.ServerApp.kernel_websocket_connection_class
    assert issubclass(connection_class, ZMQChannelsWebsocketConnection)
    # connect() turns TCP_NODELAY on before the server's own connect() runs.
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: "connected")
    connection = connection_class.__new__(connection_class)
    handler = Handler()
    monkeypatch.setattr(connection_class, "websocket_handler", handler, raising=False)
    assert connection.connect() == "connected"
    assert handler.nodelay is True


def test_the_server_lets_the_browser_keep_the_tab_icons(tmp_path):
    """In a JupyterLab started with the book's settings, the busy and idle icons come with a
    header that lets the browser keep them; other static files do not."""
    from benchmarks.lab_paint import lab_server

    with lab_server(tmp_path) as url:
        base = url.split("/lab/", 1)[0]
        for icon in ("favicon.ico", "favicon-busy-1.ico"):
            with urllib.request.urlopen(f"{base}/static/favicons/{icon}", timeout=10) as response:
                assert response.status == 200
                assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        with urllib.request.urlopen(f"{base}/static/logo/logo.png", timeout=10) as response:
            assert response.headers["Cache-Control"] == "no-cache"  # as Jupyter Server has it
