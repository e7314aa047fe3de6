package io.latchkey.authy.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception that carries an Authy error (docs/authy-api.md §5). {@link AuthyExceptionMappers}
 * renders it as {@code {"message":…,"success":false,"errors":{…},"error_code":"600xx"}}.
 */
public class AuthyException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final Map<String, String> fieldErrors;
    private final Map<String, Object> topLevelFields;
    private final boolean messageInErrors;

    private AuthyException(int status, String errorCode, String message, Map<String, String> fieldErrors,
            Map<String, Object> topLevelFields, boolean messageInErrors) {
        super(message, null, false, false); // no stack trace: this is an answer, not a failure
        this.status = status;
        this.errorCode = errorCode;
        this.fieldErrors = Map.copyOf(fieldErrors);
        this.topLevelFields = new LinkedHashMap<>(topLevelFields);
        this.messageInErrors = messageInErrors;
    }

    public static AuthyException of(int status, String errorCode, String message) {
        return new AuthyException(status, errorCode, message, Map.of(), Map.of(), true);
    }

    public static AuthyException invalidApiKey() {
        return of(401, "60001", "Invalid API key");
    }

    public static AuthyException invalidRequest(String detail) {
        return of(400, "60002", "Invalid request: " + detail);
    }

    public static AuthyException invalidParameter(String parameter, String reason) {
        return of(400, "60004", "Invalid parameter: " + parameter + " - " + reason)
                .withFieldError(parameter, reason);
    }

    public static AuthyException invalidUtf8() {
        return of(400, "60005", "UTF-8 invalid");
    }

    public static AuthyException userNotFound() {
        return of(404, "60026", "User not found.");
    }

    public static AuthyException tooManyRequests() {
        return of(429, "60003", "Too many requests, try again later");
    }

    /**
     * 503/60000, answered with {@code Retry-After: 1} ({@link AuthyExceptionMappers#render}): the answer cannot be
     * given truthfully now (as the gateway says it of a service that does not answer); clients retry it.
     */
    public static AuthyException unavailable() {
        return of(503, "60000", "Service unavailable, try again later");
    }

    public static AuthyException notFound(String what) {
        return of(404, "60000", "Not found: " + what);
    }

    /** Adds {@code field: reason} to {@code errors}; Authy clients surface that hash to the caller. */
    public AuthyException withFieldError(String field, String reason) {
        Map<String, String> errors = new LinkedHashMap<>(fieldErrors);
        errors.put(field, reason);
        return new AuthyException(status, errorCode, getMessage(), errors, topLevelFields, messageInErrors);
    }

    /** Adds a top-level key, e.g. {@code "token":"is invalid"} on a failed verify (docs/authy-api.md row 11). */
    public AuthyException withTopLevel(String field, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>(topLevelFields);
        fields.put(field, value);
        return new AuthyException(status, errorCode, getMessage(), fieldErrors, fields, messageInErrors);
    }

    /** Leaves {@code errors} without the message copy: 60049 answers {@code "errors":{}} (obs J). */
    public AuthyException withoutMessageInErrors() {
        return new AuthyException(status, errorCode, getMessage(), fieldErrors, topLevelFields, false);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** The body in Authy's key order; {@code error_code} is a string because authy-java parses it with getString. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", getMessage());
        body.putAll(topLevelFields);
        body.put("success", false);
        Map<String, String> errors = new LinkedHashMap<>(fieldErrors);
        if (messageInErrors) {
            errors.put("message", getMessage());
        }
        body.put("errors", errors);
        body.put("error_code", errorCode);
        return body;
    }
}
