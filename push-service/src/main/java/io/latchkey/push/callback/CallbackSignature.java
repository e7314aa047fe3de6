package io.latchkey.push.callback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.push.delivery.StandardWebhooks;

/**
 * Authy's OneTouch callback signature (docs/authy-api.md §3), which the official clients verify: the
 * parameters flattened with Rails keys, sorted, array indices turned into {@code []}, form-encoded, and
 * {@code nonce|METHOD|url|query} signed with HMAC-SHA256 keyed by the application's API key, in base64.
 */
public final class CallbackSignature {

    private CallbackSignature() {
    }

    /** {@code X-Authy-Signature} for these parameters (the POST body, or what the GET query carries). */
    public static String sign(String apiKey, String nonce, String method, String url, JsonNode parameters) {
        return StandardWebhooks.hmacBase64(apiKey, nonce + "|" + method + "|" + url + "|" + signedQuery(parameters));
    }

    /** The sorted, encoded pairs the signature covers. */
    static String signedQuery(JsonNode parameters) {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> pair : flatten(parameters).entrySet()) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            // sorted while the indices are in place; then [n] becomes [] as Rails' to_query writes arrays
            query.append(encode(pair.getKey().replaceAll("\\[[0-9]*\\]", "[]"))).append('=').append(encode(pair.getValue()));
        }
        return query.toString();
    }

    /**
     * The parameters flattened, sorted by key: {@code p[k]} for an object's keys, {@code p[i]} for array elements;
     * null is empty, empty objects and arrays give nothing. This is also the query of a GET callback.
     */
    public static TreeMap<String, String> flatten(JsonNode parameters) {
        TreeMap<String, String> pairs = new TreeMap<>();
        flatten("", parameters, pairs);
        return pairs;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> pairs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "[" + field.getKey() + "]", field.getValue(), pairs);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), pairs);
            }
        } else {
            pairs.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    /** The GET callback's query: the same pairs, form-encoded, indices kept so that no two keys collide. */
    public static String query(JsonNode parameters) {
        List<String> pairs = new ArrayList<>();
        flatten(parameters).forEach((key, value) -> pairs.add(encode(key) + "=" + encode(value)));
        return String.join("&", pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
