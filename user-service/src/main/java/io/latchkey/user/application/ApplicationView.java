package io.latchkey.user.application;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.events.applications.Logo;

/** An application as the admin API shows it: settings, never key material. */
public record ApplicationView(
        long id,
        String name,
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
        /** null: the installation's link is sent. */
        @JsonProperty("install_link_url") String installLinkUrl,
        @JsonProperty("onetouch_logos") List<Logo> onetouchLogos,
        long revision) {

    static ApplicationView of(Application application) {
        return new ApplicationView(application.id, application.name, application.tokenLength, application.smsEnabled,
                application.voiceEnabled, application.onetouchEnabled, application.genericAuthenticatorEnabled,
                application.forceByDefault, application.onetouchCallbackUrl, application.onetouchCallbackMethod,
                application.defaultLocale, application.allowedCountryList(), application.onetouchNumberMatching,
                application.onetouchMaxSecondsToExpire, application.installLinkUrl, Logo.fromJson(application.onetouchLogos),
                application.revision);
    }
}
