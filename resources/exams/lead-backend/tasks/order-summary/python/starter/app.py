"""order-summary: summarises a customer's orders from the catalog service.

In production since 2024. Owner: checkout team. See README.md for the open reports.
"""
import json
import os
import re
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

CATALOG_URL = os.environ.get("CATALOG_URL", "http://127.0.0.1:9")


class NotFound(Exception):
    pass


def get_json(path):
    try:
        with urllib.request.urlopen(CATALOG_URL + path, timeout=10) as res:
            return json.loads(res.read())
    except urllib.error.HTTPError as e:
        e.close()
        if e.code == 404:
            raise NotFound(path)
        raise


# Reused between requests so that big summaries do not allocate a new dict per line.
totals = {"orders": 0, "items": 0, "totalCents": 0}


def summarize(customer_id):
    totals["orders"] = 0
    totals["items"] = 0
    totals["totalCents"] = 0
    page = get_json("/orders?customer=%s&page=1" % quote(customer_id, safe=""))
    for order in page["orders"]:
        totals["orders"] += 1
        for line in order["lines"]:
            try:
                product = get_json("/products/%s" % quote(line["productId"], safe=""))
            except Exception as e:  # a missing price must not break the whole summary
                print("skipping line: %s" % e, file=sys.stderr)
                continue
            totals["items"] += line["quantity"]
            totals["totalCents"] += line["quantity"] * product["priceCents"]
    return {"customerId": customer_id, **totals}


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
        m = re.fullmatch(r"/customers/([^/?]+)/summary", self.path)
        if not m:
            return self.send(404, {"error": "not found"})
        try:
            return self.send(200, summarize(urllib.request.unquote(m.group(1))))
        except NotFound:
            return self.send(404, {"error": "unknown customer"})
        except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
            return self.send(502, {"error": "catalog failed: %s" % e})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    server.serve_forever()
