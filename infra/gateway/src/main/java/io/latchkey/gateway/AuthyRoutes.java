package io.latchkey.gateway;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service owns which path (docs/architecture.md "Services"). The table is the product's contract, not
 * deployment configuration, so it lives in code; where the services listen is configuration.
 */
public final class AuthyRoutes {

    public enum Service {
        USER, TOKEN, PUSH, NOTIFIER
    }

    record Route(Pattern path, Service service) {
    }

    private static final String PROTECTED = "^/protected/[^/]+/";

    private static final List<Route> ROUTES = List.of(
            route(PROTECTED + "users/new$", Service.USER),
            route(PROTECTED + "users/delete/[^/]+$", Service.USER),
            route(PROTECTED + "users/[^/]+/(remove|delete|status|register_activity|update)$", Service.USER),
            route(PROTECTED + "app/(details|stats)$", Service.USER),
            route(PROTECTED + "phones/info$", Service.USER),
            route("^/admin/applications(/.*)?$", Service.USER),
            route("^/admin/dead-letters(/.*)?$", Service.USER),
            route("^/admin/outbox/user-service(/.*)?$", Service.USER),
            route("^/admin/outbox/token-service(/.*)?$", Service.TOKEN),
            route("^/admin/outbox/push-service(/.*)?$", Service.PUSH),
            route("^/admin/outbox/notifier-service(/.*)?$", Service.NOTIFIER),

            route(PROTECTED + "(sms|call|email)/[^/]+$", Service.TOKEN),
            route(PROTECTED + "verify/[^/]+/[^/]+$", Service.TOKEN),
            route(PROTECTED + "users/[^/]+/secret$", Service.TOKEN),
            route(PROTECTED + "users/[^/]+/devices(/registrations|/[^/]+/remove)?$", Service.TOKEN),
            route(PROTECTED + "phones/verification/(start|check|status)$", Service.TOKEN),
            route("^/(qr|devices)(/.*)?$", Service.TOKEN),

            route("^/onetouch/[^/]+/.+$", Service.PUSH),
            route("^/dashboard/json/application/webhooks(/.*)?$", Service.PUSH),
            route("^/device/onetouch(/.*)?$", Service.PUSH),
            route("^/admin/onetouch(/.*)?$", Service.PUSH),
            route("^/admin/webhooks(/.*)?$", Service.PUSH),

            route("^/twilio/.+$", Service.NOTIFIER),
            route("^/admin/deliveries(/.*)?$", Service.NOTIFIER));

    private AuthyRoutes() {
    }

    private static Route route(String regex, Service service) {
        return new Route(Pattern.compile(regex), service);
    }

    /** @param normalizedPath a path as {@link #normalize} returns it, without the query */
    public static Optional<Service> owner(String normalizedPath) {
        return ROUTES.stream()
                .filter(route -> route.path().matcher(normalizedPath).matches())
                .map(Route::service)
                .findFirst();
    }

    /**
     * Collapses repeated slashes in the path ({@code //protected/json/…} comes from Ruby/PHP clients
     * configured with a trailing slash, docs/authy-api.md §1.1) and keeps the query untouched.
     */
    public static String normalize(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        String rest = query < 0 ? "" : uri.substring(query);
        return path.replaceAll("/{2,}", "/") + rest;
    }
}
