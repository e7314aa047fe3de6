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

    /** A valid token with none of the operators' roles. */
    public static String tokenWithoutOperatorRole() {
        return OidcWiremockTestResource.getAccessToken("stranger", java.util.Set.of("viewer"));
    }

    public static String tokenWithRoles(String... roles) {
        return OidcWiremockTestResource.getAccessToken("operator", java.util.Set.of(roles));
    }
}
