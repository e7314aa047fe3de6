package io.latchkey.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.gateway.AuthyRoutes;
import io.latchkey.gateway.AuthyRoutes.Service;
import io.restassured.response.Response;

/**
 * The gateway's route table against what the services really serve: every path in each service's OpenAPI
 * document (read from its management port) is owned by that service in the gateway's table, and a request for
 * it through the gateway reaches a service (its answer is the service's, never the gateway's own 404). The
 * table drifted once when a service grew a path; this fails the build the next time.
 */
@ExtendWith(Platform.Started.class)
@Order(5)
class GatewayRouteTableTest {

    private static final String GATEWAY_NOT_FOUND = "{\"message\":\"Not found\",\"success\":false,"
            + "\"errors\":{\"message\":\"Not found\"},\"error_code\":\"60000\"}";

    @Test
    void everyPathOfEveryServiceIsRoutedToThatService() throws Exception {
        Platform platform = Platform.get();
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Service> service : Map.of("user", Service.USER, "token", Service.TOKEN,
                "push", Service.PUSH, "notifier", Service.NOTIFIER).entrySet()) {
            String document = given().queryParam("format", "json")
                    .when().get(platform.managementUrlOf(service.getKey()) + "/openapi")
                    .then().statusCode(200).extract().asString();
            JsonNode paths = new ObjectMapper().readTree(document).path("paths");
            assertTrue(paths.size() > 0, service.getKey() + " publishes no paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                String concrete = concrete(path.getKey(), service.getKey());
                Optional<Service> owner = AuthyRoutes.owner(concrete);
                if (!owner.equals(Optional.of(service.getValue()))) {
                    wrong.add(path.getKey() + " of " + service.getKey() + "-service (as " + concrete + ") goes to "
                            + owner.map(Service::name).orElse("no service"));
                    continue;
                }
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                    String method = methods.next().toUpperCase();
                    if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        continue;
                    }
                    Response response = given().when().request(method, platform.baseUrl() + concrete);
                    String body = response.asString();
                    if (response.statusCode() == 503 || GATEWAY_NOT_FOUND.equals(body)) {
                        wrong.add(method + " " + concrete + " through the gateway: " + response.statusCode() + " " + body);
                    }
                    checked.add(method + " " + path.getKey());
                }
            }
        }
        assertEquals(List.of(), wrong, "paths the gateway does not route to their service");
        assertTrue(checked.size() > 40, "only " + checked.size() + " operations: " + checked);
    }

    /** A path template with a plausible value in each placeholder; {@code {service}} is the service's own name. */
    private static String concrete(String template, String service) {
        return template.replace("{format}", "json")
                .replace("{service}", service + "-service")
                .replaceAll("\\{[^}]*(uuid|Uuid)[^}]*}", UUID.randomUUID().toString())
                .replaceAll("\\{[^}]+}", "1");
    }
}
