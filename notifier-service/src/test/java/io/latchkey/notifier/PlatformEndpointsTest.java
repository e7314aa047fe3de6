package io.latchkey.notifier;

import io.latchkey.testkit.PlatformEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PlatformEndpointsTest extends PlatformEndpointsContract {
}
