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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import io.latchkey.user.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Dashed\",\"api_key\":\"" + key.substring(0, 31) + "-\"}")
                .when().post("/admin/applications").then().statusCode(400).body("error_code", equalTo("60004"));
        @SuppressWarnings("unchecked")
        long id = ((Number) ((Map<String, Object>) created.get("application")).get("id")).longValue();
        asAdmin().contentType(ContentType.JSON).body("{\"api_key\":\"" + "y".repeat(32) + "\"}")
                .when().put("/admin/applications/" + id).then().statusCode(400).body("error_code", equalTo("60004"));
    }

    /** Two operators (or a retried script) create the same kept key at once: one application, one clear refusal. */
    @Test
    void theSameKeptKeyCreatedFourTimesAtOnceMakesOneApplication() throws Exception {
        String key = ("Race" + Long.toString(System.nanoTime(), 36).toUpperCase() + "z".repeat(32)).substring(0, 32);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(pool.submit(() -> asAdmin().contentType(ContentType.JSON)
                        .body("{\"name\":\"Race\",\"api_key\":\"" + key + "\"}")
                        .when().post("/admin/applications").then().extract().statusCode()));
            }
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            answered.sort(null);
            assertEquals(List.of(201, 400, 400, 400), answered);
        } finally {
            pool.shutdownNow();
        }
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
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + (record.getThrown() == null ? "" : record.getThrown().toString()));
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
        // the seed in every spelling it could leak in
        List<String> spellings = List.of(base32, base32.toLowerCase(java.util.Locale.ROOT), java.util.HexFormat.of().formatHex(seed),
                java.util.Base64.getEncoder().encodeToString(seed), java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(seed));
        java.util.function.Predicate<String> leaks = text -> spellings.stream().anyMatch(spelling ->
                text.toLowerCase(java.util.Locale.ROOT).contains(spelling.toLowerCase(java.util.Locale.ROOT)));
        assertFalse(leaks.test(report.toString()), "never in the answer");
        assertTrue(logged.stream().noneMatch(leaks), "never in the logs");

        // on the users topic the seed is sealed for that change only; it opens to the very bytes
        Event<UserChanged> published = TestEvents.await(Topics.USERS, UserChanged.class,
                event -> event.payload().authyId() == withSeed, TIMEOUT);
        UserChanged.ImportedAuthenticator imported = published.payload().importedAuthenticator();
        assertNotNull(imported);
        assertEquals(8, imported.digits());
        assertEquals(30, imported.periodSeconds());
        assertEquals("SHA256", imported.algorithm());
        assertTrue(published.payload().registered(), "an authenticator proves the user");
        assertFalse(TestEvents.recordsWithKey(Topics.USERS, String.valueOf(withSeed), Duration.ofSeconds(2)).stream()
                .anyMatch(record -> leaks.test(record.value())), "never on the topic in clear");
        @SuppressWarnings("unchecked")
        List<String> outboxRows = QuarkusTransaction.requiringNew().call(() -> User.getEntityManager()
                .createNativeQuery("select payload from outbox_message where message_key = ?1")
                .setParameter(1, String.valueOf(withSeed)).getResultList());
        assertFalse(outboxRows.isEmpty());
        assertTrue(outboxRows.stream().noneMatch(leaks), "never in user-service's outbox in clear");
        given().header("X-Authy-API-Key", app.apiKey()).when().get("/protected/json/users/" + withSeed + "/status")
                .then().statusCode(200).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsStringIgnoringCase(base32)));
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

    /**
     * The dry run of a file touching users that exist already (a new email, registration and a seed, the same
     * user twice), a phone another user has, an invalid phone and a bad seed: the report is the import's, row for
     * row, and the existing user, its events and the id sequence are as they were.
     */
    @Test
    void aDryRunOverKnownUsersAndBadRowsReportsWhatTheImportDoes() throws Exception {
        UserImportTest.App app = newApplication("Dry run over known users");
        int known = newId();
        int other = newId();
        TestIds.Phone knownPhone = TestIds.phone();
        TestIds.Phone otherPhone = TestIds.phone();
        importFile(app.id(), "text/csv", """
                authy_id,country_code,cellphone,email
                %d,1,%s,k@example.com
                %d,1,%s,o@example.com
                """.formatted(known, knownPhone.dashed(), other, otherPhone.dashed()));
        TestEvents.await(Topics.USERS, UserChanged.class, event -> event.payload().authyId() == known, TIMEOUT);
        String seed = Base32.encode(new byte[20]);
        // fixed: 1234567 is deliberately not a valid US number
        String csv = """
                authy_id,country_code,cellphone,email,registered,totp_seed,totp_digits,totp_period,totp_algorithm
                %d,1,%s,k2@example.com,true,%s,,,
                %d,1,%s,k2@example.com,true,%s,,,
                %d,1,%s,n@example.com,false,,,,
                %d,1,1234567,i@example.com,false,,,,
                %d,1,%s,s@example.com,false,not*base32,,,
                """.formatted(known, knownPhone.dashed(), seed, known, knownPhone.dashed(), seed, newId(), otherPhone.dashed(),
                newId(), newId(), TestIds.phone().dashed());
        User before = QuarkusTransaction.requiringNew().call(() -> User.findById((long) known));
        int eventsBefore = TestEvents.recordsWithKey(Topics.USERS, String.valueOf(known), Duration.ofSeconds(1)).size();
        long sequenceBefore = authyIdSequence();

        List<Map<String, Object>> dry = importFile(app.id(), "text/csv", csv, true);

        assertEquals("updated", dry.get(0).get("result"));
        assertEquals("imported", dry.get(0).get("seed"));
        assertEquals("unchanged", dry.get(1).get("result"), "the second row sees what the first would have done");
        assertEquals("phone already belongs to authy_id " + other, dry.get(2).get("reason"));
        assertEquals("totp_seed is not base32", dry.get(4).get("reason"));
        User after = QuarkusTransaction.requiringNew().call(() -> User.findById((long) known));
        assertEquals(List.of(before.email, before.registered, before.authenticatorImported, before.revision),
                List.of(after.email, after.registered, after.authenticatorImported, after.revision), "the known user is untouched");
        assertEquals(eventsBefore, TestEvents.recordsWithKey(Topics.USERS, String.valueOf(known), Duration.ofSeconds(2)).size(),
                "nothing published");
        assertEquals(sequenceBefore, authyIdSequence());

        List<Map<String, Object>> real = importFile(app.id(), "text/csv", csv);
        assertEquals(dry.subList(0, 5), real.subList(0, 5), "the import does what the dry run said, row for row");
        @SuppressWarnings("unchecked")
        Map<String, Object> drySummary = new java.util.HashMap<>((Map<String, Object>) dry.get(5).get("summary"));
        drySummary.remove("dry_run");
        assertEquals(real.get(5).get("summary"), drySummary);
    }

    private static long authyIdSequence() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) User.getEntityManager()
                .createNativeQuery("select last_value from authy_id_seq").getSingleResult()).longValue());
    }
}
