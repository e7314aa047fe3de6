package io.latchkey.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which service owns which path (docs/architecture.md "Services"). The table is the product's contract, not
 * deployment configuration, so it lives in code; where the services listen is configuration.
 * <p>
 * Each route is a template: {@code {name}} is one path segment, {@code {name:a|b}} one of those words, and a
 * trailing {@code /**} the path itself and anything below it. The template is also the route's name in the
 * gateway's metrics, so that no id, token or QR capability from a request path ever becomes a label.
 */
public final class AuthyRoutes {

    public enum Service {
        USER, TOKEN, PUSH, NOTIFIER,
        /** The operator console (infra/console): its pages, not an Authy API, on the same base URL. */
        CONSOLE
    }

    /** How long the service may take to send the next bytes of its answer (GatewayConfig.Timeouts). */
    public enum Patience {
        /** An ordinary API call. */
        ANSWER,
        /** A device's long-poll, held open by the service on purpose. */
        LONG_POLL,
        /** Operators' calls, among them an import that streams its progress for minutes. */
        ADMIN
    }

    public record Route(String template, Pattern path, Service service, Patience patience) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+(?::([a-z_|]+))?}");

    private static final List<Route> ROUTES = List.of(
            route(Service.USER, "/protected/{format}/users/new"),
            route(Service.USER, "/protected/{format}/users/delete/{id}"),
            route(Service.USER, "/protected/{format}/users/{id}/{action:remove|delete|status|register_activity|update}"),
            route(Service.USER, "/protected/{format}/app/{action:details|stats}"),
            route(Service.USER, "/protected/{format}/phones/info"),
            route(Service.USER, "/admin/applications/**"),
            route(Service.USER, "/admin/dead-letters/**"),
            route(Service.USER, "/admin/audit"),
            route(Service.USER, "/admin/outbox/user-service/**"),
            route(Service.USER, "/admin/status/user-service"),
            route(Service.TOKEN, "/admin/outbox/token-service/**"),
            route(Service.TOKEN, "/admin/status/token-service"),
            route(Service.TOKEN, "/admin/users/**"),
            route(Service.PUSH, "/admin/outbox/push-service/**"),
            route(Service.PUSH, "/admin/status/push-service"),
            route(Service.NOTIFIER, "/admin/outbox/notifier-service/**"),
            route(Service.NOTIFIER, "/admin/status/notifier-service"),

            route(Service.TOKEN, "/protected/{format}/{via:sms|call|email}/{id}"),
            route(Service.TOKEN, "/protected/{format}/verify/{token}/{id}"),
            route(Service.TOKEN, "/protected/{format}/users/{id}/secret"),
            route(Service.TOKEN, "/protected/{format}/users/{id}/devices"),
            route(Service.TOKEN, "/protected/{format}/users/{id}/devices/registrations"),
            route(Service.TOKEN, "/protected/{format}/users/{id}/devices/{device_id}/remove"),
            route(Service.TOKEN, "/protected/{format}/phones/verification/{step:start|check|status}"),
            route(Service.TOKEN, "/qr/**"),
            route(Service.TOKEN, "/devices/**"),

            route(Service.PUSH, "/onetouch/{format}/**"),
            route(Service.PUSH, "/dashboard/json/application/webhooks/**"),
            route(Service.PUSH, "/device/onetouch/**"),
            route(Service.PUSH, "/admin/onetouch/**"),
            route(Service.PUSH, "/admin/webhooks/**"),

            route(Service.NOTIFIER, "/twilio/**"),
            route(Service.NOTIFIER, "/admin/deliveries/**"),

            route(Service.CONSOLE, "/console/**"));

    private AuthyRoutes() {
    }

    private static Route route(Service service, String template) {
        Patience patience = template.startsWith("/admin/") ? Patience.ADMIN
                : template.startsWith("/device/onetouch") ? Patience.LONG_POLL
                : Patience.ANSWER;
        return new Route(template, compile(template), service, patience);
    }

    static Pattern compile(String template) {
        boolean subtree = template.endsWith("/**");
        String fixed = subtree ? template.substring(0, template.length() - 3) : template;
        StringBuilder regex = new StringBuilder("^");
        Matcher placeholder = PLACEHOLDER.matcher(fixed);
        int literalFrom = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(fixed.substring(literalFrom, placeholder.start())));
            regex.append(placeholder.group(1) == null ? "[^/]+" : "(?:" + placeholder.group(1) + ")");
            literalFrom = placeholder.end();
        }
        regex.append(Pattern.quote(fixed.substring(literalFrom)));
        return Pattern.compile(regex.append(subtree ? "(?:/.*)?$" : "$").toString());
    }

    /** Every route, in the order they are tried. */
    public static List<Route> all() {
        return ROUTES;
    }

    /** @param normalizedPath a path as {@link #normalize} returns it, without the query */
    public static Optional<Route> of(String normalizedPath) {
        return ROUTES.stream().filter(route -> route.path().matcher(normalizedPath).matches()).findFirst();
    }

    /** @param normalizedPath a path as {@link #normalize} returns it, without the query */
    public static Optional<Service> owner(String normalizedPath) {
        return of(normalizedPath).map(Route::service);
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

    /**
     * Whether a raw request path may be routed at all. A dot segment ({@code /qr/../q/metrics}), an encoded
     * slash, backslash or dot, a NUL or a {@code ;} parameter would mean one thing to this table and another
     * to the service behind it (which decodes and normalises the path itself), so such paths are refused
     * rather than repaired: no Authy client sends them.
     */
    public static boolean isPlain(String rawPath) {
        if (!rawPath.startsWith("/") || rawPath.indexOf('\\') >= 0 || rawPath.indexOf(';') >= 0) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%00")
                || lower.contains("%25")) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
