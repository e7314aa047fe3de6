package io.latchkey.load.driver;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The scenarios by name (docs/performance.md "Scenarios"). */
final class Scenarios {

    private Scenarios() {
    }

    /** Every scenario this driver has, by name; what they prepare is set by {@code setup}. */
    static Map<String, Scenario> all(Setup setup) {
        Users known = new Users(setup.users);
        SeededScenarios.AuthenticatorVerify authenticator = new SeededScenarios.AuthenticatorVerify(setup);
        SeededScenarios.Approval approval = new SeededScenarios.Approval(setup);
        return Stream.<Scenario> of(
                simple("app-details", calls -> calls.get("/protected/json/app/details"), 200),
                new UsersNew(),
                known.scenario("status", (calls, id) -> calls.get("/protected/json/users/" + id + "/status"), 200),
                // wrong 7-digit codes, force=true as the official clients send; every user takes a share, so that
                // the exact lockout (429 after too many failures) stays out of the way for a short run
                known.scenario("verify-wrong", (calls, id) -> calls.get("/protected/json/verify/"
                        + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000)) + "/" + id + "?force=true"), 401),
                authenticator,
                new SeededScenarios.SmsVerify(setup),
                new SeededScenarios.Sms(setup, false),
                new SeededScenarios.Sms(setup, true),
                new SeededScenarios.PhoneVerification(setup),
                approval,
                new SeededScenarios.MixedLogin(setup, authenticator, approval))
                .collect(Collectors.toMap(Scenario::name, scenario -> scenario, (a, b) -> a, LinkedHashMap::new));
    }

    private static Scenario simple(String name, Function<Calls, CompletableFuture<HttpResponse<String>>> call, int expected) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<Boolean> call(Calls calls, long n) {
                return call.apply(calls).thenApply(response -> response.statusCode() == expected);
            }
        };
    }

    /**
     * A new user per call, each with a number of its own: numbered across the warm-up and every step (the driver
     * numbers each step's calls from 0, and a number registered before answers its user without registering one).
     */
    private static final class UsersNew implements Scenario {

        private final Setup.PhoneBlock phones = new Setup.PhoneBlock("775");
        private final AtomicLong registered = new AtomicLong();

        @Override
        public String name() {
            return "users-new";
        }

        @Override
        public CompletableFuture<Boolean> call(Calls calls, long n) {
            return calls.postJson("/protected/json/users/new", newUser(phones.dashed(registered.getAndIncrement())))
                    .thenApply(response -> response.statusCode() == 200);
        }
    }

    static String newUser(String dashedNumber) {
        return "{\"user\":{\"email\":\"load-" + dashedNumber + "@example.com\",\"cellphone\":\"" + dashedNumber
                + "\",\"country_code\":\"1\"},\"send_install_link_via_sms\":false}";
    }

    /** Users made once, before the first scenario that needs them, at a bounded number of calls at once. */
    private static final class Users {

        private final int count;
        private final List<String> ids = new ArrayList<>();

        Users(int count) {
            this.count = count;
        }

        synchronized void ensure(Calls calls) throws InterruptedException {
            if (ids.isEmpty()) {
                SeededScenarios.newUsers(calls, "916", count).forEach(user -> ids.add(user.id()));
            }
        }

        Scenario scenario(String name, BiFunction<Calls, String, CompletableFuture<HttpResponse<String>>> call,
                int expected) {
            AtomicLong turn = new AtomicLong();
            return new Scenario() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void prepare(Calls calls) throws Exception {
                    ensure(calls);
                }

                @Override
                public CompletableFuture<Boolean> call(Calls calls, long n) {
                    String id = ids.get((int) (turn.getAndIncrement() % ids.size()));
                    return call.apply(calls, id).thenApply(response -> response.statusCode() == expected);
                }
            };
        }
    }
}
