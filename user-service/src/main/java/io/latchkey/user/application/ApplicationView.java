package io.latchkey.user.application;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An application as the admin API shows it: settings, never key material. */
public record ApplicationView(
        long id,
        String name,
        @JsonProperty("token_length") int tokenLength,
        @JsonProperty("sms_enabled") boolean smsEnabled,
        @JsonProperty("voice_enabled") boolean voiceEnabled,
        @JsonProperty("onetouch_enabled") boolean onetouchEnabled,
        @JsonProperty("generic_authenticator_enabled") boolean genericAuthenticatorEnabled,
        @JsonProperty("onetouch_callback_url") String onetouchCallbackUrl,
        long revision) {

    static ApplicationView of(Application application) {
        return new ApplicationView(application.id, application.name, application.tokenLength, application.smsEnabled,
                application.voiceEnabled, application.onetouchEnabled, application.genericAuthenticatorEnabled,
                application.onetouchCallbackUrl, application.revision);
    }
}
