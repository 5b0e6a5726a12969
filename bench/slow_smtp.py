"""A minimal SMTP server for the benchmark that answers every command after a delay.

It accepts any mail and throws it away; the point is a server that is slow, like a congested
relay, so that the benchmark can show that no request waits for SMTP.
"""

import socketserver
import threading
import time


class _Handler(socketserver.StreamRequestHandler):
    delay = 2.0

    def _reply(self, line: str) -> None:
        time.sleep(self.delay)
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 slow-smtp ready")
        in_data = False
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    self._reply("250 queued")
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._reply("250 slow-smtp")
            elif verb == "DATA":
                self._reply("354 go ahead")
                in_data = True
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 ok")


class SlowSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def start(port: int, delay: float) -> SlowSMTPServer:
    handler = type("Handler", (_Handler,), {"delay": delay})
    server = SlowSMTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
