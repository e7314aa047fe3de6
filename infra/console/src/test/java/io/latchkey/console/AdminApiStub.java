package io.latchkey.console;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The admin APIs as the gateway serves them, played by WireMock: the console's page tests set what each call answers
 * and check what the console sent (the operator's token, the settings). The services' own tests cover the APIs;
 * infra/system-tests drive the console against the real ones.
 */
public class AdminApiStub implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    /**
     * A fresh stub that knows {@code applications} (JSON objects, the first listed as application 7's) and an empty
     * month of statistics, deliveries and OneTouch figures, no webhook traffic and four healthy services: what every page's test starts from.
     */
    static WireMockServer reset(String application7, String... others) {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/admin/applications")).willReturn(okJson("[" + String.join(",",
                Stream.concat(Stream.of(others), Stream.of(application7))
                        .toList()) + "]")));
        server.stubFor(get("/admin/applications/7").willReturn(okJson(application7)));
        server.stubFor(get(urlPathEqualTo("/admin/applications/stats"))
                .willReturn(okJson("{\"month\":\"2026-12\",\"applications\":[]}")));
        server.stubFor(get(urlPathEqualTo("/admin/deliveries/stats"))
                .willReturn(okJson("{\"month\":\"2026-12\",\"applications\":[]}")));
        server.stubFor(get(urlPathEqualTo("/admin/webhooks/stats")).willReturn(okJson("{\"applications\":[]}")));
        for (String service : List.of("user-service", "token-service", "push-service", "notifier-service")) {
            server.stubFor(get("/admin/status/" + service).willReturn(okJson("{\"service\":\"" + service
                    + "\",\"database\":true,\"broker\":true,\"broker_unavailable_since\":null,\"consumers\":[]}")));
        }
        server.stubFor(get(urlPathEqualTo("/admin/onetouch/stats"))
                .willReturn(okJson("{\"month\":\"2026-12\",\"applications\":[]}")));
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("quarkus.rest-client.latchkey-api.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
