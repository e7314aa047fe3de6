package io.latchkey.user.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    @Test
    void longLinesAreSkippedNotKept() throws IOException {
        BoundedLineReader lines = new BoundedLineReader(new BufferedReader(new StringReader(
                "short\r\n" + "x".repeat(50) + "\nexact\n\nlast")), 5);

        assertEquals(new BoundedLineReader.Line("short", false), lines.next());
        assertEquals(new BoundedLineReader.Line("", true), lines.next());
        assertEquals(new BoundedLineReader.Line("exact", false), lines.next());
        assertEquals(new BoundedLineReader.Line("", false), lines.next());
        assertEquals(new BoundedLineReader.Line("last", false), lines.next());
        assertNull(lines.next());
    }
}
