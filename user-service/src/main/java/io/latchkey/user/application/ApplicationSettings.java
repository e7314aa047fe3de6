package io.latchkey.user.application;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.events.applications.Logo;

/**
 * What an administrator can set on an application; absent (null) fields keep their current value or Authy's default.
 * {@code api_key} only at creation: the key the application had at Authy, kept so that its clients need only the
 * new base URL (docs/migrating-from-authy.md); otherwise a new key is generated.
 */
public record ApplicationSettings(
        String name,
        @JsonProperty("token_length") Integer tokenLength,
        @JsonProperty("sms_enabled") Boolean smsEnabled,
        @JsonProperty("voice_enabled") Boolean voiceEnabled,
        @JsonProperty("onetouch_enabled") Boolean onetouchEnabled,
        @JsonProperty("generic_authenticator_enabled") Boolean genericAuthenticatorEnabled,
        @JsonProperty("force_by_default") Boolean forceByDefault,
        @JsonProperty("onetouch_callback_url") String onetouchCallbackUrl,
        @JsonProperty("onetouch_callback_method") String onetouchCallbackMethod,
        @JsonProperty("default_locale") String defaultLocale,
        @JsonProperty("allowed_countries") List<String> allowedCountries,
        @JsonProperty("onetouch_number_matching") Boolean onetouchNumberMatching,
        @JsonProperty("onetouch_max_seconds_to_expire") Long onetouchMaxSecondsToExpire,
        /** {@code ""} goes back to the installation's link. */
        @JsonProperty("install_link_url") String installLinkUrl,
        /** {@code []} removes them. */
        @JsonProperty("onetouch_logos") List<Logo> onetouchLogos,
        @JsonProperty("api_key") String apiKey) {

    static ApplicationSettings named(String name, String onetouchCallbackUrl) {
        return new ApplicationSettings(name, null, null, null, null, null, null, onetouchCallbackUrl, null, null, null, null,
                null, null, null, null);
    }
}
