package io.latchkey.user.importer;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Lines of an upload, each at most {@code maxChars} long: a longer line is skipped to its end without
 * being kept, so a file without newlines cannot fill the heap ({@link BufferedReader#readLine()} would
 * hold the whole of it).
 */
final class BoundedLineReader {

    record Line(String text, boolean tooLong) {
    }

    private final BufferedReader in;
    private final int maxChars;

    BoundedLineReader(BufferedReader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its line break, or null at the end of the input. */
    Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        boolean tooLong = false;
        boolean readAnything = false;
        int c;
        while ((c = in.read()) != -1) {
            readAnything = true;
            if (c == '\n') {
                break;
            }
            if (c == '\r' || tooLong) {
                continue;
            }
            if (text.length() == maxChars) {
                tooLong = true;
                text.setLength(0);
                continue;
            }
            text.append((char) c);
        }
        return readAnything ? new Line(tooLong ? "" : text.toString(), tooLong) : null;
    }
}
