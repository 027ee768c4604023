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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** stock-reservation reference solution (Java 17, standard library only). */
public class Main {
    static final String LEDGER_URL = System.getenv().getOrDefault("LEDGER_URL", "http://127.0.0.1:9");
    static final HttpClient client = HttpClient.newHttpClient();
    static final Object lock = new Object();
    static final Map<String, Long> stock = new HashMap<>();
    /** Idempotency-Key -> body of the 201. */
    static final Map<String, Map<String, Object>> reservations = new HashMap<>();

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

    static Map<String, Object> available(String sku, long n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku", sku);
        m.put("available", n);
        return m;
    }

    static void route(HttpExchange ex) throws IOException, InterruptedException {
        String method = ex.getRequestMethod();
        Matcher m = Pattern.compile("/stock/([^/?]+)").matcher(ex.getRequestURI().getRawPath());
        if (m.matches()) {
            String sku = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            if (method.equals("GET")) {
                Long n;
                synchronized (lock) { n = stock.get(sku); }
                if (n == null) Http.send(ex, 404, Http.error("unknown sku"));
                else Http.send(ex, 200, available(sku, n));
                return;
            }
            if (method.equals("PUT")) {
                Object body = Http.json(ex);
                Object q = body instanceof Map ? ((Map<?, ?>) body).get("quantity") : null;
                if (!(q instanceof Long) || (Long) q < 0) { Http.send(ex, 400, Http.error("quantity must be an integer >= 0")); return; }
                synchronized (lock) { stock.put(sku, (Long) q); }
                Http.send(ex, 200, available(sku, (Long) q));
                return;
            }
        }
        if (method.equals("POST") && ex.getRequestURI().getPath().equals("/reservations")) { reserve(ex); return; }
        Http.send(ex, 404, Http.error("not found"));
    }

    static boolean record(String key, String sku, long quantity) throws InterruptedException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", key);
        entry.put("sku", sku);
        entry.put("quantity", quantity);
        HttpRequest req = HttpRequest.newBuilder(URI.create(LEDGER_URL + "/entries"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(entry)))
                .build();
        try {
            return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            System.err.println("ledger failed: " + e);
            return false;
        }
    }

    static void reserve(HttpExchange ex) throws IOException, InterruptedException {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        Object body = Http.json(ex);
        if (key == null || key.isEmpty() || key.length() > 64) { Http.send(ex, 400, Http.error("Idempotency-Key must be 1 to 64 characters")); return; }
        Map<?, ?> b = body instanceof Map ? (Map<?, ?>) body : Map.of();
        if (!(b.get("sku") instanceof String) || !(b.get("quantity") instanceof Long) || (Long) b.get("quantity") < 1 || (Long) b.get("quantity") > 100) {
            Http.send(ex, 400, Http.error("invalid reservation"));
            return;
        }
        String sku = (String) b.get("sku");
        long quantity = (Long) b.get("quantity");
        Map<String, Object> done;
        synchronized (lock) {
            done = reservations.get(key);
            if (done == null) {
                Long n = stock.get(sku);
                if (n == null) { Http.send(ex, 404, Http.error("unknown sku")); return; }
                if (n < quantity) { Http.send(ex, 409, Http.error("not enough stock")); return; }
                // Taken before the ledger call: a concurrent reservation sees the reduced stock.
            }
        }
        if (done != null) { Http.send(ex, 201, done); return; }
        if (!record(key, sku, quantity)) {
            Http.send(ex, 502, Http.error("ledger failed"));
            return;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        synchronized (lock) {
            stock.put(sku, stock.get(sku) - quantity);
            created.put("id", "res_" + (reservations.size() + 1));
            created.put("sku", sku);
            created.put("quantity", quantity);
            reservations.put(key, created);
        }
        Http.send(ex, 201, created);
    }
}
