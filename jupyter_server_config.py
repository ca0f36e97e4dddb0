"""Jupyter Server settings for reading the book in JupyterLab: explorers that answer sooner.

    jupyter lab --config=jupyter_server_config.py book/

An explorer's slider sends its value to the kernel, and the kernel sends back a new
picture over the page's websocket. Jupyter Server leaves Nagle's algorithm on for that
socket, so on a local machine a small message can wait for the browser's delayed
acknowledgement (up to 40 ms on Linux) before it is sent: the picture arrives a few
frames late. The first setting turns the delay off for the kernel's websocket, through Jupyter
Server's public ``kernel_websocket_connection_class`` and Tornado's ``set_nodelay``.

Each slider change also makes the kernel busy, then idle, and JupyterLab shows that by
switching the tab's icon. Jupyter Server serves those icons with ``Cache-Control: no-cache``,
so at every change the browser asks the server for both icons again (answered "not
modified"), and the server's work on those requests competes with the kernel for the
processor while it draws the picture. The second setting lets the browser keep the
folder of the tab's icons (``static_immutable_cache``) for a year: they are the same files
for as long as Jupyter Server is not upgraded; if an upgrade changed them, the browser
would show the old ones until its cache is cleared.

Nothing else changes; without this file the book works the same, a little less promptly.
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

# The folder of the tab's icons (busy, idle, ...) among Jupyter Server's static files, for a
# server whose base URL is / (the default of `jupyter lab`); under another base URL, as on a
# JupyterHub or Binder, the prefix does not match and the setting does nothing.
FAVICONS = "/static/favicons/"


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    """The kernel's websocket with TCP_NODELAY: each message leaves as soon as it is written."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


c = get_config()  # noqa: F821 (given by Jupyter when it reads this file)
c.ServerApp.kernel_websocket_connection_class = PromptKernelConnection
c.ServerApp.static_immutable_cache = [FAVICONS]
