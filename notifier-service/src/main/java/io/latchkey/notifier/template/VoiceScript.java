package io.latchkey.notifier.template;

/**
 * What a call says: {@code intro}, the code digit by digit, {@code repeat}, the code again.
 * {@code language} is a Twilio {@code <Say language>} value such as {@code pt-BR}.
 */
public record VoiceScript(String language, String intro, String code, String repeat) {

    /** The words as one line, for the local outbox and logs of a developer run. */
    public String spoken() {
        String digits = String.join(" ", code.split(""));
        return intro + " " + digits + ". " + repeat + " " + digits + ".";
    }
}
