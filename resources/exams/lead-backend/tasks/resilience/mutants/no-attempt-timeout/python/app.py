"""resilience reference solution (Python 3, standard library only): retries with exponential
backoff and jitter, Retry-After, attempt timeouts and a circuit breaker with a single probe."""
import json
import os
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote as urlquote, unquote

UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "http://127.0.0.1:9")
BASE_MS = float(os.environ.get("BACKOFF_BASE_MS", "100"))
ATTEMPT_TIMEOUT_MS = float(os.environ.get("ATTEMPT_TIMEOUT_MS", "1000"))
OPEN_MS = float(os.environ.get("BREAKER_OPEN_MS", "1000"))
MAX_ATTEMPTS = 3
FAILURES_TO_OPEN = 3


class Breaker:
    def __init__(self):
        self.lock = threading.Lock()
        self.state = "closed"
        self.failures = 0
        self.opened_at = 0.0
        self.probing = False

    def admit(self):
        """'normal', 'probe', or None when the request must be refused with 503."""
        with self.lock:
            if self.state == "open" and (time.monotonic() - self.opened_at) * 1000 >= OPEN_MS:
                self.state = "half-open"
            if self.state == "open":
                return None
            if self.state == "half-open":
                if self.probing:
                    return None
                self.probing = True
                return "probe"
            return "normal"

    def record(self, kind, succeeded):
        with self.lock:
            if kind == "probe":
                self.probing = False
            if succeeded:
                self.state = "closed"
                self.failures = 0
                return
            self.failures += 1
            if kind == "probe" or self.failures >= FAILURES_TO_OPEN:
                self.state = "open"
                self.opened_at = time.monotonic()


breaker = Breaker()


def attempt(sku, headers):
    """(final_response, usable) when the attempt settles the request, else (None, retry_after_ms)."""
    url = "%s/prices/%s" % (UPSTREAM_URL, urlquote(sku, safe=""))
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as res:
            raw = res.read()
    except urllib.error.HTTPError as e:
        e.close()
        if e.code == 404:
            return ((404, {"error": "no such sku"}), True)
        if 400 <= e.code < 500 and e.code != 429:
            return ((502, {"error": "upstream answered %d" % e.code}), False)
        header = (e.headers.get("retry-after") or "").strip()
        return (None, min(int(header), 5) * 1000 if header.isdigit() else None)
    except (urllib.error.URLError, OSError) as e:
        print("attempt for %s failed: %s" % (sku, e), file=sys.stderr)
        return (None, None)
    try:
        body = json.loads(raw)
    except ValueError as e:
        return ((502, {"error": "upstream sent an unreadable body: %s" % e}), False)
    price = body.get("priceCents") if isinstance(body, dict) else None
    if not isinstance(price, int) or isinstance(price, bool):
        return ((502, {"error": "upstream sent no price"}), False)
    return ((200, {"sku": sku, "priceCents": price}), True)


def backoff(retry, retry_after_ms):
    if retry_after_ms is not None:
        return retry_after_ms
    d = BASE_MS * 2 ** (retry - 1)
    return d / 2 + random.random() * d / 2


def get_quote(sku):
    kind = breaker.admit()
    if kind is None:
        return (503, {"error": "circuit open"})
    attempts = 1 if kind == "probe" else MAX_ATTEMPTS
    n = 1
    headers = {}
    while True:
        final, extra = attempt(sku, headers)
        if final is not None:
            breaker.record(kind, extra)
            return final
        if n >= attempts:
            breaker.record(kind, False)
            return (502, {"error": "upstream failed %d times" % n})
        wait = round(backoff(n, extra))
        time.sleep(wait / 1000)
        headers = {"Retry-Attempt": str(n), "Retry-Delay-Ms": str(wait)}
        n += 1


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

    def do_GET(self):
        m = re.fullmatch(r"/quotes/([^/?]+)", self.path)
        if not m:
            return self.send(404, {"error": "not found"})
        status, body = get_quote(unquote(m.group(1)))
        return self.send(status, body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    server.serve_forever()
