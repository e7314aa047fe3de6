package io.latchkey.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every service serves besides its API: readiness that follows the database and the start-up
 * catch-up of the applications projection but not the broker, a "well" report that covers the event
 * backbone (docs/operations.md "Health"), Prometheus metrics, OpenAPI. A service's test extends this with
 * {@code @QuarkusTest class PlatformEndpointsTest extends PlatformEndpointsContract {}}.
 */
public abstract class PlatformEndpointsContract {

    @Test
    void readinessFollowsTheDatabaseAndTheApplicationsProjectionNotTheBroker() throws InterruptedException {
        // the start-up catch-up runs in the background; an orchestrator polls readiness the same way
        for (int polls = 0; polls < 150 && given().when().get("/q/health/ready").statusCode() != 200; polls++) {
            Thread.sleep(200);
        }
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("applications projection"))
                .body("checks.name", not(hasItem("Kafka connection health check")));
    }

    @Test
    void theEventBackboneIsReportedUnderWell() {
        given().when().get("/q/health/well")
                .then().body("checks.name", hasItem("event backbone"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiIsServed() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }
}
