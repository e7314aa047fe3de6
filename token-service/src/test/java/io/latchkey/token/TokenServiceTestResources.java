package io.latchkey.token;

import io.latchkey.testkit.LatchkeyTestResources;
import io.quarkus.test.common.QuarkusTestResource;

/** One real Kafka broker and one real PostgreSQL for every @QuarkusTest of this module. */
@QuarkusTestResource(LatchkeyTestResources.class)
public class TokenServiceTestResources {
}
