package io.latchkey.events.applications;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A OneTouch logo: an image the Authy app shows with an approval request, at one of four resolutions
 * (docs/authy-api.md row 14: {@code logos} of an approval request; an application's own are shown when a request has
 * none). The rule for a valid one lives here, for the approval request API and the application settings alike.
 */
public record Logo(String res, String url) {

    public static final Set<String> RESOLUTIONS = Set.of("default", "low", "med", "high");
    public static final String RULE = "each must have res (default, low, med or high) and an http(s) url";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static boolean isValid(Object res, Object url) {
        return res != null && RESOLUTIONS.contains(String.valueOf(res)) && url != null
                && String.valueOf(url).matches("(?i)https?://\\S+");
    }

    /** As a column keeps them: a JSON array of {@code {res, url}}, or null for none. */
    public static String toJson(List<Logo> logos) {
        if (logos == null || logos.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(logos);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Logo> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<Logo>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored logos are not JSON", e);
        }
    }
}
