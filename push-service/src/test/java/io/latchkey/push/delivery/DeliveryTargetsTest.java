package io.latchkey.push.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A callback URL may not reach into private networks unless the installation allows it. */
class DeliveryTargetsTest {

    @Test
    void privateAndLocalTargetsAreRefusedUnlessAllowed() {
        for (String url : new String[] { "http://127.0.0.1:8080/cb", "http://localhost/cb", "http://10.1.2.3/cb",
                "http://192.168.1.10/cb", "http://172.16.0.5/cb", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/cb", "http://[fd00::1]/cb", "http://0.0.0.0/cb" }) {
            assertTrue(DeliveryTargets.refusal(url, false).isPresent(), url);
            assertEquals(Optional.empty(), DeliveryTargets.refusal(url, true), url);
        }
        assertEquals(Optional.empty(), DeliveryTargets.refusal("https://93.184.215.14/cb", false));
        assertTrue(DeliveryTargets.refusal("ftp://example.com/cb", true).isPresent());
        assertTrue(DeliveryTargets.refusal("not a url", true).isPresent());
    }
}
