package io.latchkey.token.verify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Malformed or foreign input always gets a 4xx Authy error body, never a 500 or a stack trace. */
@QuarkusTest
class BadInputTest {

    static final String KEY = "bad-input-test-key-0123456789abcdef";
    static final String OTHER_KEY = "bad-input-other-key-0123456789abcdef";

    private static final long OWN_USER = TestIds.authyId();
    private static final long OTHER_USER = TestIds.authyId();
    private static final long APPLICATION_ID = TestIds.applicationId();
    private static final long OTHER_APPLICATION_ID = TestIds.applicationId();

    private static boolean ready;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APPLICATION_ID, "Strict App", KEY);
            TestFixtures.application(OTHER_APPLICATION_ID, "Other App", OTHER_KEY);
            TestFixtures.user(KEY, OWN_USER, APPLICATION_ID, 1, TestIds.phone().e164(), true);
            TestFixtures.user(OTHER_KEY, OTHER_USER, OTHER_APPLICATION_ID, 1, TestIds.phone().e164(), true);
            ready = true;
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2}/{3}")
    @CsvSource(delimiter = '|', value = {
        "GET  | /protected/json/verify/abcdefg/{own}?force=true              | 401 | 60020",
        "GET  | /protected/json/verify/12345678901234567890/{own}?force=true | 401 | 60020",
        "GET  | /protected/json/verify/12345/{own}?force=true                | 401 | 60020",
        "GET  | /protected/json/verify/1234567/{unknown}                     | 404 | 60026",
        "GET  | /protected/json/verify/1234567/{other}                       | 404 | 60026",
        "GET  | /protected/json/verify/1234567/not-a-number                  | 404 | 60026",
        "GET  | /protected/json/verify/1234567/-1                            | 404 | 60026",
        "GET  | /protected/json/verify/1234567/123456789012345678901234      | 404 | 60026",
        "GET  | /protected/json/verify/1234567/{own}?force=maybe             | 400 | 60004",
        "GET  | /protected/xml/verify/1234567/{own}                          | 400 | 60002",
        "GET  | /protected/json/sms/{other}                                  | 404 | 60026",
        "GET  | /protected/json/sms/abc                                      | 404 | 60026",
        "GET  | /protected/json/call/{unknown}                               | 404 | 60026",
        "POST | /protected/json/users/{other}/secret                         | 404 | 60026",
        "POST | /protected/json/users/{own}/secret?qr_size=huge              | 400 | 60004",
        "GET  | /protected/json/users/{other}/devices                        | 404 | 60026",
        "POST | /protected/json/users/{own}/devices/abc/remove               | 404 | 60092",
        "GET  | /protected/json/phones/verification/status?country_code=1&phone_number=12 | 400 | 60033",
        "GET  | /qr/not-a-token.png                                          | 404 | 60000",
        "POST | /devices/registrations/not-a-uuid/complete                   | 404 | 60035",
    })
    void authyErrorNeverA500(String method, String path, int status, String errorCode) {
        given().header("X-Authy-API-Key", KEY).contentType("application/json").body(method.equals("POST") ? "{}" : "")
                .when().request(method, path(path))
                .then().statusCode(status)
                .contentType(matchesPattern("application/json.*"))
                .body("success", equalTo(false))
                .body("error_code", equalTo(errorCode));
    }

    @ParameterizedTest(name = "no key: {0}")
    @CsvSource({"/protected/json/sms/{own}", "/protected/json/verify/1234567/{own}", "/protected/json/users/{own}/devices"})
    void missingKey(String path) {
        given().when().get(path(path)).then().statusCode(401).body("error_code", equalTo("60001"));
    }

    /** {own}: a user of KEY's application; {other}: a user of another application; {unknown}: no user's id. */
    private static String path(String template) {
        return template.replace("{own}", String.valueOf(OWN_USER)).replace("{other}", String.valueOf(OTHER_USER))
                .replace("{unknown}", String.valueOf(TestIds.authyId()));
    }
}
