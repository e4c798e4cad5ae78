#!/usr/bin/env python3
"""Serve one folder over HTTP on 127.0.0.1 on a free port, for the client tests.

Usage: serve_folder.py FOLDER PORT_FILE

Binds port 0 (the system picks a free one), writes the port number to PORT_FILE once it
listens, then serves FOLDER until it is terminated.
"""

import functools
import http.server
import signal
import sys


def main() -> int:
    # A child of the test process inherits its blocked signals: unblock, so SIGTERM stops us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    folder, port_file = sys.argv[1], sys.argv[2]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with open(port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    import os

    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
