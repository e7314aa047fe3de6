package io.latchkey.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.latchkey.gateway.AuthyRoutes.Route;
import io.latchkey.gateway.AuthyRoutes.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Sends each request to the service that owns its path, through Vert.x's reverse proxy (streaming
 * bodies, hop-by-hop headers handled). Whatever goes wrong on the way is answered in the Authy error
 * shape a client knows: a path no service owns (404), a path that could mean something else behind
 * the gateway (400), a service that is down or does not answer in time (503). The gateway's health
 * and metrics are on the management port only (docs/operations.md "Ports").
 */
@ApplicationScoped
public class GatewayProxy {

    private static final Logger LOG = Logger.getLogger(GatewayProxy.class);

    static final String NOT_FOUND_BODY = error("Not found", "60000");
    static final String INVALID_PATH_BODY = error("Invalid request: path", "60002");
    static final String UNAVAILABLE_BODY = error("Service unavailable, try again later", "60000");

    private static final String JSON = "application/json; charset=utf-8";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For",
            "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP");

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry metrics;

    private final Map<Service, Origins> origins = new EnumMap<>(Service.class);
    private final Map<Route, HttpProxy> proxies = new HashMap<>();
    private TrustedProxies trustedProxies;

    void install(@Observes Router router, Vertx vertx) {
        config.services().forEach((name, urls) -> origins.put(Service.valueOf(name.toUpperCase()),
                new Origins(urls.stream().map(GatewayProxy::address).toList())));
        trustedProxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerService())
                .setConnectTimeout((int) config.timeouts().connect().toMillis()));
        // one proxy per route, so that the route found for a request (its service and patience) is known to the
        // proxy without matching the path a second time
        for (Route route : AuthyRoutes.all()) {
            if (origins.containsKey(route.service())) {
                proxies.put(route, proxyFor(route, client));
            }
        }
        router.route().order(Integer.MIN_VALUE).handler(this::route);
    }

    private HttpProxy proxyFor(Route route, HttpClient client) {
        Origins instances = origins.get(route.service());
        long patienceMillis = patience(route).toMillis();
        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .origin(context -> connect(context.client(), instances.inTurn(), patienceMillis, 0));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                ProxyRequest request = context.request();
                request.setURI(AuthyRoutes.normalize(request.getURI()));
                forwarding(request);
                return context.sendRequest().recover(failure -> {
                    // connection refused, connect or idle timeout, reset: the client hears it as Authy would say it
                    LOG.warnf("%s %s: %s service did not answer (%s)", request.getMethod(), route.template(),
                            route.service(), failure.getClass().getSimpleName());
                    return Future.succeededFuture(request.release().response()
                            .setStatusCode(503)
                            .putHeader("Content-Type", JSON)
                            .putHeader("Retry-After", "1")
                            .setBody(Body.body(Buffer.buffer(UNAVAILABLE_BODY))));
                });
            }
        });
        return proxy;
    }

    private void route(RoutingContext context) {
        HttpServerRequest request = context.request();
        Timer.Sample sample = Timer.start(metrics);
        if (!AuthyRoutes.isPlain(request.path())) {
            measure(context, sample, "INVALID", "none");
            answer(context, 400, INVALID_PATH_BODY);
            return;
        }
        Optional<Route> route = AuthyRoutes.of(AuthyRoutes.normalize(request.path()));
        HttpProxy proxy = route.map(proxies::get).orElse(null);
        if (proxy == null) {
            measure(context, sample, "NOT_FOUND", "none");
            answer(context, 404, NOT_FOUND_BODY);
            return;
        }
        measure(context, sample, route.get().template(), route.get().service().name().toLowerCase());
        chunkedIfUnsized(request);
        proxy.handle(request);
    }

    /**
     * HTTP/2 frames a request body without needing a {@code Content-Length}; the services speak HTTP/1.1, where such
     * a body must go on chunked. Vert.x's proxy (4.5) decides that from the client's {@code Transfer-Encoding} header
     * alone, which HTTP/2 never has; otherwise its write of the first bytes fails and the service gets an empty
     * body (eclipse-vertx/vertx-http-proxy#147, fixed in 5.x). A request whose stream ended with its headers has no body.
     */
    private static void chunkedIfUnsized(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2 && !request.isEnded()
                && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
    }

    /**
     * A connection to the first of {@code instances} that accepts one. Only a refused or timed-out connect moves
     * on to the next instance: nothing of the request has been sent then, so no request is ever sent twice.
     */
    private static Future<HttpClientRequest> connect(HttpClient client, List<SocketAddress> instances, long idleMillis,
            int attempt) {
        return client.request(new RequestOptions().setServer(instances.get(attempt)).setIdleTimeout(idleMillis))
                .recover(failure -> attempt + 1 < instances.size()
                        ? connect(client, instances, idleMillis, attempt + 1)
                        : Future.failedFuture(failure));
    }

    /** The instances of one service, taken in turn (round robin) from one request to the next. */
    private record Origins(List<SocketAddress> instances, AtomicInteger turn) {

        Origins(List<SocketAddress> instances) {
            this(List.copyOf(instances), new AtomicInteger());
        }

        /** Every instance once, starting with the one whose turn it is. */
        List<SocketAddress> inTurn() {
            int first = Math.floorMod(turn.getAndIncrement(), instances.size());
            List<SocketAddress> ordered = new ArrayList<>(instances.subList(first, instances.size()));
            ordered.addAll(instances.subList(0, first));
            return ordered;
        }
    }

    /** Tagged by route template, never by the path: paths carry authy_ids, tokens and QR capabilities. */
    private void measure(RoutingContext context, Timer.Sample sample, String route, String service) {
        String method = METHODS.contains(context.request().method().name()) ? context.request().method().name() : "OTHER";
        context.addEndHandler(done -> sample.stop(Timer.builder("latchkey.gateway.requests")
                .description("Requests through the gateway, by route template")
                .tags("route", route, "service", service, "method", method,
                        "status", String.valueOf(context.response().getStatusCode()))
                .register(metrics)));
    }

    /**
     * The services trust {@code X-Forwarded-*} from the gateway only (their {@code trusted-proxies}), so the
     * gateway must never pass on what a client made up: it says who connected and how, and keeps an upstream
     * chain only from a load balancer it was told to trust.
     */
    private void forwarding(ProxyRequest request) {
        HttpServerRequest incoming = request.proxiedRequest();
        String peer = incoming.remoteAddress() == null ? "unknown" : incoming.remoteAddress().hostAddress();
        MultiMap headers = request.headers();
        boolean trusted = trustedProxies.trusts(peer);
        String chain = trusted ? headers.get("X-Forwarded-For") : null;
        String proto = trusted ? headers.get("X-Forwarded-Proto") : null;
        String host = trusted ? headers.get("X-Forwarded-Host") : null;
        FORWARDING_HEADERS.forEach(headers::remove);
        headers.set("X-Forwarded-For", chain == null || chain.isBlank() ? peer : chain + ", " + peer);
        headers.set("X-Forwarded-Proto", proto != null ? proto : incoming.scheme());
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        } else if (incoming.authority() != null) {
            headers.set("X-Forwarded-Host", incoming.authority().toString());
        }
    }

    private Duration patience(Route route) {
        return switch (route.patience()) {
            case ANSWER -> config.timeouts().answer();
            case LONG_POLL -> config.timeouts().longPoll();
            case ADMIN -> config.timeouts().admin();
        };
    }

    private static void answer(RoutingContext context, int status, String body) {
        context.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    }

    private static String error(String message, String code) {
        return "{\"message\":\"" + message + "\",\"success\":false,\"errors\":{\"message\":\"" + message
                + "\"},\"error_code\":\"" + code + "\"}";
    }

    private static SocketAddress address(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
