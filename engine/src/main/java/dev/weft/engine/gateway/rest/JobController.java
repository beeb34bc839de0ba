package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.common.JobHandOff;
import dev.weft.engine.gateway.common.Tenants;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.client.protocol.rest.ActivatedJobResult;
import io.camunda.client.protocol.rest.JobActivationRequest;
import io.camunda.client.protocol.rest.JobActivationResult;
import io.camunda.client.protocol.rest.JobChangeset;
import io.camunda.client.protocol.rest.JobCompletionRequest;
import io.camunda.client.protocol.rest.JobErrorRequest;
import io.camunda.client.protocol.rest.JobFailRequest;
import io.camunda.client.protocol.rest.JobKindEnum;
import io.camunda.client.protocol.rest.JobListenerEventTypeEnum;
import io.camunda.client.protocol.rest.JobUpdateRequest;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Jobs over REST: activation (long polling, like the gRPC call), completion, failure, BPMN error, and
 * {@code PATCH /v2/jobs/{key}} for retries and timeout.
 */
@RestController
@RequestMapping("/v2")
public final class JobController {

    /** Long-polling timeout when the client sends none or 0 (Zeebe's default). */
    static final Duration DEFAULT_LONG_POLLING_TIMEOUT = Duration.ofSeconds(10);
    /** Extra time the HTTP request may stay open beyond the long poll, so the engine's empty answer wins. */
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(5);
    /** Time for a closed connection's reset to come back after the first probing write. */
    private static final Duration PROBE_PAUSE = Duration.ofMillis(20);

    private final Engine engine;
    private final JobHandOff handOff;

    /** Polls answered sooner than this are sent directly; ones that waited longer first check their connection. */
    private final Duration probeAfter;

    public JobController(Engine engine) {
        this(engine, Duration.ofSeconds(1));
    }

    public JobController(Engine engine, Duration probeAfter) {
        this.engine = engine;
        this.handOff = new JobHandOff(engine);
        this.probeAfter = probeAfter;
    }

    @PostMapping("/jobs/activation")
    public DeferredResult<JobActivationResult> activate(@RequestBody JobActivationRequest body,
                                                        HttpServletResponse response) {
        ActivateJobsCommand command = command(body);
        DeferredResult<JobActivationResult> result = new DeferredResult<>(
                command.requestTimeout().plus(ASYNC_MARGIN).toMillis(), () -> new JobActivationResult().jobs(new ArrayList<>()));
        long started = System.nanoTime();
        CompletableFuture<List<ActivatedJob>> activation = engine.activateJobs(command);
        // The request ended without the engine's answer (an error, the async timeout): the engine stops waiting for
        // it, and jobs it activated for it meanwhile go back (see EngineImpl).
        result.onError(e -> activation.cancel(false));
        result.onTimeout(() -> activation.cancel(false));
        activation.whenComplete((jobs, failure) -> {
            if (failure instanceof CancellationException) {
                return;
            }
            if (failure != null) {
                result.setErrorResult(failure);
            } else if (jobs.isEmpty() || System.nanoTime() - started < probeAfter.toNanos()) {
                answer(result, jobs);
            } else {
                // A poll that waited may have lost its client meanwhile (HTTP/1.1 gives no sign of that while the
                // request waits): make sure the connection still takes data before handing it the jobs.
                Thread.ofVirtual().name("weft-rest-activation-probe").start(() -> {
                    if (clientGone(response)) {
                        handOff.giveBack(jobs, "The worker's job activation request lost its connection before the jobs could be sent");
                        try {
                            result.setResult(new JobActivationResult().jobs(new ArrayList<>()));
                        } catch (IllegalStateException alreadyFailed) {
                            // The container has already ended the request after the failed write; nothing to send.
                        }
                    } else {
                        answer(result, jobs);
                    }
                });
            }
        });
        return result;
    }

    private void answer(DeferredResult<JobActivationResult> result, List<ActivatedJob> jobs) {
        // setResult is false when the request already ended (async timeout): hand the jobs back.
        if (!result.setResult(new JobActivationResult().jobs(jobs.stream().map(JobController::job).toList())) && !jobs.isEmpty()) {
            handOff.giveBack(jobs, "The worker's job activation request ended before the jobs could be sent");
        }
    }

