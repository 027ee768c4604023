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

/** orders-api starter (Java 17, standard library only). Read README.md; finish the handlers. */
public class Main {
    static final String PAYMENTS_URL = System.getenv().getOrDefault("PAYMENTS_URL", "http://127.0.0.1:9");
    static final HttpClient client = HttpClient.newHttpClient();

    static final Object lock = new Object();
    /** In the order their creation completed; seq = position + 1. */
    static final List<Map<String, Object>> orders = new ArrayList<>();
    static final Map<String, Map<String, Object>> byId = new HashMap<>();

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

    static void createOrder(HttpExchange ex) throws IOException, InterruptedException {
        // TODO: validate, honour Idempotency-Key, charge via POST PAYMENTS_URL/charges (client), store.
        Http.send(ex, 501, Http.error("not implemented"));
    }

    static void listOrders(HttpExchange ex) throws IOException {
        // TODO: newest first, limit, opaque and stable cursor.
        Http.send(ex, 501, Http.error("not implemented"));
    }
}
