package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.assertRejected;
import static dev.weft.engine.testing.EngineHarness.await;
import static dev.weft.engine.testing.EngineHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.JobStream;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.api.StreamJobsCommand;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries, back-off, incidents, timeouts, long polling, push streams and two engines on one database. */
class JobLifecycleTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_jobs");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static void deployOneTask(String id, String type) {
        h.deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("task", t -> t.zeebeJobType(type).zeebeJobRetries("2")).endEvent().done());
    }

    private List<IncidentView> incidents(long pi) {
        return await(h.engine.searchIncidents(new IncidentFilter(pi, dev.weft.engine.api.IncidentState.ACTIVE, null, null),
                Page.DEFAULT)).items();
    }

    @Test
    void shouldMakeAFailedJobActivatableAgainWhileRetriesAreLeft() {
        deployOneTask("retry", "retry-work");
        long pi = h.create("retry");
        ActivatedJob job = h.activateOne("retry-work");
        assertThat(job.retries()).isEqualTo(2);
        await(h.engine.failJob(job.key(), 1, "boom", Duration.ZERO, Map.of("attempt", 1)));
        ActivatedJob again = h.activateOne("retry-work");
        assertThat(again.key()).isEqualTo(job.key());
        assertThat(again.retries()).isEqualTo(1);
        assertThat(again.variables()).containsEntry("attempt", 1L);
        h.complete(again, Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldWaitForTheRetryBackOffBeforeReactivating() {
        deployOneTask("backoff", "backoff-work");
        h.create("backoff");
        ActivatedJob job = h.activateOne("backoff-work");
        // long enough that the immediate poll below cannot race the back-off even on a loaded machine
        await(h.engine.failJob(job.key(), 1, "later", Duration.ofSeconds(2), Map.of()));
        assertThat(h.activate("backoff-work", 1)).isEmpty();
        // the scheduler brings it back after the back-off; a long poll is woken by that
        assertThat(h.activateOne("backoff-work").key()).isEqualTo(job.key());
    }

    @Test
    void shouldRaiseAnIncidentWhenNoRetriesAreLeftAndResolveItAfterRetriesAreUpdated() {
        deployOneTask("no-retries", "no-retries-work");
        long pi = h.create("no-retries");
        ActivatedJob job = h.activateOne("no-retries-work");
        await(h.engine.failJob(job.key(), 0, "database down", Duration.ZERO, Map.of()));
        List<IncidentView> incidents = incidents(pi);
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("JOB_NO_RETRIES");
            assertThat(i.errorMessage()).isEqualTo("database down");
            assertThat(i.jobKey()).isEqualTo(job.key());
        });
        assertThat(h.activate("no-retries-work", 1)).isEmpty();
        assertRejected(h.engine.resolveIncident(incidents.get(0).key()), RejectionType.INVALID_STATE, "has no retries left");

        await(h.engine.updateJobRetries(job.key(), 3));
        await(h.engine.resolveIncident(incidents.get(0).key()));
        assertThat(incidents(pi)).isEmpty();
        ActivatedJob again = h.activateOne("no-retries-work");
        assertThat(again.retries()).isEqualTo(3);
        h.complete(again, Map.of());
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldRejectInvalidRetriesAndUnknownIncidents() {
        deployOneTask("invalid-retries", "invalid-retries-work");
        h.create("invalid-retries");
        ActivatedJob job = h.activateOne("invalid-retries-work");
        assertRejected(h.engine.updateJobRetries(job.key(), 0), RejectionType.INVALID_ARGUMENT,
                "with a positive amount of retries, but the amount given was '0'");
        assertRejected(h.engine.resolveIncident(987654321L), RejectionType.NOT_FOUND,
                "Expected to resolve incident with key '987654321', but no such incident was found");
    }

    @Test
    void shouldHandATimedOutJobToAnotherWorker() {
        deployOneTask("timeout", "timeout-work");
        h.create("timeout");
        List<ActivatedJob> first = await(h.engine.activateJobs(
                new ActivateJobsCommand("timeout-work", "slow", Duration.ofMillis(200), 1)));
        assertThat(first).hasSize(1);
        ActivatedJob second = h.activateOne("timeout-work");
        assertThat(second.key()).isEqualTo(first.get(0).key());
        assertThat(second.worker()).isEqualTo("test-worker");
    }

    @Test
    void shouldExtendTheDeadlineWithUpdateTimeout() {
        deployOneTask("extend", "extend-work");
        h.create("extend");
        ActivatedJob job = await(h.engine.activateJobs(
                new ActivateJobsCommand("extend-work", "w", Duration.ofMinutes(5), 1))).get(0);
        await(h.engine.updateJobTimeout(job.key(), Duration.ofMillis(100)));
        assertThat(h.activateOne("extend-work").key()).isEqualTo(job.key());
    }

    @Test
    void shouldAnswerALongPollWhenAJobIsCreatedLater() {
        deployOneTask("long-poll", "long-poll-work");
        CompletableFuture<List<ActivatedJob>> poll = h.engine.activateJobs(new ActivateJobsCommand("long-poll-work",
                "w", Duration.ofMinutes(1), 5, List.of(), Duration.ofSeconds(20), null));
        assertThat(poll).isNotDone();
        long pi = h.create("long-poll");
        List<ActivatedJob> jobs = await(poll);
        assertThat(jobs).singleElement().satisfies(j -> assertThat(j.processInstanceKey()).isEqualTo(pi));
    }

    @Test
    void shouldAnswerAnExpiredLongPollWithNoJobs() {
        List<ActivatedJob> jobs = await(h.engine.activateJobs(new ActivateJobsCommand("nothing-ever", "w",
                Duration.ofMinutes(1), 5, List.of(), Duration.ofMillis(200), null)));
        assertThat(jobs).isEmpty();
    }

    @Test
    void shouldPushJobsToAnOpenStreamAndOnlyFetchTheRequestedVariables() {
        deployOneTask("push", "push-work");
        List<ActivatedJob> pushed = new CopyOnWriteArrayList<>();
        try (JobStream stream = h.engine.openJobStream(new StreamJobsCommand("push-work", "streamer",
                Duration.ofMinutes(1), List.of("a"), null), pushed::add)) {
            long pi = h.create("push", Map.of("a", 1, "b", 2));
            eventually("the job is pushed", () -> !pushed.isEmpty());
            ActivatedJob job = pushed.get(0);
            assertThat(job.processInstanceKey()).isEqualTo(pi);
            assertThat(job.worker()).isEqualTo("streamer");
            assertThat(job.variables()).containsExactly(Map.entry("a", 1L));
            assertThat(h.activate("push-work", 5)).as("a pushed job is locked").isEmpty();
            h.complete(job, Map.of());
            assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        }
    }

    @Test
    void shouldGiveAJobBackWhenTheStreamCannotTakeIt() {
        deployOneTask("yield", "yield-work");
        try (JobStream stream = h.engine.openJobStream(new StreamJobsCommand("yield-work", "broken",
                Duration.ofMinutes(1), List.of(), null), j -> {
            throw new IllegalStateException("worker gone");
        })) {
            h.create("yield");
            ActivatedJob job = h.activateOne("yield-work");
            assertThat(job.worker()).isEqualTo("test-worker");
        }
    }

    @Test
    void shouldNeverHandOneJobToTwoWorkersAcrossTwoEngines() throws Exception {
        deployOneTask("two-engines", "two-engines-work");
        try (Engine other = h.startAnother(7)) {
            int n = 40;
            for (int i = 0; i < n; i++) {
                h.create("two-engines");
            }
            Set<Long> seen = Collections.synchronizedSet(new HashSet<>());
            List<Long> duplicates = new CopyOnWriteArrayList<>();
            List<CompletableFuture<List<ActivatedJob>>> polls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Engine e = i % 2 == 0 ? h.engine : other;
                polls.add(e.activateJobs(new ActivateJobsCommand("two-engines-work", "w" + i, Duration.ofMinutes(1), 6)));
            }
            for (CompletableFuture<List<ActivatedJob>> p : polls) {
                for (ActivatedJob j : await(p)) {
                    if (!seen.add(j.key())) {
                        duplicates.add(j.key());
                    }
                }
            }
            assertThat(duplicates).isEmpty();
            assertThat(seen).hasSize(n);
            // completions through either engine finish every instance
            List<CompletableFuture<Void>> done = new ArrayList<>();
            int i = 0;
            for (Long key : seen) {
                done.add((i++ % 2 == 0 ? h.engine : other).completeJob(key, Map.of()));
            }
            done.forEach(EngineHarness::await);
            var active = await(h.engine.searchProcessInstances(new dev.weft.engine.api.ProcessInstanceFilter(
                    "two-engines", -1, dev.weft.engine.api.ProcessInstanceState.ACTIVE, -1), Page.DEFAULT));
            assertThat(active.total()).isZero();
        }
    }
}
