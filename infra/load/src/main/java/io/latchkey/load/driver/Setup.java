package io.latchkey.load.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * What the scenarios beyond the plain calls need, from the command line: how many users each kind of scenario
 * prepares, an operator's token for the admin API (the authenticator users are imported with their seeds, as a
 * migration from Authy brings them), and the local provider's file, where SMS codes arrive.
 */
final class Setup implements AutoCloseable {

    final int users;
    final int totpUsers;
    final int smsUsers;
    final int deviceUsers;
    private final Optional<String> adminToken;
    private final Optional<Path> outboxFile;
    private PhoneOutbox outbox;

    Setup(int users, int totpUsers, int smsUsers, int deviceUsers, Optional<String> adminToken, Optional<Path> outboxFile) {
        this.users = users;
        this.totpUsers = totpUsers;
        this.smsUsers = smsUsers;
        this.deviceUsers = deviceUsers;
        this.adminToken = adminToken;
        this.outboxFile = outboxFile;
    }

    String adminToken(String scenario) {
        return adminToken.orElseThrow(() -> new IllegalArgumentException(scenario
                + " imports its users through the admin API: give --admin-token=TOKEN (infra/local/admin-token.sh)"));
    }

    synchronized PhoneOutbox outbox(String scenario) throws IOException {
        if (outbox == null) {
            Path file = outboxFile.orElseThrow(() -> new IllegalArgumentException(scenario
                    + " reads SMS codes from the local provider's file: give --outbox-file=.latchkey/outbox.jsonl"));
            outbox = new PhoneOutbox(file);
        }
        return outbox;
    }

    @Override
    public synchronized void close() {
        if (outbox != null) {
            outbox.close();
        }
    }

    /**
     * US numbers of one area code for a run, spread over its exchanges as real traffic is: token-service counts
     * messages per number range (the first 7 digits, area code and exchange) and allows 100 an hour to a range, so
     * real traffic never sends hundreds a second into one range, and a run that did would measure that one counter
     * row's lock. Consecutive numbers go to consecutive exchanges (693 of them, N11 codes left out); a random line to
     * start from keeps scenarios and runs apart (and their per-number limits).
     */
    static final class PhoneBlock {

        private static final int[] EXCHANGES = IntStream.range(200, 900).filter(exchange -> exchange % 100 != 11).toArray();

        private final String area;
        private final int firstLine = ThreadLocalRandom.current().nextInt(10_000);

        PhoneBlock(String area) {
            this.area = area;
        }

        String dashed(long n) {
            long line = (firstLine + n / EXCHANGES.length) % 10_000;
            return area + "-" + EXCHANGES[(int) (n % EXCHANGES.length)] + "-" + String.format("%04d", line);
        }

        String e164(long n) {
            return "+1" + dashed(n).replace("-", "");
        }
    }
}
