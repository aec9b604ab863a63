"""This computer's addresses, to offer when choosing where team pages listen."""

from __future__ import annotations

import contextlib
import socket


def local_addresses() -> tuple[str, ...]:
    """This computer's IPv4 addresses, the one with the default route first, loopback last.

    No packet is sent: connecting a UDP socket only asks the system which address it would
    use to reach a private address.
    """
    found: list[str] = []
    with (
        contextlib.suppress(OSError),
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe,
    ):
        probe.connect(("10.255.255.255", 1))
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if address not in found:
                found.append(address)
    addresses = [a for a in found if not a.startswith("127.") and a != "0.0.0.0"]
    return (*addresses, "127.0.0.1")
