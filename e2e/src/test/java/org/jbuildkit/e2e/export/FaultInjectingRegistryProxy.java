package org.jbuildkit.e2e.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP proxy on 127.0.0.1 in front of a real registry that forwards every request but refuses the completion
 * (the {@code PUT …/blobs/uploads/…?digest=}) of every blob upload after the first, with 403 DENIED: a push that
 * fails midway, after the preflight (which only starts and cancels an upload) passed.
 */
final class FaultInjectingRegistryProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding", "host", "expect", "date", "from", "via", "warning",
            "keep-alive", "upgrade");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger completedUploads = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private FaultInjectingRegistryProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy for the registry at {@code target} (e.g. {@code http://127.0.0.1:5000}). */
    static FaultInjectingRegistryProxy start(URI target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        FaultInjectingRegistryProxy proxy = new FaultInjectingRegistryProxy(server, target);
        server.createContext("/", proxy::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return proxy;
    }

    /** {@code 127.0.0.1:PORT}, as an image name's registry. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many blob uploads were refused so far. */
    int refusedUploads() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            if (method.equals("PUT") && uri.getRawPath().contains("/blobs/uploads/") && query.contains("digest=")
                    && completedUploads.incrementAndGet() > 1) {
                refused.incrementAndGet();
                byte[] denied = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"refused by the test proxy\"}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(403, denied.length);
                exchange.getResponseBody().write(denied);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                    + (query.isEmpty() ? "" : "?" + query)))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    List<String> copy = List.copyOf(values);
                    exchange.getResponseHeaders().put(name, copy);
                }
            });
            byte[] answer = response.body();
            boolean noBody = method.equals("HEAD") || response.statusCode() == 204 || answer.length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
