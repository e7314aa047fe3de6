package io.latchkey.events.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Whether the Kafka broker answers, probed every {@code latchkey.broker.probe-interval} (1 s) with a
 * metadata request bounded by {@code latchkey.broker.probe-timeout} (2 s); two probes in a row without
 * an answer (a busy machine may miss one) mean it does not. While it does not, calls
 * stop waiting for it (an answer does not wait for its events' acknowledgements, a read does not
 * catch up on a projection) and the service reports itself degraded, not unready: the outbox keeps
 * what was written and sends it once the broker is back (docs/operations.md "Broker outage").
 */
@ApplicationScoped
public class BrokerStatus {

    private static final Logger LOG = Logger.getLogger(BrokerStatus.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "latchkey.broker.probe-timeout", defaultValue = "2s")
    Duration probeTimeout;

    @Inject
    MeterRegistry metrics;

    @Inject
    KafkaAdmin kafka;
    /** null while the broker answers. */
    private volatile Instant unavailableSince;
    private volatile String lastFailure;
    private int probesMissed;
    private volatile boolean closing;

    void register(@Observes StartupEvent event) {
        Gauge.builder("latchkey_broker_available", () -> available() ? 1 : 0)
                .description("1 while the Kafka broker answers this service, 0 during an outage")
                .register(metrics);
    }

    /** True unless the last probe, or a client of the broker since, found it not answering. */
    public boolean available() {
        return unavailableSince == null;
    }

    /** Since when the broker has not answered; empty while it does. */
    public Optional<Instant> unavailableSince() {
        return Optional.ofNullable(unavailableSince);
    }

    public Optional<String> lastFailure() {
        return available() ? Optional.empty() : Optional.ofNullable(lastFailure);
    }

    /** A client of the broker (a catch-up, a send) found it not answering; the next good probe clears it. */
    public void unavailable(String why) {
        lastFailure = why;
        if (unavailableSince == null) {
            unavailableSince = Instant.now();
            LOG.warnf("Kafka broker at %s not answering (%s): degraded service, writes stay in the outbox", bootstrapServers, why);
        }
    }

    /** The broker answered a request. */
    public void answered() {
        Instant since = unavailableSince;
        if (since != null) {
            unavailableSince = null;
            LOG.infof("Kafka broker at %s answers again after %d s", bootstrapServers,
                    Duration.between(since, Instant.now()).toSeconds());
        }
    }

    @Scheduled(every = "${latchkey.broker.probe-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void probe() {
        if (closing) {
            return;
        }
        String failure;
        try {
            kafka.admin().describeCluster().nodes().get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            probesMissed = 0;
            answered();
            return;
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            failure = "no answer within " + probeTimeout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        if (++probesMissed >= 2 && !closing) {
            unavailable(failure);
        }
    }

    void close(@Observes ShutdownEvent event) {
        closing = true;
    }
}
