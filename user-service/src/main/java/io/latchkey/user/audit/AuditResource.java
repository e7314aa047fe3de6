package io.latchkey.user.audit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.error.AuthyException;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.roles.OperatorRoles;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * The audit log: every change made through an admin API of any service (or the console, which calls them),
 * newest first, a page at a time ({@code before} is the {@code next_before} of the previous page). What an
 * operator changed a moment ago is on the first page: the read catches up with the {@code audit} topic first.
 */
@Path("/admin/audit")
@RolesAllowed(OperatorRoles.VIEWER)
public class AuditResource {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    @Inject
    ProjectionCatchUp catchUp;

    public record EntryView(long id, @JsonProperty("occurred_at") Instant occurredAt, String actor, String service,
            String method, String path, String query) {

        static EntryView of(AuditEntry entry) {
            return new EntryView(entry.id, entry.occurredAt, entry.actor, entry.service, entry.method, entry.path, entry.query);
        }
    }

    /** {@code next_before}: where the next (older) page starts; null on the last page. */
    public record Page(List<EntryView> entries, @JsonProperty("next_before") Long nextBefore) {
    }

    @GET
    public Page list(@QueryParam("before") Long before, @QueryParam("limit") Integer limit, @QueryParam("actor") String actor) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw AuthyException.invalidParameter("limit", "must be between 1 and " + MAX_PAGE);
        }
        catchUp.awaitTopic(AuditConsumer.CONSUMER, Topics.AUDIT);
        boolean byActor = actor != null && !actor.isBlank();
        Parameters parameters = Parameters.with("before", before == null ? Long.MAX_VALUE : before);
        String query = "id < :before";
        if (byActor) {
            query += " and actor = :actor";
            parameters = parameters.and("actor", actor.strip());
        }
        // one more than the page: whether an older page exists, without a count over the whole log
        List<AuditEntry> found = AuditEntry.<AuditEntry> find(query + " order by id desc", parameters).page(0, size + 1).list();
        List<EntryView> entries = found.stream().limit(size).map(EntryView::of).toList();
        return new Page(entries, found.size() > size ? entries.get(size - 1).id() : null);
    }
}
