package io.latchkey.user.importer;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.latchkey.user.importer.UserImportTest.importFile;
import static io.latchkey.user.importer.UserImportTest.newApplication;
import static io.latchkey.user.importer.UserImportTest.newId;
import static io.latchkey.user.importer.UserImportTest.row;
import static io.latchkey.user.importer.UserImportTest.summary;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.Event;
import io.latchkey.events.Topics;
import io.latchkey.events.users.UserChanged;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.totp.Base32;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Moving from Authy (docs/migrating-from-authy.md): an application keeps its Authy API key, the import carries
 * authenticator seeds over (sealed, never shown, never logged, never on a topic in clear), a dry run reports
 * exactly what the import would do and changes nothing, and the report counts seeds and users who enrol again.
 */
@QuarkusTest
class MigrationImportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    SecretCipher cipher;

    @Test
    void anApplicationKeepsItsAuthyApiKey() {
        String authyKey = "AuthyKey" + Long.toString(System.nanoTime(), 36).toUpperCase() + "x".repeat(32);
        String key = authyKey.substring(0, 32);
        Map<String, Object> created = asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"Kept key\",\"api_key\":\"" + key + "\"}")
                .when().post("/admin/applications").then().statusCode(201)
                .body("api_key", nullValue())
                .body("api_key_kept", equalTo("The application keeps the API key it had at Authy: its clients need only "
                        + "the new base URL. The key is stored like every other (digest and sealed) and is not shown again."))
                .extract().as(Map.class);
        assertFalse(created.toString().contains(key), "the key is never echoed");
        given().header("X-Authy-API-Key", key).when().get("/protected/json/app/details").then().statusCode(200)
                .body("app.name", equalTo("Kept key"));

        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Twice\",\"api_key\":\"" + key + "\"}")
                .when().post("/admin/applications").then().statusCode(400).body("error_code", equalTo("60004"))
                .body("message", equalTo("Invalid parameter: api_key - is already the key of another application"));
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Short\",\"api_key\":\"abc\"}")
                .when().post("/admin/applications").then().statusCode(400).body("error_code", equalTo("60004"));
        @SuppressWarnings("unchecked")
        long id = ((Number) ((Map<String, Object>) created.get("application")).get("id")).longValue();
        asAdmin().contentType(ContentType.JSON).body("{\"api_key\":\"" + "y".repeat(32) + "\"}")
                .when().put("/admin/applications/" + id).then().statusCode(400).body("error_code", equalTo("60004"));
    }

    @Test
    void seedsAreCarriedOverSealedAndNeverShownOrLogged() throws Exception {
        UserImportTest.App app = newApplication("Seeds");
        int withSeed = newId();
        int authyAppOnly = newId();
        int badSeed = newId();
        byte[] seed = new byte[20];
        new java.security.SecureRandom().nextBytes(seed);
        String base32 = Base32.encode(seed);
        String file = """
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"s@example.com","totp_seed":"%s","totp_digits":8,"totp_algorithm":"sha-256"}
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"a@example.com","registered":true,"authy_app":true}
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"b@example.com","totp_seed":"not base32!"}
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"c@example.com","totp_seed":"JBSWY3DP"}
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"d@example.com","totp_seed":"%s","totp_period":45}
                {"authy_id":%d,"country_code":1,"cellphone":"%s","email":"e@example.com","totp_digits":6}
                """.formatted(withSeed, TestIds.phone().dashed(), base32, authyAppOnly, TestIds.phone().dashed(), badSeed,
                TestIds.phone().dashed(), newId(), TestIds.phone().dashed(), newId(), TestIds.phone().dashed(), base32,
                newId(), TestIds.phone().dashed());
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        List<Map<String, Object>> report;
        try {
            report = importFile(app.id(), "application/x-ndjson", file);
        } finally {
            root.removeHandler(capture);
        }

        Map<String, Object> created = new java.util.LinkedHashMap<>(row(1, withSeed, "created", null));
        created.put("seed", "imported");
        Map<String, Object> reenrol = new java.util.LinkedHashMap<>(row(2, authyAppOnly, "created", null));
        reenrol.put("reenrol", true);
        assertEquals(created, report.get(0));
        assertEquals(reenrol, report.get(1));
        assertEquals(row(3, badSeed, "rejected", "totp_seed is not base32"), report.get(2));
        assertEquals("totp_seed must be 80 to 1024 bits", report.get(3).get("reason"));
        assertEquals("totp_period must be 30 or 60", report.get(4).get("reason"));
        assertEquals("totp_digits, totp_period and totp_algorithm need a totp_seed", report.get(5).get("reason"));
        assertEquals(summary(2, 0, 0, 4, Map.of("totp_seed is not base32", 1, "totp_seed must be 80 to 1024 bits", 1,
                "totp_period must be 30 or 60", 1, "totp_digits, totp_period and totp_algorithm need a totp_seed", 1), 1, 1),
                report.get(6));
        assertFalse(report.toString().contains(base32), "never in the answer");
        assertTrue(logged.stream().noneMatch(line -> line.contains(base32)), "never in the logs");

        // on the users topic the seed is sealed for that change only; it opens to the very bytes
        Event<UserChanged> published = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == withSeed, TIMEOUT);
        UserChanged.ImportedAuthenticator imported = published.payload().importedAuthenticator();
        assertNotNull(imported);
        assertEquals(8, imported.digits());
        assertEquals(30, imported.periodSeconds());
        assertEquals("SHA256", imported.algorithm());
        assertTrue(published.payload().registered(), "an authenticator proves the user");
        assertFalse(TestEvents.awaitRecordWithKey(Topics.USERS, String.valueOf(withSeed), TIMEOUT).value().contains(base32));
        assertArrayEquals(seed, cipher.open(imported.sealedSeed(),
                UserChanged.ImportedAuthenticator.sealingContext(withSeed, published.payload().revision())));

        // a second run changes nothing and sends no seed again
        List<Map<String, Object>> again = importFile(app.id(), "application/x-ndjson", file);
        assertEquals("unchanged", again.get(0).get("result"));
        assertEquals(0, ((Map<?, ?>) again.get(again.size() - 1).get("summary")).get("seeds_imported"));
    }

    @Test
    void csvCarriesSeedsAndTheAuthyAppFlagInItsOptionalColumns() throws Exception {
        UserImportTest.App app = newApplication("CSV seeds");
        int seeded = newId();
        int appUser = newId();
        String csv = """
                authy_id,country_code,cellphone,email,registered,totp_seed,totp_digits,totp_period,totp_algorithm,authy_app
                %d,1,%s,s@example.com,true,%s,6,60,SHA512
                %d,1,%s,a@example.com,true,,,,,true
                %d,1,%s,x@example.com,true,%s
                """.formatted(seeded, TestIds.phone().dashed(), Base32.encode(new byte[20]), appUser, TestIds.phone().dashed(),
                newId(), TestIds.phone().dashed(), Base32.encode(new byte[20]));
        List<Map<String, Object>> report = importFile(app.id(), "text/csv", csv);
        assertEquals("imported", report.get(0).get("seed"));
        assertEquals(true, report.get(1).get("reenrol"));
        assertEquals("rejected", report.get(2).get("result"), "6 to 8 columns are not a layout");
        Event<UserChanged> published = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == seeded, TIMEOUT);
        assertEquals(60, published.payload().importedAuthenticator().periodSeconds());
        assertEquals("SHA512", published.payload().importedAuthenticator().algorithm());
    }

    @Test
    void anImportCutOffHalfWayIsRunAgainAndCompletes() throws Exception {
        UserImportTest.App app = newApplication("Resumed");
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            byte[] seed = new byte[20];
            seed[0] = (byte) i;
            file.append("{\"authy_id\":").append(newId()).append(",\"country_code\":1,\"cellphone\":\"")
                    .append(TestIds.phone().dashed()).append("\",\"email\":\"r").append(i).append("@example.com\",\"totp_seed\":\"")
                    .append(Base32.encode(seed)).append("\"}\n");
        }
        String[] lines = file.toString().split("(?<=\n)");
        // the first attempt got only the first 12 lines through (the upload was cut off)
        List<Map<String, Object>> cut = importFile(app.id(), "application/x-ndjson", String.join("", List.of(lines).subList(0, 12)));
        assertEquals(summary(12, 0, 0, 0, Map.of(), 12, 0), cut.get(cut.size() - 1));

        List<Map<String, Object>> resumed = importFile(app.id(), "application/x-ndjson", file.toString());
        assertEquals(summary(18, 0, 12, 0, Map.of(), 18, 0), resumed.get(resumed.size() - 1),
                "what was done stays done, seeds included; the rest is imported");
    }

    @Test
    void aDryRunReportsWhatTheImportWouldDoAndChangesNothing() throws Exception {
        UserImportTest.App app = newApplication("Dry run");
        int first = newId();
        int second = newId();
        TestIds.Phone phone = TestIds.phone();
        String csv = """
                authy_id,country_code,cellphone,email
                %d,1,%s,x@example.com
                %d,1,%s,y@example.com
                """.formatted(first, phone.dashed(), second, phone.dashed());

        List<Map<String, Object>> dry = importFile(app.id(), "text/csv", csv, true);
        assertEquals(row(2, first, "created", null), dry.get(0));
        assertEquals(row(3, second, "rejected", "phone already belongs to authy_id " + first), dry.get(1),
                "duplicates inside the file are found as the import finds them");
        @SuppressWarnings("unchecked")
        Map<String, Object> drySummary = (Map<String, Object>) dry.get(2).get("summary");
        assertEquals(true, drySummary.get("dry_run"));

        given().header("X-Authy-API-Key", app.apiKey()).when().get("/protected/json/users/" + first + "/status")
                .then().statusCode(404);
        assertEquals(List.of(), TestEvents.recordsWithKey(Topics.USERS, String.valueOf(first), Duration.ofSeconds(2)),
                "nothing published");

        List<Map<String, Object>> real = importFile(app.id(), "text/csv", csv);
        assertEquals(dry.subList(0, 2), real.subList(0, 2), "the real import does what the dry run said");
        given().header("X-Authy-API-Key", app.apiKey()).when().get("/protected/json/users/" + first + "/status")
                .then().statusCode(200);
    }
}
