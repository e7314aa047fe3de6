package io.latchkey.load.driver;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.latchkey.devicesim.SimulatedDevice;
import io.latchkey.totp.Base32;
import io.latchkey.totp.HmacAlgorithm;
import io.latchkey.totp.Totp;

/**
 * The scenarios whose calls need users prepared beyond a plain {@code users/new} (docs/performance.md
 * "Scenarios"): authenticator users imported with seeds the driver knows, users whose SMS codes it reads from
 * the local provider's file, users with a registered device. Everything prepared is unmeasured.
 */
final class SeededScenarios {

    private static final Pattern USER_ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern APP_ID = Pattern.compile("\"app_id\":(\\d+)");
    private static final Pattern IMPORTED_ROW = Pattern.compile("\"authy_id\":(\\d+)[^\\n]*\"seed\":\"imported\"");
    private static final Pattern UUID = Pattern.compile("\"uuid\":\"([0-9a-f-]{36})\"");
    private static final Totp AUTHENTICATOR = new Totp(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30));
    /** Prepared at most this many at once: preparing is not the measurement, and must not overload the platform. */
    private static final int PREPARING_AT_ONCE = 16;
    /** How long a scenario waits for a message in the provider's file before it counts the call as failed. */
    private static final int MESSAGE_WAIT_SECONDS = 30;

    private SeededScenarios() {
    }

    /** A user the driver made, with its number. */
    record User(String id, String e164) {
    }

    /**
     * {@code verify} with the current code of an authenticator app: users imported once with seeds the driver made
     * (the migration import of docs/migrating-from-authy.md). A step's code is accepted once per user, so each call
     * takes the next user in turn, with the current step's code or, when that was used, the next step's (the ±1
     * window); give at least 15 users per call per second.
     */
    static final class AuthenticatorVerify implements Scenario {

        private final Setup setup;
        private final List<String> ids = new ArrayList<>();
        private final List<byte[]> seeds = new ArrayList<>();
        private AtomicLongArray lastStep;
        private final AtomicLong turn = new AtomicLong();

        AuthenticatorVerify(Setup setup) {
            this.setup = setup;
        }

        @Override
        public String name() {
            return "verify-totp";
        }

        @Override
        public synchronized void prepare(Calls calls) throws Exception {
            if (!ids.isEmpty()) {
                return;
            }
            String token = setup.adminToken(name());
            Matcher app = APP_ID.matcher(calls.get("/protected/json/app/details").join().body());
            if (!app.find()) {
                throw new IllegalStateException("app/details did not answer the application's id: is the API key right?");
            }
            Setup.PhoneBlock phones = new Setup.PhoneBlock("702");
            // below user-service's own ids (from 10^9), at a random place, so that another run's users are not in the way
            long firstId = ThreadLocalRandom.current().nextLong(100_000_000, 900_000_000);
            SecureRandom random = new SecureRandom();
            StringBuilder file = new StringBuilder();
            List<byte[]> made = new ArrayList<>();
            for (int n = 0; n < setup.totpUsers; n++) {
                byte[] seed = new byte[20];
                random.nextBytes(seed);
                made.add(seed);
                file.append("{\"authy_id\":").append(firstId + n).append(",\"country_code\":1,\"cellphone\":\"")
                        .append(phones.dashed(n)).append("\",\"email\":\"totp-").append(firstId + n)
                        .append("@example.com\",\"totp_seed\":\"").append(Base32.encode(seed)).append("\"}\n");
            }
            HttpResponse<String> report = calls.admin("/admin/applications/" + app.group(1) + "/users/import",
                    "application/x-ndjson", file.toString(), token);
            if (report.statusCode() != 200) {
                throw new IllegalStateException("the import answered " + report.statusCode() + ": " + report.body());
            }
            Matcher imported = IMPORTED_ROW.matcher(report.body());
            while (imported.find()) {
                long id = Long.parseLong(imported.group(1));
                ids.add(String.valueOf(id));
                seeds.add(made.get((int) (id - firstId)));
            }
            if (ids.isEmpty()) {
                throw new IllegalStateException("no authenticator user was imported: " + report.body().lines().reduce((a, b) -> b).orElse(""));
            }
            lastStep = new AtomicLongArray(ids.size());
            awaitApplied(calls);
            System.out.printf("verify-totp: %d users imported with their authenticator seeds%n", ids.size());
        }

        /**
         * The import answers once its events are on the broker; token-service applies them after that, one partition
         * at a time. Measuring before the last users' seeds are in would measure that backlog: wait until the last
         * few users (their events spread over the partitions) verify.
         */
        private void awaitApplied(Calls calls) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            for (int user = Math.max(0, ids.size() - 8); user < ids.size(); user++) {
                while (true) {
                    // a code that did not verify was not used: the step stays free for the measured calls
                    long step = AUTHENTICATOR.timeStep(Instant.now());
                    String code = AUTHENTICATOR.generateAtStep(seeds.get(user), step);
                    if (calls.get("/protected/json/verify/" + code + "/" + ids.get(user) + "?force=true")
                            .join().statusCode() == 200) {
                        lastStep.set(user, step);
                        break;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("imported authenticator users still do not verify after 5 minutes");
                    }
                    Thread.sleep(Duration.ofSeconds(1));
                }
            }
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            int user = (int) (turn.getAndIncrement() % ids.size());
            String code = nextCode(user);
            if (code == null) {
                // this user's codes for now and the next step are used: too few users for the rate
                return CompletableFuture.completedFuture(false);
            }
            return calls.get("/protected/json/verify/" + code + "/" + ids.get(user) + "?force=true")
                    .thenApply(response -> response.statusCode() == 200);
        }

        private String nextCode(int user) {
            long now = AUTHENTICATOR.timeStep(Instant.now());
            for (long step = now; step <= now + 1; step++) {
                long last = lastStep.get(user);
                if (last < step && lastStep.compareAndSet(user, last, step)) {
                    return AUTHENTICATOR.generateAtStep(seeds.get(user), step);
                }
            }
            return null;
        }
    }

    /** Users made with {@code users/new} on numbers of one area code, at a bounded number of calls at once. */
    static List<User> newUsers(Calls calls, String area, int count) throws InterruptedException {
        Setup.PhoneBlock phones = new Setup.PhoneBlock(area);
        Semaphore inFlight = new Semaphore(PREPARING_AT_ONCE);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            inFlight.acquire();
            answers.add(calls.postJson("/protected/json/users/new", "{\"user\":{\"email\":\"load-" + area + "-"
                    + phones.dashed(n) + "@example.com\",\"cellphone\":\"" + phones.dashed(n)
                    + "\",\"country_code\":\"1\"},\"send_install_link_via_sms\":false}")
                    .whenComplete((response, failure) -> inFlight.release()));
        }
        List<User> users = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Matcher id = USER_ID.matcher(answers.get(n).join().body());
            if (id.find()) {
                users.add(new User(id.group(1), phones.e164(n)));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("no user could be created: is the API key right?");
        }
        return users;
    }

    /**
     * Asks for an SMS to {@code user} as a client does ({@code sms/{id}?force=true}), and completes with the message once
     * its line is in the provider's file; with null when the ask is refused or the message does not come in time.
     */
    static CompletableFuture<PhoneOutbox.Message> smsTo(Calls calls, User user, PhoneOutbox outbox) {
        Instant asked = Instant.now();
        return calls.get("/protected/json/sms/" + user.id() + "?force=true")
                .thenCompose(sent -> sent.statusCode() != 200 ? CompletableFuture.<PhoneOutbox.Message> completedFuture(null)
                        : outbox.next(user.e164(), asked))
                .completeOnTimeout(null, MESSAGE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * {@code sms} as a client asks for it; with {@code untilDelivered}, measured until the message is in the local
     * provider's file (the notifier's whole path: token-service, the outbox, Kafka, the notifier, the provider).
     */
    static final class Sms implements Scenario {

        private final Setup setup;
        private final boolean untilDelivered;
        private List<User> users;
        private final AtomicLong turn = new AtomicLong();

        Sms(Setup setup, boolean untilDelivered) {
            this.setup = setup;
            this.untilDelivered = untilDelivered;
        }

        @Override
        public String name() {
            return untilDelivered ? "sms-delivered" : "sms";
        }

        @Override
        public synchronized void prepare(Calls calls) throws Exception {
            if (untilDelivered) {
                setup.outbox(name());
            }
            if (users == null) {
                users = newUsers(calls, untilDelivered ? "628" : "725", setup.smsUsers);
            }
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            User user = users.get((int) (turn.getAndIncrement() % users.size()));
            if (!untilDelivered) {
                return calls.get("/protected/json/sms/" + user.id() + "?force=true")
                        .thenApply(response -> response.statusCode() == 200);
            }
            return smsTo(calls, user, outbox()).thenApply(Objects::nonNull);
        }

        private PhoneOutbox outbox() {
            try {
                return setup.outbox(name());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * {@code verify} with valid SMS codes: before the clock starts, every prepared user asks for an SMS and its code
     * is read from the local provider's file; each call verifies one of those codes, each code once. A run needs as
     * many users as calls ({@code --sms-users}); when they are used up, the calls fail and the driver says so.
     */
    static final class SmsVerify implements Scenario {

        private final Setup setup;
        private final ConcurrentLinkedQueue<String[]> codes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean usedUp = new AtomicBoolean();
        private boolean prepared;

        SmsVerify(Setup setup) {
            this.setup = setup;
        }

        @Override
        public String name() {
            return "verify-sms";
        }

        @Override
        public synchronized void prepare(Calls calls) throws Exception {
            if (prepared) {
                return;
            }
            PhoneOutbox outbox = setup.outbox(name());
            List<User> users = newUsers(calls, "402", setup.smsUsers);
            Semaphore inFlight = new Semaphore(PREPARING_AT_ONCE);
            List<CompletableFuture<Void>> harvested = new ArrayList<>();
            for (User user : users) {
                inFlight.acquire();
                harvested.add(smsTo(calls, user, outbox).thenAccept(message -> {
                    // a user whose code did not come is left out
                    if (message != null) {
                        codes.add(new String[] {user.id(), message.code()});
                    }
                }).whenComplete((done, failure) -> inFlight.release()));
            }
            harvested.forEach(CompletableFuture::join);
            prepared = true;
            System.out.printf("verify-sms: %d SMS codes read from the provider's file%n", codes.size());
        }

        /** None: each warm-up call would use up a code; run it after {@code verify-totp}, which warms the same path. */
        @Override
        public int warmUpCalls(int asked) {
            return 0;
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            String[] code = codes.poll();
            if (code == null) {
                // the step's failures are then the driver's, not the platform's: say so once, where the steps print
                if (usedUp.compareAndSet(false, true)) {
                    System.out.printf("verify-sms: the codes of --sms-users=%d are used up, later calls count as errors; "
                            + "give it at least the calls of the steps to run%n", setup.smsUsers);
                }
                return CompletableFuture.completedFuture(false);
            }
            return calls.get("/protected/json/verify/" + code[1] + "/" + code[0] + "?force=true")
                    .thenApply(response -> response.statusCode() == 200);
        }
    }

    /**
     * Phone verification as a sign-up form does it: {@code phones/verification/start} by SMS, the code read from the
     * local provider's file, {@code phones/verification/check}; measured from the start to the check's answer.
     */
    static final class PhoneVerification implements Scenario {

        private final Setup setup;
        private final Setup.PhoneBlock phones = new Setup.PhoneBlock("415");
        private final AtomicLong turn = new AtomicLong();
        private PhoneOutbox outbox;

        PhoneVerification(Setup setup) {
            this.setup = setup;
        }

        @Override
        public String name() {
            return "phone-verification";
        }

        @Override
        public void prepare(Calls calls) throws Exception {
            outbox = setup.outbox(name());
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            long number = turn.getAndIncrement() % setup.smsUsers;
            String dashed = URLEncoder.encode(phones.dashed(number), StandardCharsets.UTF_8);
            Instant asked = Instant.now();
            return calls.postForm("/protected/json/phones/verification/start", "via=sms&country_code=1&phone_number=" + dashed)
                    .thenCompose(started -> started.statusCode() != 200 ? CompletableFuture.completedFuture(false)
                            : outbox.next(phones.e164(number), asked)
                                    .thenCompose(message -> calls.get("/protected/json/phones/verification/check?country_code=1"
                                            + "&phone_number=" + dashed + "&verification_code=" + message.code()))
                                    .thenApply(checked -> checked.statusCode() == 200)
                                    .completeOnTimeout(false, MESSAGE_WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    /**
     * OneTouch as a portal does it: create an approval request for a user with a registered device (registered
     * before the clock starts with the device simulator, its code read from the provider's file), then read it.
     * Requests expire after 1 s, so that the open-requests cap per user stays out of the way.
     */
    static final class Approval implements Scenario {

        private final Setup setup;
        private List<User> users;
        private final AtomicLong turn = new AtomicLong();

        Approval(Setup setup) {
            this.setup = setup;
        }

        @Override
        public String name() {
            return "approval";
        }

        @Override
        public synchronized void prepare(Calls calls) throws Exception {
            if (users != null) {
                return;
            }
            PhoneOutbox outbox = setup.outbox(name());
            List<User> made = newUsers(calls, "831", setup.deviceUsers);
            Path devices = Files.createTempDirectory("latchkey-load-devices");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<User>> registered = new ArrayList<>();
            for (User user : made) {
                registered.add(pool.submit(() -> {
                    Instant asked = Instant.now();
                    SimulatedDevice.register(calls.baseUrl(), calls.apiKey(), Long.parseLong(user.id()),
                            () -> outbox.codeFor(user.e164(), asked), devices.resolve(user.id() + ".json"));
                    return user;
                }));
            }
            users = new ArrayList<>();
            for (Future<User> one : registered) {
                try {
                    users.add(one.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    // a user whose device did not register is left out
                }
            }
            pool.shutdown();
            if (users.isEmpty()) {
                throw new IllegalStateException("no device could be registered");
            }
            System.out.printf("approval: %d users with a registered device%n", users.size());
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            User user = users.get((int) (turn.getAndIncrement() % users.size()));
            return calls.postForm("/onetouch/json/users/" + user.id() + "/approval_requests",
                    "message=Log+in+to+the+load+test%3F&details[Username]=load&seconds_to_expire=1")
                    .thenCompose(created -> {
                        Matcher uuid = UUID.matcher(created.body());
                        if (created.statusCode() != 200 || !uuid.find()) {
                            return CompletableFuture.completedFuture(false);
                        }
                        return calls.get("/onetouch/json/approval_requests/" + uuid.group(1))
                                .thenApply(read -> read.statusCode() == 200);
                    });
        }
    }

    /**
     * A login as an integrating application sees it, mixed: 7 in 10 users type their authenticator app's code, 2 in 10
     * ask for an SMS and type its code (measured until the verify answers), 1 in 10 approves with OneTouch (the
     * request created and read; the decision is the user's, not the platform's).
     */
    static final class MixedLogin implements Scenario {

        private final AuthenticatorVerify authenticator;
        private final Sms smsUsers;
        private final Approval approval;

        MixedLogin(Setup setup, AuthenticatorVerify authenticator, Approval approval) {
            this.authenticator = authenticator;
            this.smsUsers = new Sms(setup, true);
            this.approval = approval;
        }

        @Override
        public String name() {
            return "login";
        }

        @Override
        public void prepare(Calls calls) throws Exception {
            authenticator.prepare(calls);
            smsUsers.prepare(calls);
            approval.prepare(calls);
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            long kind = n % 10;
            if (kind < 7) {
                return authenticator.call(calls, n);
            }
            if (kind == 9) {
                return approval.call(calls, n);
            }
            User user = smsUsers.users.get((int) (smsUsers.turn.getAndIncrement() % smsUsers.users.size()));
            return smsTo(calls, user, smsUsers.outbox()).thenCompose(message -> message == null
                    ? CompletableFuture.completedFuture(false)
                    : calls.get("/protected/json/verify/" + message.code() + "/" + user.id() + "?force=true")
                            .thenApply(verified -> verified.statusCode() == 200));
        }
    }
}
