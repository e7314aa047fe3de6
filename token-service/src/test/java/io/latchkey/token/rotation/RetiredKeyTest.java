package io.latchkey.token.rotation;

import static io.latchkey.token.TestFixtures.delivery;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A value sealed with a key that has since left the key list (here: sealed by another installation's
 * key) never turns a call into a 500: a pending code is replaced by a fresh one for {@code sms} and
 * phone verification, and a QR image answers 404 like an expired one, so the integrator asks for a
 * new secret.
 */
@QuarkusTest
class RetiredKeyTest {

    private static final String KEY = "retired-key-test-0123456789abcdef0123";
    private static final long APP = TestIds.applicationId();
    private static final SecretCipher RETIRED = new SecretCipher(Map.of("retired", new byte[32]), "retired");
    private static boolean ready;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void application() {
        if (!ready) {
            TestFixtures.application(APP, "Retired keys", KEY);
            ready = true;
        }
    }

    @Test
    void aPendingSmsCodeThatNoLongerOpensIsReplacedByAFreshOne() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        sms(authyId).statusCode(200);
        String first = delivery(authyId, Kind.OTP, 1).code();
        resealAll("otp_code", "code_sealed", "authy_id = " + authyId);

        sms(authyId).statusCode(200).body("success", equalTo(true));
        String second = delivery(authyId, Kind.OTP, 2).code();
        assertNotEquals(first, second, "a fresh code, not the one that cannot be read any more");
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + first + "/" + authyId)
                .then().statusCode(401);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + second + "/" + authyId)
                .then().statusCode(200);
    }

    @Test
    void aPendingPhoneVerificationThatNoLongerOpensIsReplacedByAFreshOne() {
        TestIds.Phone phone = TestIds.phone();
        startPhoneVerification(phone).statusCode(200);
        String first = phoneCode(phone, 1);
        resealAll("phone_verification", "code_sealed", "phone_e164 = '" + phone.e164() + "'");

        startPhoneVerification(phone).statusCode(200).body("success", equalTo(true));
        String second = phoneCode(phone, 2);
        given().header("X-Authy-API-Key", KEY).queryParam("country_code", "1").queryParam("phone_number", phone.dashed())
                .queryParam("verification_code", second).when().get("/protected/json/phones/verification/check")
                .then().statusCode(200);
        assertNotEquals(null, first);
    }

    @Test
    void aQrImageThatNoLongerOpensIsGoneNotAnError() {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        String qrUrl = given().header("X-Authy-API-Key", KEY).when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200).extract().path("qr_code");
        resealAll("qr_image", "uri_sealed", "authy_id = " + authyId);
        given().when().get(URI.create(qrUrl).getPath()).then().statusCode(404).body("success", equalTo(false));
        given().header("X-Authy-API-Key", KEY).when().post("/protected/json/users/" + authyId + "/secret")
                .then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse sms(long authyId) {
        return given().header("X-Authy-API-Key", KEY).queryParam("force", "true")
                .when().get("/protected/json/sms/" + authyId).then();
    }

    private static io.restassured.response.ValidatableResponse startPhoneVerification(TestIds.Phone phone) {
        return given().header("X-Authy-API-Key", KEY).contentType(ContentType.JSON)
                .body("{\"via\":\"sms\",\"country_code\":1,\"phone_number\":\"" + phone.dashed() + "\"}")
                .when().post("/protected/json/phones/verification/start").then();
    }

    private static String phoneCode(TestIds.Phone phone, int nth) {
        return delivery(d -> d.kind() == Kind.PHONE_VERIFICATION && phone.e164().equals(d.destination()), nth).code();
    }

    /** What the key list no longer opens: this test's sealed values of the column, sealed again under a retired key. */
    private void resealAll(String table, String column, String rowsOfThisTest) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update " + table + " set " + column + " = ?1 where " + column + " is not null and " + rowsOfThisTest)
                .setParameter(1, RETIRED.seal("unreadable", "any"))
                .executeUpdate());
    }

}
