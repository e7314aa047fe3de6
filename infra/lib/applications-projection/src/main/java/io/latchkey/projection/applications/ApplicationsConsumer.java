package io.latchkey.projection.applications;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.latchkey.events.Event;
import io.latchkey.events.applications.ApplicationChanged;
import io.latchkey.events.applications.Logo;
import io.latchkey.events.consumer.IncomingEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps {@link ApplicationProjection} in step with the compacted {@code applications} topic. Safe
 * to receive an event twice or out of date: the event id is recorded, and an older revision never
 * overwrites a newer one. A deleted application stays as a tombstone with its last revision, so a
 * late older event cannot bring its key back.
 */
@ApplicationScoped
public class ApplicationsConsumer {

    private static final Logger LOG = Logger.getLogger(ApplicationsConsumer.class);
    /** The name its progress and processed events are kept under; what {@code ProjectionCatchUp} waits for. */
    public static final String CONSUMER = "applications-projection";

    @Inject
    IncomingEvents incoming;

    @Incoming("applications")
    @Blocking(ordered = true)
    public void onApplicationEvent(ConsumerRecord<String, String> record) {
        incoming.apply(CONSUMER, record, ApplicationChanged.class, ApplicationChanged.SCHEMA_VERSION, this::apply);
    }

    private void apply(Event<ApplicationChanged> event) {
        ApplicationChanged change = event.payload();
        ApplicationProjection current = ApplicationProjection.findById(change.applicationId());
        if (current != null && current.revision >= change.revision()) {
            LOG.debugf("application %d: revision %d is not newer than %d, ignored",
                    change.applicationId(), change.revision(), current.revision);
            return;
        }
        ApplicationProjection projection = current != null ? current : new ApplicationProjection();
        projection.deleted = change.deleted();
        projection.applicationId = change.applicationId();
        projection.revision = change.revision();
        projection.name = change.name();
        projection.apiKeySha256 = change.apiKeySha256();
        projection.apiKeyCiphertext = change.apiKeyCiphertext();
        projection.tokenLength = change.tokenLength();
        projection.smsEnabled = change.smsEnabled();
        projection.voiceEnabled = change.voiceEnabled();
        projection.onetouchEnabled = change.onetouchEnabled();
        projection.genericAuthenticatorEnabled = change.genericAuthenticatorEnabled();
        projection.forceByDefault = change.forceByDefault();
        projection.onetouchCallbackUrl = change.onetouchCallbackUrl();
        projection.onetouchCallbackMethod = change.onetouchCallbackMethod() == null ? "POST" : change.onetouchCallbackMethod();
        projection.defaultLocale = change.defaultLocale();
        projection.allowedCountriesCsv = String.join(",", change.allowedCountries());
        projection.onetouchNumberMatching = change.onetouchNumberMatching();
        projection.onetouchMaxSecondsToExpire = change.onetouchMaxSecondsToExpire();
        projection.installLinkUrl = change.installLinkUrl();
        projection.onetouchLogosJson = Logo.toJson(change.onetouchLogos());
        projection.accessKeyCiphertext = change.accessKeyCiphertext();
        projection.signingKeyCiphertext = change.signingKeyCiphertext();
        if (change.deleted()) { // a tombstone keeps no key material, sealed or not
            projection.apiKeyCiphertext = null;
            projection.accessKeyCiphertext = null;
            projection.signingKeyCiphertext = null;
        }
        projection.updatedAt = Instant.now();
        if (current == null) {
            projection.persist();
        }
    }
}
