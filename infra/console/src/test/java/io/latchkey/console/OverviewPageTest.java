package io.latchkey.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.latchkey.console.ConsoleSession.Page;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The overview: each application's month and the totals, as a table and as a chart drawn on the server. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(AdminApiStub.class)
class OverviewPageTest {

    @OidcWireMock
    WireMockServer identityProvider;

    @TestHTTPResource("/")
    URI console;

    @BeforeEach
    void resetApi() {
        AdminApiStub.reset(ApplicationPagesTest.APP_7).stubFor(get(urlPathEqualTo("/admin/applications/stats")).willReturn(okJson("""
                {"month":"2026-11","applications":[
                 {"app_id":9,"name":"billing","verifications":{"valid":10,"invalid":5,"locked_out":1},
                  "sms_requested":4,"calls_requested":1,"api_calls":40,"new_users":2},
                 {"app_id":7,"name":"Acme Portal","verifications":{"valid":50,"invalid":0,"locked_out":0},
                  "sms_requested":30,"calls_requested":0,"api_calls":90,"new_users":11},
                 {"app_id":3,"name":"quiet","verifications":{"valid":0,"invalid":0,"locked_out":0},
                  "sms_requested":0,"calls_requested":0,"api_calls":0,"new_users":0}]}""")));
    }

    @Test
    void eachApplicationsMonthSideBySideWithTotalsAndAChartWithoutScript() {
        ConsoleSession viewer = new ConsoleSession(console);
        Page page = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/?month=2026-11");
        assertEquals(200, page.status());
        AdminApiStub.server.verify(getRequestedFor(urlEqualTo("/admin/applications/stats?month=2026-11"))
                .withHeader("Authorization", equalTo("Bearer " + viewer.accessToken)));
        Document html = page.document();
        assertEquals("Overview 2026-11 (UTC)", html.select("h1").text());
        assertEquals(List.of("60", "5", "1", "34", "1", "13"),
                html.select("#verifications-heading + .totals dd").eachText());
        // the busiest first
        assertEquals(List.of("Acme Portal", "billing", "quiet"), html.select("#stats tbody th").eachText());
        assertEquals(List.of("10", "5", "1", "4", "1", "2"), html.select("#stats tbody tr").get(1).select("td").eachText());

        Element chart = html.selectFirst("svg.chart");
        assertEquals("img", chart.attr("role"));
        assertEquals(List.of("Acme Portal: 50 valid, 0 invalid, 0 locked out",
                "billing: 10 valid, 5 invalid, 1 locked out", "quiet: 0 valid, 0 invalid, 0 locked out"),
                chart.select("g > title").eachText());
        // to scale: the largest total spans the bar area (640 - 180 - 8 units), the others in proportion
        assertEquals(List.of("452", "0", "0"), chart.select("g").get(0).select("rect").eachAttr("width"));
        assertEquals(List.of("90", "45", "9"), chart.select("g").get(1).select("rect").eachAttr("width"));
        assertEquals(List.of("180", "270", "315"), chart.select("g").get(1).select("rect").eachAttr("x"));
    }

    @Test
    void eachServicesDatabaseBrokerAndConsumerLag() {
        AdminApiStub.server.stubFor(get("/admin/status/token-service").willReturn(okJson("""
                {"service":"token-service","database":true,"broker":true,"broker_unavailable_since":null,"consumers":[
                 {"channel":"applications","group":"token-service","topics":["applications"],"lag":0},
                 {"channel":"users","group":"token-service","topics":["users"],"lag":42}]}""")));
        AdminApiStub.server.stubFor(get("/admin/status/push-service").willReturn(okJson("""
                {"service":"push-service","database":true,"broker":false,"broker_unavailable_since":"2026-12-03T09:00:00Z",
                 "consumers":[{"channel":"users","group":"push-service","topics":["users"],"lag":null}]}""")));
        AdminApiStub.server.stubFor(get("/admin/status/notifier-service").willReturn(aResponse().withStatus(503)));
        ConsoleSession viewer = new ConsoleSession(console);
        Document html = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/").document();
        assertEquals(List.of("user-service", "answers", "answers", "0 records",
                "token-service", "answers", "answers", "42 records",
                "push-service", "answers", "not answering since 2026-12-03T09:00:00Z", "unknown",
                "notifier-service", "did not answer"), html.select("#health tbody tr").select("th, td").eachText());
    }

