package io.latchkey.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.latchkey.console.ConsoleSession.Page;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Users, webhooks, OneTouch callbacks, dead letters and deliveries: what operators look up and act on. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(AdminApiStub.class)
class OperationsPagesTest {

    static final String EVENT = "0c3f7a2e-5b1d-4e6f-9a8b-7c6d5e4f3a2b";
    static final String DELIVERY = """
            {"id":"d-1","kind":"WEBHOOK","webhook_id":"WH_1","event_id":"%s","app_id":7,
             "url":"https://acme.example/hook","method":"POST","state":"FAILED","attempts":2,
             "created_at":"2026-12-03T10:00:00Z","last_error":"HTTP 500",
             "history":[{"attempt":1,"started_at":"2026-12-03T10:00:00Z","latency_ms":12,"http_status":500},
                        {"attempt":2,"started_at":"2026-12-03T10:00:05Z","latency_ms":9,"http_status":500}]}"""
            .formatted(EVENT);

    @OidcWireMock
    WireMockServer identityProvider;

    @TestHTTPResource("/")
    URI console;

    WireMockServer api;

    @BeforeEach
    void resetApi() {
        api = AdminApiStub.reset(ApplicationPagesTest.APP_7);
        api.stubFor(get("/admin/webhooks?app_id=7").willReturn(okJson("""
                [{"id":"WH_1","app_id":7,"name":"portal","url":"https://acme.example/hook",
                  "events":["token_verified","user_added"],"state":"DISABLED","created_at":"2026-12-01T09:00:00Z",
                  "failing_since":"2026-12-01T10:00:00Z","disabled_at":"2026-12-03T10:00:00Z",
                  "disabled_reason":"every attempt failed for 3 days"}]""")));
        api.stubFor(get("/admin/webhooks/WH_1/deliveries?limit=50").willReturn(okJson("[" + DELIVERY + "]")));
    }

