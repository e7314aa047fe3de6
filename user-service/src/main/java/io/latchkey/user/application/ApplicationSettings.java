package io.latchkey.user.application;

import com.fasterxml.jackson.annotation.JsonProperty;


/** What an administrator can set on an application; absent fields keep Authy's defaults. */
public record ApplicationSettings(
        String name,
        @JsonProperty("token_length") Integer tokenLength,
        @JsonProperty("sms_enabled") Boolean smsEnabled,
        @JsonProperty("voice_enabled") Boolean voiceEnabled,
        @JsonProperty("onetouch_enabled") Boolean onetouchEnabled,
        @JsonProperty("generic_authenticator_enabled") Boolean genericAuthenticatorEnabled,
        @JsonProperty("onetouch_callback_url") String onetouchCallbackUrl) {
}
