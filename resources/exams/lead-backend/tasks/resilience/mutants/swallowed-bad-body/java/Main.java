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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * resilience reference solution (Java 17, standard library only): retries with exponential
 * backoff and jitter, Retry-After, attempt timeouts and a circuit breaker with a single probe.
 */
public class Main {
    static final String UPSTREAM_URL = System.getenv().getOrDefault("UPSTREAM_URL", "http://127.0.0.1:9");
    static final long BASE_MS = Long.parseLong(System.getenv().getOrDefault("BACKOFF_BASE_MS", "100"));
    static final long ATTEMPT_TIMEOUT_MS = Long.parseLong(System.getenv().getOrDefault("ATTEMPT_TIMEOUT_MS", "1000"));
    static final long OPEN_MS = Long.parseLong(System.getenv().getOrDefault("BREAKER_OPEN_MS", "1000"));
    static final int MAX_ATTEMPTS = 3;
    static final int FAILURES_TO_OPEN = 3;
    static final HttpClient client = HttpClient.newHttpClient();

    /** The outcome of one request: a response to send, and whether it was a usable answer. */
    record Result(int status, Map<String, Object> body, boolean usable) {}

    static final class Breaker {
        private String state = "closed";
        private int failures = 0;
        private long openedAt = 0;
        private boolean probing = false;

        /** "normal", "probe", or null when the request must be refused with 503. */
        synchronized String admit() {
            if (state.equals("open") && System.nanoTime() - openedAt >= OPEN_MS * 1_000_000) state = "half-open";
            if (state.equals("open")) return null;
            if (state.equals("half-open")) {
                if (probing) return null;
                probing = true;
                return "probe";
            }
            return "normal";
        }

        synchronized void record(String kind, boolean succeeded) {
            if (kind.equals("probe")) probing = false;
            if (succeeded) {
                state = "closed";
                failures = 0;
                return;
            }
            failures++;
            if (kind.equals("probe") || failures >= FAILURES_TO_OPEN) {
                state = "open";
                openedAt = System.nanoTime();
            }
        }
    }

    static final Breaker breaker = new Breaker();

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
        Result r = quote(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        Http.send(ex, r.status(), r.body());
    }

    static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    /** A settled result, or null when the attempt failed and may be retried (retryAfterMs[0] set when the upstream said). */
    static Result attempt(String sku, long[] retryAfterMs, int retry, long waited) throws InterruptedException {
        retryAfterMs[0] = -1;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(UPSTREAM_URL + "/prices/" + URLEncoder.encode(sku, StandardCharsets.UTF_8)))
                .timeout(Duration.ofMillis(ATTEMPT_TIMEOUT_MS))
                .GET();
        if (retry > 0) builder.header("Retry-Attempt", String.valueOf(retry)).header("Retry-Delay-Ms", String.valueOf(waited));
        HttpRequest req = builder.build();
        HttpResponse<String> res;
        try {
            res = client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("attempt for " + sku + " failed: " + e);
            return null;
        }
        int status = res.statusCode();
        if (status == 200) {
            Object body;
            try {
                body = Json.parse(res.body());
            } catch (IllegalArgumentException e) {
                return new Result(502, error("upstream sent an unreadable body"), false);
            }
            Object price = body instanceof Map ? ((Map<?, ?>) body).get("priceCents") : null;
            if (!(price instanceof Long)) price = null;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sku", sku);
            out.put("priceCents", price);
            return new Result(200, out, true);
        }
        if (status == 404) return new Result(404, error("no such sku"), true);
        if (status >= 400 && status < 500 && status != 429) return new Result(502, error("upstream answered " + status), false);
        Optional<String> header = res.headers().firstValue("retry-after");
        if (header.isPresent() && header.get().trim().matches("\\d+")) retryAfterMs[0] = Math.min(Long.parseLong(header.get().trim()), 5) * 1000;
        return null;
    }

    static long backoff(int retry, long retryAfterMs) {
        if (retryAfterMs >= 0) return retryAfterMs;
        long d = BASE_MS << (retry - 1);
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    static Result quote(String sku) throws InterruptedException {
        String kind = breaker.admit();
        if (kind == null) return new Result(503, error("circuit open"), false);
        int attempts = kind.equals("probe") ? 1 : MAX_ATTEMPTS;
        long[] retryAfter = new long[1];
        long waited = 0;
        for (int n = 1; ; n++) {
            Result r = attempt(sku, retryAfter, n - 1, waited);
            if (r != null) {
                breaker.record(kind, r.usable());
                return r;
            }
            if (n >= attempts) {
                breaker.record(kind, false);
                return new Result(502, error("upstream failed " + n + " times"), false);
            }
            waited = backoff(n, retryAfter[0]);
            Thread.sleep(waited);
        }
    }
}
