package io.latchkey.authy.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.authy.error.AuthyException;

class RailsParamsTest {

    private static Map<String, Object> form(String encoded) {
        Map<String, Object> params = new LinkedHashMap<>();
        RailsParams.parseFormEncoded(encoded, params);
        return params;
    }

    @Test
    void nestedKeysBecomeMaps() {
        assertEquals(Map.of("user", Map.of("email", "a@b.co", "cellphone", "555-123 4567", "country_code", "1")),
                form("user%5Bemail%5D=a%40b.co&user[cellphone]=555-123+4567&user[country_code]=1"));
    }

    @Test
    void emptyBracketsBuildListsOfMapsTheRailsWay() {
        assertEquals(Map.of("logos", List.of(Map.of("res", "default", "url", "u1"), Map.of("res", "low", "url", "u2"))),
                form("logos[][res]=default&logos[][url]=u1&logos[][res]=low&logos[][url]=u2"));
        assertEquals(Map.of("events", List.of("user_added", "user_removed")),
                form("events[]=user_added&events[]=user_removed"));
    }

    @Test
    void indexedKeysReadBackAsAList() {
        AuthyParams params = new AuthyParams();
        params.fill(form("logos[1][res]=low&logos[0][res]=default&logos[0][url]=u0"));
        assertEquals(List.of(Map.of("res", "default", "url", "u0"), Map.of("res", "low")), params.list("logos"));
    }

    @Test
    void jsonScalarsReadAsTextAndBodyWinsOverQuery() throws Exception {
        Map<String, Object> params = form("force=false&user[email]=query@x.co");
        RailsParams.mergeJson(new ObjectMapper().readTree(
                "{\"force\":true,\"user\":{\"country_code\":57,\"cellphone\":\"3001234567\"},\"x\":null}"), params);
        assertEquals(Map.of("force", "true", "user",
                Map.of("email", "query@x.co", "country_code", "57", "cellphone", "3001234567")), params);
    }

    @Test
    void booleansAcceptWhatClientsSend() {
        AuthyParams params = new AuthyParams();
        params.fill(form("a=True&b=1&c=false&d=0&e=&f=maybe"));
        assertEquals(true, params.flag("a", false));
        assertEquals(true, params.flag("b", false));
        assertEquals(false, params.flag("c", true));
        assertEquals(false, params.flag("d", true));
        assertEquals(true, params.flag("e", true));
        assertEquals(true, params.flag("missing", true));
        AuthyException invalid = assertThrows(AuthyException.class, () -> params.flag("f", false));
        assertEquals("60004", invalid.errorCode());
    }

    @Test
    void invalidUtf8AndBadEscapesAreAuthyErrors() {
        assertEquals("60005", assertThrows(AuthyException.class, () -> form("name=%C3%28")).errorCode());
        assertEquals("60002", assertThrows(AuthyException.class, () -> form("name=%zz")).errorCode());
        assertEquals("60002", assertThrows(AuthyException.class, () -> form("name=%4")).errorCode());
    }

    @Test
    void requiredNamesTheParameterTheRailsWay() {
        AuthyParams params = new AuthyParams();
        params.fill(form("user[email]=%20"));
        AuthyException missing = assertThrows(AuthyException.class, () -> params.required("user", "email"));
        assertEquals("Invalid parameter: user[email] - Parameter is required", missing.getMessage());
        assertEquals(400, missing.status());
    }

    @Test
    void errorBodyKeepsAuthyShapeWithStringErrorCode() {
        Map<String, Object> body = AuthyException.userNotFound().body();
        assertEquals(List.of("message", "success", "errors", "error_code"), List.copyOf(body.keySet()));
        assertEquals("60026", body.get("error_code"));
        assertEquals(Map.of("message", "User not found."), body.get("errors"));
    }
}
