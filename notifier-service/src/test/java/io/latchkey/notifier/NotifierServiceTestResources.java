package io.latchkey.notifier;

import io.latchkey.testkit.LatchkeyTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * For every @QuarkusTest of this module, started once: a real Kafka broker and PostgreSQL, a
 * WireMock server standing in for api.twilio.com (the real Twilio SDK talks to it), and a WireMock
 * OIDC provider that signs the operators' tokens.
 */
@QuarkusTestResource(LatchkeyTestResources.class)
@QuarkusTestResource(FakeTwilio.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public class NotifierServiceTestResources {
}
