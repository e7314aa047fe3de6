package io.latchkey.push.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.authy.AuthyUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The callback signature: Latchkey's signer gives exactly the signatures of the official client's published
 * vectors (src/test/resources/callback-vectors), and authy-java's {@code AuthyUtil} accepts what it signs, for
 * POST and GET.
 */
class CallbackSignatureTest {

    private static final String KEY = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
    private static final String URL = "https://portal.example.com/authy/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BODY = """
            {"authy_id":688611,"device_uuid":"2102943","callback_action":"approval_request_status",
             "uuid":"8d031630-c7e4-4c31-a07e-ab7a4e6e22f7","status":"approved",
             "approval_request":{"transaction":{"details":{"Username":"pat smith","Email Address":"pat+1@example.com",
               "Location":{"City":"São Paulo","Note":"*~!'()"}},"device_details":{},"device_geolocation":"",
               "device_signing_time":1512923419,"encrypted":false,"flagged":false,"hidden_details":{"ip":"10.0.0.1"},
               "message":"Log in to Acme?","reason":"","requester_details":null,"status":"approved",
               "uuid":"8d031630-c7e4-4c31-a07e-ab7a4e6e22f7","created_at_time":1512923400,"customer_uuid":15083},
              "expiration_timestamp":1513009800,"logos":[{"res":"default","url":"https://x.example/a.png"},
              {"res":"low","url":"https://x.example/b.png"}],"app_id":"15083"},
             "signature":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln",
             "device":{"city":null,"os_type":"android","id":2102943,"registration_date":null}}""";

    private static final String VECTORS_KEY = "FU10H0uCafgKnXvPfDm5iAisVuHDgXJA";
    private static final String VECTORS_URL = "https://requestb.in/ui9vdiui";

    static Stream<JsonNode> publishedVectors() throws IOException {
        try (InputStream in = CallbackSignatureTest.class.getResourceAsStream("/callback-vectors/authy-java.jsonl")) {
            List<JsonNode> vectors = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    vectors.add(JSON.readTree(line));
                }
            }
            return vectors.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("publishedVectors")
    void theOfficialClientsPublishedVectorsAreSignedAlike(JsonNode vector) throws Exception {
        String method = vector.get("method").asText();
        JsonNode parameters;
        if ("POST".equals(method)) {
            parameters = JSON.readTree(vector.get("body").asText());
        } else {
            // the query as the application's framework decodes it: one flat parameter per pair
            ObjectNode flat = JSON.createObjectNode();
            for (String pair : vector.get("query").asText().split("&")) {
                String[] parts = pair.split("=", 2);
                flat.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
            parameters = flat;
        }
        assertEquals(vector.get("signature").asText(),
                CallbackSignature.sign(VECTORS_KEY, vector.get("nonce").asText(), method, VECTORS_URL, parameters),
                vector.get("name").asText());
    }

    @Test
    void postBodiesVerifyWithTheOfficialClient() throws Exception {
        JsonNode body = JSON.readTree(BODY);
        String nonce = "1512923419";
        String signature = CallbackSignature.sign(KEY, nonce, "POST", URL, body);
        assertTrue(AuthyUtil.validateSignatureForPost(BODY, headers(nonce, signature), URL, KEY));

        assertFalse(AuthyUtil.validateSignatureForPost(BODY.replace("approved", "denied"), headers(nonce, signature), URL, KEY),
                "a changed body no longer verifies");
        assertFalse(AuthyUtil.validateSignatureForPost(BODY, headers("1512923420", signature), URL, KEY),
                "the nonce is signed");
        assertFalse(AuthyUtil.validateSignatureForPost(BODY, headers(nonce, signature), URL, "another-key"));
    }

    @Test
    void getQueriesVerifyWithTheOfficialClient() throws Exception {
        JsonNode body = JSON.readTree(BODY);
        String nonce = "1512937258";
        String signature = CallbackSignature.sign(KEY, nonce, "GET", URL, body);
        Map<String, String> received = new HashMap<>();
        for (String pair : CallbackSignature.query(body).split("&")) {
            String[] parts = pair.split("=", 2);
            received.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        assertTrue(AuthyUtil.validateSignatureForGet(received, headers(nonce, signature), URL, KEY));
        received.put("status", "denied");
        assertFalse(AuthyUtil.validateSignatureForGet(received, headers(nonce, signature), URL, KEY));
    }

    private static Map<String, String> headers(String nonce, String signature) {
        return Map.of("X-Authy-Signature-Nonce", nonce, "X-Authy-Signature", signature);
    }
}
