package io.latchkey.push.callback;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.projection.applications.ApplicationProjection;
import io.latchkey.push.delivery.DeliveryKind;
import io.latchkey.push.delivery.DeliverySender;
import io.latchkey.push.delivery.OutboundDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A OneTouch callback on the wire (docs/authy-api.md §3): POST with the JSON body, or GET with the flattened
 * query, signed with Authy's {@code X-Authy-Signature} and {@code X-Authy-Signature-Nonce} by the application's
 * API key, which is opened from the applications projection only to sign.
 */
@ApplicationScoped
public class CallbackKind implements DeliveryKind {

    @Inject
    SecretCipher cipher;

    @Inject
    ObjectMapper json;

    @Override
    public String kind() {
        return OutboundDelivery.CALLBACK;
    }

    @Override
    public Signer signer(OutboundDelivery delivery) {
        return Signer.of(apiKey(delivery.applicationId), "the application's API key cannot be opened");
    }

    /** Empty when the application is gone or its key is not sealed. */
    private Optional<String> apiKey(long applicationId) {
        return ApplicationProjection.<ApplicationProjection> findByIdOptional(applicationId)
                .filter(application -> application.apiKeyCiphertext != null)
                .flatMap(application -> cipher.openStringIfPossible(application.apiKeyCiphertext,
                        ApplicationChanged.SealingContexts.apiKey(applicationId)));
    }

    @Override
    public Outgoing request(DeliverySender.Claimed delivery, String nonce) {
        JsonNode parameters;
        try {
            parameters = json.readTree(delivery.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored callback is not JSON", e);
        }
        String signature = CallbackSignature.sign(delivery.key(), nonce, delivery.method(), delivery.url(), parameters);
        HttpRequest.Builder builder = HttpRequest.newBuilder()
                .header("X-Authy-Signature", signature)
                .header("X-Authy-Signature-Nonce", nonce)
                .header("User-Agent", "Latchkey-OneTouch-Callback");
        if ("GET".equals(delivery.method())) {
            String query = CallbackSignature.query(parameters);
            builder.uri(URI.create(delivery.url() + (delivery.url().contains("?") ? "&" : "?") + query)).GET();
            return new Outgoing(builder, query);
        }
        builder.uri(URI.create(delivery.url())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8));
        return new Outgoing(builder, delivery.body());
    }
}
