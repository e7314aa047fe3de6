package io.latchkey.user.user;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.admin.Audited;
import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.roles.OperatorRoles;
import io.latchkey.user.application.ApplicationService;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Operators find an application's users (the console's Users page) by authy_id, by the last digits of their phone
 * or by email, and remove one. Phones are shown masked as {@code users/{id}/status} shows them; never whole.
 */
@Audited
@Path("/admin/applications/{id}/users")
@RolesAllowed(OperatorRoles.VIEWER)
public class UserAdminResource {

    /** At most this many users per search: a search by a few digits can match many. */
    static final int MAX_RESULTS = 50;

    @Inject
    ApplicationService applications;

    @Inject
    UserService users;

    public record UserView(@JsonProperty("authy_id") long authyId, String email, String phone,
            @JsonProperty("country_code") int countryCode, boolean registered,
            @JsonProperty("account_disabled") boolean accountDisabled, @JsonProperty("created_at") Instant createdAt,
            List<String> devices, @JsonProperty("registered_at") Instant registeredAt,
            @JsonProperty("registered_via") String registeredVia) {

        static UserView of(User user) {
            return new UserView(user.authyId, user.email, PhoneMasks.forStatus(user.phoneE164), user.countryCode,
                    user.registered, user.accountDisabled, user.createdAt, UserDevice.osTypesOf(user.authyId),
                    user.registeredAt, user.registeredVia);
        }
    }

    /** {@code more}: there were more matches than shown; the operator narrows the search. */
    public record Found(List<UserView> users, boolean more) {
    }

    /** Exactly one of {@code authy_id}, {@code phone_last} (2 to 10 digits) and {@code email}. */
    @GET
    @Transactional
    public Found search(@PathParam("id") long applicationId, @QueryParam("authy_id") Long authyId,
            @QueryParam("phone_last") String phoneLast, @QueryParam("email") String email) {
        applications.find(applicationId);
        int given = (authyId == null ? 0 : 1) + (blank(phoneLast) ? 0 : 1) + (blank(email) ? 0 : 1);
        if (given != 1) {
            throw AuthyException.invalidParameter("authy_id", "give one of authy_id, phone_last and email");
        }
        if (authyId != null) {
            return new Found(User.findLive(applicationId, authyId).map(UserView::of).stream().toList(), false);
        }
        List<User> matches;
        if (!blank(phoneLast)) {
            String digits = phoneLast.trim();
            if (!digits.matches("\\d{2,10}")) {
                throw AuthyException.invalidParameter("phone_last", "must be the last 2 to 10 digits of the number");
            }
            matches = User.<User> find("applicationId = ?1 and removedAt is null and phoneE164 like ?2",
                    Sort.by("authyId"), applicationId, "%" + digits).page(Page.ofSize(MAX_RESULTS + 1)).list();
        } else {
            matches = User.<User> find("applicationId = ?1 and removedAt is null and lower(email) = ?2",
                    Sort.by("authyId"), applicationId, email.trim().toLowerCase(Locale.ROOT))
                    .page(Page.ofSize(MAX_RESULTS + 1)).list();
        }
        return new Found(matches.stream().limit(MAX_RESULTS).map(UserView::of).toList(),
                matches.size() > MAX_RESULTS);
    }

    /** As Authy's {@code users/{id}/remove}: the user, their devices and their codes go, everywhere. */
    @DELETE
    @Path("/{authyId}")
    @RolesAllowed(OperatorRoles.OPERATOR)
    public Response remove(@PathParam("id") long applicationId, @PathParam("authyId") long authyId) {
        applications.find(applicationId);
        users.remove(applicationId, authyId);
        return Response.noContent().build();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
