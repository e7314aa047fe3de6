package io.latchkey.user.user;

import static io.latchkey.user.AdminRequests.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.testkit.TestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The users API over HTTP, with each client's encoding of docs/authy-api.md §1.3 and exact bodies.
 * Every test uses its own phone numbers (from TestIds): the database outlives a test.
 */
@QuarkusTest
class UsersApiTest {

    static final String KEY = "test-bootstrap-api-key-0123456789abcdef";
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    @BeforeEach
    void bootstrapApplicationIsProjected() {
        await().atMost(EVENT_TIMEOUT).untilAsserted(() -> authy().when().get("/protected/json/app/details")
                .then().statusCode(200));
    }

    static RequestSpecification authy() {
        return given().header("X-Authy-API-Key", KEY);
    }

    @TestHTTPResource("/")
    URL root;

    /**
     * Some HTTP clients (curl, under PHP's, for larger bodies; .NET Framework's for every POST) send the body only
     * after the server answered {@code 100 Continue} (curl waits a second for it, then sends anyway); whatever reads
     * the body must answer it.
     */
    @Test
    void aClientThatWaitsForContinueGetsIt() throws Exception {
        String body = "{\"user\":{\"email\":\"continue@example.com\",\"cellphone\":\"" + TestIds.phone().dashed()
                + "\",\"country_code\":\"1\"},\"padding\":\"" + "p".repeat(1200) + "\"}";
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000); // not a speed bound: without the 100 the server waits for the body forever
            OutputStream out = socket.getOutputStream();
            out.write(("POST /protected/json/users/new HTTP/1.1\r\nHost: localhost\r\nX-Authy-API-Key: " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 100 Continue", in.readLine());
            assertEquals("", in.readLine());
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("HTTP/1.1 200 OK", in.readLine());
        }
    }

