package io.latchkey.notifier.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The texts of every message kind in every supported locale, read from
 * {@code messages/<locale>.properties} (UTF-8, so a translator edits them as plain text). A file
 * that lacks a key is a build error, not an English fallback at run time: {@code MessageTemplatesTest}
 * checks that every locale has every key with the same placeholders. Pure Java.
 */
public final class MessageTemplates {

    /** SMS texts, one per kind; {@code otp.action} is the OTP text when the caller sent an {@code action_message}. */
    public static final List<String> SMS_KEYS = List.of("otp", "otp.action", "phone_verification", "install_link",
            "device_registration");
    /** Spoken before the code and before its repetition, and the Twilio {@code <Say language>} to speak them in. */
    public static final List<String> VOICE_KEYS = List.of("voice.intro", "voice.repeat", "voice.language");
    public static final List<String> KEYS = java.util.stream.Stream.concat(SMS_KEYS.stream(), VOICE_KEYS.stream()).toList();

    private final Map<String, Properties> byLocale = new LinkedHashMap<>();

    public MessageTemplates() {
        for (String locale : Locales.SUPPORTED) {
            byLocale.put(locale, load(locale));
        }
    }

    /** The raw template; {@code locale} must be one of {@link Locales#SUPPORTED}. */
    public String template(String locale, String key) {
        Properties texts = byLocale.get(locale);
        if (texts == null) {
            throw new IllegalArgumentException("no templates for locale " + locale);
        }
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("messages/" + locale + ".properties has no " + key);
        }
        return text;
    }

    /** Replaces {@code {name}} placeholders; values are inserted as they are (an SMS is plain text). */
    public static String fill(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", value.getValue() == null ? "" : value.getValue());
        }
        return text;
    }

    static Properties load(String locale) {
        String resource = "messages/" + locale + ".properties";
        Properties properties = new Properties();
        try (InputStream in = MessageTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing template file " + resource);
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return properties;
    }
}
