package io.latchkey.projection.users;

import io.latchkey.testkit.LatchkeyTestResources;
import io.quarkus.test.common.QuarkusTestResource;

/** One real Kafka broker and one real PostgreSQL for the @QuarkusTests of this module. */
@QuarkusTestResource(LatchkeyTestResources.class)
public class UsersProjectionTestResources {
}
