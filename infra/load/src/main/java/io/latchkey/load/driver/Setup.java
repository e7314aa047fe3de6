package io.latchkey.load.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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
     * US numbers of one area code for a run: a random exchange to start from, then numbers in order, 10,000 per
     * exchange, so that scenarios and runs do not share numbers (and their per-number limits).
     */
    static final class PhoneBlock {

        private final String area;
        private final int firstExchange = ThreadLocalRandom.current().nextInt(200, 900);

        PhoneBlock(String area) {
            this.area = area;
        }

        String dashed(long n) {
            return area + "-" + (firstExchange + n / 10_000) + "-" + String.format("%04d", n % 10_000);
        }

        String e164(long n) {
            return "+1" + dashed(n).replace("-", "");
        }
    }
}
