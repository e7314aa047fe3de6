package io.latchkey.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.authy.AuthyApiClient;
import com.authy.api.ApprovalRequestParams;

import io.latchkey.devicesim.DeviceSimulator;
import io.latchkey.devicesim.SimulatedDevice;

/**
 * OneTouch across two push-service instances sharing one database and broker (the {@code approvals} broadcast
 * wakes parked polls on every instance): a device parked on the second instance is woken by a request created
 * through the gateway on the first; a device showing that request, parked on the second, learns at once that
 * the other device answered it on the first; and two devices answering at once on different instances get
 * exactly one decision (compare-and-set in the shared database): one 200, one 409.
 */
@ExtendWith(Platform.Started.class)
@Order(20)
class TwoPushInstancesTest {

    /** The long-poll's own deadline; being woken means answering long before it. */
    private static final int WAIT_SECONDS = 25;

    @Test
    void changesOnOneInstanceWakeDevicesParkedOnTheOtherAndOneAnswerWins() throws Exception {
        Platform platform = Platform.get();
        String second = platform.startSecondInstance("push");
        try {
            Admin.App app = Admin.createApps(platform, "two-instances", 1, Map.of()).get(0);
            long authyId = ReadYourWritesTest.newUser(app.apiKey(), Phones.next());
            Path phoneFile = Files.createTempFile("latchkey-phone", ".json");
            Path tabletFile = Files.createTempFile("latchkey-tablet", ".json");
            SimulatedDevice.register(platform.baseUrl(), app.apiKey(), authyId, DeviceSimulator.newCodeIn(platform.outboxFile()),
                    phoneFile);
            SimulatedDevice.register(platform.baseUrl(), app.apiKey(), authyId, DeviceSimulator.newCodeIn(platform.outboxFile()),
                    tabletFile);
            SimulatedDevice phoneOnSecond = SimulatedDevice.load(second, phoneFile);
            SimulatedDevice tabletOnFirst = SimulatedDevice.load(platform.urlOf("push"), tabletFile);
            assertEquals(List.of(), phoneOnSecond.pending(0).get("approval_requests"), "nothing pending yet");

            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> parked = phoneOnSecond.pendingAsync(http, WAIT_SECONDS);
            Thread.sleep(1000); // the poll is parked on the second instance (a client's poll runs while the portal acts)
            long created = System.nanoTime();
            String uuid = new AuthyApiClient(app.apiKey(), platform.baseUrl(), true).getOneTouch().sendApprovalRequest(
                    new ApprovalRequestParams.Builder((int) authyId, "Log in from two instances?").build())
                    .getApprovalRequest().getUUID();
            HttpResponse<String> woken = parked.get(WAIT_SECONDS + 10, TimeUnit.SECONDS);
            long answeredAfter = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - created);
            assertEquals(200, woken.statusCode(), woken.body());
            assertTrue(woken.body().contains(uuid), woken.body());
            assertTrue(answeredAfter < WAIT_SECONDS / 2, "woken by the request (answered after " + answeredAfter
                    + " s), not by the poll's deadline of " + WAIT_SECONDS + " s");

            // the tablet shows the request and waits on the second instance; the phone approves on the first
            SimulatedDevice tabletOnSecond = SimulatedDevice.load(second, tabletFile);
            String shown = (String) tabletOnSecond.pending(0).get("digest");
            CompletableFuture<HttpResponse<String>> showing = tabletOnSecond.pendingAsync(http, WAIT_SECONDS, shown);
            Thread.sleep(1000);
            long decided = System.nanoTime();
            SimulatedDevice.load(platform.urlOf("push"), phoneFile).decide(uuid, true, false, null);
            HttpResponse<String> dismissed = showing.get(WAIT_SECONDS + 10, TimeUnit.SECONDS);
            long dismissedAfter = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - decided);
            assertEquals(200, dismissed.statusCode(), dismissed.body());
            assertTrue(!dismissed.body().contains(uuid), "answered on the phone: gone from the tablet " + dismissed.body());
            assertTrue(dismissedAfter < WAIT_SECONDS / 2, "woken by the decision (answered after " + dismissedAfter + " s)");

            // a second request: both devices sign their answers, which arrive at once on different instances
            String next = new AuthyApiClient(app.apiKey(), platform.baseUrl(), true).getOneTouch().sendApprovalRequest(
                    new ApprovalRequestParams.Builder((int) authyId, "And again?").build()).getApprovalRequest().getUUID();
            String approval = phoneOnSecond.signDecision(next, true, false, null);
            String denial = tabletOnFirst.signDecision(next, false, false, null);
            CompletableFuture<Integer> approveOnSecond = CompletableFuture.supplyAsync(() -> status(phoneOnSecond, next, approval));
            CompletableFuture<Integer> denyOnFirst = CompletableFuture.supplyAsync(() -> status(tabletOnFirst, next, denial));
            List<Integer> statuses = List.of(approveOnSecond.get(30, TimeUnit.SECONDS), denyOnFirst.get(30, TimeUnit.SECONDS));
            assertEquals(List.of(200, 409), statuses.stream().sorted().toList(), "exactly one answer wins: " + statuses);
            String winner = new AuthyApiClient(app.apiKey(), platform.baseUrl(), true).getOneTouch()
                    .getApprovalRequestStatus(next).getApprovalRequest().getStatus();
            assertEquals(statuses.get(0) == 200 ? "approved" : "denied", winner);
        } finally {
            platform.stopSecondInstance("push");
        }
    }

    /** The HTTP status of a device's decision (the simulator throws on a non-2xx answer, with the status in its message). */
    private static int status(SimulatedDevice device, String uuid, String decision) {
        try {
            device.sendDecision(uuid, decision);
            return 200;
        } catch (Exception e) {
            return e.getMessage() != null && e.getMessage().contains("HTTP 409") ? 409 : -1;
        }
    }
}
