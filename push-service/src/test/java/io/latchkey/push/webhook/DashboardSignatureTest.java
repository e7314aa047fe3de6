package io.latchkey.push.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.latchkey.push.webhook.DashboardSignature.Param;

/** The signed parameter string of Authy's "Signing Requests" document, and what the signature covers. */
class DashboardSignatureTest {

    @Test
    void theDocumentsExampleSortsAndEncodesAsPublished() {
        // the document's example: {b: "val|ue&2", a: "value1"} -> a=value1&b=val%7Cue%262
        assertEquals("a=value1&b=val%7Cue%262",
                DashboardSignature.canonicalQueries(List.of(new Param("b", "val|ue&2"), new Param("a", "value1"))).iterator().next());
        // arrays keep their order under the sort by name; spaces are +
        assertEquals("events%5B%5D=user_removed&events%5B%5D=user_added&name=my+hook",
                DashboardSignature.canonicalQueries(List.of(new Param("name", "my hook"), new Param("events[]", "user_removed"),
                        new Param("events[]", "user_added"))).iterator().next());
    }

    @Test
    void theSignatureCoversKeyNonceMethodUrlAndEveryParameter() {
        List<Param> params = List.of(new Param("access_key", "ak"), new Param("app_api_key", "key"));
        String url = "https://2fa.example.com/dashboard/json/application/webhooks";
        String signature = io.latchkey.push.delivery.StandardWebhooks.hmacBase64("signing",
                "1427849783.886085|GET|" + url + "|access_key=ak&app_api_key=key");
        assertTrue(DashboardSignature.matches("signing", signature, "1427849783.886085", "GET", Set.of(url), params));
        assertFalse(DashboardSignature.matches("other", signature, "1427849783.886085", "GET", Set.of(url), params));
        assertFalse(DashboardSignature.matches("signing", signature, "1427849783.886086", "GET", Set.of(url), params));
        assertFalse(DashboardSignature.matches("signing", signature, "1427849783.886085", "POST", Set.of(url), params));
        assertFalse(DashboardSignature.matches("signing", signature, "1427849783.886085", "GET", Set.of(url + "/x"), params));
        assertFalse(DashboardSignature.matches("signing", signature, "1427849783.886085", "GET", Set.of(url),
                List.of(new Param("access_key", "ak"), new Param("app_api_key", "key"), new Param("name", "x"))));
    }
}
