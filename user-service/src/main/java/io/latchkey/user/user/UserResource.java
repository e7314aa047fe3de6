package io.latchkey.user.user;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.authy.PhoneMasks;
import io.latchkey.authy.apikey.AuthenticatedApplication;
import io.latchkey.authy.error.AuthyException;
import io.latchkey.authy.params.AuthyParams;
import io.latchkey.events.Topics;
import io.latchkey.events.consumer.ProjectionCatchUp;
import io.latchkey.user.user.UserService.Registration;
import io.latchkey.user.user.UserService.UserStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The Authy users API, docs/authy-api.md rows 1–4 and 6. Parameters arrive in any client encoding (§1.3). */
@Path("/protected/{format}/users")
public class UserResource {

    /** AC asserts these messages exactly; the two delete messages are what each client's fixtures show (§8). */
    static final String CREATED = "User created successfully.";
    static final String ADDED_TO_REMOVE = "User was added to remove.";
    static final String REMOVED_FROM_APPLICATION = "User removed from application";

    @Inject
    AuthenticatedApplication authenticated;

    @Inject
    AuthyParams params;

    @Inject
    UserService users;

    @Inject
    ProjectionCatchUp catchUp;

    public record UserId(long id) {
    }

    public record Created(String message, UserId user, boolean success) {
    }

    public record Done(String message, boolean success) {
        static Done of(String message) {
            return new Done(message, true);
        }
    }

    public record Status(
            @JsonProperty("authy_id") long authyId,
            boolean confirmed,
            boolean registered,
            @JsonProperty("account_disabled") boolean accountDisabled,
            @JsonProperty("country_code") int countryCode,
            @JsonProperty("phone_number") String phoneNumber,
            @JsonProperty("has_hard_token") boolean hasHardToken,
            List<String> devices) {
    }

    public record StatusBody(Status status, String message, boolean success) {
    }

    @POST
    @Path("/new")
    public Created create() {
        NewUser request = NewUser.validate(params.string("user", "email"), params.string("user", "cellphone"),
                params.string("user", "country_code"));
        // documented top level; PHP nests it in user[...] (docs/authy-api.md §8); default true (doc)
        boolean sendInstallLink = params.string("send_install_link_via_sms").isPresent()
                ? params.flag("send_install_link_via_sms", true)
                : params.string("user", "send_install_link_via_sms").map(value -> !isFalse(value)).orElse(true);
        Registration registration = users.register(authenticated.get(), request, sendInstallLink);
        return new Created(CREATED, new UserId(registration.user().authyId), true);
    }

    /** Current docs, PHP and authy-client. */
    @POST
    @Path("/{id}/remove")
    public Done remove(@PathParam("id") String id) {
        users.remove(authenticated.id(), authyId(id));
        return Done.of(ADDED_TO_REMOVE);
    }

    /** authy-java, authy-ruby and node-authy. */
    @POST
    @Path("/delete/{id}")
    public Done delete(@PathParam("id") String id) {
        users.remove(authenticated.id(), authyId(id));
        return Done.of(REMOVED_FROM_APPLICATION);
    }

    /** authy-python and authy-rs; an alias of {@code remove}. */
    @POST
    @Path("/{id}/delete")
    public Done deleteAlias(@PathParam("id") String id) {
        return remove(id);
    }

    @GET
    @Path("/{id}/status")
    public StatusBody status(@PathParam("id") String id) {
        long authyId = authyId(id);
        // a device registered or a first code verified at token-service, answered before this call, shows here
        catchUp.awaitKey(DevicesConsumer.CONSUMER, Topics.DEVICES, String.valueOf(authyId));
        catchUp.awaitKey(VerificationsConsumer.CONSUMER, Topics.VERIFICATIONS, String.valueOf(authyId));
        UserStatus status = users.status(authenticated.id(), authyId);
        User user = status.user();
        // confirmed and registered both mean "the phone was proven" here (docs/authy-api.md §6)
        return new StatusBody(new Status(user.authyId, user.registered, user.registered, user.accountDisabled,
                user.countryCode, PhoneMasks.forStatus(user.phoneE164), false, status.deviceTypes()), "User status.", true);
    }

    @POST
    @Path("/{id}/register_activity")
    public Done registerActivity(@PathParam("id") String id) {
        long authyId = authyId(id);
        String type = params.required("type");
        users.registerActivity(authenticated.id(), authyId, type, params.map("data"), params.string("user_ip").orElse(null));
        return Done.of("Activity was created.");
    }

    @POST
    @Path("/{id}/update")
    public Done update(@PathParam("id") String id) {
        long authyId = authyId(id);
        String email = NewUser.checkedEmail(params.string("email").or(() -> params.string("user", "email")));
        users.updateEmail(authenticated.id(), authyId, email);
        return Done.of("User was updated successfully");
    }

    /** An id that is not a number names no user: the same 404 as an unknown one. */
    static long authyId(String id) {
        if (!id.matches("\\d{1,18}")) {
            throw AuthyException.userNotFound();
        }
        return Long.parseLong(id);
    }

    private static boolean isFalse(String value) {
        return value.equalsIgnoreCase("false") || value.equals("0");
    }
}
