package io.latchkey.user.importer;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.latchkey.user.importer.UserImportTest.newApplication;
import static io.latchkey.user.importer.UserImportTest.newId;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.latchkey.testkit.TestIds;
import io.latchkey.user.UserServiceTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Import runs named by the caller ({@code ?import_id=}): followed while they run (how much of the upload is read,
 * in a transaction of its own, a dry run's too) and read afterwards, from any instance.
 */
@QuarkusTest
class ImportRunTest {

    @Test
    void aNamedRunKeepsItsReportWithoutThePeoplesData() throws Exception {
        UserImportTest.App app = newApplication("Named run");
        int good = newId();
        int bad = newId();
        TestIds.Phone phone = TestIds.phone();
        String csv = """
                authy_id,country_code,cellphone,email
                %d,1,%s,named@example.com
                %d,1,123,broken@example.com
                """.formatted(good, phone.dashed(), bad);
        String id = UUID.randomUUID().toString();
        asAdmin().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("import_id", id)
                .when().post("/admin/applications/" + app.id() + "/users/import").then().statusCode(200);

        JsonPath run = asAdmin().when().get("/admin/applications/" + app.id() + "/users/import/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("app_id", equalTo((int) app.id()))
                .body("dry_run", equalTo(false))
                .body("state", equalTo("done"))
                .body("percent", equalTo(100))
                .body("lines_read", equalTo(3))
                .body("summary.created", equalTo(1))
                .body("summary.rejected", equalTo(1))
                .body("rejected", equalTo(List.of(Map.of("line", 3, "authy_id", bad,
                        "reason", "User was not valid: cellphone is invalid"))))
                .body("failure", nullValue())
                .extract().jsonPath();
        int size = csv.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(size, run.getInt("bytes_total"));
        assertEquals(size, run.getInt("bytes_read"));
        String stored = run.prettify();
        assertTrue(!stored.contains(phone.digits()) && !stored.contains("named@example.com"), "no row's data: " + stored);

        // an id names one run only; one that is not a UUID, an unknown one or another application's are refused
        asAdmin().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("import_id", id)
                .when().post("/admin/applications/" + app.id() + "/users/import")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        asAdmin().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).queryParam("import_id", "run-1")
                .when().post("/admin/applications/" + app.id() + "/users/import")
                .then().statusCode(400).body("error_code", equalTo("60004"));
        asAdmin().when().get("/admin/applications/" + app.id() + "/users/import/" + UUID.randomUUID())
                .then().statusCode(404).body("error_code", equalTo("60000"));
        UserImportTest.App other = newApplication("Other run");
        asAdmin().when().get("/admin/applications/" + other.id() + "/users/import/" + id).then().statusCode(404);
    }

    @Test
    void aDryRunIsFollowedWhileItRunsAndRollsBackOnlyItsRows() throws Exception {
        UserImportTest.App app = newApplication("Followed run");
        StringBuilder firstPart = new StringBuilder("authy_id,country_code,cellphone,email\n");
        int beforeHold = 3 * UserImportResource.BATCH_SIZE;
        for (int i = 0; i < beforeHold; i++) {
            firstPart.append(newId()).append(",1,").append(TestIds.phone().dashed()).append(",f").append(i).append("@example.com\n");
        }
        String lastRow = newId() + ",1," + TestIds.phone().dashed() + ",last@example.com\n";
        CountDownLatch held = new CountDownLatch(1);
        // the upload stops after 1,500 rows until the test has seen the run's progress: a batch of 500 at least is in
        // (the HTTP client may hold back the buffer it read last while it waits for the next)
        InputStream upload = new SequenceInputStream(new ByteArrayInputStream(firstPart.toString().getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    private final InputStream rest = new ByteArrayInputStream(lastRow.getBytes(StandardCharsets.UTF_8));

                    @Override
                    public int read() throws java.io.IOException {
                        try {
                            held.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return rest.read();
                    }
                });
        String id = UUID.randomUUID().toString();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/applications/" + app.id()
                + "/users/import?dry_run=true&import_id=" + id))
                .header("Authorization", "Bearer " + UserServiceTestResources.adminToken())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> upload)).build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofString());

        JsonPath running = awaitRun(app.id(), id, run -> run.getInt("lines_read") >= UserImportResource.BATCH_SIZE);
        assertEquals("running", running.getString("state"));
        assertEquals(true, running.getBoolean("dry_run"));
        assertNull(running.get("percent"), "a chunked upload has no length to count against");
        held.countDown();

        assertEquals(200, answer.get(30, TimeUnit.SECONDS).statusCode());
        JsonPath done = awaitRun(app.id(), id, run -> "done".equals(run.getString("state")));
        assertEquals(beforeHold + 1, done.getInt("summary.created"));
        assertEquals(true, done.getBoolean("summary.dry_run"));
    }

    /** The run's view once it shows what is expected (it is written as the upload is read, so it is waited for). */
    private static JsonPath awaitRun(long applicationId, String id, java.util.function.Predicate<JsonPath> shows)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonPath run = asAdmin().when().get("/admin/applications/" + applicationId + "/users/import/" + id)
                    .then().extract().jsonPath();
            if (run.get("state") != null && shows.test(run)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run never showed what was expected: " + run.prettify());
            }
            Thread.sleep(50);
        }
    }
}
