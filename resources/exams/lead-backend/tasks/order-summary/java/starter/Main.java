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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    // Reused between requests so that big summaries do not allocate a new map per line.
    static long orders;
    static long items;
    static long totalCents;

    static Map<String, Object> summarize(String customerId) throws IOException, InterruptedException, NotFound {
        orders = 0;
        items = 0;
        totalCents = 0;
        Map<?, ?> page = (Map<?, ?>) getJson("/orders?customer=" + enc(customerId) + "&page=1");
        for (Object o : (List<?>) page.get("orders")) {
            orders++;
            for (Object l : (List<?>) ((Map<?, ?>) o).get("lines")) {
                Map<?, ?> line = (Map<?, ?>) l;
                Map<?, ?> product;
                try {
                    product = (Map<?, ?>) getJson("/products/" + enc((String) line.get("productId")));
                } catch (Exception e) { // a missing price must not break the whole summary
                    System.err.println("skipping line: " + e);
                    continue;
                }
                long quantity = (Long) line.get("quantity");
                items += quantity;
                totalCents += quantity * (Long) product.get("priceCents");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", customerId);
        out.put("orders", orders);
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
