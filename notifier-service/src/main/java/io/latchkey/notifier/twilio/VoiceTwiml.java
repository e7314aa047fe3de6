package io.latchkey.notifier.twilio;

import java.util.Arrays;
import java.util.Optional;

import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Say;

import io.latchkey.notifier.template.VoiceScript;

/**
 * The TwiML of a code call, built with the SDK's builders (they escape text and keep the schema):
 * the intro, then each digit as its own {@code <Say>} followed by a one-second {@code <Pause>} so
 * that it is heard slowly and one by one, then the same again after the repeat phrase. Pure Java.
 */
public final class VoiceTwiml {

    private VoiceTwiml() {
    }

    public static String build(VoiceScript script) {
        Say.Language language = language(script.language()).orElse(Say.Language.EN_US);
        VoiceResponse.Builder response = new VoiceResponse.Builder();
        response.pause(new Pause.Builder().length(1).build());
        speakCode(response, script.intro(), script.code(), language);
        speakCode(response, script.repeat(), script.code(), language);
        try {
            return response.build().toXml();
        } catch (TwiMLException e) {
            throw new IllegalStateException("cannot write TwiML", e);
        }
    }

    /** The SDK's language for a {@code voice.language} value such as {@code pt-BR}; empty when Twilio has none. */
    public static Optional<Say.Language> language(String tag) {
        return Arrays.stream(Say.Language.values()).filter(language -> language.toString().equalsIgnoreCase(tag)).findFirst();
    }

    private static void speakCode(VoiceResponse.Builder response, String phrase, String code, Say.Language language) {
        response.say(new Say.Builder(phrase).language(language).build());
        response.pause(new Pause.Builder().length(1).build());
        for (char digit : code.toCharArray()) {
            response.say(new Say.Builder(String.valueOf(digit)).language(language).build());
            response.pause(new Pause.Builder().length(1).build());
        }
    }
}
