import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** orders-api reference solution (Java 17, standard library only). */
public class Main {
    static final String PAYMENTS_URL = System.getenv().getOrDefault("PAYMENTS_URL", "http://127.0.0.1:9");
    static final HttpClient client = HttpClient.newHttpClient();

    static final Object lock = new Object();
    /** In the order their creation completed; seq = position + 1. */
    static final List<Map<String, Object>> orders = new ArrayList<>();
    static final Map<String, Map<String, Object>> byId = new HashMap<>();
    /** key -> entry with "state" ("pending" or "done"), "body", "status", "response". */
    static final Map<String, Map<String, Object>> idempotency = new HashMap<>();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try {
                route(ex);
            } catch (Exception e) {
                e.printStackTrace();
                Http.send(ex, 500, Http.error("internal error"));
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    static void route(HttpExchange ex) throws IOException, InterruptedException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (method.equals("POST") && path.equals("/orders")) { createOrder(ex); return; }
        if (method.equals("GET") && path.equals("/orders")) { listOrders(ex); return; }
        Matcher m = Pattern.compile("/orders/([^/]+)").matcher(path);
        if (method.equals("GET") && m.matches()) {
            Map<String, Object> found;
            synchronized (lock) { found = byId.get(m.group(1)); }
            if (found == null) Http.send(ex, 404, Http.error("not found"));
            else Http.send(ex, 200, found);
            return;
        }
        Http.send(ex, 404, Http.error("not found"));
    }

    static boolean isText(Object v) {
        return v instanceof String && !((String) v).isEmpty() && ((String) v).length() <= 64;
    }

    static boolean isInt(Object v, long lo, long hi) {
        return v instanceof Long && (Long) v >= lo && (Long) v <= hi;
    }

    static boolean validOrder(Object body) {
        if (!(body instanceof Map)) return false;
        Map<?, ?> o = (Map<?, ?>) body;
        if (!isText(o.get("customerId")) || !(o.get("items") instanceof List)) return false;
        List<?> items = (List<?>) o.get("items");
        if (items.isEmpty() || items.size() > 50) return false;
        for (Object it : items) {
            if (!(it instanceof Map)) return false;
            Map<?, ?> item = (Map<?, ?>) it;
            if (!isText(item.get("sku")) || !isInt(item.get("quantity"), 1, 100) || !isInt(item.get("unitPriceCents"), 0, Long.MAX_VALUE / 1000)) return false;
        }
        return true;
    }

    /** The charge id, or null when the payment service failed or could not be reached. */
    static String charge(String key, long amount) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idempotencyKey", key);
        body.put("amountCents", amount);
        HttpRequest req = HttpRequest.newBuilder(URI.create(PAYMENTS_URL + "/charges"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        try {
            HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) return null;
            Object parsed = Json.parse(res.body());
            return parsed instanceof Map ? String.valueOf(((Map<?, ?>) parsed).get("id")) : null;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("payment service failed: " + e);
            return null;
        }
    }

    static void createOrder(HttpExchange ex) throws IOException, InterruptedException {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        Object body = Http.json(ex);
        if (key == null || key.isEmpty() || key.length() > 64) { Http.send(ex, 400, Http.error("Idempotency-Key must be 1 to 64 characters")); return; }
        if (!validOrder(body)) { Http.send(ex, 400, Http.error("invalid order")); return; }
        Map<String, Object> seen;
        synchronized (lock) {
            seen = idempotency.get(key);
            if (seen == null) {
                Map<String, Object> pending = new HashMap<>();
                pending.put("state", "pending");
                pending.put("body", body);
                idempotency.put(key, pending);
            }
        }
        if (seen != null) {
            if (seen.get("state").equals("pending")) { Http.send(ex, 409, Http.error("a request with this Idempotency-Key is in progress")); return; }
            Http.send(ex, (Integer) seen.get("status"), seen.get("response"), Map.of("Idempotent-Replayed", "true"));
            return;
        }
        Map<?, ?> order = (Map<?, ?>) body;
        long total = 0;
        for (Object it : (List<?>) order.get("items")) {
            Map<?, ?> item = (Map<?, ?>) it;
            total += (Long) item.get("quantity") * (Long) item.get("unitPriceCents");
        }
        String chargeId = charge(key, total);
        if (chargeId == null) {
            synchronized (lock) { idempotency.remove(key); }
            Http.send(ex, 502, Http.error("payment failed"));
            return;
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        synchronized (lock) {
            stored.put("id", "ord_" + (orders.size() + 1));
            stored.put("customerId", order.get("customerId"));
            stored.put("totalCents", total);
            stored.put("chargeId", chargeId);
            orders.add(stored);
            byId.put((String) stored.get("id"), stored);
            Map<String, Object> done = new HashMap<>();
            done.put("state", "done");
            done.put("body", body);
            done.put("status", 201);
            done.put("response", stored);
            idempotency.put(key, done);
        }
        Http.send(ex, 201, stored);
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) return q;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    static String encodeCursor(int seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("seq:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** The seq a cursor points at, or -1 when the server did not issue it. */
    static int decodeCursor(String cursor, int size) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.matches("seq:\\d{1,9}")) return -1;
            int seq = Integer.parseInt(text.substring(4));
            return seq >= 1 && seq <= size ? seq : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    static void listOrders(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex);
        String limitText = q.getOrDefault("limit", "20");
        if (!limitText.matches("\\d{1,3}") || Integer.parseInt(limitText) < 1 || Integer.parseInt(limitText) > 100) {
            Http.send(ex, 400, Http.error("limit must be an integer from 1 to 100"));
            return;
        }
        int limit = Integer.parseInt(limitText);
        List<Map<String, Object>> page = new ArrayList<>();
        int before;
        synchronized (lock) {
            before = orders.size() + 1;
            if (q.containsKey("cursor")) {
                before = decodeCursor(q.get("cursor"), orders.size());
                if (before < 0) { Http.send(ex, 400, Http.error("invalid cursor")); return; }
            }
            for (int seq = before - 1; seq >= 1 && page.size() < limit; seq--) page.add(orders.get(seq - 1));
        }
        int last = before - page.size();
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("orders", page);
        res.put("nextCursor", page.size() == limit && last > 1 ? encodeCursor(last) : null);
        Http.send(ex, 200, res);
    }
}
