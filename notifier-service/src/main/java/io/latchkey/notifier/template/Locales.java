package io.latchkey.notifier.template;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The locales Authy sends messages in (docs/authy-api.md §6 "Locale": about 35 languages including
 * {@code pt-BR}, {@code zh-CN}, {@code zh-HK}), how a caller's tag maps onto them, and which one a
 * destination country gets when the request names none. Pure Java.
 */
public final class Locales {

    public static final String ENGLISH = "en";

    /** One template file per entry: {@code messages/<tag>.properties}. */
    public static final List<String> SUPPORTED = List.of(
            "en", "af", "ar", "ca", "zh-CN", "zh-HK", "zh-TW", "hr", "cs", "da", "nl", "fi", "fr", "de", "el",
            "he", "hi", "hu", "id", "it", "ja", "ko", "ms", "nb", "pl", "pt-BR", "pt", "ro", "ru", "es", "sv",
            "tl", "th", "tr", "vi");

    /** Tags clients send that are another spelling of a supported one (legacy ISO codes, script subtags). */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("zh", "zh-CN"), Map.entry("zh-hans", "zh-CN"), Map.entry("zh-sg", "zh-CN"),
            Map.entry("zh-hant", "zh-TW"), Map.entry("zh-mo", "zh-HK"), Map.entry("pt-pt", "pt"),
            Map.entry("no", "nb"), Map.entry("nn", "nb"), Map.entry("iw", "he"), Map.entry("in", "id"),
            Map.entry("fil", "tl"));

    /**
     * The language people in a region read their verification messages in. Where English is the
     * usual language of such SMS beside a national one (India, the Philippines, South Africa,
     * Singapore) the region stays English; an application can still choose a locale.
     */
    private static final Map<String, String> BY_REGION = Map.ofEntries(
            Map.entry("BR", "pt-BR"), Map.entry("PT", "pt"), Map.entry("AO", "pt"), Map.entry("MZ", "pt"),
            Map.entry("CN", "zh-CN"), Map.entry("HK", "zh-HK"), Map.entry("MO", "zh-HK"), Map.entry("TW", "zh-TW"),
            Map.entry("ES", "es"), Map.entry("MX", "es"), Map.entry("AR", "es"), Map.entry("CO", "es"),
            Map.entry("CL", "es"), Map.entry("PE", "es"), Map.entry("VE", "es"), Map.entry("EC", "es"),
            Map.entry("GT", "es"), Map.entry("CU", "es"), Map.entry("BO", "es"), Map.entry("DO", "es"),
            Map.entry("HN", "es"), Map.entry("PY", "es"), Map.entry("SV", "es"), Map.entry("NI", "es"),
            Map.entry("CR", "es"), Map.entry("PA", "es"), Map.entry("UY", "es"), Map.entry("PR", "es"),
            Map.entry("FR", "fr"), Map.entry("MC", "fr"), Map.entry("LU", "fr"), Map.entry("SN", "fr"),
            Map.entry("CI", "fr"), Map.entry("BE", "nl"), Map.entry("NL", "nl"), Map.entry("SR", "nl"),
            Map.entry("DE", "de"), Map.entry("AT", "de"), Map.entry("CH", "de"), Map.entry("LI", "de"),
            Map.entry("IT", "it"), Map.entry("SM", "it"), Map.entry("VA", "it"),
            Map.entry("SE", "sv"), Map.entry("NO", "nb"), Map.entry("DK", "da"), Map.entry("FI", "fi"),
            Map.entry("PL", "pl"), Map.entry("CZ", "cs"), Map.entry("HR", "hr"), Map.entry("HU", "hu"),
            Map.entry("RO", "ro"), Map.entry("MD", "ro"), Map.entry("RU", "ru"), Map.entry("BY", "ru"),
            Map.entry("KZ", "ru"), Map.entry("KG", "ru"), Map.entry("GR", "el"), Map.entry("CY", "el"),
            Map.entry("IL", "he"), Map.entry("ID", "id"), Map.entry("MY", "ms"), Map.entry("BN", "ms"),
            Map.entry("JP", "ja"), Map.entry("KR", "ko"), Map.entry("TH", "th"), Map.entry("TR", "tr"),
            Map.entry("VN", "vi"), Map.entry("AD", "ca"), Map.entry("NA", "af"),
            Map.entry("SA", "ar"), Map.entry("AE", "ar"), Map.entry("EG", "ar"), Map.entry("QA", "ar"),
            Map.entry("KW", "ar"), Map.entry("BH", "ar"), Map.entry("OM", "ar"), Map.entry("JO", "ar"),
            Map.entry("LB", "ar"), Map.entry("IQ", "ar"), Map.entry("SY", "ar"), Map.entry("YE", "ar"),
            Map.entry("LY", "ar"), Map.entry("DZ", "ar"), Map.entry("MA", "ar"), Map.entry("TN", "ar"),
            Map.entry("SD", "ar"), Map.entry("PS", "ar"));

    private Locales() {
    }

    /**
     * The supported locale a caller's tag means: exact (any case, {@code _} or {@code -}), an alias,
     * else its language ({@code es-MX} -> {@code es}, {@code fr_CA} -> {@code fr}); empty if none.
     */
    public static Optional<String> match(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String normalized = tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        for (String supported : SUPPORTED) {
            if (supported.toLowerCase(Locale.ROOT).equals(normalized)) {
                return Optional.of(supported);
            }
        }
        if (ALIASES.containsKey(normalized)) {
            return Optional.of(ALIASES.get(normalized));
        }
        int dash = normalized.indexOf('-');
        if (dash > 0) {
            String language = normalized.substring(0, dash);
            if (language.equals("zh")) {
                // zh-Hant-TW and friends: the script says more than the region
                return Optional.of(normalized.contains("hant") ? "zh-TW" : "zh-CN");
            }
            return match(language);
        }
        return Optional.empty();
    }

    /** The locale for a destination's ISO 3166 region, empty when the region has no entry. */
    public static Optional<String> forRegion(String regionCode) {
        return regionCode == null ? Optional.empty() : Optional.ofNullable(BY_REGION.get(regionCode.toUpperCase(Locale.ROOT)));
    }
}
