package io.latchkey.user.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads one line of a migration file: a JSON object per line ({@code application/x-ndjson}) or CSV
 * {@code authy_id,country_code,cellphone,email[,registered[,totp_seed,totp_digits,totp_period,totp_algorithm[,authy_app]]]}
 * with an optional header line and RFC 4180 quotes (empty fields are absent). Pure: no I/O, no CDI.
 */
final class ImportLineParser {

    static final String CSV_HEADER_START = "authy_id";

    private final ObjectMapper json;
    private final boolean csv;

    ImportLineParser(ObjectMapper json, boolean csv) {
        this.json = json;
        this.csv = csv;
    }

    /** Thrown for a line that cannot be read at all; the importer reports it as rejected and goes on. */
    static final class UnreadableLine extends Exception {
        UnreadableLine(String reason) {
            super(reason, null, false, false);
        }
    }

    boolean isHeader(long lineNumber, String line) {
        return csv && lineNumber == 1 && line.strip().toLowerCase(Locale.ROOT).startsWith(CSV_HEADER_START);
    }

    ImportRow parse(long lineNumber, String line) throws UnreadableLine {
        return csv ? parseCsv(lineNumber, line) : parseJson(lineNumber, line);
    }

    private ImportRow parseJson(long lineNumber, String line) throws UnreadableLine {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UnreadableLine("not a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new UnreadableLine("not a JSON object");
        }
        return new ImportRow(lineNumber, authyId(text(node.get("authy_id"))), text(node.get("country_code")),
                text(node.get("cellphone")), text(node.get("email")), flag(node.get("registered")),
                optional(node.get("totp_seed")), optional(node.get("totp_digits")), optional(node.get("totp_period")),
                optional(node.get("totp_algorithm")), flag(node.get("authy_app")));
    }

    private ImportRow parseCsv(long lineNumber, String line) throws UnreadableLine {
        List<String> fields = csvFields(line);
        if (fields.size() < 4 || fields.size() == 6 || fields.size() == 7 || fields.size() == 8 || fields.size() > 10) {
            throw new UnreadableLine("expected authy_id,country_code,cellphone,email"
                    + "[,registered[,totp_seed,totp_digits,totp_period,totp_algorithm[,authy_app]]]");
        }
        return new ImportRow(lineNumber, authyId(fields.get(0)), fields.get(1), fields.get(2), fields.get(3),
                fields.size() > 4 && flag(fields.get(4)), field(fields, 5), field(fields, 6), field(fields, 7),
                field(fields, 8), fields.size() > 9 && flag(fields.get(9)));
    }

    private static String field(List<String> fields, int index) {
        return index < fields.size() && !fields.get(index).isEmpty() ? fields.get(index) : null;
    }

    private static boolean flag(String value) {
        return List.of("true", "1", "yes").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean flag(JsonNode node) {
        return node != null && (node.asBoolean(false) || flag(node.asText()));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** An optional field: empty is absent. */
    private static String optional(JsonNode node) {
        String text = text(node);
        return text == null || text.isEmpty() ? null : text;
    }

    private static Long authyId(String value) throws UnreadableLine {
        String id = value == null ? "" : value.strip();
        if (!id.matches("\\d{1,10}") || Long.parseLong(id) < 1 || Long.parseLong(id) > Integer.MAX_VALUE) {
            // authy-java reads ids as int: an id must fit
            throw new UnreadableLine("authy_id must be a number from 1 to " + Integer.MAX_VALUE);
        }
        return Long.parseLong(id);
    }

    static List<String> csvFields(String line) throws UnreadableLine {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new UnreadableLine("unterminated quote");
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
