package org.jbuildkit.e2e.registry.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on 127.0.0.1 that pretends to be a registry: {@code /v2/} answers 200, and the
 * test routes each API path to a handler that can misbehave (drop the connection, send wrong bytes,
 * answer 503). Every request is recorded with its method, path and Range header.
 */
final class FakeRegistry implements AutoCloseable {

    record Request(String method, String path, String range) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeRegistry(HttpServer server) {
        this.server = server;
    }

    static FakeRegistry start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        var registry = new FakeRegistry(server);
        server.createContext("/", registry::dispatch);
        server.setExecutor(registry.executor);
        server.start();
        return registry;
    }

    /** {@code 127.0.0.1:PORT}; RegistryHosts speaks plain HTTP to loopback by default. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests for {@code /v2/<apiPath>} with {@code handler}. */
    void route(String apiPath, HttpHandler handler) {
        routes.put("/v2/" + apiPath, handler);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String method, String apiPath) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals("/v2/" + apiPath)).toList();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Range")));
        HttpHandler handler = routes.get(path);
        if (handler != null) {
            handler.handle(exchange);
        } else if (path.equals("/v2/")) {
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
