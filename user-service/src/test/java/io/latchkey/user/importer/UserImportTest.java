package io.latchkey.user.importer;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.user.UserServiceTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The migration import: kept ids, per-row results, idempotent re-runs, conflicts. */
@QuarkusTest
class UserImportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void csvImportKeepsIdsReportsEveryRowAndIsIdempotent() throws Exception {
        App app = newApplication("Migrating");
        int a = newId();
        int b = newId();
        int c = newId();
        int d = newId();
        int f = newId();
        TestIds.Phone phoneA = TestIds.phone();
        TestIds.Phone phoneB = TestIds.phone();
        // fixed: c's UK mobile shows that the country code is kept (published as +447400123456); d's 123 is invalid
        String csv = """
                authy_id,country_code,cellphone,email,registered
                %d,1,%s,a@example.com,true
                %d,1,"%s",b@example.com
                %d,44,7400 123456,c@example.com,false
                %d,1,123,d@example.com
                not-a-number,1,%s,e@example.com
                %d,1,%s,f@example.com
                """.formatted(a, phoneA.dashed(), b, phoneB.dashed().replace('-', ' '), c, d, TestIds.phone().dashed(), f,
                phoneA.dashed());

        List<Map<String, Object>> first = importFile(app.id, "text/csv", csv);

        assertEquals(List.of(
                row(2, a, "created", null), row(3, b, "created", null), row(4, c, "created", null),
                row(5, d, "rejected", "User was not valid: cellphone is invalid"),
                row(6, null, "rejected", "authy_id must be a number from 1 to 2147483647"),
                row(7, f, "rejected", "phone already belongs to authy_id " + a),
                summary(3, 0, 0, 3, Map.of("User was not valid: cellphone is invalid", 1,
                        "authy_id must be a number from 1 to 2147483647", 1, "phone already belongs to authy_id …", 1), 0, 0)),
                first);

        List<Map<String, Object>> again = importFile(app.id, "text/csv", csv);
        assertEquals(summary(0, 0, 3, 3, Map.of("User was not valid: cellphone is invalid", 1,
                "authy_id must be a number from 1 to 2147483647", 1, "phone already belongs to authy_id …", 1), 0, 0),
                again.get(again.size() - 1));

