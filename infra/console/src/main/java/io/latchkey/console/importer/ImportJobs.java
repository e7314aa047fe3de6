package io.latchkey.console.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.latchkey.console.ConsoleConfig;
import io.latchkey.console.web.ApiProblem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Imports running in the background, so that the page can show how far one has got (issue 16: progress for long
 * actions). The upload is copied aside and sent to user-service's import as the operator (their token, taken when
 * they started it) under an id of the console's ({@code ?import_id=}); user-service records the run's progress and
 * report, which the page reads from any console instance. This instance only streams the upload and reads the answer
 * to its end; a refusal that came before user-service recorded the run is kept here for the page, an hour.
 * At most {@link ConsoleConfig.Imports#atOnce()} run at once.
 */
@ApplicationScoped
public class ImportJobs {

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);
    static final String NDJSON = "application/x-ndjson";
    private static final Duration KEPT = Duration.ofHours(1);
    /** The gateway allows admin calls ten minutes; a little more, so that its answer is what the page shows. */
    private static final Duration LONGEST = Duration.ofMinutes(11);

    private record Refusal(ApiProblem problem, Instant at) {
    }

    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Semaphore running;

    @Inject
    ConsoleConfig config;

    @Inject
    ObjectMapper json;

    /** Refused: as many imports as allowed are running already. */
    public static final class Busy extends Exception {
        Busy() {
            super(null, null, false, false);
        }
    }

    /**
     * Starts importing {@code upload} (a CSV export, or JSON lines when {@code jsonLines}) into application
     * {@code applicationId}; the upload is copied, so the caller's temporary file may go when its request ends.
     *
     * @return the import's id, under which user-service records it
     */
    public String start(String accessToken, long applicationId, boolean jsonLines, boolean dryRun, Path upload)
            throws IOException, Busy {
        forgetOldRefusals();
        if (!running.tryAcquire()) {
            throw new Busy();
        }
        try {
            Path copy = Files.createTempFile("latchkey-import-", ".upload");
            Files.copy(upload, copy, StandardCopyOption.REPLACE_EXISTING);
            String id = UUID.randomUUID().toString();
            runner.submit(() -> {
                try {
                    run(id, accessToken, applicationId, jsonLines, dryRun, copy);
                } finally {
                    running.release();
                    delete(copy);
                }
            });
            return id;
        } catch (IOException | RuntimeException e) {
            running.release();
            throw e;
        }
    }

    /** Why this instance's upload of import {@code id} was refused before user-service recorded it, if it was. */
    public Optional<ApiProblem> refusal(String id) {
        return Optional.ofNullable(refusals.get(id)).map(Refusal::problem);
    }

    private void run(String id, String accessToken, long applicationId, boolean jsonLines, boolean dryRun, Path file) {
        try {
            URI uri = URI.create(config.imports().url().replaceAll("/+$", "") + "/admin/applications/" + applicationId
                    + "/users/import?dry_run=" + dryRun + "&import_id=" + id);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(LONGEST)
                    .header("Authorization", "Bearer " + accessToken)
                    .header("Content-Type", jsonLines ? NDJSON : "text/csv")
                    .header("Accept", NDJSON)
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                if (response.statusCode() != 200) {
                    refusals.put(id, new Refusal(ApiProblem.of(response.statusCode(), body(answer)), Instant.now()));
                    return;
                }
                // read to the end: user-service records each batch as it goes, and the run's end with the summary
                answer.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("import %s into application %d: the upload did not finish: %s", id, applicationId, e.toString());
            refusals.put(id, new Refusal(new ApiProblem(502, "The upload to the import did not finish ("
                    + e.getClass().getSimpleName() + "). Rows already imported stay; importing the file again updates them.",
                    Map.of()), Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<?, ?> body(InputStream answer) throws IOException {
        byte[] text = answer.readNBytes(65_536);
        try {
            return json.readValue(text, Map.class);
        } catch (IOException notJson) {
            return null;
        }
    }

    private void forgetOldRefusals() {
        Instant before = Instant.now().minus(KEPT);
        refusals.values().removeIf(refusal -> refusal.at().isBefore(before));
    }

    @PostConstruct
    void init() {
        running = new Semaphore(config.imports().atOnce());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("the import's copy %s was not deleted: %s", file, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
