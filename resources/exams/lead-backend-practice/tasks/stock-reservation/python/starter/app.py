"""stock-reservation starter (Python 3, standard library only). Read README.md; finish reserve()."""
import json
import os
import re
import threading
import urllib.request  # noqa: F401 (for calling the ledger)
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

LEDGER_URL = os.environ.get("LEDGER_URL", "http://127.0.0.1:9")

lock = threading.Lock()
stock = {}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_json(self):
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def do_GET(self):
        m = re.fullmatch(r"/stock/([^/?]+)", self.path)
        if not m:
            return self.send(404, {"error": "not found"})
        sku = unquote(m.group(1))
        with lock:
            if sku not in stock:
                return self.send(404, {"error": "unknown sku"})
            return self.send(200, {"sku": sku, "available": stock[sku]})

    def do_PUT(self):
        m = re.fullmatch(r"/stock/([^/?]+)", self.path)
        body = self.read_json()
        if not m:
            return self.send(404, {"error": "not found"})
        if not isinstance(body, dict) or not is_int(body.get("quantity")) or body["quantity"] < 0:
            return self.send(400, {"error": "quantity must be an integer >= 0"})
        sku = unquote(m.group(1))
        with lock:
            stock[sku] = body["quantity"]
        return self.send(200, {"sku": sku, "available": body["quantity"]})

    def do_POST(self):
        body = self.read_json()
        if self.path != "/reservations":
            return self.send(404, {"error": "not found"})
        return self.reserve(self.headers.get("idempotency-key"), body)

    def reserve(self, key, body):
        # TODO: validate, honour Idempotency-Key, take the units, record them in the ledger (LEDGER_URL).
        return self.send(501, {"error": "not implemented"})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    server.serve_forever()
