package io.latchkey.authy.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.latchkey.authy.error.AuthyException;
import jakarta.enterprise.context.RequestScoped;

/**
 * The request's parameters merged from query string, form body and JSON body (body wins), filled
 * by {@link AuthyRequestFilter} before the resource method runs. Paths are given segment by
 * segment: {@code string("user", "email")} reads {@code user[email]} or {@code {"user":{"email":…}}}.
 */
@RequestScoped
public class AuthyParams {

    private Map<String, Object> values = Map.of();

    public void fill(Map<String, Object> merged) {
        this.values = merged;
    }

    public Optional<String> string(String... path) {
        Object value = find(path);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw AuthyException.invalidParameter(String.join(".", path), "must be a single value");
        }
        return Optional.of(text);
    }

    /** A non-blank value, else 400/60004 "Invalid parameter: name - Parameter is required". */
    public String required(String... path) {
        return string(path).filter(value -> !value.isBlank())
                .orElseThrow(() -> AuthyException.invalidParameter(railsName(path), "Parameter is required"));
    }

    /** Accepts what the clients send for booleans: true/false in any case (P sends "True"), 1/0. */
    public boolean flag(String name, boolean defaultValue) {
        Optional<String> value = string(name);
        if (value.isEmpty() || value.get().isBlank()) {
            return defaultValue;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw AuthyException.invalidParameter(name, "must be true or false");
        };
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String... path) {
        Object value = find(path);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw AuthyException.invalidParameter(railsName(path), "must be a hash");
    }

    /** A list, also when the client sent indexed keys ({@code logos[0][res]}, read in index order). */
    @SuppressWarnings("unchecked")
    public List<Object> list(String... path) {
        Object value = find(path);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(key -> ((String) key).matches("\\d{1,6}"))) {
            Map<Integer, Object> byIndex = new TreeMap<>();
            map.forEach((key, element) -> byIndex.put(Integer.parseInt((String) key), element));
            return new ArrayList<>(byIndex.values());
        }
        throw AuthyException.invalidParameter(railsName(path), "must be an array");
    }

    private Object find(String... path) {
        Object current = values;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    private static String railsName(String... path) {
        StringBuilder name = new StringBuilder(path[0]);
        for (int i = 1; i < path.length; i++) {
            name.append('[').append(path[i]).append(']');
        }
        return name.toString();
    }

}
