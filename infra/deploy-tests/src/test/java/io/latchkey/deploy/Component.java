package io.latchkey.deploy;

import java.util.List;
import java.util.stream.Stream;

/**
 * A Latchkey component that runs: its name (the compose service, the chart's {@code components.<name>} and
 * {@code app.kubernetes.io/component}) and its Maven module directory. RequiredSettingsTest checks that these are
 * exactly the modules that package a Quarkus application.
 */
record Component(String name, String module) {

    /** The one base URL; no database, no Kafka. */
    static final Component GATEWAY = new Component("gateway", "infra/gateway");

    /** Each owns a PostgreSQL database and uses Kafka (README "Architecture"). */
    static final List<Component> SERVICES = List.of(
            new Component("user-service", "user-service"),
            new Component("token-service", "token-service"),
            new Component("push-service", "push-service"),
            new Component("notifier-service", "notifier-service"));

    /** The operator console: pages over the admin APIs (through the gateway); no database, no Kafka. */
    static final Component CONSOLE = new Component("console", "infra/console");

    static final List<Component> ALL = Stream.concat(SERVICES.stream(), Stream.of(GATEWAY, CONSOLE)).toList();

    /** What the gateway routes to (AuthyRoutes): the services and the console. */
    static final List<Component> BEHIND_GATEWAY = Stream.concat(SERVICES.stream(), Stream.of(CONSOLE)).toList();

    boolean isGateway() {
        return equals(GATEWAY);
    }

    boolean isConsole() {
        return equals(CONSOLE);
    }

    static Component named(String name) {
        return ALL.stream()
                .filter(component -> component.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Latchkey component is called " + name));
    }

    /** The environment variable by which the gateway finds this component, e.g. LATCHKEY_USER_SERVICE_URL. */
    String gatewayUrlVariable() {
        return "LATCHKEY_" + name.toUpperCase().replace('-', '_') + "_URL";
    }
}
