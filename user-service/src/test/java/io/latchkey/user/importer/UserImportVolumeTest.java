package io.latchkey.user.importer;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Map;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.events.outbox.OutboxMessage;
import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 100 000 rows, generated as they are sent (the file never exists in memory on either side), imported
 * and their events relayed to the real broker. Runs last: its backlog must not delay other tests.
 * Times are logged for the README, never asserted.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class UserImportVolumeTest {

    private static final Logger LOG = Logger.getLogger(UserImportVolumeTest.class);
    static final int ROWS = 100_000;

    /** The authy_id of the last row sent. */
    private volatile long lastId;

    @Test
    void hundredThousandRows() throws Exception {
        UserImportTest.App app = UserImportTest.newApplication("Volume");
        // a dry run of as many rows: one transaction over the whole file, rolled back
        long dryStarted = System.nanoTime();
        String dry = asAdmin().contentType("application/x-ndjson").body(rows()).queryParam("dry_run", true)
                .when().post("/admin/applications/" + app.id() + "/users/import")
                .then().statusCode(200).extract().asString();
        long dryMillis = (System.nanoTime() - dryStarted) / 1_000_000;
        assertTrue(dry.strip().endsWith("\"dry_run\":true,\"created\":" + ROWS
                + ",\"updated\":0,\"unchanged\":0,\"rejected\":0,\"rejected_by_reason\":{},\"seeds_imported\":0,\"reenrol\":0}}"),
                dry.substring(dry.length() - 300));
        given().header("X-Authy-API-Key", app.apiKey()).when().get("/protected/json/users/" + lastId + "/status")
                .then().statusCode(404);
        LOG.infof("dry run of %d rows: %d ms", ROWS, dryMillis);
        long started = System.nanoTime();

        String response = asAdmin().contentType("application/x-ndjson").body(rows())
                .when().post("/admin/applications/" + app.id() + "/users/import")
                .then().statusCode(200).extract().asString();
        long imported = System.nanoTime();

        String summary = response.substring(response.lastIndexOf('\n', response.length() - 2) + 1).strip();
        assertEquals(UserImportTest.summary(ROWS, 0, 0, 0, Map.of(), 0, 0), new ObjectMapper().readValue(summary, Map.class));
        String[] lines = response.split("\n");
        long progress = java.util.Arrays.stream(lines).filter(line -> line.startsWith("{\"progress\"")).count();
        assertEquals(ROWS / UserImportResource.BATCH_SIZE, progress, "a progress line after each batch");
        assertEquals(ROWS + progress + 1, lines.length, "one result line per row, the progress lines, then the summary");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> QuarkusTransaction
                .requiringNew().call(() -> OutboxMessage.count("sentAt is null")) == 0);
        long relayed = System.nanoTime();
        LOG.infof("import of %d rows: %d ms; events relayed to Kafka after another %d ms", ROWS,
                (imported - started) / 1_000_000, (relayed - imported) / 1_000_000);

        given().header("X-Authy-API-Key", app.apiKey()).when().get("/protected/json/users/" + lastId + "/status")
                .then().statusCode(200).body("status.authy_id", equalTo(Math.toIntExact(lastId)));
    }

    /** Lines made on demand, each with its own authy_id and number. */
    private InputStream rows() {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            private int next = 0;

            @Override
            public boolean hasMoreElements() {
                return next < ROWS;
            }

            @Override
            public InputStream nextElement() {
                int i = next++;
                lastId = TestIds.authyId();
                String line = "{\"authy_id\":" + lastId + ",\"country_code\":1,\"cellphone\":\"" + TestIds.phone().dashed()
                        + "\",\"email\":\"u" + i + "@example.com\"}\n";
                return new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
