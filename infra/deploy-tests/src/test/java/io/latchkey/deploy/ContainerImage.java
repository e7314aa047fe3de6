package io.latchkey.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * infra/container/Dockerfile.jvm read as its instructions (comments dropped, continuation lines joined), enough
 * to check what the image promises: its base, user, ports and environment.
 *
 * @param instructions every instruction in order, e.g. {@code ["ARG", "MODULE"]}
 */
record ContainerImage(List<Instruction> instructions) {

    static final String DOCKERFILE = "infra/container/Dockerfile.jvm";
    /** BuildKit's ignore file for that Dockerfile (the build context is the repository root). */
    static final String DOCKERIGNORE = DOCKERFILE + ".dockerignore";

    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"([^\"]*)\"|'([^']*)'|(\\S*))");

    /** One instruction: its keyword in upper case and the rest of the line. */
    record Instruction(String keyword, String arguments) {
    }

    static ContainerImage read() {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : ProjectFiles.read(DOCKERFILE).lines().toList()) {
            String stripped = line.strip();
            if (pending.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                pending.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            pending.append(stripped);
            String[] parts = pending.toString().split("\\s+", 2);
            instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
            pending.setLength(0);
        }
        return new ContainerImage(List.copyOf(instructions));
    }

    List<String> arguments(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The environment the image sets (ENV KEY=VALUE ...), the last ENV of a key winning. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String arguments : arguments("ENV")) {
            Matcher pair = ENV_PAIR.matcher(arguments);
            boolean found = false;
            while (pair.find()) {
                found = true;
                String value = pair.group(3) != null ? pair.group(3) : pair.group(4) != null ? pair.group(4) : pair.group(5);
                environment.put(pair.group(1), value);
            }
            if (!found) {
                // the legacy form ENV KEY value
                String[] keyAndValue = arguments.split("\\s+", 2);
                environment.put(keyAndValue[0], keyAndValue.length > 1 ? keyAndValue[1] : "");
            }
        }
        return environment;
    }

    /** The user the container runs as: the last USER instruction. */
    String user() {
        List<String> users = arguments("USER");
        return users.isEmpty() ? "root" : users.getLast();
    }
}
