"""resilience starter (Python 3, standard library only): forwards one attempt to the pricing
service. Read README.md: add the retry policy, timeouts and the circuit breaker."""
import json
import os
import re
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote as urlquote, unquote

UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "http://127.0.0.1:9")


def get_quote(sku):
    url = "%s/prices/%s" % (UPSTREAM_URL, urlquote(sku, safe=""))
    try:
        with urllib.request.urlopen(url) as res:
            return (res.status, json.loads(res.read()))
    except urllib.error.HTTPError as e:
        return (e.code, json.loads(e.read() or b"{}"))


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
