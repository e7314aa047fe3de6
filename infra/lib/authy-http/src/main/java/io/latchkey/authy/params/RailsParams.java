package io.latchkey.authy.params;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.authy.error.AuthyException;

/**
 * Parameters as Rails builds them, which is what every Authy client was written against
 * (docs/authy-api.md §1.3): {@code user[email]=a} becomes {@code {user:{email:a}}}, {@code events[]=x}
 * a list, {@code logos[][res]=…&logos[][url]=…} a list of maps, {@code logos[0][res]} a map keyed
 * by index (read back as a list). JSON bodies are folded into the same shape with scalars as text,
 * so a parameter reads the same whichever client sent it. Values are String, Map or List.
 */
public final class RailsParams {

    private RailsParams() {
    }

    /** Parses {@code a=1&b[c]=2} (query string or form body) into {@code into}; later keys win. */
    public static void parseFormEncoded(String encoded, Map<String, Object> into) {
        pairs(encoded).forEach(pair -> put(into, pair.getKey(), pair.getValue()));
    }

    /**
     * The decoded name/value pairs of a query string or form body, in order, names as sent ({@code b[c]});
     * malformed percent-encoding or UTF-8 is an invalid request (400), never a server error.
     */
    public static List<Map.Entry<String, String>> pairs(String encoded) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            pairs.add(Map.entry(decode(equals < 0 ? pair : pair.substring(0, equals)),
                    equals < 0 ? "" : decode(pair.substring(equals + 1))));
        }
        return pairs;
    }

    /** Folds a JSON object body into {@code into} (a non-object body is an invalid request). */
    public static void mergeJson(JsonNode json, Map<String, Object> into) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return;
        }
        if (!json.isObject()) {
            throw AuthyException.invalidRequest("JSON body must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = (Map<String, Object>) fromJson(json);
        deepMerge(into, converted);
    }

    /** Copies {@code source} over {@code target}, merging nested maps (Rails merges query and body this way). */
    @SuppressWarnings("unchecked")
    public static void deepMerge(Map<String, Object> target, Map<String, Object> source) {
        source.forEach((key, value) -> {
            Object existing = target.get(key);
            if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
                deepMerge((Map<String, Object>) existingMap, (Map<String, Object>) valueMap);
            } else {
                target.put(key, value);
            }
        });
    }

    private static Object fromJson(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), fromJson(field.getValue()));
                }
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> {
                if (!element.isNull()) {
                    list.add(fromJson(element));
                }
            });
            return list;
        }
        return node.asText();
    }

    /** Splits {@code a[b][]} into {@code [a, b, ""]}; a key with unbalanced brackets is taken literally. */
    static List<String> segments(String key) {
        int open = key.indexOf('[');
        if (open <= 0 || !key.endsWith("]")) {
            return List.of(key);
        }
        List<String> segments = new ArrayList<>();
        segments.add(key.substring(0, open));
        int position = open;
        while (position < key.length()) {
            if (key.charAt(position) != '[') {
                return List.of(key);
            }
            int close = key.indexOf(']', position);
            if (close < 0) {
                return List.of(key);
            }
            segments.add(key.substring(position + 1, close));
            position = close + 1;
        }
        return segments;
    }

    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> root, String key, String value) {
        List<String> path = segments(key);
        Object container = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            String nextSegment = last ? null : path.get(i + 1);
            if (container instanceof Map<?, ?> rawMap) {
                Map<String, Object> map = (Map<String, Object>) rawMap;
                if (last) {
                    map.put(segment, value);
                    return;
                }
                Object child = map.get(segment);
                boolean wantList = nextSegment.isEmpty();
                if (wantList && !(child instanceof List<?>) || !wantList && !(child instanceof Map<?, ?>)) {
                    child = wantList ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                    map.put(segment, child);
                }
                container = child;
            } else {
                List<Object> list = (List<Object>) container;
                if (last) {
                    list.add(value);
                    return;
                }
                // Rails: logos[][res]=a&logos[][url]=b&logos[][res]=c -> [{res:a,url:b},{res:c}]
                String field = path.get(i + 1);
                Object tail = list.isEmpty() ? null : list.get(list.size() - 1);
                if (!(tail instanceof Map<?, ?> tailMap) || tailMap.containsKey(field) && i + 2 == path.size()) {
                    tail = new LinkedHashMap<String, Object>();
                    list.add(tail);
                }
                container = tail;
            }
        }
    }

    /** Percent-decoding with {@code +} as space, strict about UTF-8 (60005) and about bad escapes (60002). */
    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw AuthyException.invalidRequest("malformed percent-encoding");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw AuthyException.invalidRequest("malformed percent-encoding");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return strictUtf8(bytes.toByteArray());
    }

    public static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw AuthyException.invalidUtf8();
        }
    }
}
