package io.latchkey.projection.applications;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * A starting instance is ready once its applications projection has caught up with the
 * {@code applications} topic as it was at start-up, so that the first API-key check after it joins
 * the rotation knows every key (the key check itself never waits for the broker). When the broker
 * does not answer, the instance is ready with the projection its database already holds: a broker
 * outage is degraded service, not an outage (docs/operations.md "Health").
 */
@Readiness
@ApplicationScoped
public class ApplicationsReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ApplicationsReadiness.class);

    @Inject
    ProjectionCatchUp catchUp;

    private volatile ProjectionCatchUp.Outcome outcome;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        Thread initial = new Thread(this::catchUp, "latchkey-applications-catch-up");
        initial.setDaemon(true);
        initial.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private void catchUp() {
        while (!stopping) {
            ProjectionCatchUp.Outcome attempt = catchUp.awaitTopic(ApplicationsConsumer.CONSUMER, Topics.APPLICATIONS);
            if (attempt != ProjectionCatchUp.Outcome.TIMED_OUT) {
                outcome = attempt;
                LOG.infof("applications projection at start-up: %s", attempt.name().toLowerCase());
                return;
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        ProjectionCatchUp.Outcome current = outcome;
        return HealthCheckResponse.named("applications projection")
                .status(current != null)
                .withData("start-up catch-up", current == null ? "in progress" : current.name().toLowerCase())
                .build();
    }
}
