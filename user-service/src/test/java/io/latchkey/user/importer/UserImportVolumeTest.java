package io.latchkey.user.importer;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    static final long FIRST_ID = 8_000_000;

    @Test
    void hundredThousandRows() throws Exception {
        UserImportTest.App app = UserImportTest.newApplication("Volume");
        long started = System.nanoTime();

        String response = asAdmin().contentType("application/x-ndjson").body(rows())
                .when().post("/admin/applications/" + app.id() + "/users/import")
                .then().statusCode(200).extract().asString();
        long imported = System.nanoTime();

        String summary = response.substring(response.lastIndexOf('\n', response.length() - 2) + 1).strip();
        assertEquals(Map.of("summary", Map.of("created", ROWS, "updated", 0, "unchanged", 0, "rejected", 0)),
                new ObjectMapper().readValue(summary, Map.class));
        assertEquals(ROWS + 1, response.split("\n").length, "one result line per row, then the summary");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> QuarkusTransaction
                .requiringNew().call(() -> OutboxMessage.count("sentAt is null")) == 0);
        long relayed = System.nanoTime();
        LOG.infof("import of %d rows: %d ms; events relayed to Kafka after another %d ms", ROWS,
                (imported - started) / 1_000_000, (relayed - imported) / 1_000_000);

        given().header("X-Authy-API-Key", app.apiKey()).when().get("/protected/json/users/" + (FIRST_ID + ROWS - 1) + "/status")
                .then().statusCode(200).body("status.authy_id", equalTo((int) (FIRST_ID + ROWS - 1)));
    }

    /** Lines made on demand: +1 775 2xx xxxx, one per authy_id. */
    private static InputStream rows() {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            private int next = 0;

            @Override
            public boolean hasMoreElements() {
                return next < ROWS;
            }

            @Override
            public InputStream nextElement() {
                int i = next++;
                String line = "{\"authy_id\":" + (FIRST_ID + i) + ",\"country_code\":1,\"cellphone\":\"775-2"
                        + String.format("%02d-%04d", i / 10_000, i % 10_000) + "\",\"email\":\"u" + i + "@example.com\"}\n";
                return new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
