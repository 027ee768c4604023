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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * resilience starter (Java 17, standard library only): forwards one attempt to the pricing
 * service. Read README.md: add the retry policy, timeouts and the circuit breaker.
 */
public class Main {
    static final String UPSTREAM_URL = System.getenv().getOrDefault("UPSTREAM_URL", "http://127.0.0.1:9");
    static final HttpClient client = HttpClient.newHttpClient();

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
        Matcher m = Pattern.compile("/quotes/([^/?]+)").matcher(ex.getRequestURI().getRawPath());
        if (!ex.getRequestMethod().equals("GET") || !m.matches()) { Http.send(ex, 404, Http.error("not found")); return; }
        String sku = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(UPSTREAM_URL + "/prices/" + URLEncoder.encode(sku, StandardCharsets.UTF_8))).GET().build();
        HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
        Object body = Json.parse(res.body());
        Http.send(ex, res.statusCode(), body instanceof Map ? body : Http.error("upstream sent no object"));
    }
}
