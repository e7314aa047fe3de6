package io.latchkey.notifier.template;

import java.util.Map;

import io.latchkey.events.deliveries.DeliveryRequested;
import io.latchkey.events.deliveries.DeliveryRequested.Channel;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Chooses a request's locale and renders its text. The order (README "Locales"): the request's
 * {@code locale}, else the application's default locale, else the destination's country, else
 * English. The application's default comes before the country because an application that set one
 * chose it for its users ({@code ApplicationChanged.defaultLocale}: "null = by destination country").
 */
@ApplicationScoped
public class MessageRenderer {

    public record Rendered(String locale, String text, VoiceScript voice) {
    }

    private final MessageTemplates templates = new MessageTemplates();

    /** @param applicationDefault the application's default locale, null when it has none (or is unknown here) */
    public static String resolveLocale(String requested, String applicationDefault, String destinationRegion) {
        return Locales.match(requested)
                .or(() -> Locales.match(applicationDefault))
                .or(() -> Locales.forRegion(destinationRegion))
                .orElse(Locales.ENGLISH);
    }

    /** @param locale one of {@link Locales#SUPPORTED}, as {@link #resolveLocale} returns it */
    public Rendered render(DeliveryRequested request, String locale, String appName) {
        Map<String, String> values = Map.of(
                "app", appName,
                "code", request.code() == null ? "" : request.code(),
                "message", request.actionMessage() == null ? "" : request.actionMessage().strip(),
                "link", request.actionMessage() == null ? "" : request.actionMessage().strip());
        if (request.channel() == Channel.VOICE) {
            VoiceScript voice = new VoiceScript(templates.template(locale, "voice.language"),
                    MessageTemplates.fill(templates.template(locale, "voice.intro"), values),
                    request.code() == null ? "" : request.code(),
                    MessageTemplates.fill(templates.template(locale, "voice.repeat"), values));
            return new Rendered(locale, voice.spoken(), voice);
        }
        return new Rendered(locale, MessageTemplates.fill(templates.template(locale, smsKey(request)), values), null);
    }

    static String smsKey(DeliveryRequested request) {
        return switch (request.kind()) {
            case OTP -> request.actionMessage() != null && !request.actionMessage().isBlank() ? "otp.action" : "otp";
            case PHONE_VERIFICATION -> "phone_verification";
            case INSTALL_LINK -> "install_link";
            case DEVICE_REGISTRATION -> "device_registration";
        };
    }
}
