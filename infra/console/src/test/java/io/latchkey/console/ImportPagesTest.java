package io.latchkey.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

/**
 * The Authy migration upload: the console sends it to user-service's import in the background under an id of its
 * own, and the import's page follows the run user-service records under that id (its share of the file read, then
 * the report), from any console instance. user-service's ImportRunTest covers the recording itself.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(AdminApiStub.class)
class ImportPagesTest {

    static final String CSV = "authy_id,email,country_code,phone\n1635,a@example.com,1,4155550100\n1636,b@example,1,12\n";
    static final String IMPORT = "/admin/applications/7/users/import";
    static final Pattern RUN_PAGE = Pattern.compile(
            "/console/import/runs/([0-9a-f-]{36})\\?app_id=7&file=acme-export\\.csv&dry_run=true&started=(\\d+)");

    @OidcWireMock
    WireMockServer identityProvider;

    @TestHTTPResource("/")
    URI console;

    WireMockServer api;

    @BeforeEach
    void resetApi() {
        api = AdminApiStub.reset(ApplicationPagesTest.APP_7);
        api.stubFor(post(urlPathEqualTo(IMPORT)).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody("{\"summary\":{\"dry_run\":true,\"created\":0}}\n")));
    }

    @Test
    void anUploadGoesToTheImportAsTheOperatorAndThePageFollowsTheRunToItsReport() {
        ConsoleSession admin = new ConsoleSession(console);
        Page started = upload(admin);
        assertEquals(303, started.status(), started.body());
        Matcher location = RUN_PAGE.matcher(started.header("Location"));
        assertTrue(location.matches(), started.header("Location"));
        String id = location.group(1);
        String page = started.header("Location");

        // the upload, as it was, with the console's id for the run and the operator's own token (sent in the background)
        awaitUploads(1);
        api.verify(postRequestedFor(urlPathEqualTo(IMPORT)).withQueryParam("dry_run", equalTo("true"))
                .withQueryParam("import_id", equalTo(id)).withHeader("Content-Type", equalTo("text/csv"))
                .withHeader("Authorization", equalTo("Bearer " + admin.accessToken))
                .withRequestBody(equalTo(CSV)));

        // not recorded by user-service yet: starting, and the page asks for itself again
        Document starting = admin.get(page).document();
        assertEquals("Dry run of acme-export.csv into Acme Portal", starting.select("h1").text());
        assertEquals("Starting: the upload is on its way to the import.", starting.select("#import-status").text());
        assertEquals("every 1s", starting.select("#run").attr("hx-trigger"));

        // half way: the share read, and the page asks for itself again
        api.stubFor(get(IMPORT + "/" + id).willReturn(okJson(run(id, "running", 50, "null", "null"))));
        Document running = admin.get(page).document();
        assertEquals("Dry run of acme-export.csv into Acme Portal", running.select("h1").text());
        assertEquals("50", running.select("progress#import-progress").attr("value"));
        assertEquals("50 % read, 1 lines, started at 2026-12-03T10:00:00Z.", running.select("#import-status").text());
        assertEquals("every 1s", running.select("#run").attr("hx-trigger"));
        assertEquals(page, running.select("#run").attr("hx-get"));
        assertEquals(page, running.select("#run a").attr("href"), "a link to reload without JavaScript");

        api.stubFor(get(IMPORT + "/" + id).willReturn(okJson(run(id, "done", 100, """
                {"dry_run":true,"created":1,"updated":0,"unchanged":0,"rejected":1,\
                "rejected_by_reason":{"email is not an address":1},"seeds_imported":0,"reenrol":0}""",
                "[{\"line\":3,\"authy_id\":1636,\"reason\":\"email is not an address\"}]"))));
        Document done = admin.get(page).document();
        assertEquals(List.of("created 1", "updated 0", "unchanged 0", "rejected 1", "seeds imported 0", "reenrol 0"),
                done.select("#summary div").eachText());
        assertEquals(List.of("email is not an address: 1"), done.select("#reasons li").eachText());
        assertEquals(List.of("3", "1636", "email is not an address"), done.select("#rejected tbody td").eachText());
        assertTrue(done.select("[hx-trigger]").isEmpty(), "an ended import's page does not ask again");
    }

    @Test
    void aRunThatStoppedOrWasRefusedSaysWhy() {
        ConsoleSession admin = new ConsoleSession(console);
        String page = upload(admin).header("Location");
        Matcher location = RUN_PAGE.matcher(page);
        assertTrue(location.matches(), page);
        api.stubFor(get(IMPORT + "/" + location.group(1)).willReturn(okJson(run(location.group(1), "failed", 40, "null",
                "null").replace("\"failure\":null", "\"failure\":\"the import stopped: SocketException\""))));
        assertEquals("The import stopped (the import stopped: SocketException). Rows already imported stay; importing the "
                + "file again updates them.", admin.get(page).document().select("p.problem").text());

        // refused before user-service recorded a run: the instance that sent it tells, until then the page waits
        api.stubFor(post(urlPathEqualTo(IMPORT)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"message":"Invalid parameter: import_id - was used by another import","success":false,
                         "errors":{"import_id":"was used by another import"},"error_code":"60004"}""")));
        String refused = upload(admin).header("Location");
        Document shown = pageUntil(admin, refused, html -> !html.select("p.problem").isEmpty());
        assertEquals("Invalid parameter: import_id - was used by another import", shown.select("p.problem").text());

        // a run no instance knows of and user-service never recorded, a minute after its upload started
        String lost = "/console/import/runs/" + java.util.UUID.randomUUID() + "?app_id=7&file=lost.csv&dry_run=false&started="
                + Instant.now().minus(Duration.ofMinutes(2)).getEpochSecond();
        assertEquals("This import never started: it was refused or its service did not answer. Upload the file again.",
                admin.get(lost).document().select("p.problem").text());
    }

    @Test
    void withoutTheCsrfTokenTheUploadNeverReachesTheApi() {
        ConsoleSession admin = new ConsoleSession(console);
        admin.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/import?app_id=7");
        Map<String, String> fields = new LinkedHashMap<>(Map.of("app_id", "7", "format", "csv", "dry_run", "true"));
        assertEquals(403, admin.postFile("/console/import", fields, "file", "acme-export.csv", CSV).status());
        api.verify(0, postRequestedFor(urlPathEqualTo(IMPORT)));
    }

    private Page upload(ConsoleSession admin) {
        Page form = admin.accessToken == null
                ? admin.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/import?app_id=7")
                : admin.get("/console/import?app_id=7");
        Map<String, String> fields = new LinkedHashMap<>(ConsoleSession.hiddenFields(form.document(), "/console/import"));
        fields.putAll(Map.of("app_id", "7", "format", "csv", "dry_run", "true"));
        return admin.postFile("/console/import", fields, "file", "acme-export.csv", CSV);
    }

    private void awaitUploads(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.findAll(postRequestedFor(urlPathEqualTo(IMPORT))).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the upload never reached the import");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String run(String id, String state, int percent, String summary, String rejected) {
        return """
                {"id":"%s","app_id":7,"actor":"ada","dry_run":true,"state":"%s","bytes_total":90,"bytes_read":45,
                 "lines_read":1,"percent":%d,"started_at":"2026-12-03T10:00:00Z","updated_at":"%s",
                 "ended_at":null,"summary":%s,"rejected":%s,"failure":null}"""
                .formatted(id, state, percent, Instant.now(), summary, rejected);
    }

    /** Asks for the page as it asks for itself (htmx, every second; here every 50 ms) until it shows what is expected. */
    private static Document pageUntil(ConsoleSession session, String path, Predicate<Document> shows) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Document html = session.get(path).document();
            if (shows.test(html)) {
                return html;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the import's page never showed what was expected:\n" + html.select("main").html());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
