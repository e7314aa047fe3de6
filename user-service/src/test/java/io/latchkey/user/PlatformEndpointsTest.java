package io.latchkey.user;

import io.latchkey.testkit.PlatformEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PlatformEndpointsTest extends PlatformEndpointsContract {
}
