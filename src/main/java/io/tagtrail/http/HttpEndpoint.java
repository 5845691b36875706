package io.tagtrail.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Health, metrics and the live API over HTTP:
 * <ul>
 *   <li>{@code GET /health}: liveness and readiness (broker and database reachable); 200 when ready, else 503</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready}: the two halves for orchestrators</li>
 *   <li>{@code GET /metrics}: Prometheus text</li>
 *   <li>{@code GET /api/stores}, {@code GET /api/stores/{id}/occupancy}: live occupancy per zone and floor</li>
 * </ul>
 * With a token configured, {@code /metrics} and {@code /api} require {@code Authorization: Bearer <token>}.
 */
public final class HttpEndpoint {
    /** What the endpoint serves; implemented by the service. */
    public interface Source {
        boolean live();

        /** JSON describing readiness; {@code ready} decides the status code. */
        Health health();

        String metrics();

        String storesJson();

        /** Live occupancy of a store as JSON, or null for an unknown store. */
        Future<String> occupancyJson(String storeId);
    }

    /** Readiness and its JSON body. */
    public record Health(boolean ready, String json) {
    }

    private final Vertx vertx;
    private final Source source;
    private final byte[] token;
    private HttpServer server;

    public HttpEndpoint(Vertx vertx, Source source, String token) {
        this.vertx = vertx;
        this.source = source;
        this.token = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer();
        return server.requestHandler(this::handle).listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        HttpServerResponse res = req.response();
        String path = req.path();
        if (req.method() != io.vertx.core.http.HttpMethod.GET) {
            send(res, 405, "text/plain", "only GET\n");
            return;
        }
        switch (path) {
            case "/health/live":
                send(res, source.live() ? 200 : 503, "application/json", "{\"live\":" + source.live() + "}\n");
                return;
            case "/health":
            case "/health/ready":
                Health h = source.health();
                send(res, h.ready() ? 200 : 503, "application/json", h.json());
                return;
            default:
                break;
        }
        if (!authorised(req)) {
            res.putHeader("WWW-Authenticate", "Bearer");
            send(res, 401, "text/plain", "a bearer token is required\n");
            return;
        }
        if (path.equals("/metrics")) {
            send(res, 200, "text/plain; version=0.0.4; charset=utf-8", source.metrics());
        } else if (path.equals("/api/stores")) {
            send(res, 200, "application/json", source.storesJson());
        } else if (path.startsWith("/api/stores/") && path.endsWith("/occupancy")) {
            String store = path.substring("/api/stores/".length(), path.length() - "/occupancy".length());
            source.occupancyJson(store).onComplete(ar -> {
                if (ar.failed()) {
                    send(res, 500, "text/plain", "occupancy unavailable: " + ar.cause().getMessage() + "\n");
                } else if (ar.result() == null) {
                    send(res, 404, "application/json", "{\"error\":\"unknown store\"}\n");
                } else {
                    send(res, 200, "application/json", ar.result());
                }
            });
        } else {
            send(res, 404, "text/plain", "not found\n");
        }
    }

    private boolean authorised(HttpServerRequest req) {
        if (token == null) {
            return true;
        }
        String given = req.getHeader("Authorization");
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpServerResponse res, int status, String type, String body) {
        res.setStatusCode(status).putHeader("Content-Type", type).end(body);
    }
}
