package io.latchkey.notifier.delivery;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prometheus: {@code latchkey_deliveries_total} per channel, provider, status and locale (every
 * status a delivery reaches, callbacks included), {@code latchkey_delivery_attempts_seconds} per
 * channel, provider, outcome and locale (time spent with the provider), and
 * {@code latchkey_deliveries_duplicates_total}. Locales are the ~35 supported ones, so the tag
 * stays bounded; numbers and application ids are never tags.
 */
@ApplicationScoped
public class DeliveryMetrics {

    @Inject
    MeterRegistry registry;

    void status(Delivery delivery) {
        Counter.builder("latchkey.deliveries")
                .description("Deliveries reaching a status")
                .tag("channel", lower(delivery.channel.name()))
                .tag("provider", delivery.provider)
                .tag("status", lower(delivery.status.name()))
                .tag("locale", delivery.locale == null ? "none" : delivery.locale)
                .register(registry)
                .increment();
    }

    void attempt(DeliveryLog.Attempt attempt, String provider, String outcome, Duration took) {
        Timer.builder("latchkey.delivery.attempts")
                .description("Time a provider took to accept or refuse a message")
                .tag("channel", lower(attempt.message().channel().name()))
                .tag("provider", provider)
                .tag("outcome", outcome)
                .tag("locale", attempt.message().locale())
                .register(registry)
                .record(took);
    }

    void duplicate() {
        Counter.builder("latchkey.deliveries.duplicates")
                .description("Requests for a delivery id that was already handled (not sent again)")
                .register(registry)
                .increment();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
