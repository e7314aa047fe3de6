package io.latchkey.console.application;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestForm;

/**
 * The application form as posted: field names are the admin API's, so that the API's per-field reasons land next to
 * their fields. An unticked checkbox is absent from a form, so every switch is sent as false unless ticked.
 */
public class ApplicationForm {

    @RestForm
    public String name;

    @RestForm("token_length")
    public String tokenLength;

    @RestForm("sms_enabled")
    public boolean smsEnabled;

    @RestForm("voice_enabled")
    public boolean voiceEnabled;

    @RestForm("onetouch_enabled")
    public boolean onetouchEnabled;

    @RestForm("generic_authenticator_enabled")
    public boolean genericAuthenticatorEnabled;

    @RestForm("force_by_default")
    public boolean forceByDefault;

    @RestForm("onetouch_callback_url")
    public String onetouchCallbackUrl;

    @RestForm("onetouch_callback_method")
    public String onetouchCallbackMethod;

    @RestForm("default_locale")
    public String defaultLocale;

    /** Country codes separated by commas or spaces; empty: every country. */
    @RestForm("allowed_countries")
    public String allowedCountries;

    @RestForm("onetouch_number_matching")
    public boolean onetouchNumberMatching;

    @RestForm("onetouch_max_seconds_to_expire")
    public String onetouchMaxSecondsToExpire;

    @RestForm("install_link_url")
    public String installLinkUrl;

    /** The OneTouch logos, one field per resolution; an empty one is none. */
    @RestForm("logo_default")
    public String logoDefault;

    @RestForm("logo_low")
    public String logoLow;

    @RestForm("logo_med")
    public String logoMed;

    @RestForm("logo_high")
    public String logoHigh;

    /** Only at creation: the key the application had at Authy, kept (docs/migrating-from-authy.md). */
    @RestForm("api_key")
    public String apiKey;

    /** The settings to send; a number that does not parse is sent as -1, for the API to refuse with its reason. */
    ApplicationsApi.Settings settings() {
        return new ApplicationsApi.Settings(trimmed(name), integer(number(tokenLength, -1)), smsEnabled, voiceEnabled,
                onetouchEnabled, genericAuthenticatorEnabled, forceByDefault, text(onetouchCallbackUrl),
                trimmed(onetouchCallbackMethod), text(defaultLocale), countries(), onetouchNumberMatching,
                number(onetouchMaxSecondsToExpire, -1), text(installLinkUrl), logos(), trimmed(apiKey));
    }

    /** The form as it was posted, to show again beside the API's reasons. */
    ApplicationsApi.Application asPosted(long id) {
        return new ApplicationsApi.Application(id, name == null ? "" : name, orElse(number(tokenLength, 7), 7).intValue(),
                smsEnabled, voiceEnabled, onetouchEnabled, genericAuthenticatorEnabled, forceByDefault,
                text(onetouchCallbackUrl), onetouchCallbackMethod, text(defaultLocale), countries(),
                onetouchNumberMatching, orElse(number(onetouchMaxSecondsToExpire, 0), 0), text(installLinkUrl), logos());
    }

    /** The logos filled in; none clears them. */
    private List<ApplicationsApi.Logo> logos() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("default", logoDefault);
        fields.put("low", logoLow);
        fields.put("med", logoMed);
        fields.put("high", logoHigh);
        return fields.entrySet().stream().filter(field -> field.getValue() != null && !field.getValue().isBlank())
                .map(field -> new ApplicationsApi.Logo(field.getKey(), field.getValue().trim())).toList();
    }

    private List<String> countries() {
        return allowedCountries == null ? List.of()
                : Arrays.stream(allowedCountries.split("[,\\s]+")).filter(code -> !code.isBlank()).toList();
    }

    /** Empty means "none": the API clears the setting. */
    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Integer integer(Long value) {
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static Long orElse(Long value, long absent) {
        return value == null ? absent : value;
    }

    private static Long number(String value, long whenInvalid) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return whenInvalid;
        }
    }
}
