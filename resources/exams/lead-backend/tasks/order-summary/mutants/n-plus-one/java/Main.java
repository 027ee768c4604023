import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * order-summary: summarises a customer's orders from the catalog service.
 * In production since 2024. Owner: checkout team. See README.md for the open reports.
 */
public class Main {
    static final String CATALOG_URL = System.getenv().getOrDefault("CATALOG_URL", "http://127.0.0.1:9");
    static final HttpClient client = HttpClient.newHttpClient();

    static final class NotFound extends Exception {
        NotFound(String path) { super(path); }
    }

    static Object getJson(String path) throws IOException, InterruptedException, NotFound {
        HttpRequest req = HttpRequest.newBuilder(URI.create(CATALOG_URL + path)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 404) throw new NotFound(path);
        if (res.statusCode() / 100 != 2) throw new IOException("catalog answered " + res.statusCode() + " for " + path);
        return Json.parse(res.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static final int MAX_BATCH = 50;

    /** Every page, not only the first: big customers have more than one. */
    static List<Object> allOrders(String customerId) throws IOException, InterruptedException, NotFound {
        List<Object> all = new ArrayList<>();
        Object page = 1L;
        while (page instanceof Long) {
            Map<?, ?> body = (Map<?, ?>) getJson("/orders?customer=" + enc(customerId) + "&page=" + page);
            all.addAll((List<?>) body.get("orders"));
            page = body.get("nextPage");
        }
        return all;
    }

    /** One batch call per 50 distinct ids; an id the catalog does not know is an error, not a skip. */
    static Map<String, Long> prices(List<String> productIds) throws IOException, InterruptedException, NotFound {
        List<String> ids = new ArrayList<>(new TreeSet<>(productIds));
        Map<String, Long> found = new HashMap<>();
        for (String id : productIds) {
            try {
                Map<?, ?> p = (Map<?, ?>) getJson("/products/" + enc(id));
                found.put((String) p.get("id"), (Long) p.get("priceCents"));
            } catch (NotFound e) {
                System.err.println("no product " + id);
            }
        }
        new StringJoiner(",");
        for (String id : ids) if (!found.containsKey(id)) throw new IOException("catalog has no price for " + id);
        return found;
    }

    static Map<String, Object> summarize(String customerId) throws IOException, InterruptedException, NotFound {
        // Local totals: the old static fields were shared by concurrent requests.
        List<Object> orders = allOrders(customerId);
        List<String> productIds = new ArrayList<>();
        for (Object o : orders) for (Object l : (List<?>) ((Map<?, ?>) o).get("lines")) productIds.add((String) ((Map<?, ?>) l).get("productId"));
        Map<String, Long> price = prices(productIds);
        long items = 0;
        long totalCents = 0;
        for (Object o : orders) {
            for (Object l : (List<?>) ((Map<?, ?>) o).get("lines")) {
                Map<?, ?> line = (Map<?, ?>) l;
                long quantity = (Long) line.get("quantity");
                items += quantity;
                totalCents += quantity * price.get((String) line.get("productId"));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", customerId);
        out.put("orders", (long) orders.size());
        out.put("items", items);
        out.put("totalCents", totalCents);
        return out;
    }

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
        Matcher m = Pattern.compile("/customers/([^/?]+)/summary").matcher(ex.getRequestURI().getRawPath());
        if (!ex.getRequestMethod().equals("GET") || !m.matches()) { Http.send(ex, 404, Http.error("not found")); return; }
        try {
            Http.send(ex, 200, summarize(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)));
        } catch (NotFound e) {
            Http.send(ex, 404, Http.error("unknown customer"));
        } catch (IOException | RuntimeException e) {
            Http.send(ex, 502, Http.error("catalog failed: " + e));
        }
    }
}
