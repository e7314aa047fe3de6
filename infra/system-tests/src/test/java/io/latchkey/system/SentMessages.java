package io.latchkey.system;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the notifier's {@code local} provider "sent": one JSON line a message in the platform's outbox file. */
final class SentMessages {

    private static final Pattern CODE = Pattern.compile("(\\d{4,10})\\D*$");

    private SentMessages() {
    }

    /** Every line sent to {@code e164} so far, oldest first. */
    static List<String> to(Platform platform, String e164) throws IOException {
        if (!Files.exists(platform.outboxFile())) {
            return List.of();
        }
        String to = "\"to\":\"" + e164 + "\"";
        return Files.readAllLines(platform.outboxFile()).stream().filter(line -> line.contains(to)).toList();
    }

    /** How many messages went to {@code e164} so far; -1 while the file cannot be read. */
    static int count(Platform platform, String e164) {
        try {
            return to(platform, e164).size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The code in the newest message to {@code e164}, waiting up to {@code timeout} for one to be there. */
    static String awaitCode(Platform platform, String e164, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = to(platform, e164);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String text = lines.get(i).replaceAll(".*\"text\":\"([^\"]*)\".*", "$1");
                Matcher code = CODE.matcher(text);
                if (code.find()) {
                    return code.group(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no message to " + e164 + " in " + platform.outboxFile() + " within " + timeout);
    }
}
