package io.latchkey.token.phoneverification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The code HMAC key is decoded and checked once, at start-up; a bad one stops the service with a clear message. */
class CodeHasherTest {

    @Test
    void aValidKeyDecodes() {
        assertEquals(33, CodeHasher.decodeKey("dGVzdC1vbmx5LWNvZGUtaG1hYy1rZXktMzItYnl0ZXMh").getEncoded().length);
    }

    @Test
    void notBase64StopsTheStart() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> CodeHasher.decodeKey("not base64!"));
        assertTrue(error.getMessage().contains("latchkey.codes.hmac-key"), error.getMessage());
        assertTrue(error.getMessage().contains("base64"), error.getMessage());
    }

    @Test
    void aShortKeyStopsTheStart() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> CodeHasher.decodeKey("c2hvcnQ="));
        assertTrue(error.getMessage().contains("at least 32 bytes"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> CodeHasher.decodeKey(""));
        assertThrows(IllegalStateException.class, () -> CodeHasher.decodeKey(null));
    }
}
