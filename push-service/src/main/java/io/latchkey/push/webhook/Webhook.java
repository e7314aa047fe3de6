package io.latchkey.push.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An application's subscription to its events (docs/authy-api.md rows 20-22, §4), with its own signing key. */
@Entity
@Table(name = "webhook")
public class Webhook extends PanacheEntityBase {

    public static final String ENABLED = "ENABLED";
    /** No longer sent to: the endpoint answered 410 or kept failing; {@link #disabledReason} says which. */
    public static final String DISABLED = "DISABLED";
    /** Deleted through the dashboard API; kept so that its deliveries stay explained. */
    public static final String DELETED = "DELETED";

    @Id
    public String id;

    @Column(name = "application_id", nullable = false)
    public long applicationId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String url;

    /** Event names, comma-separated (names never contain commas). */
    @Column(nullable = false)
    public String events;

    @Column(name = "signing_key_ciphertext", nullable = false)
    public String signingKeyCiphertext;

    @Column(nullable = false)
    public String state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "failing_since")
    public Instant failingSince;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "disabled_reason")
    public String disabledReason;

    public List<String> eventNames() {
        return Arrays.asList(events.split(","));
    }

    public boolean subscribesTo(String event) {
        return eventNames().contains(event);
    }

    /** The application's webhooks that were not deleted, oldest first. */
    public static List<Webhook> ofApplication(long applicationId) {
        return list("applicationId = ?1 and state <> ?2 order by createdAt, id", applicationId, DELETED);
    }

    /** The applications with at least one webhook that was not deleted (enabled or disabled). */
    public static List<Long> applicationsWithWebhooks() {
        return getEntityManager().createQuery("select distinct w.applicationId from Webhook w where w.state <> :deleted", Long.class)
                .setParameter("deleted", DELETED).getResultList();
    }

    /** Context the signing key is sealed under: it opens only for this webhook. */
    public static String signingKeyContext(String webhookId) {
        return "webhook-signing-key:" + webhookId;
    }
}
