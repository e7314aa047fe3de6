package io.latchkey.token.verify;

import static io.latchkey.token.TestFixtures.delivery;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.latchkey.events.Topics;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.events.verifications.VerificationChecked;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.latchkey.token.TestFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.restassured.RestAssured;

/** 50 parallel requests against one user: single use and the lockout threshold must hold exactly. */
@QuarkusTest
class ConcurrentVerificationTest {

    static final long APP = TestIds.applicationId();
    static final String KEY = "concurrency-test-key-0123456789abcdef";
    static final int PARALLEL = 50;

    private static boolean ready;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void setUp() {
        if (!ready) {
            TestFixtures.application(APP, "Parallel App", KEY);
            ready = true;
        }
    }

    @Test
    void fiftyParallelVerificationsOfOneValidCodeSucceedExactlyOnce() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId).then().statusCode(200);
        String code = delivery(authyId, Kind.OTP, 1).code();

        List<Integer> statuses = inParallel(i -> code, authyId);

        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertEquals(1L, byStatus.getOrDefault(200, 0L), "exactly one success: " + byStatus);
        // every other answer is a refusal: 401 (reused) until the failures lock verification, then 429
        assertEquals(PARALLEL - 1, byStatus.getOrDefault(401, 0L) + byStatus.getOrDefault(429, 0L), byStatus.toString());
    }

    @Test
    void fiftyParallelWrongGuessesHitTheLockoutThresholdExactly() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/sms/" + authyId).then().statusCode(200);
        String code = delivery(authyId, Kind.OTP, 1).code();

        List<Integer> statuses = inParallel(i -> {
            String guess = String.format("%07d", 1_000_000 + i * 7919);
            return guess.equals(code) ? TestFixtures.wrong(code) : guess;
        }, authyId);

        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertEquals(10L, byStatus.getOrDefault(401, 0L), "the threshold (10) of checked failures: " + byStatus);
        assertEquals(40L, byStatus.getOrDefault(429, 0L), "everything after it is locked out: " + byStatus);

        // locked also for the correct code
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/" + code + "/" + authyId)
                .then().statusCode(429)
                .body(org.hamcrest.Matchers.equalTo("{\"message\":\"Too many requests, try again later\",\"success\":false,"
                        + "\"errors\":{\"message\":\"Too many requests, try again later\"},\"error_code\":\"60003\"}"));
        TestEvents.await(Topics.VERIFICATIONS, VerificationChecked.class,
                event -> event.payload().authyId() == authyId
                        && event.payload().outcome() == VerificationChecked.Outcome.LOCKED_OUT, TestFixtures.TIMEOUT);
    }

    @Test
    void aVerificationWaitsForTheUserLockOnlySoLong() throws Exception {
        long authyId = TestIds.authyId();
        TestFixtures.user(KEY, authyId, APP, 1, TestIds.phone().e164(), true);
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/1234567/" + authyId).then().statusCode(401);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // another transaction holds the user's row lock longer than latchkey.otp.lock-timeout (%test: 8 s)
        Thread holder = Thread.ofPlatform().start(() -> QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("select authy_id from user_counter where authy_id = " + authyId + " for update")
                    .getResultList();
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            long started = System.nanoTime();
            given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/1234567/" + authyId)
                    .then().statusCode(429)
                    .body(org.hamcrest.Matchers.equalTo("{\"message\":\"Too many requests, try again later\",\"success\":false,"
                            + "\"errors\":{\"message\":\"Too many requests, try again later\"},\"error_code\":\"60003\"}"));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(25)) < 0,
                    "answered at the lock timeout, not when the lock was released");
        } finally {
            release.countDown();
            holder.join();
        }
        // the connection went back to the pool in a usable state
        given().header("X-Authy-API-Key", KEY).when().get("/protected/json/verify/1234567/" + authyId).then().statusCode(401);
    }

    /** Fires {@value #PARALLEL} verifications released at once; returns their HTTP statuses. */
    private static List<Integer> inParallel(Function<Integer, String> tokenOf, long authyId) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port
                        + "/protected/json/verify/" + tokenOf.apply(i) + "/" + authyId))
                        .header("X-Authy-API-Key", KEY).GET().build();
                Callable<Integer> call = () -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
