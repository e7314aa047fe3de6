package io.latchkey.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(AdminApiStub.class)
class ApplicationPagesTest {

    static final String APP_7 = """
            {"id":7,"name":"Acme Portal","token_length":7,"sms_enabled":true,"voice_enabled":false,
             "onetouch_enabled":true,"generic_authenticator_enabled":true,"force_by_default":false,
             "onetouch_callback_url":"https://acme.example/onetouch","onetouch_callback_method":"POST",
             "default_locale":null,"allowed_countries":["US","CA"],"onetouch_number_matching":false,
             "onetouch_max_seconds_to_expire":0,"install_link_url":null,
             "onetouch_logos":[{"res":"default","url":"https://acme.example/logo.png"}],"revision":3}""";
    static final String APP_9 = """
            {"id":9,"name":"billing","token_length":6,"sms_enabled":false,"voice_enabled":true,
             "onetouch_enabled":false,"generic_authenticator_enabled":false,"force_by_default":true,
             "onetouch_callback_url":null,"onetouch_callback_method":"POST","default_locale":"de",
             "allowed_countries":[],"onetouch_number_matching":false,"onetouch_max_seconds_to_expire":0,"revision":1}""";

    @OidcWireMock
    WireMockServer identityProvider;

    @TestHTTPResource("/")
    URI console;

    WireMockServer api;

    @BeforeEach
    void resetApi() {
        api = AdminApiStub.reset(APP_7, APP_9);
    }

    ConsoleSession.Page logIn(String user, String role, String path) {
        return new ConsoleSession(console).logIn(identityProvider, user, Set.of(role), path);
    }

