package io.latchkey.user;

import io.latchkey.testkit.LatchkeyTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * One real Kafka broker and one real PostgreSQL for every @QuarkusTest of this module, and an OIDC
 * provider (WireMock serving discovery and keys) that signs the admin API's bearer tokens.
 */
@QuarkusTestResource(LatchkeyTestResources.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public class UserServiceTestResources {

    public static String adminToken() {
        return OidcWiremockTestResource.getAccessToken("admin", java.util.Set.of("latchkey-admin"));
    }

    public static String viewerToken() {
        return OidcWiremockTestResource.getAccessToken("viewer", java.util.Set.of("viewer"));
    }
}
