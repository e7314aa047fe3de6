package io.latchkey.gateway;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import io.latchkey.gateway.AuthyRoutes.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Sends each request to the service that owns its path, through Vert.x's reverse proxy (streaming
 * bodies, hop-by-hop headers handled). Paths no service owns get an Authy-style 404, so that a
 * client sees the error shape it knows.
 */
@ApplicationScoped
public class GatewayProxy {

    private static final String NOT_FOUND_BODY = "{\"message\":\"Not found\",\"success\":false,"
            + "\"errors\":{\"message\":\"Not found\"},\"error_code\":\"60000\"}";

    @Inject
    GatewayConfig config;

    private final Map<Service, SocketAddress> origins = new EnumMap<>(Service.class);

    void install(@Observes Router router, Vertx vertx) {
        config.services().forEach((name, url) -> origins.put(Service.valueOf(name.toUpperCase()), address(url)));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(config.maxConnectionsPerService()));
        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .originSelector(request -> Future.succeededFuture(
                        origins.get(AuthyRoutes.owner(AuthyRoutes.normalize(request.path())).orElseThrow())));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                context.request().setURI(AuthyRoutes.normalize(context.request().getURI()));
                return context.sendRequest();
            }
        });
        router.route().order(Integer.MIN_VALUE).handler(context -> route(context, proxy));
    }

    private void route(RoutingContext context, HttpProxy proxy) {
        String path = AuthyRoutes.normalize(context.request().path());
        if (path.startsWith("/q/")) {
            context.next(); // the gateway's own health and metrics
            return;
        }
        Optional<Service> owner = AuthyRoutes.owner(path);
        if (owner.isEmpty() || !origins.containsKey(owner.get())) {
            context.response().setStatusCode(404)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(NOT_FOUND_BODY);
            return;
        }
        proxy.handle(context.request());
    }

    private static SocketAddress address(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
