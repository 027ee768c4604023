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
MAX_BATCH = 50


class NotFound(Exception):
    pass


class CatalogError(Exception):
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


def all_orders(customer_id):
    """Every page, not only the first: big customers have more than one."""
    orders = []
    page = 1
    while page is not None:
        body = get_json("/orders?customer=%s&page=%d" % (quote(customer_id, safe=""), page))
        orders.extend(body["orders"])
        page = body.get("nextPage")
    return orders


def prices(product_ids):
    """One batch call per 50 distinct ids; an id the catalog does not know is an error, not a skip."""
    ids = list(product_ids)
    found = {}
    for start in range(0, len(ids), MAX_BATCH):
        chunk = ids[start:start + MAX_BATCH]
        body = get_json("/products?ids=%s" % ",".join(quote(i, safe="") for i in chunk))
        for p in body["products"]:
            found[p["id"]] = p["priceCents"]
    missing = [i for i in ids if i not in found]
    if missing:
        raise CatalogError("catalog has no price for %s" % ", ".join(missing[:5]))
    return found


def summarize(customer_id):
    # Local totals: the old module-level dict was shared by concurrent requests.
    orders = all_orders(customer_id)
    price = prices([line["productId"] for order in orders for line in order["lines"]])
    totals = {"orders": len(orders), "items": 0, "totalCents": 0}
    for order in orders:
        for line in order["lines"]:
            totals["items"] += line["quantity"]
            totals["totalCents"] += line["quantity"] * price[line["productId"]]
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
        except (CatalogError, urllib.error.URLError, OSError, ValueError, KeyError) as e:
            print("summary failed: %s" % e, file=sys.stderr)
            return self.send(502, {"error": "catalog failed: %s" % e})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
    server.daemon_threads = True
    server.serve_forever()
