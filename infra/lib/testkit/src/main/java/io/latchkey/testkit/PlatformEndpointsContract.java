package io.latchkey.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every service serves besides its API, on its management port and never on the public one
 * (docs/operations.md "Ports"): readiness that follows the database and the start-up catch-up of the
 * applications projection but not the broker, a "well" report that covers the event backbone
 * (docs/operations.md "Health"), Prometheus metrics tagged by path template, OpenAPI. A service's test
 * extends this with {@code @QuarkusTest class PlatformEndpointsTest extends PlatformEndpointsContract {}}.
 */
public abstract class PlatformEndpointsContract {

    /** The management interface's root, {@code /q} on its own port. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    MeterRegistry meters;

    /** @param path below the management root, e.g. {@code /health/ready} */
    private String managed(String path) {
        return management.toString().replaceAll("/$", "") + path;
    }

    @Test
    void readinessFollowsTheDatabaseAndTheApplicationsProjectionNotTheBroker() throws InterruptedException {
        // the start-up catch-up runs in the background; an orchestrator polls readiness the same way
        for (int polls = 0; polls < 150 && given().when().get(managed("/health/ready")).statusCode() != 200; polls++) {
            Thread.sleep(200);
        }
        given().when().get(managed("/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("applications projection"))
                .body("checks.name", not(hasItem("Kafka connection health check")));
    }

    @Test
    void theEventBackboneIsReportedUnderWell() {
        given().when().get(managed("/health/well"))
                .then().body("checks.name", hasItem("event backbone"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().when().get(managed("/metrics"))
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void thePublicPortServesNeitherHealthNorMetricsNorOpenApi() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void metricsAreTaggedByTemplateNeverByPath() {
        given().when().get("/protected/json/nowhere/918273645").then().statusCode(404);
        given().header("X-Authy-API-Key", "no-such-key").when().get("/protected/json/users/918273646/status")
                .then().statusCode(anyOf(equalTo(401), equalTo(404)));
        String metrics = given().when().get(managed("/metrics")).then().statusCode(200).extract().asString();
        assertEquals(List.of(), linesWith(metrics, "918273645"), "an unrouted path in the metrics");
        assertEquals(List.of(), linesWith(metrics, "918273646"), "an authy_id in the metrics");
    }

    /**
     * Metric lines whose name or labels hold {@code text}; not the value, where the digits can turn up by chance
     * (a CI run saw {@code 0.9182736455...}).
     */
    private static List<String> linesWith(String metrics, String text) {
        return metrics.lines().filter(line -> line.lastIndexOf(' ') > 0 && line.substring(0, line.lastIndexOf(' ')).contains(text))
                .toList();
    }

    @Test
    void aRawPathThatReachesTheHttpServerMetricsIsReplaced() {
        // what one CI run saw from Quarkus's own binder, recorded here directly (authy-http's UriTagFilter)
        meters.timer("http.server.requests", "method", "GET", "outcome", "SUCCESS", "status", "200", "uri",
                "/protected/json/sms/918273647");
        String metrics = given().when().get(managed("/metrics")).then().statusCode(200).extract().asString();
        assertFalse(metrics.contains("918273647"), "a raw path in the metrics");
        assertTrue(metrics.contains("uri=\"UNKNOWN\""), "the raw path's replacement");
    }

    @Test
    void openApiIsServed() {
        given().queryParam("format", "json").when().get(managed("/openapi"))
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }
}
