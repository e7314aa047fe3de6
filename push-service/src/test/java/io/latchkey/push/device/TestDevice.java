package io.latchkey.push.device;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.latchkey.authy.device.DeviceRequestSignature;
import io.latchkey.events.devices.DeviceChanged;
import io.latchkey.testkit.TestEvents;
import io.latchkey.testkit.TestIds;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * A phone with the app, as the tests need one: a P-256 key pair, registered as token-service would (a
 * {@code devices} event on the real broker), that signs its requests and its decisions.
 */
public final class TestDevice {

    public final long deviceId = TestIds.deviceId();
    public final long authyId;
    public final long applicationId;
    private final KeyPair keys;

    private TestDevice(long authyId, long applicationId) {
        this.authyId = authyId;
        this.applicationId = applicationId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device registered for the user (published as token-service does; push-service knows it on the next call). */
    public static TestDevice registeredFor(long authyId, long applicationId) {
        TestDevice device = new TestDevice(authyId, applicationId);
        TestEvents.publish(new DeviceChanged(device.deviceId, authyId, applicationId, "android",
                Base64.getEncoder().encodeToString(device.keys.getPublic().getEncoded()), "EC_P256",
                DeviceChanged.Status.REGISTERED));
        return device;
    }

    public void remove() {
        TestEvents.publish(new DeviceChanged(deviceId, authyId, applicationId, "android", null, null,
                DeviceChanged.Status.REMOVED));
    }

    /** {@code GET /device/onetouch/approval_requests}, signed with this device's key. */
    public ValidatableResponse pending() {
        return pending(0);
    }

    /** The same as a long-poll: {@code wait} seconds at most (0: answered at once). */
    public ValidatableResponse pending(int waitSeconds) {
        return pending(waitSeconds, null);
    }

    /** A long-poll that waits while the requests are those {@code seen} names (the digest of an earlier answer). */
    public ValidatableResponse pending(int waitSeconds, String seen) {
        String path = "/device/onetouch/approval_requests";
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        var request = given().header(DeviceRequestSignature.DEVICE_ID_HEADER, String.valueOf(deviceId))
                .header(DeviceRequestSignature.TIMESTAMP_HEADER, timestamp)
                .header(DeviceRequestSignature.SIGNATURE_HEADER, sign(DeviceRequestSignature.signedText("GET", path, timestamp)));
        if (waitSeconds > 0) {
            request = request.queryParam("wait", waitSeconds);
        }
        if (seen != null) {
            request = request.queryParam("seen", seen);
        }
        return request.when().get(path).then();
    }

    /** A long-poll from a client that gives up after {@code clientTimeout} and closes its connection. */
    public void pendingWithClientTimeout(int waitSeconds, Duration clientTimeout) {
        String path = "/device/onetouch/approval_requests";
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path + "?wait="
                + waitSeconds)).timeout(clientTimeout)
                .header(DeviceRequestSignature.DEVICE_ID_HEADER, String.valueOf(deviceId))
                .header(DeviceRequestSignature.TIMESTAMP_HEADER, timestamp)
                .header(DeviceRequestSignature.SIGNATURE_HEADER, sign(DeviceRequestSignature.signedText("GET", path, timestamp)))
                .GET().build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            // expected: the client gave up
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers a request as listed by {@link #pending()}: its {@code shown} hash and {@code nonce} are signed. */
    public ValidatableResponse decide(String uuid, String shown, String nonce, String status, String reason) {
        return post(uuid, decision(uuid, shown, nonce, status, reason, Instant.now(), UUID.randomUUID().toString()));
    }

    /** An approval with the number the user typed (number matching). */
    public ValidatableResponse approveWithNumber(String uuid, String shown, String nonce, String number) {
        return post(uuid, signedAs(this, uuid, shown, nonce, "approved", "", Instant.now(), UUID.randomUUID().toString(),
                number));
    }

    public ValidatableResponse post(String uuid, String compactDecision) {
        return given().contentType("application/json").body("{\"decision\":\"" + compactDecision + "\"}")
                .when().post("/device/onetouch/approval_requests/" + uuid).then();
    }

    /** The compact JWS of a decision, with every claim the server checks. */
    public String decision(String uuid, String shown, String nonce, String status, String reason, Instant signedAt,
            String id) {
        return signedAs(this, uuid, shown, nonce, status, reason, signedAt, id, null);
    }

    /** A forgery: {@code victim}'s decision in every claim and header, signed with this device's key. */
    public String forgedAs(TestDevice victim, String uuid, String shown, String nonce, String status) {
        return signedAs(victim, uuid, shown, nonce, status, "", Instant.now(), UUID.randomUUID().toString(), null);
    }

    private String signedAs(TestDevice claimed, String uuid, String shown, String nonce, String status, String reason,
            Instant signedAt, String id, String number) {
        JwtClaims claims = new JwtClaims();
        claims.setStringClaim("uuid", uuid);
        claims.setClaim("app_id", claimed.applicationId);
        claims.setClaim("authy_id", claimed.authyId);
        claims.setClaim("device_id", claimed.deviceId);
        claims.setStringClaim("status", status);
        claims.setStringClaim("reason", reason);
        claims.setStringClaim("shown", shown);
        claims.setStringClaim("nonce", nonce);
        if (number != null) {
            claims.setStringClaim("number", number);
        }
        claims.setIssuedAt(NumericDate.fromSeconds(signedAt.getEpochSecond()));
        claims.setJwtId(id);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue(String.valueOf(claimed.deviceId));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(String text) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
