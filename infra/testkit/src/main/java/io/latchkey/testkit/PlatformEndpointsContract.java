package io.latchkey.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every service serves besides its API (issue "Foundation"): readiness that covers the
 * database and Kafka, Prometheus metrics, OpenAPI. A service's test extends this with
 * {@code @QuarkusTest class PlatformEndpointsTest extends PlatformEndpointsContract {}}.
 */
public abstract class PlatformEndpointsContract {

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("Kafka connection health check"));
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
