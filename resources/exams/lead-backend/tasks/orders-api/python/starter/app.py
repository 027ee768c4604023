"""orders-api starter (Python 3, standard library only). Read README.md; finish the handlers."""
import json
import os
import re
import sys
import threading
import urllib.request  # noqa: F401 (for calling the payment service)
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "http://127.0.0.1:9")

lock = threading.Lock()
orders = []  # in the order their creation completed; seq = position + 1
by_id = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def read_json(self):
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def do_POST(self):
        if urlparse(self.path).path != "/orders":
            return self.send(404, {"error": "not found"})
        # TODO: validate, honour Idempotency-Key, charge via POST {PAYMENTS_URL}/charges, store.
        return self.send(501, {"error": "not implemented"})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/orders":
            return self.list_orders(parse_qs(url.query, keep_blank_values=True))
        m = re.fullmatch(r"/orders/([^/]+)", url.path)
        if m:
            found = by_id.get(unquote(m.group(1)))
            return self.send(200, found) if found else self.send(404, {"error": "not found"})
        return self.send(404, {"error": "not found"})

    def list_orders(self, query):
        # TODO: newest first, limit, opaque and stable cursor.
        return self.send(501, {"error": "not implemented"})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    print("listening", file=sys.stderr)
    server.serve_forever()
