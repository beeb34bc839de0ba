package dev.weft.bench.engine.flowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A remote worker for one Flowable topic: it acquires external worker jobs and completes them over Flowable's
 * external worker REST API (HTTP/1.1 with JSON, like Flowable's own external worker clients), never through the
 * engine's Java API.
 *
 * <p>Concurrency mirrors the Camunda job workers of the Weft run: one acquiring thread per job type, at most
 * {@link #MAX_JOBS_ACTIVE} jobs held at once, completions sent asynchronously. Flowable has no job push, so the worker
 * polls: as long as jobs come back it asks again at once, and when none do it backs off from 1 ms to at most
 * {@link #MAX_IDLE_POLL_MS} ms, so waiting between polls is small next to a job's round trip.
 */
public final class FlowableHttpWorker implements AutoCloseable {

    /** The Weft run's {@code maxJobsActive}. */
    public static final int MAX_JOBS_ACTIVE = 256;
    /** Most jobs asked for per acquire request (halved after a short answer, doubled again after a full one). */
    public static final int BATCH = 32;
    /** Longest pause between two acquire requests that found nothing. */
    public static final int MAX_IDLE_POLL_MS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String topic;
    private final String workerId;
    private final Semaphore active = new Semaphore(MAX_JOBS_ACTIVE);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** Starts polling {@code topic} at {@code baseUrl} (see {@link FlowableJobRestServer#baseUrl()}). */
    public FlowableHttpWorker(HttpClient http, String baseUrl, String topic) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.topic = topic;
        this.workerId = "bench-worker-" + topic;
        this.poller = Thread.ofPlatform().name("flowable-worker-" + topic).daemon().start(this::pollLoop);
    }

    /** Jobs this worker has completed (the engine answered 204). */
    public long completed() {
        return completed.get();
    }

    /** Requests that did not succeed, and the first one's reason (null if none). */
    public long failures() {
        return failures.get();
    }

    public String firstFailure() {
        return firstFailure.get();
    }

    private void pollLoop() {
        int idleMs = 0;
        int batch = BATCH;
        while (running) {
            int wanted = 0;
            try {
                wanted = Math.min(batch, Math.max(1, active.availablePermits()));
                active.acquire(wanted);
                String body = JSON.createObjectNode()
                        .put("topic", topic)
                        .put("workerId", workerId)
                        .put("lockDuration", "PT" + FlowableBenchmark.JOB_LOCK_SECONDS + "S")
                        .put("numberOfTasks", wanted)
                        .toString();
                HttpResponse<String> response = http.send(post("/acquire/jobs", body),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    fail("acquire " + topic + ": HTTP " + response.statusCode() + " " + response.body());
                    active.release(wanted);
                    TimeUnit.MILLISECONDS.sleep(100);
                    continue;
                }
                JsonNode jobs = JSON.readTree(response.body());
                active.release(wanted - jobs.size());
                // A batch holding a job whose process instance is locked (an exclusive sibling job is held or
                // being completed) fails as a whole and comes back empty; smaller batches get past it.
                batch = jobs.size() == wanted ? Math.min(BATCH, batch * 2) : Math.max(1, batch / 2);
                for (JsonNode job : jobs) {
                    complete(job.get("id").asText());
                }
                if (jobs.isEmpty()) {
                    idleMs = Math.min(MAX_IDLE_POLL_MS, Math.max(1, idleMs * 2));
                    TimeUnit.MILLISECONDS.sleep(idleMs);
                } else {
                    idleMs = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                active.release(wanted);
                if (running) {
                    fail("acquire " + topic + ": " + e);
                }
            }
        }
    }

    private void complete(String jobId) {
        String body = JSON.createObjectNode().put("workerId", workerId).toString();
        http.sendAsync(post("/acquire/jobs/" + jobId + "/complete", body), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> {
                    active.release();
                    if (error != null) {
                        fail("complete " + topic + " job " + jobId + ": " + error);
                    } else if (response.statusCode() != 204) {
                        fail("complete " + topic + " job " + jobId + ": HTTP " + response.statusCode() + " "
                                + response.body());
                    } else {
                        completed.incrementAndGet();
                    }
                });
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private void fail(String reason) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, reason);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(TimeUnit.SECONDS.toMillis(10));
    }
}
