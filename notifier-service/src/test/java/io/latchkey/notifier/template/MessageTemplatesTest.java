package io.latchkey.notifier.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import io.latchkey.events.deliveries.DeliveryRequested.Kind;
import io.latchkey.notifier.twilio.VoiceTwiml;
import io.latchkey.testkit.TestIds;

/** The locale coverage rule of the issue: every locale has every kind, with the same placeholders. */
class MessageTemplatesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");
    /** Twilio has no voice for these; their calls are spoken in English (documented in the file). */
    private static final Set<String> ENGLISH_VOICE = Set.of("hr");

    private final MessageTemplates templates = new MessageTemplates();

    @Test
    void authysLocalesAreAllThere() {
        assertEquals(35, Locales.SUPPORTED.size());
        assertTrue(Locales.SUPPORTED.containsAll(List.of("pt-BR", "zh-CN", "zh-HK", "en", "es", "ja", "ar", "he", "tl")));
    }

    @Test
    void everyLocaleHasEveryKeyAndNothingElse() {
        for (String locale : Locales.SUPPORTED) {
            Properties file = MessageTemplates.load(locale);
            assertEquals(new TreeSet<>(MessageTemplates.KEYS), new TreeSet<>(file.stringPropertyNames()),
                    "keys of messages/" + locale + ".properties");
            for (String key : MessageTemplates.KEYS) {
                assertTrue(!file.getProperty(key).isBlank(), locale + " " + key + " is blank");
            }
        }
    }

    @Test
    void everyTextKeepsEnglishsPlaceholders() {
        for (String key : MessageTemplates.KEYS) {
            Set<String> english = placeholders(templates.template("en", key));
            for (String locale : Locales.SUPPORTED) {
                assertEquals(english, placeholders(templates.template(locale, key)), locale + " " + key);
            }
        }
        assertEquals(Set.of("{app}", "{code}"), placeholders(templates.template("en", "otp")));
        assertEquals(Set.of("{message}", "{app}", "{code}"), placeholders(templates.template("en", "otp.action")));
        assertEquals(Set.of("{app}", "{link}"), placeholders(templates.template("en", "install_link")));
    }

    @Test
    void textsAreTranslatedNotCopied() {
        for (String locale : Locales.SUPPORTED) {
            if (locale.equals("en")) {
                continue;
            }
            for (String key : MessageTemplates.SMS_KEYS) {
                assertNotEquals(templates.template("en", key), templates.template(locale, key), locale + " " + key);
            }
            if (!ENGLISH_VOICE.contains(locale)) {
                assertNotEquals(templates.template("en", "voice.intro"), templates.template(locale, "voice.intro"), locale);
            }
        }
    }

    @Test
    void everyVoiceLanguageIsOneTwilioSpeaks() {
        for (String locale : Locales.SUPPORTED) {
            String language = templates.template(locale, "voice.language");
            if (VoiceTwiml.language(language).isEmpty()) {
                fail(locale + ": voice.language " + language + " is not a Twilio <Say> language");
            }
            if (ENGLISH_VOICE.contains(locale)) {
                assertEquals("en-US", language);
            } else if (!locale.equals("en")) {
                assertTrue(!language.startsWith("en-"), locale + " speaks " + language);
            }
        }
    }

    @Test
    void rendersEachKind() {
        MessageRenderer renderer = new MessageRenderer();
        assertEquals("Your Acme verification code is 1234567",
                renderer.render(request(Kind.OTP, Channel.SMS, "1234567", null), "en", "Acme").text());
        assertEquals("Confirm transfer of 100 EUR\nYour Acme code is 1234567",
                renderer.render(request(Kind.OTP, Channel.SMS, "1234567", " Confirm transfer of 100 EUR "), "en", "Acme").text());
        assertEquals("Seu código de verificação de telefone do Acme é 4321",
                renderer.render(request(Kind.PHONE_VERIFICATION, Channel.SMS, "4321", null), "pt-BR", "Acme").text());
        assertEquals("请完成 Acme 双重验证的设置：https://acme.example/enroll/x",
                renderer.render(request(Kind.INSTALL_LINK, Channel.SMS, null, "https://acme.example/enroll/x"), "zh-CN", "Acme")
                        .text());
        assertEquals("Ihr Acme-Code zur Geräteregistrierung lautet 998877",
                renderer.render(request(Kind.DEVICE_REGISTRATION, Channel.SMS, "998877", null), "de", "Acme").text());
        MessageRenderer.Rendered call = renderer.render(request(Kind.OTP, Channel.VOICE, "123", null), "ja", "Acme");
        assertEquals("ja-JP", call.voice().language());
        assertEquals("Acme の確認コードは 1 2 3. もう一度繰り返します。コードは 1 2 3.", call.text());
    }

    @Test
    void localeComesFromTheRequestThenTheApplicationThenTheCountry() {
        assertEquals("pt-BR", MessageRenderer.resolveLocale("pt_br", "de", "US"));
        assertEquals("zh-HK", MessageRenderer.resolveLocale("zh-HK", null, "CN"));
        assertEquals("es", MessageRenderer.resolveLocale("es-MX", null, null));
        assertEquals("de", MessageRenderer.resolveLocale("xx", "de-AT", "BR"));
        assertEquals("pt-BR", MessageRenderer.resolveLocale(null, null, "BR"));
        assertEquals("pt", MessageRenderer.resolveLocale(null, null, "PT"));
        assertEquals("zh-CN", MessageRenderer.resolveLocale(null, null, "CN"));
        assertEquals("zh-HK", MessageRenderer.resolveLocale(null, null, "HK"));
        assertEquals("en", MessageRenderer.resolveLocale(null, null, "US"));
        assertEquals("en", MessageRenderer.resolveLocale(null, null, null));
        assertEquals("en", MessageRenderer.resolveLocale("", "", "AQ"));
    }

    @Test
    void callersTagsMapOntoSupportedLocales() {
        assertEquals("zh-CN", Locales.match("zh").orElseThrow());
        assertEquals("zh-TW", Locales.match("zh-Hant-TW").orElseThrow());
        assertEquals("nb", Locales.match("no").orElseThrow());
        assertEquals("pt", Locales.match("pt-PT").orElseThrow());
        assertEquals("tl", Locales.match("fil").orElseThrow());
        assertEquals("fr", Locales.match("fr_CA").orElseThrow());
        assertTrue(Locales.match("klingon").isEmpty());
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static DeliveryRequested request(Kind kind, Channel channel, String code, String actionMessage) {
        return new DeliveryRequested(UUID.randomUUID(), TestIds.applicationId(), TestIds.authyId(), channel,
                TestIds.phone().e164(), null, kind, code, actionMessage, null);
    }
}
