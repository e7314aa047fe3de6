package io.latchkey.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for {@code api.twilio.com}: answers like Twilio's REST API (JSON of a created Message
 * or Call, a fresh SID each time, or Twilio's error bodies) and records every request. The service
 * reaches it through {@code latchkey.notifier.twilio.api-base-url}; tests steer and read it over
 * WireMock's admin API ({@link #client()}), which works whatever class loader runs the test.
 */
public class FakeTwilio implements QuarkusTestResourceLifecycleManager {

    public static final String ACCOUNT = "ACtest00000000000000000000000000";
    public static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
    public static final String CALLS_PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").globalTemplating(true));
        server.start();
        installDefaults(new WireMock("127.0.0.1", server.port()));
        return Map.of("latchkey.notifier.twilio.api-base-url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Every message and call is accepted unless a test stubs its number otherwise. */
    static void installDefaults(WireMock wireMock) {
        wireMock.register(post(urlPathMatching(".*/Messages\\.json")).atPriority(10).willReturn(created("SM", "queued")));
        wireMock.register(post(urlPathMatching(".*/Calls\\.json")).atPriority(10).willReturn(created("CA", "queued")));
    }

    /** The admin client of the running stand-in. */
    public static WireMock client() {
        String baseUrl = ConfigProvider.getConfig().getValue("latchkey.notifier.twilio.api-base-url", String.class);
        int port = Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
        return new WireMock("127.0.0.1", port);
    }

    /** Twilio's answer to a created resource: 201 with a new SID ({@code SM…} or {@code CA…}). */
    public static ResponseDefinitionBuilder created(String sidPrefix, String status) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"" + sidPrefix + "{{randomValue length=32 type='HEXADECIMAL'}}\","
                        + "\"account_sid\":\"" + ACCOUNT + "\",\"status\":\"" + status + "\","
                        + "\"date_created\":\"Sun, 22 Nov 2026 01:00:00 +0000\",\"api_version\":\"2010-04-01\"}");
    }

    /** Twilio's error body, e.g. 400/21211 or 429/20429. */
    public static ResponseDefinitionBuilder error(int httpStatus, int code, String message) {
        return aResponse().withStatus(httpStatus).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":"
                        + "\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + httpStatus + "}");
    }

    /** Answers the messages (or calls) to {@code to} with {@code answers} in turn, the last one from then on. */
    public static void answerInTurn(String pathRegex, String to, ResponseDefinitionBuilder... answers) {
        WireMock wireMock = client();
        String scenario = "to " + to + " " + pathRegex;
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer-" + i;
            ScenarioMappingBuilder mapping = post(urlPathMatching(pathRegex)).atPriority(1)
                    .withFormParam("To", WireMock.equalTo(to))
                    .inScenario(scenario).whenScenarioStateIs(state);
            if (i < answers.length - 1) {
                mapping = mapping.willSetStateTo("answer-" + (i + 1));
            }
            wireMock.register(mapping.willReturn(answers[i]));
        }
    }

    /** The requests the service made for messages or calls to {@code to}, oldest first. */
    public static List<LoggedRequest> requestsTo(String pathRegex, String to) {
        return client().find(WireMock.postRequestedFor(urlPathMatching(pathRegex))
                .withFormParam("To", WireMock.equalTo(to)));
    }

    /** The form fields of a recorded request, decoded. */
    public static Map<String, String> form(LoggedRequest request) {
        return request.formParameters().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().firstValue()));
    }
}
