package io.latchkey.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** infra/container/Dockerfile.jvm: the one image definition of every component that runs. */
class ContainerImageTest {

    private static final ContainerImage IMAGE = ContainerImage.read();
    private static final Pattern BASE_IMAGE = Pattern.compile("BASE_IMAGE=(\\S+):(\\S+)");

    @Test
    void buildsOnAPinnedOpenJdk21RuntimeImage() {
        List<String> from = IMAGE.arguments("FROM");
        assertEquals(List.of("${BASE_IMAGE}"), from, "one stage, from the BASE_IMAGE argument");
        Matcher base = IMAGE.arguments("ARG").stream()
                .map(BASE_IMAGE::matcher)
                .filter(Matcher::matches)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ARG BASE_IMAGE=<image>:<tag>"));
        assertEquals("registry.access.redhat.com/ubi9/openjdk-21-runtime", base.group(1), "base image");
        assertTrue(base.group(2).matches("\\d+(\\.\\d+)+"), "the base image's tag is pinned to a version, not " + base.group(2));
    }

    @Test
    void copiesTheModulesQuarkusAppLayoutOwnedByTheRuntimeUser() {
        assertTrue(IMAGE.arguments("ARG").contains("MODULE"), "ARG MODULE (the module directory) without a default");
        List<String> copies = IMAGE.arguments("COPY");
        assertEquals(List.of(
                "--chown=185 ${MODULE}/target/quarkus-app/lib/ /deployments/lib/",
                "--chown=185 ${MODULE}/target/quarkus-app/*.jar /deployments/",
                "--chown=185 ${MODULE}/target/quarkus-app/app/ /deployments/app/",
                "--chown=185 ${MODULE}/target/quarkus-app/quarkus/ /deployments/quarkus/"), copies,
                "the fast-jar layout, third-party jars first");
    }

    @Test
    void runsQuarkusAsANonRootUserOnTheSamePortsInEveryImage() {
        assertEquals("185", IMAGE.user(), "the last USER");
        assertEquals(List.of("8080 9000"), IMAGE.arguments("EXPOSE"), "EXPOSE");
        Map<String, String> environment = IMAGE.environment();
        assertEquals("8080", environment.get("QUARKUS_HTTP_PORT"), "QUARKUS_HTTP_PORT");
        assertEquals("9000", environment.get("QUARKUS_MANAGEMENT_PORT"), "QUARKUS_MANAGEMENT_PORT");
        assertEquals("/deployments/quarkus-run.jar", environment.get("JAVA_APP_JAR"), "JAVA_APP_JAR");
        assertTrue(environment.getOrDefault("JAVA_OPTS_APPEND", "").contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"),
                "JAVA_OPTS_APPEND installs JBoss LogManager: " + environment.get("JAVA_OPTS_APPEND"));
        assertEquals(List.of("[ \"/opt/jboss/container/java/run/run-java.sh\" ]"), IMAGE.arguments("ENTRYPOINT"), "ENTRYPOINT");
    }

    @Test
    void theBuildContextHoldsEveryComponentsPackagedApplication() {
        List<String> ignore = ProjectFiles.read(ContainerImage.DOCKERIGNORE).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        assertEquals("*", ignore.getFirst(), "everything else stays out of the build context");
        for (Component component : Component.ALL) {
            assertTrue(ignore.contains("!" + component.module() + "/target/quarkus-app"),
                    ContainerImage.DOCKERIGNORE + " keeps " + component.module() + "/target/quarkus-app out of the context");
        }
        assertFalse(ignore.stream().skip(1).anyMatch(line -> !line.startsWith("!")),
                "after '*' only exceptions: " + ignore);
    }
}