    @Test
    void webhookBacklogAndFailingEndpointsNow() {
        AdminApiStub.server.stubFor(get(urlPathEqualTo("/admin/webhooks/stats")).willReturn(okJson("""
                {"applications":[
                 {"app_id":9,"backlog":0,"failing_endpoints":1,"disabled_endpoints":0,"callbacks_pending":0},
                 {"app_id":7,"backlog":12,"failing_endpoints":1,"disabled_endpoints":1,"callbacks_pending":2}]}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Document html = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/?month=2026-11").document();
        assertEquals(List.of("12", "2", "1", "2"), html.select("#outbound-heading + .totals dd").eachText());
        assertEquals(List.of("Acme Portal", "billing"), html.select("#outbound tbody th").eachText());
        assertEquals("/console/webhooks?app_id=7", html.select("#outbound tbody th a").get(0).attr("href"));
    }

    @Test
    void theMonthsSmsAndCallsByOutcomePerApplication() {
        AdminApiStub.server.stubFor(get(urlPathEqualTo("/admin/deliveries/stats")).willReturn(okJson("""
                {"month":"2026-11","applications":[
                 {"app_id":9,"sms":{"sent":4,"failed":1,"pending":0},"voice":{"sent":1,"failed":0,"pending":0}},
                 {"app_id":7,"sms":{"sent":28,"failed":2,"pending":1},"voice":{"sent":0,"failed":0,"pending":0}}]}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Document html = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/?month=2026-11").document();
        AdminApiStub.server.verify(getRequestedFor(urlEqualTo("/admin/deliveries/stats?month=2026-11")));
        assertEquals(List.of("32", "3", "1", "0", "1"), html.select("#deliveries-heading + .totals dd").eachText());
        assertEquals(List.of("Acme Portal", "billing"), html.select("#deliveries tbody th").eachText());
        assertEquals(List.of("28", "2", "0", "0", "1"), html.select("#deliveries tbody tr").get(0).select("td").eachText());

        AdminApiStub.server.stubFor(get(urlPathEqualTo("/admin/deliveries/stats")).willReturn(aResponse().withStatus(503)));
        assertEquals("notifier-service did not answer: delivery figures are not shown.",
                viewer.get("/console/?month=2026-11").document().select("#deliveries-heading + p").text());
    }

    @Test
    void theMonthsApprovalRequestsByStatusPerApplicationAndWithoutPushServiceThePageStands() {
        AdminApiStub.server.stubFor(get(urlPathEqualTo("/admin/onetouch/stats")).willReturn(okJson("""
                {"month":"2026-11","applications":[
                 {"app_id":9,"pending":1,"approved":2,"denied":0,"expired":0},
                 {"app_id":7,"pending":0,"approved":20,"denied":3,"expired":4},
                 {"app_id":12,"pending":0,"approved":0,"denied":0,"expired":1}]}""")));
        ConsoleSession viewer = new ConsoleSession(console);
        Document html = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/?month=2026-11").document();
        AdminApiStub.server.verify(getRequestedFor(urlEqualTo("/admin/onetouch/stats?month=2026-11")));
        assertEquals(List.of("1", "22", "3", "5"), html.select("#onetouch-heading + .totals dd").eachText());
        // named as user-service lists them (12 is gone from its list), the busiest first
        assertEquals(List.of("Acme Portal", "billing", "application 12"), html.select("#onetouch tbody th").eachText());
        assertEquals(List.of("0", "20", "3", "4"), html.select("#onetouch tbody tr").get(0).select("td").eachText());
        assertEquals("/console/onetouch/requests?app_id=7", html.select("#onetouch tbody th a").get(0).attr("href"));

        AdminApiStub.server.stubFor(get(urlPathEqualTo("/admin/onetouch/stats")).willReturn(aResponse().withStatus(503)));
        Page without = viewer.get("/console/?month=2026-11");
        assertEquals(200, without.status());
        assertEquals("push-service did not answer: OneTouch figures are not shown.",
                without.document().select("#onetouch-heading + p").text());
        assertEquals(List.of("Acme Portal", "billing", "quiet"), without.document().select("#stats tbody th").eachText());
    }
}
