import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Request and response plumbing for com.sun.net.httpserver; you need not change it. */
final class Http {
    private Http() {}

    static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Parsed JSON body, or null when it is not JSON (JSON null also gives null). */
    static Object json(HttpExchange ex) throws IOException {
        try {
            return Json.parse(body(ex));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void send(HttpExchange ex, int status, Object body, Map<String, String> headers) throws IOException {
        byte[] data = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, data.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(data);
        }
    }

    static void send(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, body, Map.of());
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }
}
