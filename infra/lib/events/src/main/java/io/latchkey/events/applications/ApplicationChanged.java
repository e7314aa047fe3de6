package io.latchkey.events.applications;

import java.util.List;

import io.latchkey.events.EventPayload;
import io.latchkey.events.Topics;

/**
 * Latest state of an application, published by user-service on {@code applications} (compacted,
 * keyed by application id). Never carries a key in the clear: {@code apiKeySha256} is what every
 * service authenticates against; the {@code *Ciphertext} fields are sealed with the installation's
 * master key ({@code latchkey-crypto} {@code SecretCipher}, contexts in {@link SealingContexts}) for
 * push-service, which must sign OneTouch callbacks with the API key itself (docs/authy-api.md §3) and
 * check the dashboard API's access and signing keys (§4).
 * {@code revision} grows with every change so that a consumer can ignore a stale or repeated event.
 *
 * @param forceByDefault           sms/call send even to users with an app device unless {@code force=false}
 * @param onetouchCallbackMethod   {@code POST} or {@code GET} (docs/authy-api.md §3)
 * @param defaultLocale            IETF tag for messages when a request has none; null = by destination country
 * @param allowedCountries         ISO 3166 region codes SMS/voice may go to; empty = everywhere
 * @param onetouchNumberMatching   approval requests carry a number the user types on the device
 * @param onetouchMaxSecondsToExpire the longest an approval request may stay open; 0 = no cap
 * @param installLinkUrl           where a new user's install-link SMS points; null = the installation's
 * @param onetouchLogos            what the Authy app shows with a request that brings no logos of its own; empty = none
 */
public record ApplicationChanged(
        long applicationId,
        long revision,
        String name,
        String apiKeySha256,
        String apiKeyCiphertext,
        int tokenLength,
        boolean smsEnabled,
        boolean voiceEnabled,
        boolean onetouchEnabled,
        boolean genericAuthenticatorEnabled,
        boolean forceByDefault,
        String onetouchCallbackUrl,
        String onetouchCallbackMethod,
        String defaultLocale,
        List<String> allowedCountries,
        String accessKeyCiphertext,
        String signingKeyCiphertext,
        boolean deleted,
        boolean onetouchNumberMatching,
        long onetouchMaxSecondsToExpire,
        String installLinkUrl,
        List<Logo> onetouchLogos) implements EventPayload {

    public static final String TYPE_UPSERTED = "application.upserted";
    public static final String TYPE_DELETED = "application.deleted";
    public static final int SCHEMA_VERSION = 2;

    public ApplicationChanged {
        allowedCountries = allowedCountries == null ? List.of() : List.copyOf(allowedCountries);
        onetouchLogos = onetouchLogos == null ? List.of() : List.copyOf(onetouchLogos);
    }

    /**
     * Without the settings added later (OneTouch number matching off, no cap on expiry, the installation's install
     * link, no logos). They are additive: their absence means the behaviour before them, so the schema version stays
     * and older consumers read on.
     */
    public ApplicationChanged(long applicationId, long revision, String name, String apiKeySha256, String apiKeyCiphertext,
            int tokenLength, boolean smsEnabled, boolean voiceEnabled, boolean onetouchEnabled,
            boolean genericAuthenticatorEnabled, boolean forceByDefault, String onetouchCallbackUrl,
            String onetouchCallbackMethod, String defaultLocale, List<String> allowedCountries, String accessKeyCiphertext,
            String signingKeyCiphertext, boolean deleted) {
        this(applicationId, revision, name, apiKeySha256, apiKeyCiphertext, tokenLength, smsEnabled, voiceEnabled,
                onetouchEnabled, genericAuthenticatorEnabled, forceByDefault, onetouchCallbackUrl, onetouchCallbackMethod,
                defaultLocale, allowedCountries, accessKeyCiphertext, signingKeyCiphertext, deleted, false, 0, null, List.of());
    }

    /** Associated data each secret is sealed with, so a ciphertext only opens for its own application and role. */
    public static final class SealingContexts {
        private SealingContexts() {
        }

        public static String apiKey(long applicationId) {
            return "application-api-key:" + applicationId;
        }

        public static String accessKey(long applicationId) {
            return "application-access-key:" + applicationId;
        }

        public static String signingKey(long applicationId) {
            return "application-signing-key:" + applicationId;
        }
    }

    @Override
    public String topic() {
        return Topics.APPLICATIONS;
    }

    @Override
    public String key() {
        return String.valueOf(applicationId);
    }

    @Override
    public String type() {
        return deleted ? TYPE_DELETED : TYPE_UPSERTED;
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
