"""stock-reservation reference solution (Python 3, standard library only)."""
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

LEDGER_URL = os.environ.get("LEDGER_URL", "http://127.0.0.1:9")

lock = threading.Lock()
stock = {}
reservations = {}  # Idempotency-Key -> body of the 201


def record(entry):
    req = urllib.request.Request(LEDGER_URL + "/entries", data=json.dumps(entry).encode(), method="POST", headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return 200 <= res.status < 300
    except (urllib.error.URLError, OSError) as e:
        print("ledger failed: %s" % e, file=sys.stderr)
        return False


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
        if not key or len(key) > 64:
            return self.send(400, {"error": "Idempotency-Key must be 1 to 64 characters"})
        if not isinstance(body, dict) or not isinstance(body.get("sku"), str) or not is_int(body.get("quantity")) or not 1 <= body["quantity"] <= 100:
            return self.send(400, {"error": "invalid reservation"})
        sku, quantity = body["sku"], body["quantity"]
        with lock:
            done = reservations.get(key)
            if done is None:
                if sku not in stock:
                    return self.send(404, {"error": "unknown sku"})
                if stock[sku] < quantity:
                    return self.send(409, {"error": "not enough stock"})
                # Taken before the ledger call: a concurrent reservation sees the reduced stock.
                stock[sku] -= quantity
        if done is not None:
            return self.send(201, done)
        if not record({"key": key, "sku": sku, "quantity": quantity}):
            with lock:
                stock[sku] += quantity
            return self.send(502, {"error": "ledger failed"})
        with lock:
            created = {"id": "res_%d" % (len(reservations) + 1), "sku": sku, "quantity": quantity}
            reservations[key] = created
        return self.send(201, created)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    server.serve_forever()