    @Test
    void anOperatorRedeliversAWebhookEventAndEnablesTheWebhook() {
        api.stubFor(post("/admin/webhooks/WH_1/events/" + EVENT + "/redeliver").willReturn(okJson(DELIVERY)));
        ConsoleSession operator = new ConsoleSession(console);
        Page list = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"), "/console/webhooks?app_id=7");
        assertEquals(List.of("portal", "https://acme.example/hook", "token_verified, user_added",
                "DISABLED (failing since 2026-12-01T10:00:00Z): every attempt failed for 3 days"),
                list.document().select("tbody tr").get(0).select("th, td").eachText());

        Page detail = operator.get("/console/webhooks/WH_1?app_id=7");
        Document html = detail.document();
        assertEquals(List.of("2026-12-03T10:00:00Z: HTTP 500 (12 ms)", "2026-12-03T10:00:05Z: HTTP 500 (9 ms)"),
                html.select("#delivery-d-1 .attempts li").eachText());
        assertEquals("FAILED: HTTP 500", html.select("#delivery-d-1 .state").text());
        String redeliver = "/console/webhooks/WH_1/events/" + EVENT + "/redeliver?app_id=7";
        Page done = operator.post(redeliver, ConsoleSession.hiddenFields(html, redeliver));
        assertEquals(303, done.status());
        assertEquals("/console/webhooks/WH_1?app_id=7&done=redelivered", done.header("Location"));
        api.verify(postRequestedFor(urlEqualTo("/admin/webhooks/WH_1/events/" + EVENT + "/redeliver"))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken)));

        api.stubFor(post("/admin/webhooks/WH_1/enable").willReturn(okJson("""
                {"id":"WH_1","app_id":7,"name":"portal","url":"https://acme.example/hook","events":[],
                 "state":"ACTIVE","created_at":"2026-12-01T09:00:00Z"}""")));
        String enable = "/console/webhooks/WH_1/enable?app_id=7";
        assertEquals(303, operator.post(enable, ConsoleSession.hiddenFields(html, enable)).status());
        api.verify(postRequestedFor(urlEqualTo("/admin/webhooks/WH_1/enable")));
        assertEquals("The event is on its way again.",
                operator.get("/console/webhooks/WH_1?app_id=7&done=redelivered").document().select(".notice").text());
    }

    @Test
    void aViewerSeesDeliveriesButCannotRedeliver() {
        ConsoleSession viewer = new ConsoleSession(console);
        Page detail = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/webhooks/WH_1?app_id=7");
        assertEquals(200, detail.status());
        assertTrue(detail.document().select("button").isEmpty(), "no redeliver, test or enable for a viewer");
        // a token from another page of the same browser does not make a viewer an operator
        String csrf = ConsoleSession.hiddenFields(viewer.get("/console/applications/7").document(),
                "/console/applications/7").get("csrf_token");
        Page refused = viewer.post("/console/webhooks/WH_1/test?app_id=7", Map.of("csrf_token", csrf));
        assertEquals(403, refused.status());
        api.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void failedOneTouchCallbacksAreListedWithTheirAttemptsAndRedelivered() {
        String callback = DELIVERY.replace("\"kind\":\"WEBHOOK\",\"webhook_id\":\"WH_1\",\"event_id\":\"" + EVENT + "\"",
                "\"kind\":\"CALLBACK\",\"approval_request\":\"" + EVENT + "\"");
        api.stubFor(get(urlPathEqualTo("/admin/onetouch/callbacks")).willReturn(okJson("[" + callback + "]")));
        api.stubFor(post("/admin/onetouch/callbacks/d-1/redeliver").willReturn(okJson(callback)));
        ConsoleSession operator = new ConsoleSession(console);
        Page page = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"), "/console/onetouch?app_id=7");
        Document html = page.document();
        assertEquals("Latest failed callbacks", html.select("#callbacks-heading").text());
        assertEquals(EVENT, html.select("#delivery-d-1 td").get(1).text());
        api.verify(getRequestedFor(urlEqualTo("/admin/onetouch/callbacks?state=failed&app_id=7&limit=100")));

        String redeliver = "/console/onetouch/callbacks/d-1/redeliver?state=failed&app_id=7";
        Page done = operator.post(redeliver, ConsoleSession.hiddenFields(html, redeliver));
        assertEquals(303, done.status());
        assertEquals("/console/onetouch?state=failed&app_id=7&done=redelivered", done.header("Location"));
        api.verify(postRequestedFor(urlEqualTo("/admin/onetouch/callbacks/d-1/redeliver")));
    }

    @Test
    void deadLettersAreListedAndReplayed() {
        api.stubFor(get(urlPathEqualTo("/admin/dead-letters")).willReturn(okJson("""
                {"topics":["users.dead-letter","verifications.dead-letter"],"dead_letters":[
                 {"id":"users.dead-letter/0/4","topic":"users.dead-letter","partition":0,"offset":4,
                  "dead_lettered_at":"2026-12-03T09:00:00Z","key":"1000000001","original_topic":"users",
                  "event_type":"UserChanged","event_id":"e-1","reason":"payload does not parse",
                  "payload_bytes":120,"replayed":false}]}""")));
        api.stubFor(post("/admin/dead-letters/users.dead-letter/0/4/replay").willReturn(okJson("{}")));
        ConsoleSession operator = new ConsoleSession(console);
        Page page = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"), "/console/dead-letters");
        Document html = page.document();
        assertEquals(List.of("all dead-letter topics", "users.dead-letter", "verifications.dead-letter"),
                html.select("#topic option").eachText());
        assertEquals(List.of("2026-12-03T09:00:00Z", "users.dead-letter/0/4",
                "UserChanged e-1 (key 1000000001, 120 bytes)", "payload does not parse", "Replay"),
                html.select("tbody tr td").eachText());
        String replay = "/console/dead-letters/users.dead-letter/0/4/replay";
        Page done = operator.post(replay, ConsoleSession.hiddenFields(html, replay));
        assertEquals(303, done.status());
        api.verify(postRequestedFor(urlEqualTo("/admin/dead-letters/users.dead-letter/0/4/replay")));
    }

    @Test
    void anApplicationsApprovalRequestsArePagedByStatusAndLeadToTheirCallbacks() {
        api.stubFor(get(urlPathEqualTo("/admin/onetouch/approval-requests")).withQueryParam("app_id", equalTo("7"))
                .withQueryParam("status", equalTo("denied")).withQueryParam("limit", equalTo("50"))
                .willReturn(okJson("""
                {"requests":[{"uuid":"a-1","authy_id":1000000042,"status":"denied","message":"Log in to Acme?",
                  "created_at":"2026-12-03T09:00:00Z","expires_at":"2026-12-03T09:05:00Z",
                  "processed_at":"2026-12-03T09:01:00Z","notified":true,"decline_reason":"not me"}],
                 "next_before":"2026-12-03T09:00:00Z"}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Document html = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"),
                "/console/onetouch/requests?app_id=7&status=denied").document();
        assertEquals(List.of("2026-12-03T09:00:00Z", "1000000042", "Log in to Acme?",
                "denied at 2026-12-03T09:01:00Z (not me)", "callbacks of a-1"), html.select("tbody tr td").eachText());
        assertEquals("/console/onetouch?approval_request=a-1", html.select("tbody a").attr("href"));
        assertEquals("/console/onetouch/requests?app_id=7&status=denied&before=2026-12-03T09:00:00Z",
                html.select("a[rel=next]").attr("href"));
        assertEquals("Choose an application to see its approval requests.", viewer.get("/console/onetouch/requests")
                .document().select("p.empty").text());
    }

    @Test
    void parkedEventsOfEveryServiceAreListedAndSentAgain() {
        for (String service : List.of("user-service", "push-service", "notifier-service")) {
            api.stubFor(get("/admin/outbox/" + service + "/parked")
                    .willReturn(okJson("{\"service\":\"" + service + "\",\"parked\":[]}")));
        }
        api.stubFor(get("/admin/outbox/token-service/parked").willReturn(okJson("""
                {"service":"token-service","parked":[
                 {"id":75,"event_id":"e-75","event_type":"verification.checked","topic":"verifications","key":"1000000042",
                  "attempts":1,"last_error":"RecordTooLargeException","created_at":"2026-12-03T08:59:00Z",
                  "parked_at":"2026-12-03T09:00:00Z"}]}""")));
        api.stubFor(post("/admin/outbox/token-service/parked/75/replay").willReturn(okJson("""
                {"id":75,"event_id":"e-75","event_type":"verification.checked","topic":"verifications","key":"1000000042",
                 "attempts":1,"last_error":null,"created_at":"2026-12-03T08:59:00Z","parked_at":null}""")));

        ConsoleSession viewer = new ConsoleSession(console);
        Document seen = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/outbox").document();
        assertEquals(List.of("user-service", "token-service", "push-service", "notifier-service"), seen.select("h2").eachText());
        assertEquals(List.of("2026-12-03T09:00:00Z", "verification.checked e-75", "verifications (1000000042), 1 attempts",
                "RecordTooLargeException"), seen.select("tbody tr td").eachText());
        assertTrue(seen.select("form[action=/console/outbox/token-service/75/replay]").isEmpty(), "a viewer has no button");

        ConsoleSession operator = new ConsoleSession(console);
        Document html = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"), "/console/outbox").document();
        String replay = "/console/outbox/token-service/75/replay";
        assertEquals(403, operator.post(replay, Map.of()).status(), "no CSRF token, no change");
        Page done = operator.post(replay, ConsoleSession.hiddenFields(html, replay));
        assertEquals(303, done.status());
        assertEquals("/console/outbox?done=replayed", done.header("Location"));
        api.verify(1, postRequestedFor(urlEqualTo("/admin/outbox/token-service/parked/75/replay")));
    }

    @Test
    void theAuditLogShowsWhoChangedWhatAndPagesBackByOperator() {
        api.stubFor(get(urlPathEqualTo("/admin/audit")).withQueryParam("actor", equalTo("ada lovelace"))
                .withQueryParam("limit", equalTo("50")).willReturn(okJson("""
                {"entries":[
                 {"id":42,"occurred_at":"2026-12-03T09:00:00Z","actor":"ada lovelace","service":"user-service",
                  "method":"POST","path":"/admin/applications/7/api-key/rotate","query":null},
                 {"id":40,"occurred_at":"2026-12-03T08:00:00Z","actor":"ada lovelace","service":"token-service",
                  "method":"DELETE","path":"/admin/users/1000000042/lockout","query":"app_id=7"}],
                 "next_before":40}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Page page = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/audit?actor=ada+lovelace");
        assertEquals(200, page.status());
        Document html = page.document();
        assertEquals(List.of("2026-12-03T09:00:00Z", "ada lovelace", "POST /admin/applications/7/api-key/rotate",
                "user-service", "2026-12-03T08:00:00Z", "ada lovelace", "DELETE /admin/users/1000000042/lockout?app_id=7",
                "token-service"), html.select("tbody tr td").eachText());
        assertEquals("/console/audit?before=40&actor=ada+lovelace", html.select("a[rel=next]").attr("href"));
        assertEquals("ada lovelace", html.select("#actor").val());
        assertEquals("page", html.select("nav[aria-label=Main] a[href=/console/audit]").attr("aria-current"));
    }

    @Test
    void anOperatorFindsAUserByPhoneDigitsAndRemovesThemAfterConfirming() {
        String ada = """
                {"authy_id":1000000042,"email":"ada@example.com","phone":"XXX-XXX-0100","country_code":1,
                 "registered":true,"account_disabled":false,"created_at":"2026-12-01T08:00:00Z",
                 "devices":["android","authy"]}""";
        api.stubFor(get(urlPathEqualTo("/admin/applications/7/users")).withQueryParam("phone_last", equalTo("0100"))
                .willReturn(okJson("{\"users\":[" + ada + "],\"more\":false}")));
        api.stubFor(get(urlPathEqualTo("/admin/applications/7/users")).withQueryParam("authy_id", equalTo("1000000042"))
                .willReturn(okJson("{\"users\":[" + ada + "],\"more\":false}")));
        api.stubFor(delete("/admin/applications/7/users/1000000042")
                .willReturn(aResponse().withStatus(204)));
        ConsoleSession operator = new ConsoleSession(console);
        Page found = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"),
                "/console/users?app_id=7&by=phone_last&value=0100");
        Document html = found.document();
        assertEquals(List.of("1000000042", "ada@example.com", "+1 XXX-XXX-0100", "registered", "android, authy",
                "2026-12-01T08:00:00Z", "Remove…"), html.select("#users tbody tr").get(0).select("th, td").eachText());

        Page confirm = operator.get("/console/users/1000000042/remove?app_id=7");
        assertEquals(200, confirm.status());
        String action = "/console/users/1000000042/remove?app_id=7";
        Page removed = operator.post(action, ConsoleSession.hiddenFields(confirm.document(), action));
        assertEquals(303, removed.status());
        assertEquals("/console/users?app_id=7&done=removed", removed.header("Location"));
        api.verify(deleteRequestedFor(
                urlEqualTo("/admin/applications/7/users/1000000042"))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken)));

        Page notANumber = operator.get("/console/users?app_id=7&by=authy_id&value=ada");
        assertEquals(400, notANumber.status());
        assertEquals("An authy_id is a number.", notANumber.document().select("#value-error").text());
    }

    @Test
    void anOperatorLiftsAUsersLockoutAndRemovesOneOfTheirDevices() {
        api.stubFor(get(urlPathEqualTo("/admin/applications/7/users")).withQueryParam("authy_id", equalTo("1000000042"))
                .willReturn(okJson("""
                        {"users":[{"authy_id":1000000042,"email":"ada@example.com","phone":"XXX-XXX-0100",
                         "country_code":1,"registered":true,"account_disabled":false,
                         "created_at":"2026-12-01T08:00:00Z","devices":["android"],
                         "registered_at":"2026-12-02T09:00:00Z","registered_via":"device:android"}],"more":false}""")));
        api.stubFor(get("/admin/users/1000000042?app_id=7").willReturn(okJson("""
                {"authy_id":1000000042,"devices":[{"id":31,"os_type":"android","registration_method":"sms",
                 "registered_at":"2026-12-02T09:00:00Z"}],
                 "lockout":{"locked":true,"locked_until":"2026-12-03T10:15:00Z","failed_in_window":0,"max_failures":10}}""")));
        api.stubFor(delete("/admin/users/1000000042/lockout?app_id=7").willReturn(aResponse().withStatus(204)));
        api.stubFor(delete("/admin/users/1000000042/devices/31?app_id=7").willReturn(aResponse().withStatus(204)));
        ConsoleSession operator = new ConsoleSession(console);
        Page page = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"),
                "/console/users/1000000042?app_id=7");
        Document html = page.document();
        assertEquals("Locked until 2026-12-03T10:15:00Z: 10 wrong codes in a row.", html.select("#lockout-state").text());
        assertEquals("2026-12-02T09:00:00Z, by device:android", html.select("#registration").text());
        assertEquals(List.of("31", "android", "sms", "2026-12-02T09:00:00Z", "Remove device 31"),
                html.select("#devices tbody tr").get(0).select("th, td").eachText());

        String reset = "/console/users/1000000042/lockout/reset?app_id=7";
        Page unlocked = operator.post(reset, ConsoleSession.hiddenFields(html, reset));
        assertEquals("/console/users/1000000042?app_id=7&done=unlocked", unlocked.header("Location"));
        String removeDevice = "/console/users/1000000042/devices/31/remove?app_id=7";
        Page removed = operator.post(removeDevice, ConsoleSession.hiddenFields(html, removeDevice));
        assertEquals(303, removed.status());
        api.verify(deleteRequestedFor(urlEqualTo("/admin/users/1000000042/lockout?app_id=7"))
                .withHeader("Authorization", equalTo("Bearer " + operator.accessToken)));
        api.verify(deleteRequestedFor(urlEqualTo("/admin/users/1000000042/devices/31?app_id=7")));
    }

    @Test
    void aViewerFindsUsersButIsNotOfferedToRemoveThem() {
        api.stubFor(get(urlPathEqualTo("/admin/applications/7/users")).willReturn(okJson("""
                {"users":[{"authy_id":1000000042,"email":"ada@example.com","phone":"XXX-XXX-0100","country_code":1,
                 "registered":false,"account_disabled":false,"created_at":"2026-12-01T08:00:00Z","devices":[]}],
                 "more":true}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Page found = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"),
                "/console/users?app_id=7&by=email&value=ada%40example.com");
        Document html = found.document();
        assertEquals("1 user; more match: narrow the search", html.select("#users caption").text());
        assertTrue(html.select("a.danger").isEmpty());
        assertEquals(403, viewer.get("/console/users/1000000042/remove?app_id=7").status());
        api.verify(getRequestedFor(urlEqualTo("/admin/applications/7/users?email=ada%40example.com")));
    }

    @Test
    void importingIsForAdministratorsOnly() {
        ConsoleSession operator = new ConsoleSession(console);
        Page page = operator.logIn(identityProvider, "otto", Set.of("latchkey-operator"), "/console/applications");
        assertTrue(page.document().select("a[href=/console/import]").isEmpty());
        assertEquals(403, operator.get("/console/import").status());
    }

    @Test
    void deliveriesToANumberShowMaskedNumbersEveryAttemptAndTheApisReason() {
        api.stubFor(get(urlPathEqualTo("/admin/deliveries")).withQueryParam("destination", equalTo("+14155550100"))
                .willReturn(okJson("""
                        {"deliveries":[{"id":"n-1","application_id":7,"authy_id":1000000001,"channel":"sms",
                          "destination":"+1********00","kind":"otp","locale":"en","status":"failed",
                          "provider":"twilio","error_code":"30006","attempts":2,
                          "created_at":"2026-12-03T08:00:00Z","updated_at":"2026-12-03T08:01:00Z",
                          "attempt_log":[
                            {"number":1,"started_at":"2026-12-03T08:00:00Z","finished_at":"2026-12-03T08:00:00.250Z",
                             "outcome":"failed","error_code":"20429"},
                            {"number":2,"started_at":"2026-12-03T08:00:02Z","finished_at":"2026-12-03T08:00:02.120Z",
                             "outcome":"undelivered","error_code":"30006","provider_message_id":"SM1"}]}],
                         "next_before":null}""")));
        api.stubFor(get(urlPathEqualTo("/admin/deliveries")).withQueryParam("destination", equalTo("12ab"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"message":"Invalid parameter: destination - must be an E.164 number","success":false,
                         "errors":{"destination":"must be an E.164 number"},"error_code":"60004"}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Page page = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"),
                "/console/deliveries?destination=%2B14155550100");
        Document html = page.document();
        assertEquals("The latest messages to +1********00, newest first", html.select("caption").text());
        assertEquals(List.of("2026-12-03T08:00:00Z", "7 (user 1000000001)", "+1********00", "sms", "otp",
                "failed (error 30006)", "twilio"), html.select("#delivery-n-1 td").eachText().subList(0, 7));
        assertEquals(List.of("2026-12-03T08:00:00Z: failed (error 20429) (250 ms)",
                "2026-12-03T08:00:02Z: undelivered (error 30006) (120 ms)"), html.select("#delivery-n-1 .attempts li").eachText());
        assertFalse(html.select("table").text().contains("4155550100"), "numbers are shown masked");
        assertTrue(html.select("nav.pages a").isEmpty(), "one page only");

        Page refused = viewer.get("/console/deliveries?destination=12ab");
        assertEquals(400, refused.status());
        assertEquals("must be an E.164 number", refused.document().select("#destination-error").text());
    }

    @Test
    void anApplicationsDeliveriesPageBackInTime() {
        api.stubFor(get(urlPathEqualTo("/admin/deliveries")).withQueryParam("app_id", equalTo("7"))
                .withQueryParam("before", absent()).willReturn(okJson("""
                        {"deliveries":[{"id":"n-2","application_id":7,"authy_id":1000000002,"channel":"voice",
                          "destination":"+4*********12","kind":"otp","locale":"de","status":"queued",
                          "provider":"twilio","error_code":"20500","attempts":1,
                          "next_attempt_at":"2026-12-03T09:00:06Z",
                          "created_at":"2026-12-03T09:00:00Z","updated_at":"2026-12-03T09:00:01Z",
                          "attempt_log":[{"number":1,"started_at":"2026-12-03T09:00:00Z","outcome":"sending"}]}],
                         "next_before":"2026-12-03T09:00:00Z"}""")));
        api.stubFor(get(urlPathEqualTo("/admin/deliveries")).withQueryParam("app_id", equalTo("7"))
                .withQueryParam("before", equalTo("2026-12-03T09:00:00Z"))
                .willReturn(okJson("{\"deliveries\":[],\"next_before\":null}")));
        ConsoleSession viewer = new ConsoleSession(console);
        Document html = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/deliveries?app_id=7")
                .document();
        assertEquals("The latest messages of application 7, newest first", html.select("caption").text());
        assertEquals("1, next at 2026-12-03T09:00:06Z 2026-12-03T09:00:00Z: sending",
                html.select("#delivery-n-2 td").last().text());
        assertEquals(List.of("/console/deliveries?app_id=7&before=2026-12-03T09:00:00Z"),
                html.select("nav.pages a").eachAttr("href"));

        Document older = viewer.get("/console/deliveries?app_id=7&before=2026-12-03T09:00:00Z").document();
        assertEquals("No message before this page.", older.select(".empty").text());
        assertEquals(List.of("/console/deliveries?app_id=7"), older.select("nav.pages a").eachAttr("href"));
        api.verify(getRequestedFor(urlPathEqualTo("/admin/deliveries")).withQueryParam("limit", equalTo("50"))
                .withHeader("Authorization", equalTo("Bearer " + viewer.accessToken)));
    }
}