    /**
     * A client that goes away halfway through its body (a timeout, a dropped mobile connection) gets no answer, and
     * it is not a failure of ours: nothing at ERROR, which operators alert on.
     */
    @Test
    void aClientGoneHalfwayThroughItsBodyIsNoError() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record.getLoggerName() + ": " + record.getMessage() + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger everything = Logger.getLogger("");
        everything.addHandler(capture);
        try {
            try (Socket socket = new Socket(root.getHost(), root.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /protected/json/users/new HTTP/1.1\r\nHost: localhost\r\nX-Authy-API-Key: " + KEY
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n"
                        + "user%5Bemail%5D=gone%40example.com").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            // the next call, on a new connection, is answered after the server has seen the first one close
            authy().get("/protected/json/app/details").then().statusCode(200);
        } finally {
            everything.removeHandler(capture);
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void authyJavaStyleJsonWithStringValues() {
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"ana@example.com\",\"cellphone\":\"" + TestIds.phone().dashed()
                        + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(200)
                .contentType("application/json; charset=utf-8")
                .body(matchesPattern("\\{\"message\":\"User created successfully.\",\"user\":\\{\"id\":\\d+},\"success\":true}"));
    }

    @Test
    void samePhoneGivesTheSameIdAndRemembersEveryEmail() {
        TestIds.Phone phone = TestIds.phone();
        long first = create("one@example.com", phone.dashed().replace('-', '.'), "1");
        long second = create("two@example.com", phone.dashed().replace('-', ' '), "+1");

        assertEquals(first, second);
        List<String> emails = QuarkusTransaction.requiringNew().call(() -> UserEmail.<UserEmail> list("authyId", first)
                .stream().map(email -> email.email).sorted().toList());
        assertEquals(List.of("one@example.com", "two@example.com"), emails);
        assertNotEquals(first, create("one@example.com", TestIds.phone().dashed(), "1"),
                "a different phone is a different user");
    }

    @Test
    void parallelRegistrationsOfOnePhoneAgreeOnOneId() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            String cellphone = TestIds.phone().dashed();
            List<java.util.concurrent.Future<Long>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String email = "race" + i + "@example.com";
                ids.add(pool.submit(() -> create(email, cellphone, "1")));
            }
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Long> id : ids) {
                distinct.add(id.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "every caller got 200 and the same authy_id");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pythonJsonWithTopLevelFlagAndIntegerCountryCode() {
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"py@example.com\",\"cellphone\":\"" + TestIds.phone().digits()
                        + "\",\"country_code\":1},"
                        + "\"send_install_link_via_sms\":false}")
                .when().post("/protected/json/users/new")
                .then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void phpSendsEverythingInTheQueryStringOfAPost() {
        given().queryParam("user[email]", "php@example.com").queryParam("user[cellphone]", TestIds.phone().dashed())
                .queryParam("user[country_code]", "1").queryParam("user[send_install_link_via_sms]", "1")
                .header("X-Authy-API-Key", KEY)
                .when().post("/protected/json/users/new")
                .then().statusCode(200).body("message", equalTo("User created successfully."));
    }

    @Test
    void rubyFormAndNodeApiKeyInTheQuery() {
        authy().contentType(ContentType.URLENC)
                .formParam("user[email]", "rb@example.com").formParam("user[cellphone]", TestIds.phone().dashed())
                .formParam("user[country_code]", "1").formParam("send_install_link_via_sms", "true")
                .when().post("/protected/json/users/new")
                .then().statusCode(200).body("success", equalTo(true));
        given().queryParam("api_key", KEY).queryParam("send_install_link_via_sms", "false")
                .contentType(ContentType.URLENC)
                .formParam("user[email]", "node@example.com").formParam("user[cellphone]", TestIds.phone().dashed())
                .formParam("user[country_code]", "1")
                .when().post("/protected/json/users/new")
                .then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void statusShowsTheMaskedPhoneAndExactMessage() {
        TestIds.Phone phone = TestIds.phone();
        long id = create("status@example.com", phone.dashed(), "1");

        authy().when().get("/protected/json/users/" + id + "/status")
                .then().statusCode(200)
                .body(equalTo("{\"status\":{\"authy_id\":" + id + ",\"confirmed\":false,\"registered\":false,"
                        + "\"account_disabled\":false,\"country_code\":1,\"phone_number\":\"XXX-XXX-" + phone.last(4) + "\","
                        + "\"has_hard_token\":false,\"devices\":[]},\"message\":\"User status.\",\"success\":true}"));
        // authy-client sends a JSON body {} on GET
        authy().contentType(ContentType.JSON).body("{}").when().get("/protected/json/users/" + id + "/status")
                .then().statusCode(200).body("status.authy_id", equalTo((int) id));
    }

    @Test
    void theThreeDeletePathsAndTheirMessages() {
        String phoneA = TestIds.phone().dashed();
        long a = create("del-a@example.com", phoneA, "1");
        long b = create("del-b@example.com", TestIds.phone().dashed(), "1");
        long c = create("del-c@example.com", TestIds.phone().dashed(), "1");

        authy().contentType(ContentType.JSON).when().post("/protected/json/users/delete/" + a)
                .then().statusCode(200).body(equalTo("{\"message\":\"User removed from application\",\"success\":true}"));
        authy().formParam("user_ip", "10.0.0.1").when().post("/protected/json/users/" + b + "/remove")
                .then().statusCode(200).body(equalTo("{\"message\":\"User was added to remove.\",\"success\":true}"));
        authy().contentType(ContentType.JSON).body("{}").when().post("/protected/json/users/" + c + "/delete")
                .then().statusCode(200).body("message", equalTo("User was added to remove."));

        for (long removed : List.of(a, b, c)) {
            authy().when().get("/protected/json/users/" + removed + "/status").then().statusCode(404)
                    .body(equalTo("{\"message\":\"User not found.\",\"success\":false,"
                            + "\"errors\":{\"message\":\"User not found.\"},\"error_code\":\"60026\"}"));
        }
        authy().when().post("/protected/json/users/delete/" + a).then().statusCode(404).body("error_code", equalTo("60026"));
        assertNotEquals(a, create("del-a@example.com", phoneA, "1"), "a removed phone registers afresh");
    }

    @Test
    void registerActivityAndUpdate() {
        long id = create("act@example.com", TestIds.phone().dashed(), "1");

        authy().contentType(ContentType.JSON)
                .body("{\"type\":\"banned\",\"data\":{\"reason\":\"fraud\"},\"user_ip\":\"192.0.2.1\"}")
                .when().post("/protected/json/users/" + id + "/register_activity")
                .then().statusCode(200).body(equalTo("{\"message\":\"Activity was created.\",\"success\":true}"));
        authy().when().get("/protected/json/users/" + id + "/status").then().body("status.account_disabled", equalTo(true));
        authy().formParam("type", "unbanned").when().post("/protected/json/users/" + id + "/register_activity")
                .then().statusCode(200);
        authy().when().get("/protected/json/users/" + id + "/status").then().body("status.account_disabled", equalTo(false));
        authy().formParam("type", "hacked").when().post("/protected/json/users/" + id + "/register_activity")
                .then().statusCode(400).body("error_code", equalTo("60029")).body("errors.type", equalTo("is invalid"));
        authy().when().post("/protected/json/users/" + id + "/register_activity")
                .then().statusCode(400).body("message", equalTo("Invalid parameter: type - Parameter is required"));

        authy().formParam("email", "new@example.com").when().post("/protected/json/users/" + id + "/update")
                .then().statusCode(200).body(equalTo("{\"message\":\"User was updated successfully\",\"success\":true}"));
        assertEquals("new@example.com", QuarkusTransaction.requiringNew().call(() -> User.<User> findById(id).email));
        authy().formParam("email", "nope").when().post("/protected/json/users/" + id + "/update")
                .then().statusCode(400).body("error_code", equalTo("60038"));
    }

    @Test
    void anotherApplicationsUsersDoNotExist() {
        String phone = TestIds.phone().dashed();
        long id = create("mine@example.com", phone, "1");
        String otherKey = asAdmin().contentType(ContentType.JSON).body("{\"name\":\"Other\"}")
                .when().post("/admin/applications").then().statusCode(201).extract().path("api_key");
        given().header("X-Authy-API-Key", otherKey).when().get("/protected/json/app/details").then().statusCode(200);

        for (String path : List.of("/status")) {
            given().header("X-Authy-API-Key", otherKey).when().get("/protected/json/users/" + id + path)
                    .then().statusCode(404).body("error_code", equalTo("60026"));
        }
        given().header("X-Authy-API-Key", otherKey).when().post("/protected/json/users/delete/" + id)
                .then().statusCode(404).body("error_code", equalTo("60026"));
        given().header("X-Authy-API-Key", otherKey).formParam("email", "x@example.com")
                .when().post("/protected/json/users/" + id + "/update").then().statusCode(404);
        authy().when().get("/protected/json/users/" + id + "/status").then().statusCode(200);
        // the same phone in the other application is that application's own user
        long theirs = Long.parseLong(given().header("X-Authy-API-Key", otherKey).contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"mine@example.com\",\"cellphone\":\"" + phone + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new").then().statusCode(200).extract().path("user.id").toString());
        assertNotEquals(id, theirs);
    }

    @Test
    void invalidUsersAreAuthyErrors() {
        String valid = TestIds.phone().dashed(); // where another field is what is wrong
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"a@example.com\",\"cellphone\":\"abc\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(400)
                .body(equalTo("{\"message\":\"User was not valid\",\"cellphone\":\"is invalid\",\"success\":false,"
                        + "\"errors\":{\"cellphone\":\"is invalid\",\"message\":\"User was not valid\"},\"error_code\":\"60027\"}"));
        authy().contentType(ContentType.JSON).body("{\"user\":{}}").when().post("/protected/json/users/new")
                .then().statusCode(400).body("error_code", equalTo("60027"))
                .body("errors.email", equalTo("can't be blank")).body("errors.cellphone", equalTo("can't be blank"))
                .body("errors.country_code", equalTo("can't be blank"));
        authy().contentType(ContentType.JSON).body("{}").when().post("/protected/json/users/new")
                .then().statusCode(400).body("error_code", equalTo("60027"));
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"domain.com\",\"cellphone\":\"" + valid + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(400).body("error_code", equalTo("60027")).body("errors.email", equalTo("is invalid"));
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"a@example.com\",\"cellphone\":\"" + valid + "\",\"country_code\":\"999\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(400).body("error_code", equalTo("60078")).body("errors.country_code", equalTo("is invalid"));
        // fixed: deliberately not a valid US number
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"a@example.com\",\"cellphone\":\"1234567\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(400).body("message", equalTo("Phone number is invalid"))
                .body("error_code", equalTo("60033")).body("errors.cellphone", equalTo("is invalid"));
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"" + "a".repeat(300) + "@example.com\",\"cellphone\":\"" + valid
                        + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(400).body("error_code", equalTo("60038")).body("message", equalTo("Email is invalid"));
        authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"a@example.com\",\"cellphone\":\"" + "9".repeat(5000) + "\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new")
                .then().statusCode(400).body("error_code", equalTo("60027"));
        authy().contentType(ContentType.JSON).body("{\"user\":{\"email\":")
                .when().post("/protected/json/users/new").then().statusCode(400).body("error_code", equalTo("60002"));
        authy().contentType(ContentType.URLENC).body("user[email]=%C3%28&user[cellphone]=1&user[country_code]=1")
                .when().post("/protected/json/users/new").then().statusCode(400).body("error_code", equalTo("60005"));
        authy().contentType(ContentType.JSON).body("{\"user\":{\"email\":[\"a\"],\"cellphone\":\"1\",\"country_code\":\"1\"}}")
                .when().post("/protected/json/users/new").then().statusCode(400).body("success", equalTo(false));
        authy().contentType(ContentType.JSON).body("{\"user\":{\"email\":\"" + "a".repeat(70_000) + "\"}}")
                .when().post("/protected/json/users/new").then().statusCode(413).body("error_code", equalTo("60002"));
        given().header("X-Authy-API-Key", "wrong-key").contentType(ContentType.JSON).body("{}")
                .when().post("/protected/json/users/new").then().statusCode(401).body("error_code", equalTo("60001"));
    }

    @Test
    void idsThatAreNotNumbersAreUnknownUsers() {
        for (String id : List.of("abc", "-1", "1.5", "99999999999999999999", "0")) {
            authy().when().get("/protected/json/users/" + id + "/status")
                    .then().statusCode(404).body("error_code", equalTo("60026")).body(not(matchesPattern(".*Exception.*")));
        }
    }

    @Test
    void phoneInfoReportsTheLineType() {
        authy().queryParam("country_code", "1").queryParam("phone_number", TestIds.phone().dashed())
                .when().get("/protected/json/phones/info")
                .then().statusCode(200)
                .body("message", matchesPattern("Phone number information as of \\d+-\\d+-\\d+ \\d+:\\d+:\\d+ UTC"))
                .body("type", equalTo("cellphone")).body("ported", equalTo(false)).body("success", equalTo(true));
        // fixed: a London fixed line (Ofcom drama range), for the landline type
        authy().queryParam("country_code", "44").queryParam("phone_number", "20 7946 0958")
                .when().get("/protected/json/phones/info")
                .then().statusCode(200).body("type", equalTo("landline"));
        authy().queryParam("country_code", "1").queryParam("phone_number", "123")
                .when().get("/protected/json/phones/info")
                .then().statusCode(400).body("error_code", equalTo("60033"));
        authy().when().get("/protected/json/phones/info")
                .then().statusCode(400).body("message", equalTo("Invalid parameter: country_code - Parameter is required"));
    }

    static long create(String email, String cellphone, String countryCode) {
        Object id = authy().contentType(ContentType.JSON)
                .body("{\"user\":{\"email\":\"" + email + "\",\"cellphone\":\"" + cellphone + "\",\"country_code\":\""
                        + countryCode + "\"},\"send_install_link_via_sms\":false}")
                .when().post("/protected/json/users/new")
                .then().statusCode(200).extract().path("user.id");
        return ((Number) id).longValue();
    }
}
