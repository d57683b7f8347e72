"""This machine on the local network: the address that the links a server prints should use."""

from __future__ import annotations

import socket

ANY_HOST = ("0.0.0.0", "::", "")
"""The ``--host`` values that listen on every interface (the room's and the class server's):
a link to one of them opens nothing on a participant's phone, so the links use
:func:`lan_address`."""


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1.

    Shared by the room server (:mod:`lises.room.cli`) and the class server
    (:mod:`lises.tools.serve`): listening on every interface, each prints links with this address.
    """
    # Connecting a UDP socket sends nothing; it only makes the kernel pick the outgoing interface.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