        await().atMost(TIMEOUT).untilAsserted(() -> given().header("X-Authy-API-Key", app.apiKey)
                .when().get("/protected/json/users/" + a + "/status").then().statusCode(200)
                .body("status.registered", equalTo(true)).body("status.phone_number", equalTo("XXX-XXX-" + phoneA.last(4))));
        Event<UserChanged> published = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == c, TIMEOUT);
        assertEquals("+447400123456", published.payload().phoneE164());

        long next = ((Number) given().header("X-Authy-API-Key", app.apiKey).contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"new@example.com\",\"cellphone\":\"" + TestIds.phone().dashed()
                        + "\",\"country_code\":\"1\"},\"send_install_link_via_sms\":false}")
                .when().post("/protected/json/users/new").then().statusCode(200).extract().path("user.id")).longValue();
        assertTrue(next > c, "new users get ids above the highest imported one");
        // the same phone through users/new answers the imported id
        assertEquals(b, ((Number) given().header("X-Authy-API-Key", app.apiKey).contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"b2@example.com\",\"cellphone\":\"" + phoneB.dashed()
                        + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new").then().extract().path("user.id")).intValue());
    }

    @Test
    void jsonLinesWithNewEmailsAndConflictsAcrossApplications() throws Exception {
        App mine = newApplication("Mine");
        App theirs = newApplication("Theirs");
        int taken = newId();
        int created = newId();
        int badEmail = newId();
        int badPhone = newId();
        TestIds.Phone theirPhone = TestIds.phone();
        TestIds.Phone myPhone = TestIds.phone();
        importFile(theirs.id, "application/x-ndjson",
                "{\"authy_id\":" + taken + ",\"country_code\":1,\"cellphone\":\"" + theirPhone.dashed()
                        + "\",\"email\":\"t@example.com\"}\n");

        // fixed: 1234567 is deliberately not a valid US number
        List<Map<String, Object>> results = importFile(mine.id, "application/x-ndjson", """
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"t@example.com"}
                {"authy_id":"%d","country_code":"1","cellphone":"%s","email":"m@example.com"}
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"m2@example.com","registered":true}
                [1,2,3]
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"bad"}
                {"authy_id":%d,"country_code":1,"cellphone":"1234567","email":"ok@example.com"}
                """.formatted(taken, theirPhone.dashed(), created, myPhone.dashed(), created, myPhone.dashed(), badEmail,
                TestIds.phone().dashed(), badPhone) + "{\"pad\":\"" + "x".repeat(3000) + "\"}\n");

        assertEquals(List.of(
                row(1, taken, "rejected", "authy_id belongs to another application"),
                row(2, created, "created", null),
                row(3, created, "unchanged", null),
                row(4, null, "rejected", "not a JSON object"),
                row(5, badEmail, "rejected", "User was not valid: email is invalid"),
                row(6, badPhone, "rejected", "Phone number is invalid: cellphone is invalid"),
                row(7, null, "rejected", "line longer than 2048 characters"),
                summary(1, 0, 1, 5, Map.of("authy_id belongs to another application", 1, "not a JSON object", 1,
                        "User was not valid: email is invalid", 1, "Phone number is invalid: cellphone is invalid", 1,
                        "line longer than 2048 characters", 1), 0, 0)), results);

        List<Map<String, Object>> update = importFile(mine.id, "application/x-ndjson",
                "{\"authy_id\":" + created + ",\"country_code\":1,\"cellphone\":\"" + myPhone.dashed()
                        + "\",\"email\":\"m2@example.com\",\"registered\":true}\n");
        assertEquals(row(1, created, "updated", null), update.get(0));
    }

    @Test
    void importNeedsTheAdminRoleAndAnApplication() {
        given().contentType("text/csv").body(TestIds.authyId() + ",1," + TestIds.phone().dashed() + ",x@example.com\n")
                .when().post("/admin/applications/1/users/import").then().statusCode(401);
        given().auth().oauth2(UserServiceTestResources.tokenWithoutOperatorRole()).contentType("text/csv").body("")
                .when().post("/admin/applications/1/users/import").then().statusCode(403);
        asAdmin().contentType("text/csv").body("")
                .when().post("/admin/applications/" + TestIds.applicationId() + "/users/import")
                .then().statusCode(404).body("success", equalTo(false));
    }

    /** An authy_id to import, as an int: the import's answer holds it as the JSON parser's Integer. */
    static int newId() {
        return Math.toIntExact(TestIds.authyId());
    }

    record App(long id, String apiKey) {
    }

    static App newApplication(String name) {
        Map<String, Object> created = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}")
                .when().post("/admin/applications").then().statusCode(201).extract().as(Map.class);
        @SuppressWarnings("unchecked")
        long id = ((Number) ((Map<String, Object>) created.get("application")).get("id")).longValue();
        return new App(id, (String) created.get("api_key"));
    }

    static List<Map<String, Object>> importFile(long applicationId, String contentType, String body) throws Exception {
        return importFile(applicationId, contentType, body, false);
    }

    static List<Map<String, Object>> importFile(long applicationId, String contentType, String body, boolean dryRun)
            throws Exception {
        String response = asAdmin().contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .queryParam("dry_run", dryRun)
                .when().post("/admin/applications/" + applicationId + "/users/import")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (String line : response.split("\n")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.readValue(line, Map.class);
            lines.add(parsed);
        }
        return lines;
    }

    /** The import's last line. */
    static Map<String, Object> summary(int created, int updated, int unchanged, int rejected, Map<String, Integer> byReason,
            int seedsImported, int reenrol) {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("created", created);
        summary.put("updated", updated);
        summary.put("unchanged", unchanged);
        summary.put("rejected", rejected);
        summary.put("rejected_by_reason", byReason);
        summary.put("seeds_imported", seedsImported);
        summary.put("reenrol", reenrol);
        return Map.of("summary", summary);
    }

    static Map<String, Object> row(int line, Integer authyId, String result, String reason) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("line", line);
        row.put("authy_id", authyId);
        row.put("result", result);
        if (reason != null) {
            row.put("reason", reason);
        }
        return row;
    }
}
