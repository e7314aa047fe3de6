package io.latchkey.console;

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
                html.select(".totals dd").eachText());
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
}
