package io.latchkey.push.webhook;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.crypto.SecretCipher;
import io.latchkey.push.delivery.DeliveryKind;
import io.latchkey.push.delivery.DeliverySender;
import io.latchkey.push.delivery.OutboundDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A webhook event on the wire (docs/authy-api.md §4): a form POST whose {@code body} field is a JWT (HS256,
 * keyed by the webhook's {@code WSK_} signing key) of the event's claims, with {@code iat} the time of the attempt
 * and {@code jti} the delivery id (the {@code webhook-id}). The key is opened from the webhook only to sign.
 */
@ApplicationScoped
public class WebhookKind implements DeliveryKind {

    @Inject
    SecretCipher cipher;

    @Inject
    ObjectMapper json;

    @Inject
    Webhooks webhooks;

    @Override
    public String kind() {
        return OutboundDelivery.WEBHOOK;
    }

    @Override
    public Signer signer(OutboundDelivery delivery) {
        Webhook webhook = Webhook.findById(delivery.webhookId);
        if (webhook == null || Webhook.DELETED.equals(webhook.state)) {
            return new Signer(null, "webhook deleted");
        }
        if (Webhook.DISABLED.equals(webhook.state)) {
            return new Signer(null, "webhook disabled: " + webhook.disabledReason);
        }
        return Signer.of(cipher.openStringIfPossible(webhook.signingKeyCiphertext, Webhook.signingKeyContext(webhook.id)),
                "the webhook's signing key cannot be opened");
    }

    @Override
    public Outgoing request(DeliverySender.Claimed delivery, String timestamp) {
        String form = "body=" + URLEncoder.encode(jwt(delivery, Long.parseLong(timestamp)), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(delivery.url()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Latchkey-Webhook")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        return new Outgoing(builder, form);
    }

    private String jwt(DeliverySender.Claimed delivery, long issuedAt) {
        try {
            ObjectNode claims = (ObjectNode) json.readTree(delivery.body());
            claims.put("iat", issuedAt);
            claims.put("jti", delivery.id().toString());
            JsonWebSignature jws = new JsonWebSignature();
            jws.setHeader("typ", "JWT");
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(new HmacKey(delivery.key().getBytes(StandardCharsets.UTF_8)));
            jws.setPayload(claims.toString());
            return jws.getCompactSerialization();
        } catch (JsonProcessingException | JoseException e) {
            throw new IllegalStateException("webhook event cannot be signed: " + e.getMessage(), e);
        }
    }

    @Override
    public void attempted(OutboundDelivery delivery, Integer httpStatus, boolean delivered) {
        webhooks.attempted(delivery, httpStatus, delivered);
    }
}