    /**
     * Whether the client's connection is gone. The first write to a connection the peer has closed still succeeds
     * (the peer's kernel answers it with a reset), so this writes a blank (JSON allows leading whitespace) and, a
     * moment later, another one: the second runs into the reset if nobody is listening. The response is committed
     * as the JSON 200 the jobs will be sent in.
     */
    private static boolean clientGone(HttpServletResponse response) {
        try {
            response.setStatus(200);
            response.setContentType("application/json");
            ServletOutputStream out = response.getOutputStream();
            out.write(' ');
            out.flush();
            Thread.sleep(PROBE_PAUSE.toMillis());
            out.write(' ');
            out.flush();
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @PostMapping("/jobs/{jobKey}/completion")
    public CompletableFuture<ResponseEntity<Void>> complete(@PathVariable("jobKey") long jobKey,
                                                            @RequestBody(required = false) JobCompletionRequest body) {
        Map<String, Object> variables = body == null ? Map.of() : VariablesJson.orEmpty(body.getVariables());
        return (body != null && body.getResult() != null
                ? engine.completeJob(jobKey, variables, JobResults.adHoc(body.getResult()))
                : engine.completeJob(jobKey, variables))
                .thenApply(ok -> ResponseEntity.noContent().build());
    }

    @PostMapping("/jobs/{jobKey}/failure")
    public CompletableFuture<ResponseEntity<Void>> fail(@PathVariable("jobKey") long jobKey,
                                                        @RequestBody(required = false) JobFailRequest body) {
        JobFailRequest request = body == null ? new JobFailRequest() : body;
        int retries = request.getRetries() == null ? 0 : request.getRetries();
        long backOff = request.getRetryBackOff() == null ? 0 : request.getRetryBackOff();
        if (retries < 0) {
            throw RestProblem.invalid("Expected property 'retries' to be 0 or greater, but was " + retries);
        }
        if (backOff < 0) {
            throw RestProblem.invalid("Expected property 'retryBackOff' to be 0 or greater, but was " + backOff);
        }
        return engine.failJob(jobKey, retries, request.getErrorMessage(), Duration.ofMillis(backOff),
                VariablesJson.orEmpty(request.getVariables())).thenApply(ok -> ResponseEntity.noContent().build());
    }

    @PostMapping("/jobs/{jobKey}/error")
    public CompletableFuture<ResponseEntity<Void>> error(@PathVariable("jobKey") long jobKey,
                                                         @RequestBody JobErrorRequest body) {
        if (body == null || body.getErrorCode() == null || body.getErrorCode().isBlank()) {
            throw RestProblem.invalid("Expected property 'errorCode' to be a non-empty error code, but it is missing");
        }
        return engine.throwError(jobKey, body.getErrorCode(), body.getErrorMessage(), VariablesJson.orEmpty(body.getVariables()))
                .thenApply(ok -> ResponseEntity.noContent().build());
    }

    @PatchMapping("/jobs/{jobKey}")
    public CompletableFuture<ResponseEntity<Void>> update(@PathVariable("jobKey") long jobKey,
                                                          @RequestBody JobUpdateRequest body) {
        JobChangeset changes = body == null ? null : body.getChangeset();
        if (changes == null || (changes.getRetries() == null && changes.getTimeout() == null)) {
            throw RestProblem.invalid("Expected property 'changeset' to change 'retries' or 'timeout', but it changes nothing");
        }
        if (changes.getRetries() != null && changes.getRetries() < 1) {
            throw RestProblem.invalid("Expected property 'changeset.retries' to be greater than 0, but was " + changes.getRetries());
        }
        if (changes.getTimeout() != null && changes.getTimeout() < 1) {
            throw RestProblem.invalid("Expected property 'changeset.timeout' to be greater than 0, but was " + changes.getTimeout());
        }
        CompletableFuture<Void> retries = changes.getRetries() == null ? CompletableFuture.completedFuture(null)
                : engine.updateJobRetries(jobKey, changes.getRetries());
        return retries.thenCompose(ok -> changes.getTimeout() == null ? CompletableFuture.<Void>completedFuture(null)
                        : engine.updateJobTimeout(jobKey, Duration.ofMillis(changes.getTimeout())))
                .thenApply(ok -> ResponseEntity.noContent().build());
    }

    private static ActivateJobsCommand command(JobActivationRequest body) {
        if (body == null) {
            throw RestProblem.invalid("Expected a job activation request as the body, but it is empty");
        }
        if (body.getType() == null || body.getType().isBlank()) {
            throw RestProblem.invalid("Expected property 'type' to be a non-empty job type, but it is missing");
        }
        if (body.getMaxJobsToActivate() == null || body.getMaxJobsToActivate() < 1) {
            throw RestProblem.invalid("Expected property 'maxJobsToActivate' to be greater than 0, but was " + body.getMaxJobsToActivate());
        }
        if (body.getTimeout() == null || body.getTimeout() < 1) {
            throw RestProblem.invalid("Expected property 'timeout' to be greater than 0, but was " + body.getTimeout());
        }
        long requestTimeout = body.getRequestTimeout() == null ? 0 : body.getRequestTimeout();
        // Zeebe: 0 means the default long-polling timeout, negative means answer at once.
        Duration wait = requestTimeout == 0 ? DEFAULT_LONG_POLLING_TIMEOUT : Duration.ofMillis(Math.max(0, requestTimeout));
        return new ActivateJobsCommand(body.getType(), body.getWorker(), Duration.ofMillis(body.getTimeout()),
                body.getMaxJobsToActivate(), body.getFetchVariable(), wait, Tenants.requireAll("tenantIds", body.getTenantIds()));
    }

    static ActivatedJobResult job(ActivatedJob job) {
        Map<String, Object> headers = new LinkedHashMap<>();
        if (job.customHeaders() != null) {
            headers.putAll(job.customHeaders());
        }
        return new ActivatedJobResult()
                .jobKey(RestValues.key(job.key()))
                .type(job.type())
                .processInstanceKey(RestValues.key(job.processInstanceKey()))
                .processDefinitionId(job.bpmnProcessId())
                .processDefinitionVersion(job.processDefinitionVersion())
                .processDefinitionKey(RestValues.key(job.processDefinitionKey()))
                .elementId(job.elementId())
                .elementInstanceKey(RestValues.key(job.elementInstanceKey()))
                .customHeaders(headers)
                .worker(job.worker())
                .retries(job.retries())
                .deadline(job.deadline())
                .variables(job.variables() == null ? Map.of() : job.variables())
                .tenantId(RestValues.tenant(job.tenantId()))
                .kind(JobKindEnum.BPMN_ELEMENT)
                .listenerEventType(JobListenerEventTypeEnum.UNSPECIFIED)
                .tags(new java.util.LinkedHashSet<>());
    }

    static List<ActivatedJobResult> jobs(List<ActivatedJob> jobs) {
        return jobs.stream().map(JobController::job).toList();
    }
}