    @Test
    void everyPageNeedsALoggedInOperator() {
        Page page = new ConsoleSession(console).get("/console/applications");
        assertEquals(302, page.status());
        assertTrue(page.header("Location").contains("/auth/realms/quarkus"), page.header("Location"));
        api.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void manyApplicationsArePagedInTheOrderTheyWereMade() {
        String fifty = IntStream.rangeClosed(1, 51).mapToObj(id -> ("{\"id\":%d,\"name\":\"app %02d\",\"token_length\":7,"
                + "\"sms_enabled\":true,\"voice_enabled\":true,\"onetouch_enabled\":true}").formatted(id, id))
                .collect(Collectors.joining(",", "[", "]"));
        api.stubFor(get(urlPathEqualTo("/admin/applications")).withQueryParam("limit", equalTo("51"))
                .willReturn(okJson(fifty)));
        api.stubFor(get(urlPathEqualTo("/admin/applications")).withQueryParam("after", equalTo("50"))
                .willReturn(okJson("[{\"id\":51,\"name\":\"app 51\",\"token_length\":7}]")));
        ConsoleSession viewer = new ConsoleSession(console);
        Document first = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/applications").document();
        assertEquals(50, first.select("tbody tr").size());
        assertEquals("/console/applications?after=50", first.select("a[rel=next]").attr("href"));
        Document second = viewer.get("/console/applications?after=50").document();
        assertEquals(List.of("app 51"), second.select("tbody th[scope=row]").eachText());
        assertEquals("/console/applications", second.select("nav[aria-label=Pages] a").attr("href"));
        assertTrue(second.select("a[rel=next]").isEmpty());
    }

    @Test
    void aViewerSeesTheApplicationsButNoControlToChangeThem() {
        ConsoleSession viewer = new ConsoleSession(console);
        Page page = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/applications");
        assertEquals(200, page.status());
        Document html = page.document();
        assertEquals("Applications · Latchkey console", html.title());
        assertEquals(List.of("Acme Portal", "billing"), html.select("tbody th[scope=row]").eachText());
        assertEquals(List.of("7", "7", "SMS authenticator OneTouch", "POST https://acme.example/onetouch"),
                html.select("tbody tr").get(0).select("td").eachText());
        assertTrue(html.select("a[href=/console/applications/new]").isEmpty(), "a viewer is not offered to create");
        assertEquals("vera viewer Log out", html.select("header .operator").text());
        // the console called the API as the operator
        assertTrue(html.select("a[rel=next]").isEmpty(), "one page");
        api.verify(getRequestedFor(urlEqualTo("/admin/applications?limit=51"))
                .withHeader("Authorization", equalTo("Bearer " + viewer.accessToken)));

        Page detail = viewer.get("/console/applications/7");
        assertEquals(200, detail.status());
        assertTrue(detail.document().select("fieldset").stream().allMatch(f -> f.hasAttr("disabled")),
                "a viewer's settings are read-only");
        assertTrue(detail.document().select("button").isEmpty());

        Page refused = viewer.get("/console/applications/new");
        assertEquals(403, refused.status());
        assertEquals("Your role does not allow this.", refused.document().select(".problem p").text());
    }

    @Test
    void anAdminCreatesAnApplicationAndSeesItsKeysOnce() {
        api.stubFor(post("/admin/applications").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"application":%s,"api_key":"k3y-the-api-key-0123456789abcdefghijkl",
                         "access_key":"the-access-key","api_signing_key":"the-signing-key"}"""
                        .formatted(APP_7))));
        ConsoleSession admin = new ConsoleSession(console);
        Page form = admin.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/applications/new");
        Document html = form.document();
        assertEquals("New application · Latchkey console", html.title());
        Map<String, String> fields = new HashMap<>(ConsoleSession.hiddenFields(html, "/console/applications"));
        assertEquals(Set.of("csrf_token"), fields.keySet());
        fields.putAll(Map.of("name", "Acme Portal", "token_length", "7", "sms_enabled", "true",
                "onetouch_enabled", "true", "generic_authenticator_enabled", "true",
                "onetouch_callback_url", "https://acme.example/onetouch", "onetouch_callback_method", "POST",
                "allowed_countries", "us, CA", "default_locale", "", "onetouch_max_seconds_to_expire", ""));

        Page keys = admin.post("/console/applications", fields);
        assertEquals(200, keys.status(), keys.body());
        assertEquals("no-store", keys.header("Cache-Control"));
        assertEquals("k3y-the-api-key-0123456789abcdefghijkl", keys.document().select("#api-key").text());
        assertEquals("the-access-key", keys.document().select("#access-key").text());
        assertEquals("the-signing-key", keys.document().select("#api-signing-key").text());
        api.verify(postRequestedFor(urlEqualTo("/admin/applications"))
                .withHeader("Authorization", equalTo("Bearer " + admin.accessToken))
                .withRequestBody(equalToJson("""
                        {"name":"Acme Portal","token_length":7,"sms_enabled":true,"voice_enabled":false,
                         "onetouch_enabled":true,"generic_authenticator_enabled":true,"force_by_default":false,
                         "onetouch_callback_url":"https://acme.example/onetouch","onetouch_callback_method":"POST",
                         "default_locale":"","allowed_countries":["us","CA"],"onetouch_number_matching":false,
                         "install_link_url":"","onetouch_logos":[]}""")));

        // the keys are in that answer only: the application's page never shows them
        Page settings = admin.get("/console/applications/7");
        assertFalse(settings.body().contains("k3y-the-api-key"));
        assertFalse(settings.body().contains("the-signing-key"));
    }

    @Test
    void aChangeWithoutTheBrowsersCsrfTokenIsRefusedBeforeAnyApiCall() {
        ConsoleSession admin = new ConsoleSession(console);
        Page form = admin.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/applications/7");
        String token = ConsoleSession.hiddenFields(form.document(), "/console/applications/7").get("csrf_token");
        assertEquals(43, token.length());

        Page missing = admin.post("/console/applications/7", Map.of("name", "Forged"));
        assertEquals(403, missing.status());
        assertTrue(missing.document().select(".problem p").text().startsWith("This form has expired"));
        Page wrong = admin.post("/console/applications/7", Map.of("name", "Forged", "csrf_token",
                "A".repeat(43)));
        assertEquals(403, wrong.status());
        // another browser (an attacker's page cannot read this one's cookie) has its own token
        ConsoleSession other = new ConsoleSession(console);
        Page theirs = other.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/applications/7");
        String theirToken = ConsoleSession.hiddenFields(theirs.document(), "/console/applications/7").get("csrf_token");
        assertFalse(token.equals(theirToken));
        assertEquals(403, admin.post("/console/applications/7", Map.of("name", "Forged", "csrf_token", theirToken))
                .status());
        api.verify(0, putRequestedFor(anyUrl()));

        api.stubFor(put("/admin/applications/7").willReturn(okJson(APP_7)));
        Page saved = admin.post("/console/applications/7", Map.of("name", "Acme Portal", "csrf_token", token));
        assertEquals(303, saved.status());
        api.verify(1, putRequestedFor(urlEqualTo("/admin/applications/7")));
    }

    @Test
    void anAdminChangesTheOneTouchCallbackAndTheApisReasonsShowBesideTheirFields() {
        ConsoleSession admin = new ConsoleSession(console);
        Page form = admin.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/applications/7");
        Map<String, String> fields = new HashMap<>(ConsoleSession.hiddenFields(form.document(),
                "/console/applications/7"));
        fields.putAll(Map.of("name", "Acme Portal", "token_length", "7", "onetouch_enabled", "true",
                "onetouch_callback_url", "ftp://acme.example/x", "onetouch_callback_method", "GET"));
        assertEquals("https://acme.example/logo.png", form.document().select("#logo_default").val(), "the logos it has");
        assertEquals("", form.document().select("#install_link_url").val(), "none of its own: the installation's");
        fields.put("logo_default", form.document().select("#logo_default").val());
        fields.put("logo_high", "https://acme.example/logo@3x.png");
        fields.put("install_link_url", "https://acme.example/get-the-app");

        api.stubFor(put("/admin/applications/7").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"message":"Invalid parameter: onetouch_callback_url - must be an http or https URL",
                         "success":false,"errors":{"onetouch_callback_url":"must be an http or https URL",
                         "message":"Invalid parameter: onetouch_callback_url - must be an http or https URL"},
                         "error_code":"60004"}""")));
        Page refused = admin.post("/console/applications/7", fields);
        assertEquals(400, refused.status());
        Document html = refused.document();
        assertEquals("Invalid parameter: onetouch_callback_url - must be an http or https URL",
                html.select("p.problem").text());
        assertEquals("must be an http or https URL", html.select("#onetouch_callback_url-error").text());
        assertEquals("ftp://acme.example/x", html.select("#onetouch_callback_url").val(), "what was typed stays");
        assertEquals("GET", html.select("#onetouch_callback_method option[selected]").val());

        api.stubFor(put("/admin/applications/7").willReturn(okJson(APP_7)));
        fields.put("onetouch_callback_url", "https://acme.example/approved");
        Page saved = admin.post("/console/applications/7", fields);
        assertEquals(303, saved.status());
        assertEquals("/console/applications/7?saved=true", saved.header("Location"));
        api.verify(putRequestedFor(urlEqualTo("/admin/applications/7"))
                .withHeader("Authorization", equalTo("Bearer " + admin.accessToken))
                .withRequestBody(equalToJson("""
                        {"name":"Acme Portal","token_length":7,"sms_enabled":false,"voice_enabled":false,
                         "onetouch_enabled":true,"generic_authenticator_enabled":false,"force_by_default":false,
                         "onetouch_callback_url":"https://acme.example/approved","onetouch_callback_method":"GET",
                         "default_locale":"","allowed_countries":[],"onetouch_number_matching":false,
                         "install_link_url":"https://acme.example/get-the-app",
                         "onetouch_logos":[{"res":"default","url":"https://acme.example/logo.png"},
                                           {"res":"high","url":"https://acme.example/logo@3x.png"}]}""")));
        assertEquals("Settings saved.", admin.get("/console/applications/7?saved=true").document()
                .select(".notice").text());
    }

    @Test
    void deletingAnApplicationNeedsItsNameTyped() {
        api.stubFor(delete("/admin/applications/7").willReturn(aResponse().withStatus(204)));
        ConsoleSession admin = new ConsoleSession(console);
        Page confirm = admin.logIn(identityProvider, "ada", Set.of("latchkey-admin"), "/console/applications/7/delete");
        Map<String, String> fields = new HashMap<>(ConsoleSession.hiddenFields(confirm.document(),
                "/console/applications/7/delete"));

        fields.put("confirm_name", "Acme");
        Page refused = admin.post("/console/applications/7/delete", fields);
        assertEquals(400, refused.status());
        assertEquals("does not match the application's name", refused.document().select("#confirm_name-error").text());
        api.verify(0, deleteRequestedFor(anyUrl()));

        fields.put("confirm_name", "Acme Portal");
        Page deleted = admin.post("/console/applications/7/delete", fields);
        assertEquals(303, deleted.status());
        assertEquals("/console/applications?deleted=Acme+Portal", deleted.header("Location"));
        api.verify(1, deleteRequestedFor(urlEqualTo("/admin/applications/7")));
        assertEquals("Application Acme Portal deleted.",
                admin.get("/console/applications?deleted=Acme+Portal").document().select(".notice").text());
    }

    @Test
    void pagesForbidInlineScriptsAndFramingAndServeHtmxThemselves() {
        ConsoleSession viewer = new ConsoleSession(console);
        Page page = viewer.logIn(identityProvider, "vera", Set.of("latchkey-viewer"), "/console/");
        assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                page.header("Content-Security-Policy"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        Document html = page.document();
        assertEquals("Overview · Latchkey console", html.title());
        assertEquals(1, html.select("main#main").size());
        assertEquals(1, html.select("nav[aria-label=Main]").size());
        assertTrue(html.select("script:not([src])").isEmpty(), "no inline script");
        String htmx = html.select("script[src]").attr("src");
        assertEquals(200, viewer.get(htmx).status(), htmx);
        assertEquals(200, viewer.get(html.select("link[rel=stylesheet]").attr("href")).status());
    }
}
