package io.latchkey.load.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

class PhoneBlockTest {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void numbersAreDistinctValidAndSpreadOverTheArea() throws Exception {
        Setup.PhoneBlock block = new Setup.PhoneBlock("415");
        Set<String> numbers = new HashSet<>();
        Map<String, Integer> perRange = new HashMap<>();
        for (long n = 0; n < 20_000; n++) {
            String e164 = block.e164(n);
            assertTrue(numbers.add(e164), "number " + n + " repeats " + e164);
            assertTrue(PHONES.isValidNumber(PHONES.parse(e164, null)), e164 + " is not a valid number");
            assertEquals(e164, "+1" + block.dashed(n).replace("-", ""));
            // token-service's ranges: the first 7 digits, country code included
            perRange.merge(e164.substring(1, 8), 1, Integer::sum);
        }
        assertEquals(693, perRange.size());
        assertTrue(perRange.values().stream().allMatch(count -> count <= 29), "a range got more than its share: " + perRange);
    }
}
