package io.latchkey.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.latchkey.deploy.RequiredSettings.NotifierProvider;
import io.latchkey.deploy.RequiredSettings.Requirement;

/**
 * RequiredSettings reads the sources: these pin what it finds, so that a parsing mistake cannot make the deployment
 * tests pass by requiring nothing.
 */
class RequiredSettingsTest {

    @Test
    void theComponentsAreTheModulesThatPackageAQuarkusApplication() {
        List<String> quarkusApplications = ModuleConfiguration.rootModules().stream()
                .filter(module -> ProjectFiles.read(module + "/pom.xml").contains("<artifactId>quarkus-maven-plugin</artifactId>"))
                .sorted()
                .toList();

        assertEquals(quarkusApplications, Component.ALL.stream().map(Component::module).sorted().toList(),
                "Component.ALL against the root pom's modules that build with quarkus-maven-plugin: a new one needs a deployment");
    }

    @Test
    void onlyProductionSettingsCount() {
        String properties = """
                # a comment with ${COMMENTED}
                plain=${PLAIN}
                with-default=${DEFAULTED:value}
                property-reference=group-${quarkus.uuid}
                %test.test-only=${TEST_ONLY}
                %dev,test.dev-and-test=${DEV_AND_TEST}
                %prod.prod-only=${PROD_ONLY}
                %prod.with-default=${NOW_REQUIRED}
                """;

        Set<String> required = RequiredSettings.withoutDefault(ModuleConfiguration.production(properties));

        assertEquals(Set.of("PLAIN", "PROD_ONLY", "NOW_REQUIRED"), required);
    }

    @Test
    void tokenServiceNeedsItsCodeKeyAndThePublicUrlFromItsProperties() {
        ModuleConfiguration token = ModuleConfiguration.of(Component.named("token-service"));

        Set<String> required = RequiredSettings.withoutDefault(token.properties());

        assertTrue(required.containsAll(Set.of("LATCHKEY_CODE_HMAC_KEY", "LATCHKEY_PUBLIC_BASE_URL")),
                "token-service application.properties without a default: " + required);
    }

    @Test
    void theNotifierMustBeToldItsProvider() {
        Set<String> required = RequiredSettings.withoutDefault(ModuleConfiguration.of(Component.named("notifier-service")).properties());

        assertTrue(required.contains("LATCHKEY_NOTIFIER_PROVIDER"), "notifier-service %prod: " + required);
    }

    @Test
    void everyServiceOpensSealedSecretsAndTheGatewayDoesNot() {
        for (Component service : Component.SERVICES) {
            assertTrue(ModuleConfiguration.of(service).dependsOn(RequiredSettings.CRYPTO_LIBRARY),
                    service.name() + " runs infra/lib/crypto (directly or through a library)");
            assertTrue(RequiredSettings.of(service, NotifierProvider.TWILIO).contains(Requirement.of(RequiredSettings.CRYPTO_KEYS)),
                    service.name() + " needs " + RequiredSettings.CRYPTO_KEYS);
        }
        assertFalse(ModuleConfiguration.of(Component.GATEWAY).dependsOn(RequiredSettings.CRYPTO_LIBRARY), "the gateway");
    }

    @Test
    void theGatewayNeedsOneUrlPerServiceAndTheConsole() {
        Set<String> urls = RequiredSettings.gatewayServiceUrls(ModuleConfiguration.of(Component.GATEWAY));

        Set<String> expected = new TreeSet<>();
        Component.SERVICES.forEach(service -> expected.add(service.gatewayUrlVariable()));
        expected.add(Component.CONSOLE.gatewayUrlVariable());
        assertEquals(expected, urls, "the gateway's latchkey.gateway.services.* variables");
    }

    @Test
    void twilioNeedsASenderOfEitherKind() {
        Set<Requirement> required = RequiredSettings.of(Component.named("notifier-service"), NotifierProvider.TWILIO);
        Requirement sender = Requirement.anyOf("TWILIO_FROM", "TWILIO_MESSAGING_SERVICE_SID");

        assertTrue(required.contains(sender), "notifier-service with Twilio: " + required);
        assertTrue(sender.metBy(List.of("TWILIO_MESSAGING_SERVICE_SID")));
        assertFalse(sender.metBy(List.of("TWILIO_ACCOUNT_SID")));
    }

    @Test
    void theTrustedProxiesDefaultComesFromALibrary() {
        // infra/lib/authy-http sets quarkus.http.proxy.trusted-proxies from LATCHKEY_TRUSTED_PROXIES (loopback by default)
        String trustedProxies = ModuleConfiguration.of(Component.named("push-service")).properties()
                .get("quarkus.http.proxy.trusted-proxies");

        assertTrue(trustedProxies != null && trustedProxies.contains("LATCHKEY_TRUSTED_PROXIES"),
                "push-service's configuration through its libraries: " + trustedProxies);
    }
}
