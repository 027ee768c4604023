"""orders-api reference solution (Python 3, standard library only)."""
import base64
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "http://127.0.0.1:9")

lock = threading.Lock()
orders = []  # in the order their creation completed; seq = position + 1
by_id = {}
idempotency = {}  # key -> {"state": "pending"|"done", "body": ..., "status": int, "response": dict}


def is_text(v):
    return isinstance(v, str) and 1 <= len(v) <= 64


def is_int(v, lo, hi):
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def valid_order(body):
    if not isinstance(body, dict) or not is_text(body.get("customerId")):
        return False
    items = body.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= 50:
        return False
    return all(
        isinstance(it, dict)
        and is_text(it.get("sku"))
        and is_int(it.get("quantity"), 1, 100)
        and is_int(it.get("unitPriceCents"), 0, 2**53)
        for it in items
    )


def charge(key, amount):
    data = json.dumps({"idempotencyKey": key, "amountCents": amount}).encode()
    req = urllib.request.Request(PAYMENTS_URL + "/charges", data=data, method="POST", headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return True, str(json.loads(res.read() or b"{}").get("id"))
    except urllib.error.HTTPError as e:
        return False, "payment service answered %d" % e.code
    except (urllib.error.URLError, OSError, ValueError) as e:
        return False, "payment service unreachable: %s" % e


def encode_cursor(seq):
    return base64.urlsafe_b64encode(("seq:%d" % seq).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError:
        return None
    m = re.fullmatch(r"seq:(\d+)", text)
    if not m:
        return None
    seq = int(m.group(1))
    with lock:
        return seq if 1 <= seq <= len(orders) else None


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
        key = self.headers.get("idempotency-key")
        body = self.read_json()
        if not key or len(key) > 64:
            return self.send(400, {"error": "Idempotency-Key must be 1 to 64 characters"})
        if not valid_order(body):
            return self.send(400, {"error": "invalid order"})
        with lock:
            seen = idempotency.get(key)
            if seen is None:
                idempotency[key] = {"state": "pending", "body": body}
        if seen is not None:
            if seen["body"] != body:
                return self.send(422, {"error": "Idempotency-Key reused with a different body"})
            if seen["state"] == "pending":
                return self.send(409, {"error": "a request with this Idempotency-Key is in progress"})
            return self.send(seen["status"], seen["response"], {"Idempotent-Replayed": "true"})
        total = sum(it["quantity"] * it["unitPriceCents"] for it in body["items"])
        ok, result = charge(key, total)
        if not ok:
            with lock:
                del idempotency[key]
            return self.send(502, {"error": result})
        with lock:
            stored = {"id": "ord_%d" % (len(orders) + 1), "customerId": body["customerId"], "totalCents": total, "chargeId": result}
            orders.append(stored)
            by_id[stored["id"]] = stored
            idempotency[key] = {"state": "done", "body": body, "status": 201, "response": stored}
        return self.send(201, stored)

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
        limit_text = query.get("limit", ["20"])[0]
        if not re.fullmatch(r"\d+", limit_text) or not 1 <= int(limit_text) <= 100:
            return self.send(400, {"error": "limit must be an integer from 1 to 100"})
        limit = int(limit_text)
        with lock:
            before = len(orders) + 1
        if "cursor" in query:
            seq = decode_cursor(query["cursor"][0])
            if seq is None:
                return self.send(400, {"error": "invalid cursor"})
            with lock:
                before = len(orders) + 1 - (seq - 1)
        with lock:
            page = [orders[seq - 1] for seq in range(before - 1, max(0, before - 1 - limit), -1)]
        last = before - len(page)
        next_cursor = encode_cursor(len(orders) - last + 2) if len(page) == limit and last > 1 else None
        return self.send(200, {"orders": page, "nextCursor": next_cursor})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    print("listening", file=sys.stderr)
    server.serve_forever()
