package io.latchkey.load.driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "phones" of a local run: the local provider's file (one JSON line per SMS or call, {@code LATCHKEY_OUTBOX_FILE},
 * {@code .latchkey/outbox.jsonl} under {@code infra/local/run.sh}), followed from its end as it grows. A scenario asks
 * for the next message to a number from a moment on, before or after the call that sends it, and gets it when its
 * line is written: the time an SMS takes from the request to the provider.
 */
final class PhoneOutbox implements AutoCloseable {

    private static final Pattern TO = Pattern.compile("\"to\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CODE = Pattern.compile("\\d{4,10}");
    /** Messages kept per number for askers that come after the message (a device registration reads its code late). */
    private static final int KEPT_PER_NUMBER = 4;

    /** One line of the file: to whom, what, and when this driver saw it. */
    record Message(String to, String text, Instant seen) {

        /** The last run of 4 to 10 digits of the text: the code of a verification message. */
        String code() {
            Matcher digits = CODE.matcher(text);
            String code = null;
            while (digits.find()) {
                code = digits.group();
            }
            if (code == null) {
                throw new IllegalStateException("no code in a message to " + to);
            }
            return code;
        }
    }

    private record Waiter(Instant after, CompletableFuture<Message> message) {
    }

    private final Path file;
    private final Map<String, Deque<Message>> seen = new HashMap<>();
    private final Map<String, List<Waiter>> waiting = new HashMap<>();
    private final Thread follower;
    private volatile boolean closed;

    PhoneOutbox(Path file) throws IOException {
        this.file = file;
        long start = Files.exists(file) ? Files.size(file) : 0;
        follower = Thread.ofPlatform().daemon().name("phone-outbox").start(() -> follow(start));
    }

    /** The first message to {@code to} (E.164) that this driver saw after {@code after}. */
    synchronized CompletableFuture<Message> next(String to, Instant after) {
        for (Message message : seen.getOrDefault(to, new ArrayDeque<>())) {
            if (!message.seen().isBefore(after)) {
                return CompletableFuture.completedFuture(message);
            }
        }
        CompletableFuture<Message> message = new CompletableFuture<>();
        waiting.computeIfAbsent(to, number -> new ArrayList<>()).add(new Waiter(after, message));
        return message;
    }

    /** The code of the next message to {@code to} after {@code after}, waiting at most 30 s. */
    String codeFor(String to, Instant after) {
        return next(to, after).orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join().code();
    }

    private synchronized void arrived(Message message) {
        Deque<Message> kept = seen.computeIfAbsent(message.to(), number -> new ArrayDeque<>());
        kept.addLast(message);
        if (kept.size() > KEPT_PER_NUMBER) {
            kept.removeFirst();
        }
        List<Waiter> waiters = waiting.remove(message.to());
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.message().complete(message));
        }
    }

    /** Reads lines as they are appended; a partly written last line waits for the rest of its bytes. */
    private void follow(long start) {
        long position = start;
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        while (!closed) {
            try {
                if (Files.exists(file) && Files.size(file) > position) {
                    byte[] bytes;
                    try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
                        reader.seek(position);
                        bytes = new byte[(int) Math.min(reader.length() - position, 1 << 20)];
                        reader.readFully(bytes);
                    }
                    position += bytes.length;
                    for (byte b : bytes) {
                        if (b != '\n') {
                            partial.write(b);
                            continue;
                        }
                        String line = partial.toString(StandardCharsets.UTF_8);
                        partial.reset();
                        Matcher to = TO.matcher(line);
                        Matcher text = TEXT.matcher(line);
                        if (to.find() && text.find()) {
                            arrived(new Message(to.group(1), text.group(1), Instant.now()));
                        }
                    }
                } else {
                    Thread.sleep(Duration.ofMillis(1));
                }
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(Duration.ofMillis(50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        follower.interrupt();
    }
}
