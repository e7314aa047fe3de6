package io.latchkey.token.retention;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.latchkey.token.limits.WindowCounters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Rows holding codes or numbers go once they have served their purpose (docs/operations.md "Retention"). */
@QuarkusTest
class RetentionTest {

    private static final String KEY = "retention-test-key-0123456789abcdef012";

    @Inject
    RetentionJob retention;

    @Inject
    WindowCounters counters;

    @Inject
    EntityManager entityManager;

    @Test
    void codesAndCountersGoOnceTheyHaveServedTheirPurpose() {
        long applicationId = TestIds.applicationId();
        long authyId = TestIds.authyId();
        TestIds.Phone phone = TestIds.phone();
        String otpCodes = "select count(*) from otp_code where authy_id = " + authyId;
        String numberCounters = "select count(*) from window_counter where counter_key in ('g:" + phone.countryCode()
                + phone.digits() + "', 'send:" + authyId + "')";
        TestFixtures.application(applicationId, "Retention", KEY);
        TestFixtures.user(KEY, authyId, applicationId, 1, phone.e164(), true);
        given().header("X-Authy-API-Key", KEY).queryParam("force", "true").when().get("/protected/json/sms/" + authyId)
                .then().statusCode(200);
        assertEquals(1, count(otpCodes));
        assertEquals(2, count(numberCounters));

        retention.purge(Instant.now());
        assertEquals(1, count(otpCodes), "a valid code stays");

        // a day after the code expired (10 minutes from now) it is gone
        retention.purge(Instant.now().plus(Duration.ofMinutes(10)).plus(Duration.ofHours(24)).plus(Duration.ofMinutes(1)));
        assertEquals(0, count(otpCodes));

        // counters (keyed by the number) go as soon as their window (an hour by default) is over, not before
        counters.purgeEnded(Instant.now());
        assertEquals(2, count(numberCounters), "windows still running keep their counts");
        counters.purgeEnded(Instant.now().plus(Duration.ofHours(1)).plus(Duration.ofMinutes(1)));
        assertEquals(0, count(numberCounters));
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
