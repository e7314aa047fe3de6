package io.latchkey.user.deadletter;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.admin.Audited;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.deadletter.DeadLetters;
import io.latchkey.events.deadletter.DeadLetters.Letter;
import io.latchkey.roles.OperatorRoles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Operators list the platform's dead letters (every {@code *.dead-letter} topic, whichever service
 * put them there) and replay one onto the topic it came from (docs/events.md "Dead letters"). Lives
 * in user-service because that is where the admin API is; the letters are on the shared broker.
 */
@Audited
@Path("/admin/dead-letters")
@RolesAllowed(OperatorRoles.VIEWER)
public class DeadLetterAdminResource {

    private static final Logger LOG = Logger.getLogger(DeadLetterAdminResource.class);
    static final int MAX_LIMIT = 500;

    @Inject
    DeadLetters deadLetters;

    @Inject
    JsonWebToken operator;

    public record LetterView(String id, String topic, int partition, long offset,
            @JsonProperty("dead_lettered_at") Instant deadLetteredAt, String key,
            @JsonProperty("original_topic") String originalTopic,
            @JsonProperty("original_partition") Integer originalPartition,
            @JsonProperty("original_offset") Long originalOffset,
            @JsonProperty("event_type") String eventType, @JsonProperty("event_id") String eventId,
            String reason, @JsonProperty("exception_class") String exceptionClass,
            @JsonProperty("payload_bytes") int payloadBytes, boolean replayed) {

        static LetterView of(Letter letter) {
            return new LetterView(letter.id(), letter.topic(), letter.partition(), letter.offset(), letter.deadLetteredAt(),
                    letter.key(), letter.originalTopic(), letter.originalPartition(), letter.originalOffset(),
                    letter.eventType(), letter.eventId(), letter.reason(), letter.exceptionClass(), letter.payloadBytes(),
                    letter.replayed());
        }
    }

    public record LetterList(List<String> topics, @JsonProperty("dead_letters") List<LetterView> deadLetters) {
    }

    public record ReplayView(@JsonProperty("dead_letter") LetterView deadLetter, @JsonProperty("replayed_to") String replayedTo,
            @JsonProperty("replayed_by") String replayedBy, @JsonProperty("replayed_at") Instant replayedAt) {
    }

    @GET
    public LetterList list(@QueryParam("topic") String topic, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw AuthyException.invalidParameter("limit", "between 1 and " + MAX_LIMIT);
        }
        Set<String> replayed = QuarkusTransaction.requiringNew().call(() -> new HashSet<>(
                DeadLetterReplay.<DeadLetterReplay> listAll().stream().map(r -> r.letterId).toList()));
        try {
            Set<String> topics = deadLetters.topics();
            Optional<String> only = Optional.ofNullable(topic).filter(t -> !t.isBlank());
            if (only.isPresent() && !topics.contains(only.get())) {
                throw AuthyException.notFound("dead-letter topic " + only.get());
            }
            return new LetterList(List.copyOf(topics),
                    deadLetters.list(only, max, replayed).stream().map(LetterView::of).toList());
        } catch (DeadLetters.BrokerUnavailableException e) {
            throw brokerUnavailable(e);
        }
    }

    /** Puts the letter back on its original topic; every consumer of that topic receives it again. */
    @RolesAllowed(OperatorRoles.OPERATOR)
    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    public ReplayView replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
            @PathParam("offset") long offset) {
        DeadLetters.Replayed replayed;
        try {
            replayed = deadLetters.replay(topic, partition, offset)
                    .orElseThrow(() -> AuthyException.notFound("dead letter " + topic + "/" + partition + "/" + offset));
        } catch (DeadLetters.BrokerUnavailableException e) {
            throw brokerUnavailable(e);
        }
        String by = Optional.ofNullable(operator.<String> getClaim("preferred_username")).orElse(operator.getSubject());
        DeadLetterReplay row = new DeadLetterReplay();
        row.letterId = replayed.letter().id();
        row.replayedAt = Instant.now();
        row.replayedBy = by == null ? "unknown" : by;
        row.targetTopic = replayed.topic();
        row.targetPartition = replayed.partition();
        row.targetOffset = replayed.offset();
        QuarkusTransaction.requiringNew().run(row::persist);
        LOG.infof("dead letter %s (%s) replayed by %s to %s-%d@%d", row.letterId, replayed.letter().eventType(), row.replayedBy,
                row.targetTopic, row.targetPartition, row.targetOffset);
        return new ReplayView(LetterView.of(replayed.letter()), row.targetTopic + "/" + row.targetPartition + "/" + row.targetOffset,
                row.replayedBy, row.replayedAt);
    }

    private static AuthyException brokerUnavailable(DeadLetters.BrokerUnavailableException e) {
        LOG.warnf("dead letters: %s", String.valueOf(e.getCause()));
        return AuthyException.of(503, "60000", "The event broker is not available; try again later");
    }
}
