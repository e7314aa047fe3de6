package io.latchkey.push.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.RailsParams;
import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.push.webhook.DashboardSignature.Param;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * Authenticates a dashboard API request (docs/authy-api.md §4): {@code app_api_key} names the application,
 * {@code access_key} must be its access key, and {@code X-Authy-Signature} must sign the request with its API
 * signing key, under an {@code X-Authy-Signature-Nonce} not seen before. Both keys come sealed in the
 * applications projection and are opened here, in memory, only to compare and sign. Parameters are read from
 * the query and from a form or JSON body, on every method (the samples send a GET's and a DELETE's as a body).
 */
@ApplicationScoped
public class DashboardAuthentication {

    static final int MAX_BODY_BYTES = 64 * 1024;

    @Inject
    SecretCipher cipher;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entityManager;

    @Inject
    WebhookConfig config;

    /** An authenticated request: the application and the parameters it sent. */
    public record Authenticated(ApplicationProjection application, List<Param> params) {
        public Optional<String> single(String name) {
            List<String> values = DashboardSignature.values(params, name);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
        }
    }

    @Transactional
    public Authenticated authenticate(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        List<Param> params = params(uri, headers, body);
        String apiKey = DashboardSignature.values(params, "app_api_key").stream().findFirst().orElse("");
        ApplicationProjection application = ApplicationProjection.findByApiKey(apiKey.trim())
                .orElseThrow(AuthyException::invalidApiKey);
        String accessKey = DashboardSignature.values(params, "access_key").stream().findFirst()
                .orElseThrow(() -> AuthyException.of(401, "60071", "Access key not found"));
        Optional<String> expectedAccessKey = open(application.accessKeyCiphertext,
                ApplicationChanged.SealingContexts.accessKey(application.applicationId));
        if (expectedAccessKey.isEmpty() || !MessageDigest.isEqual(expectedAccessKey.get().getBytes(StandardCharsets.UTF_8),
                accessKey.getBytes(StandardCharsets.UTF_8))) {
            throw AuthyException.of(401, "60072", "Invalid access key");
        }
        String signature = headers.getHeaderString("X-Authy-Signature");
        String nonce = headers.getHeaderString("X-Authy-Signature-Nonce");
        if (signature == null || signature.isBlank() || nonce == null || nonce.isBlank() || nonce.length() > 100) {
            throw invalidSignature();
        }
        String signingKey = open(application.signingKeyCiphertext,
                ApplicationChanged.SealingContexts.signingKey(application.applicationId)).orElseThrow(this::invalidSignature);
        if (!DashboardSignature.matches(signingKey, signature, nonce.trim(), method, urls(uri), params)) {
            throw invalidSignature();
        }
        rememberNonce(application.applicationId, nonce.trim());
        return new Authenticated(application, params);
    }

    /** A nonce is accepted once per application; old ones are forgotten after the retention. */
    private void rememberNonce(long applicationId, String nonce) {
        Instant now = Instant.now();
        entityManager.createNativeQuery("delete from dashboard_nonce where seen_at < ?1")
                .setParameter(1, now.minus(config.nonceRetention())).executeUpdate();
        int inserted = entityManager.createNativeQuery("""
                insert into dashboard_nonce (application_id, nonce, seen_at) values (?1, ?2, ?3)
                on conflict do nothing""").setParameter(1, applicationId).setParameter(2, nonce).setParameter(3, now)
                .executeUpdate();
        if (inserted == 0) {
            throw AuthyException.of(401, "60087", "Invalid signature: the nonce was already used");
        }
    }

    private AuthyException invalidSignature() {
        return AuthyException.of(401, "60087", "Invalid signature");
    }

    private Optional<String> open(String sealed, String context) {
        return sealed == null ? Optional.empty() : cipher.openStringIfPossible(sealed, context);
    }

    /**
     * The URLs the client may have signed: the configured base URL, or the host it called over http or https.
     * Behind the gateway that host is its {@code X-Forwarded-Host}, honoured from the gateway only
     * ({@code quarkus.http.proxy.trusted-proxies}).
     */
    private Set<String> urls(UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        Set<String> urls = new LinkedHashSet<>();
        config.publicBaseUrl().ifPresent(base -> urls.add(base.replaceAll("/+$", "") + path));
        String host = uri.getRequestUri().getRawAuthority();
        urls.add("https://" + host + path);
        urls.add("http://" + host + path);
        return urls;
    }

    private List<Param> params(UriInfo uri, HttpHeaders headers, byte[] body) {
        List<Param> params = new ArrayList<>();
        DashboardSignature.parseForm(uri.getRequestUri().getRawQuery(), params);
        if (body == null || body.length == 0) {
            return params;
        }
        if (body.length > MAX_BODY_BYTES) {
            throw AuthyException.of(413, "60002", "Invalid request: body larger than " + MAX_BODY_BYTES / 1024 + " KB");
        }
        String text = RailsParams.strictUtf8(body);
        MediaType type = headers.getMediaType();
        if (type != null ? type.getSubtype().endsWith("json") : text.stripLeading().startsWith("{")) {
            try {
                JsonNode node = json.readTree(text);
                if (!node.isObject()) {
                    throw AuthyException.invalidRequest("body is not a JSON object");
                }
                DashboardSignature.parseJson(node, params);
            } catch (JsonProcessingException e) {
                throw AuthyException.invalidRequest("body is not valid JSON");
            }
        } else {
            DashboardSignature.parseForm(text, params);
        }
        return params;
    }
}
