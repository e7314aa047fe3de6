package io.latchkey.authy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.authy.params.RailsParams;
import io.latchkey.projection.applications.ApplicationsByApiKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

/**
 * Runs before every Authy resource method ({@code /protected/…}, {@code /onetouch/…}): checks the
 * {format} segment, merges query + form body + JSON body into {@link AuthyParams} (clients differ
 * in where they put parameters, docs/authy-api.md §1.3), and authenticates the API key from the
 * {@code X-Authy-API-Key} header or, for the legacy clients, an {@code api_key} parameter.
 * It runs after resource matching, on the worker thread, where the body is already buffered.
 */
public class AuthyRequestFilter {

    public static final String API_KEY_HEADER = "X-Authy-API-Key";

    @Inject
    AuthyParams params;

    @Inject
    AuthenticatedApplication authenticated;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    ApplicationsByApiKey applications;

    @ServerRequestFilter
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getPath();
        String format = AuthyPaths.format(path);
        if (format == null) {
            return;
        }
        if (!"json".equals(format)) {
            throw AuthyException.invalidRequest("format '" + format + "' is not supported, use json");
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        RailsParams.parseFormEncoded(request.getUriInfo().getRequestUri().getRawQuery(), merged);
        readBody(request, merged);
        params.fill(merged);

        String apiKey = Optional.ofNullable(request.getHeaderString(API_KEY_HEADER))
                .filter(header -> !header.isBlank())
                .or(() -> params.string("api_key"))
                .orElseThrow(AuthyException::invalidApiKey);
        // no wait here: a key created, rotated or deleted is in every service's projection, and what a service
        // read before is no longer used, before the admin call that changed it answered
        // (latchkey.writers-await.applications, latchkey.readers-cache.applications, docs/consistency.md)
        authenticated.set(applications.find(apiKey.trim()).orElseThrow(AuthyException::invalidApiKey));
    }

    /**
     * No Authy call needs more (the largest is an approval request with details and logos); the
     * service-wide HTTP limit is larger because the admin import streams whole files.
     */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private void readBody(ContainerRequestContext request, Map<String, Object> into) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        byte[] body;
        try (InputStream entity = request.getEntityStream()) {
            body = entity.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw AuthyException.of(413, "60002", "Invalid request: body larger than " + MAX_BODY_BYTES / 1024 + " KB");
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        if (body.length == 0) {
            return;
        }
        String text = RailsParams.strictUtf8(body);
        if (text.isBlank()) {
            return;
        }
        MediaType type = request.getMediaType();
        boolean json = type != null ? type.getSubtype().endsWith("json") : text.stripLeading().startsWith("{");
        if (json) {
            try {
                RailsParams.mergeJson(objectMapper.readTree(text), into);
            } catch (JsonProcessingException e) {
                throw AuthyException.invalidRequest("body is not valid JSON");
            }
        } else if (type == null || type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            Map<String, Object> form = new LinkedHashMap<>();
            RailsParams.parseFormEncoded(text, form);
            RailsParams.deepMerge(into, form);
        } else {
            throw AuthyException.invalidRequest("unsupported content type " + type);
        }
    }

    /** Authy answers {@code application/json; charset=utf-8} (docs/authy-api.md §1.6). */
    @ServerResponseFilter
    public void jsonWithCharset(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.getParameters().containsKey("charset")) {
            response.getHeaders().putSingle("Content-Type", type.withCharset("utf-8"));
        }
    }
}
