package io.latchkey.push.webhook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.authy.params.RailsParams;
import io.latchkey.push.delivery.StandardWebhooks;

/**
 * The signature of a dashboard API request (docs/authy-api.md §4): {@code nonce|METHOD|url|sorted_params},
 * HMAC-SHA256 keyed by the application's API signing key, base64. The parameters are every one the request
 * carries ({@code app_api_key} and {@code access_key} included), sorted by name with array elements
 * ({@code events[]}) kept in order, and form-encoded.
 *
 * <p>The published helpers differ in details the document leaves open, so each of these is accepted (all
 * cover the same parameters, so none weakens the check): sorted by name, or by the whole encoded pair
 * (AuthySE/webhooks-api's sort ends up comparing values too); encoded as RFC 3986 with {@code +} for a space
 * (node's {@code qs}), or as Java's {@code URLEncoder} ({@code *} literal, {@code ~} encoded).
 */
public final class DashboardSignature {

    /** One parameter as sent: its name ({@code events[]} for an array element) and its value. */
    public record Param(String name, String value) {
    }

    private DashboardSignature() {
    }

    /** Whether {@code signature} is one of the accepted forms for this request at any of {@code urls}. */
    public static boolean matches(String signingKey, String signature, String nonce, String method, Set<String> urls,
            List<Param> params) {
        byte[] given = signature.trim().getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String url : urls) {
            for (String query : canonicalQueries(params)) {
                String expected = StandardWebhooks.hmacBase64(signingKey, nonce + "|" + method + "|" + url + "|" + query);
                // no early exit: every candidate is computed whatever matched
                matched |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given);
            }
        }
        return matched;
    }

    /** The signed parameter strings a client may have built, the documented one first. */
    static Set<String> canonicalQueries(List<Param> params) {
        Set<String> queries = new LinkedHashSet<>();
        for (boolean rfc3986 : new boolean[] {true, false}) {
            List<String> pairs = params.stream().sorted(Comparator.comparing(Param::name))
                    .map(param -> encode(param.name(), rfc3986) + "=" + encode(param.value(), rfc3986)).toList();
            queries.add(String.join("&", pairs));
            queries.add(String.join("&", pairs.stream().sorted().toList()));
        }
        return queries;
    }

    static String encode(String text, boolean rfc3986) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
        return rfc3986 ? encoded.replace("*", "%2A").replace("%7E", "~") : encoded;
    }

    /** The pairs of a query string or form body, in order. */
    public static void parseForm(String encoded, List<Param> into) {
        RailsParams.pairs(encoded).forEach(pair -> into.add(new Param(pair.getKey(), pair.getValue())));
    }

    /** A JSON body's members as the form a client would have sent: arrays as {@code name[]}, one per element. */
    public static void parseJson(JsonNode body, List<Param> into) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isArray()) {
                field.getValue().forEach(element -> into.add(new Param(field.getKey() + "[]", element.asText())));
            } else if (!field.getValue().isNull()) {
                into.add(new Param(field.getKey(), field.getValue().asText()));
            }
        }
    }

    /** Values of {@code name} (or {@code name[]}), in order. */
    public static List<String> values(List<Param> params, String name) {
        List<String> values = new ArrayList<>();
        params.stream().filter(param -> param.name().equals(name) || param.name().equals(name + "[]"))
                .forEach(param -> values.add(param.value()));
        return values;
    }
}
