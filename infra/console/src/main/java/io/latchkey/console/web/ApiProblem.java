package io.latchkey.console.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * An admin API's refusal in the Authy error shape ({@code message}, {@code errors} by field), as a page shows it: the
 * message, and each field's reason next to that field.
 */
public record ApiProblem(int status, String message, Map<String, String> fieldErrors) {

    public static ApiProblem of(WebApplicationException e) {
        Response response = e.getResponse();
        Map<?, ?> body = null;
        try {
            response.bufferEntity();
            body = response.readEntity(Map.class);
        } catch (RuntimeException notJson) {
            // a proxy's or a framework's answer without the Authy body: the status says enough
        }
        return of(response.getStatus(), body);
    }

    /** From an answer's status and its body read as JSON (null when it was not JSON). */
    public static ApiProblem of(int status, Map<?, ?> body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String message = null;
        if (body != null) {
            message = body.get("message") instanceof String text ? text : null;
            if (body.get("errors") instanceof Map<?, ?> errors) {
                errors.forEach((field, reason) -> {
                    if (!"message".equals(field) && reason != null) {
                        fields.put(String.valueOf(field), String.valueOf(reason));
                    }
                });
            }
        }
        return new ApiProblem(status, message != null ? message : defaultMessage(status), fields);
    }

    public String field(String name) {
        return fieldErrors.get(name);
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 401 -> "Your session has ended. Log in again.";
            case 403 -> "Your role does not allow this.";
            case 404 -> "Not found.";
            case 502, 503, 504 -> "The service that owns this is not answering. Try again in a moment.";
            default -> "The request failed (HTTP " + status + ").";
        };
    }
}
