package io.latchkey.devicesim;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;

/**
 * A phone with the app (the role the Authy app played), talking to a Latchkey base URL: it registers with a
 * fresh P-256 key, lists its user's OneTouch requests and answers them with signed decisions, and computes
 * its soft token. Its state (device id, private key, seed) lives in one JSON file. The protocol is in the
 * README ("OneTouch: the device side").
 */
public final class SimulatedDevice {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Map<String, Object> state;

    private SimulatedDevice(String baseUrl, Map<String, Object> state) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.state = state;
    }

    /** The device whose state is in {@code file}. */
    public static SimulatedDevice load(String baseUrl, Path file) throws IOException {
        try {
            return new SimulatedDevice(baseUrl, JsonUtil.parseJson(Files.readString(file)));
        } catch (JoseException e) {
            throw new IOException(file + " is not a device file", e);
        }
    }

    /**
     * Registers a device for {@code authyId} with the application's API key: starts a registration (an SMS with
     * a code), reads the code with {@code readCode} (the local outbox file in a developer run), completes it
     * with a new P-256 key and keeps the state in {@code file}.
     */
    public static SimulatedDevice register(String baseUrl, String apiKey, long authyId, Supplier<String> readCode,
            Path file) throws IOException, InterruptedException {
        String base = baseUrl.replaceAll("/+$", "");
        Map<String, Object> started = send(HttpRequest.newBuilder(URI.create(base + "/protected/json/users/" + authyId
                + "/devices/registrations")).header("X-Authy-API-Key", apiKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("via=sms")).build());
        String registration = (String) started.get("registration_id");
        String code = readCode.get();
        KeyPair keys = newKeyPair();
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("code", code);
        completion.put("public_key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        completion.put("key_algorithm", "EC_P256");
        completion.put("os_type", "android");
        Map<String, Object> completed = send(HttpRequest.newBuilder(URI.create(base + "/devices/registrations/"
                + registration + "/complete")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonUtil.toJson(completion))).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> device = (Map<String, Object>) completed.get("device");
        @SuppressWarnings("unchecked")
        Map<String, Object> token = (Map<String, Object>) completed.get("token");
        Map<String, Object> app = send(HttpRequest.newBuilder(URI.create(base + "/protected/json/app/details"))
                .header("X-Authy-API-Key", apiKey).GET().build());
        @SuppressWarnings("unchecked")
        long applicationId = ((Number) ((Map<String, Object>) app.get("app")).get("app_id")).longValue();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("device_id", ((Number) device.get("id")).longValue());
        state.put("authy_id", authyId);
        state.put("app_id", applicationId);
        state.put("private_key", Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        state.put("secret_seed", completed.get("secret_seed"));
        state.put("token", token);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, JsonUtil.toJson(state));
        return new SimulatedDevice(base, state);
    }

    public long deviceId() {
        return ((Number) state.get("device_id")).longValue();
    }

    /** The requests the device's user has to answer, and the device's nudges; {@code waitSeconds} > 0 long-polls. */
    public Map<String, Object> pending(int waitSeconds) throws IOException, InterruptedException {
        return send(pendingRequest(waitSeconds, null));
    }

    /** The same poll, sent without waiting for its answer (many parked polls from one client). */
    public CompletableFuture<HttpResponse<String>> pendingAsync(HttpClient client, int waitSeconds) {
        return pendingAsync(client, waitSeconds, null);
    }

    /**
     * A long-poll that waits while the requests are still those {@code seen} names (the {@code digest} of an
     * earlier answer): it is answered when one is added, answered on any device, or expires.
     */
    public CompletableFuture<HttpResponse<String>> pendingAsync(HttpClient client, int waitSeconds, String seen) {
        return client.sendAsync(pendingRequest(waitSeconds, seen), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest pendingRequest(int waitSeconds, String seen) {
        String path = "/device/onetouch/approval_requests";
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signed = "GET\n" + path + "\n" + timestamp;
        String query = (waitSeconds > 0 ? "&wait=" + waitSeconds : "")
                + (seen != null ? "&seen=" + URLEncoder.encode(seen, StandardCharsets.UTF_8) : "");
        return HttpRequest.newBuilder(URI.create(baseUrl + path + query.replaceFirst("^&", "?")))
                .timeout(Duration.ofSeconds(waitSeconds + 10))
                .header("X-Latchkey-Device-Id", String.valueOf(deviceId()))
                .header("X-Latchkey-Timestamp", timestamp)
                .header("X-Latchkey-Signature", Base64.getEncoder().encodeToString(signDer(signed)))
                .GET().build();
    }

    /** Approves ({@code number}: what the user typed, with number matching) or denies (optionally "not me") a request. */
    public Map<String, Object> decide(String uuid, boolean approve, boolean notMe, String number)
            throws IOException, InterruptedException {
        return sendDecision(uuid, signDecision(uuid, approve, notMe, number));
    }

    /** The signed decision (a compact JWS) on a request pending for this device, made now and sent later. */
    public String signDecision(String uuid, boolean approve, boolean notMe, String number) throws IOException, InterruptedException {
        Map<String, Object> request = listed(uuid);
        JwtClaims claims = new JwtClaims();
        claims.setStringClaim("uuid", uuid);
        claims.setClaim("app_id", state.get("app_id"));
        claims.setClaim("authy_id", state.get("authy_id"));
        claims.setClaim("device_id", deviceId());
        claims.setStringClaim("status", approve ? "approved" : "denied");
        claims.setStringClaim("reason", !approve && notMe ? "not_me" : "");
        claims.setStringClaim("shown", (String) request.get("shown"));
        claims.setStringClaim("nonce", (String) request.get("nonce"));
        if (number != null) {
            claims.setStringClaim("number", number);
        }
        claims.setIssuedAt(NumericDate.now());
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey());
        jws.setKeyIdHeaderValue(String.valueOf(deviceId()));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a decision made by {@link #signDecision}; an answer other than 2xx is thrown with its status and body. */
    public Map<String, Object> sendDecision(String uuid, String decision) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/device/onetouch/approval_requests/"
                + URLEncoder.encode(uuid, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonUtil.toJson(Map.of("decision", decision)))).build());
    }

    /** The soft token now, as the Authy app showed it. */
    public String totp() {
        @SuppressWarnings("unchecked")
        Map<String, Object> token = (Map<String, Object>) state.get("token");
        Totp totp = new Totp(HmacAlgorithm.valueOf(String.valueOf(token.get("algorithm"))),
                ((Number) token.get("digits")).intValue(), Duration.ofSeconds(((Number) token.get("period")).longValue()));
        return totp.generate(Base32.decode((String) state.get("secret_seed")), Instant.now());
    }

    private Map<String, Object> listed(String uuid) throws IOException, InterruptedException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> requests = (List<Map<String, Object>>) pending(0).get("approval_requests");
        return requests.stream().filter(request -> uuid.equals(request.get("uuid"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("request " + uuid + " is not pending for this device"));
    }

    private PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode((String) state.get("private_key"))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the device file's private key is unreadable", e);
        }
    }

    private byte[] signDer(String text) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer's JSON; an error answer is thrown with its body (an Authy error envelope). */
    private static Map<String, Object> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getPath() + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        try {
            return JsonUtil.parseJson(response.body());
        } catch (JoseException e) {
            throw new IOException("not JSON: " + response.body(), e);
        }
    }
}
