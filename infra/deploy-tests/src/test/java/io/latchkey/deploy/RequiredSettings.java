package io.latchkey.deploy;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that says which environment variables each component needs in a deployment. Both deployment
 * files are checked against it: the Helm chart (HelmChartTest) and docker-compose.yml (ComposeFileTest).
 *
 * <p>Two sources, so that a new setting cannot be forgotten by the deployment files:
 * <ul>
 * <li>what a deployment must decide although the code has a default (the listed rules below: a developer default
 * such as localhost:9092 or OIDC switched off would start, and be wrong);</li>
 * <li>every {@code ${VAR}} without a default in the configuration the component runs with in production
 * ({@link ModuleConfiguration}): the service would not start without it.</li>
 * </ul>
 */
final class RequiredSettings {

    /** How notifier-service delivers: the settings it needs differ. */
    enum NotifierProvider {
        /** Production: SMS and calls through Twilio. */
        TWILIO,
        /** Nothing sent: JSON lines in a file (docker-compose, trials). */
        LOCAL
    }

    /** A need that any one of several variables meets, e.g. Twilio's sender: a number or a messaging service. */
    record Requirement(List<String> anyOf) {

        static Requirement of(String variable) {
            return new Requirement(List.of(variable));
        }

        static Requirement anyOf(String... variables) {
            return new Requirement(List.of(variables));
        }

        boolean metBy(Collection<String> provided) {
            return anyOf.stream().anyMatch(provided::contains);
        }

        @Override
        public String toString() {
            return String.join(" or ", anyOf);
        }
    }

    /** The ports of every image; the chart states them, compose takes them from the image (Dockerfile ENV). */
    static final List<String> PORTS = List.of("QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT");

    /**
     * What every service needs: its own database (the code's default is a localhost URL with a development
     * password), the broker (default localhost:9092), the operators' identity provider (default: OIDC off, admin
     * APIs closed) and the gateway as the only proxy it believes (default: loopback only).
     */
    static final List<String> EVERY_SERVICE = List.of(
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "KAFKA_BOOTSTRAP_SERVERS",
            "LATCHKEY_OIDC_ENABLED",
            "LATCHKEY_OIDC_AUTH_SERVER_URL",
            "LATCHKEY_OIDC_CLIENT_ID",
            "LATCHKEY_TRUSTED_PROXIES");

    /**
     * What the console needs: the identity provider and its own client there (default: OIDC off, no secret), where
     * the admin APIs are (default: localhost) and the gateway as the only proxy it believes.
     */
    static final List<String> CONSOLE = List.of(
            "LATCHKEY_OIDC_ENABLED",
            "LATCHKEY_OIDC_AUTH_SERVER_URL",
            "LATCHKEY_CONSOLE_CLIENT_ID",
            "LATCHKEY_CONSOLE_CLIENT_SECRET",
            "LATCHKEY_CONSOLE_API_URL",
            "LATCHKEY_TRUSTED_PROXIES");

    /** The master keys for secrets at rest: needed wherever infra/lib/crypto runs (its keys are optional there). */
    static final String CRYPTO_KEYS = "LATCHKEY_CRYPTO_KEYS";
    static final String CRYPTO_LIBRARY = "latchkey-crypto";

    /** The gateway finds each service by one property of this prefix (infra/gateway application.properties). */
    private static final String GATEWAY_SERVICES_PREFIX = "latchkey.gateway.services.";

    /** {@code ${NAME}} with no {@code :default}, where NAME reads as an environment variable. */
    private static final Pattern WITHOUT_DEFAULT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** {@code ${NAME:...}}, whatever the default. */
    private static final Pattern ANY_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private RequiredSettings() {
    }

    static Set<Requirement> of(Component component, NotifierProvider provider) {
        ModuleConfiguration configuration = ModuleConfiguration.of(component);
        Set<Requirement> required = new LinkedHashSet<>();
        PORTS.forEach(variable -> required.add(Requirement.of(variable)));
        if (component.isGateway()) {
            gatewayServiceUrls(configuration).forEach(variable -> required.add(Requirement.of(variable)));
        } else if (component.isConsole()) {
            CONSOLE.forEach(variable -> required.add(Requirement.of(variable)));
        } else {
            EVERY_SERVICE.forEach(variable -> required.add(Requirement.of(variable)));
        }
        if (configuration.dependsOn(CRYPTO_LIBRARY)) {
            required.add(Requirement.of(CRYPTO_KEYS));
        }
        switch (component.name()) {
            // QR-code links are built on it (the code's default is a localhost URL)
            case "token-service" -> required.add(Requirement.of("LATCHKEY_PUBLIC_BASE_URL"));
            // dashboard API signatures are checked against it (default: none)
            case "push-service" -> required.add(Requirement.of("LATCHKEY_PUBLIC_BASE_URL"));
            case "notifier-service" -> required.addAll(notifier(provider));
            default -> {
                // user-service: its bootstrap API key is optional; the gateway: its URLs above
            }
        }
        withoutDefault(configuration.properties()).forEach(variable -> required.add(Requirement.of(variable)));
        return required;
    }

    private static List<Requirement> notifier(NotifierProvider provider) {
        return switch (provider) {
            case TWILIO -> List.of(
                    Requirement.of("LATCHKEY_NOTIFIER_PROVIDER"),
                    Requirement.of("TWILIO_ACCOUNT_SID"),
                    Requirement.of("TWILIO_AUTH_TOKEN"),
                    Requirement.anyOf("TWILIO_FROM", "TWILIO_MESSAGING_SERVICE_SID"),
                    // Twilio reports delivery status there, through the gateway (default: no status callbacks)
                    Requirement.of("LATCHKEY_TWILIO_STATUS_CALLBACK_URL"));
            // the default file name is relative to the working directory, inside the image
            case LOCAL -> List.of(Requirement.of("LATCHKEY_NOTIFIER_PROVIDER"), Requirement.of("LATCHKEY_OUTBOX_FILE"));
        };
    }

    /** The variables naming the services' URLs, from the gateway's {@code latchkey.gateway.services.*} keys. */
    static Set<String> gatewayServiceUrls(ModuleConfiguration gateway) {
        Set<String> variables = new TreeSet<>();
        gateway.properties().forEach((key, value) -> {
            if (key.startsWith(GATEWAY_SERVICES_PREFIX)) {
                Matcher matcher = ANY_VARIABLE.matcher(value);
                if (!matcher.find()) {
                    throw new IllegalStateException(key + " names no environment variable: " + value);
                }
                variables.add(matcher.group(1));
            }
        });
        return variables;
    }

    /** Every environment variable a production configuration reads without a default. */
    static Set<String> withoutDefault(Map<String, String> properties) {
        Set<String> variables = new TreeSet<>();
        for (String value : properties.values()) {
            Matcher matcher = WITHOUT_DEFAULT.matcher(value);
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
        }
        return variables;
    }

    /** The requirements that none of the provided variables meets, for a message. */
    static List<Requirement> unmet(Set<Requirement> required, Collection<String> provided) {
        return required.stream().filter(requirement -> !requirement.metBy(provided)).toList();
    }
}
