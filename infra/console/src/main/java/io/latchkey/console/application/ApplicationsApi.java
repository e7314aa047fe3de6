package io.latchkey.console.application;

import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** user-service's admin API for applications (user-service/README.md "Admin API"), called as the operator. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/applications")
public interface ApplicationsApi {

    record Application(long id, String name,
            @JsonProperty("token_length") int tokenLength,
            @JsonProperty("sms_enabled") boolean smsEnabled,
            @JsonProperty("voice_enabled") boolean voiceEnabled,
            @JsonProperty("onetouch_enabled") boolean onetouchEnabled,
            @JsonProperty("generic_authenticator_enabled") boolean genericAuthenticatorEnabled,
            @JsonProperty("force_by_default") boolean forceByDefault,
            @JsonProperty("onetouch_callback_url") String onetouchCallbackUrl,
            @JsonProperty("onetouch_callback_method") String onetouchCallbackMethod,
            @JsonProperty("default_locale") String defaultLocale,
            @JsonProperty("allowed_countries") List<String> allowedCountries,
            @JsonProperty("onetouch_number_matching") boolean onetouchNumberMatching,
            @JsonProperty("onetouch_max_seconds_to_expire") long onetouchMaxSecondsToExpire,
            @JsonProperty("install_link_url") String installLinkUrl,
            @JsonProperty("onetouch_logos") List<Logo> onetouchLogos) {

        /** The URL of its OneTouch logo at {@code res} (default, low, med, high); empty when it has none. */
        public String logo(String res) {
            return onetouchLogos == null ? "" : onetouchLogos.stream().filter(logo -> res.equals(logo.res()))
                    .map(Logo::url).findFirst().orElse("");
        }
    }

    /** A OneTouch logo: {@code res} is default, low, med or high. */
    record Logo(String res, String url) {
    }

    /** What the console sends: every field (a cleared text field is an empty string, which clears the setting). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Settings(String name,
            @JsonProperty("token_length") Integer tokenLength,
            @JsonProperty("sms_enabled") boolean smsEnabled,
            @JsonProperty("voice_enabled") boolean voiceEnabled,
            @JsonProperty("onetouch_enabled") boolean onetouchEnabled,
            @JsonProperty("generic_authenticator_enabled") boolean genericAuthenticatorEnabled,
            @JsonProperty("force_by_default") boolean forceByDefault,
            @JsonProperty("onetouch_callback_url") String onetouchCallbackUrl,
            @JsonProperty("onetouch_callback_method") String onetouchCallbackMethod,
            @JsonProperty("default_locale") String defaultLocale,
            @JsonProperty("allowed_countries") List<String> allowedCountries,
            @JsonProperty("onetouch_number_matching") boolean onetouchNumberMatching,
            @JsonProperty("onetouch_max_seconds_to_expire") Long onetouchMaxSecondsToExpire,
            @JsonProperty("install_link_url") String installLinkUrl,
            @JsonProperty("onetouch_logos") List<Logo> onetouchLogos,
            @JsonProperty("api_key") String apiKey) {
    }

    record Created(Application application, @JsonProperty("api_key") String apiKey,
            @JsonProperty("api_key_kept") String apiKeyKept, @JsonProperty("access_key") String accessKey,
            @JsonProperty("api_signing_key") String apiSigningKey) {
    }

    record RotatedApiKey(@JsonProperty("api_key") String apiKey) {
    }

    record RotatedDashboardKeys(@JsonProperty("access_key") String accessKey,
            @JsonProperty("api_signing_key") String apiSigningKey) {
    }

    /** Every live application (for choosing one); the list page pages through them instead. */
    @GET
    List<Application> list();

    /** At most {@code limit} applications with an id above {@code after}, by id. */
    @GET
    List<Application> page(@QueryParam("after") Long after, @QueryParam("limit") int limit);

    @GET
    @Path("/{id}")
    Application get(@PathParam("id") long id);

    @POST
    Created create(Settings settings);

    @PUT
    @Path("/{id}")
    Application update(@PathParam("id") long id, Settings settings);

    @POST
    @Path("/{id}/api-key/rotate")
    RotatedApiKey rotateApiKey(@PathParam("id") long id);

    @POST
    @Path("/{id}/dashboard-keys/rotate")
    RotatedDashboardKeys rotateDashboardKeys(@PathParam("id") long id);

    @DELETE
    @Path("/{id}")
    void delete(@PathParam("id") long id);
}
