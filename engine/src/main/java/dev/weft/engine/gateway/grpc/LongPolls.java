package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.common.JobHandOff;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ActivateJobs as server-streaming long polling. The engine waits for jobs up to the request timeout; the call then
 * answers with one message holding the jobs, or with no message at all when none came (what the Camunda client
 * expects). Calls still waiting when the gateway stops are completed empty, and jobs that arrive for a caller that
 * has gone are handed back.
 */
final class LongPolls {

    private final Engine engine;
    private final JobHandOff handOff;
    private final Set<Poll> open = ConcurrentHashMap.newKeySet();

    LongPolls(Engine engine, JobHandOff handOff) {
        this.engine = engine;
        this.handOff = handOff;
    }

    void activate(ActivateJobsCommand command, StreamObserver<ActivateJobsResponse> observer) {
        Poll poll = new Poll(observer);
        open.add(poll);
        if (observer instanceof ServerCallStreamObserver<ActivateJobsResponse> call) {
            call.setOnCancelHandler(poll::cancel);
        }
        engine.activateJobs(command).whenComplete((jobs, failure) -> {
            open.remove(poll);
            if (failure != null) {
                poll.fail(GrpcErrors.toStatus("ActivateJobs", failure));
            } else {
                poll.deliver(jobs);
            }
        });
    }

    /** Completes every waiting call without jobs; used on shutdown. */
    void completeAll() {
        for (Poll poll : List.copyOf(open)) {
            open.remove(poll);
            poll.deliver(List.of());
        }
    }

    private final class Poll {
        private final StreamObserver<ActivateJobsResponse> observer;
        private final AtomicBoolean answered = new AtomicBoolean();

        Poll(StreamObserver<ActivateJobsResponse> observer) {
            this.observer = observer;
        }

        void cancel() {
            answered.set(true);
        }

        void deliver(List<ActivatedJob> jobs) {
            if (!answered.compareAndSet(false, true)) {
                if (!jobs.isEmpty()) {
                    handOff.giveBack(jobs, "The worker's ActivateJobs call ended before the jobs could be sent");
                }
                return;
            }
            try {
                if (!jobs.isEmpty()) {
                    ActivateJobsResponse.Builder response = ActivateJobsResponse.newBuilder();
                    jobs.forEach(job -> response.addJobs(ProtoMapping.job(job)));
                    observer.onNext(response.build());
                }
                observer.onCompleted();
            } catch (RuntimeException e) {
                // The call was cancelled between the check and the send.
                handOff.giveBack(jobs, "The worker's ActivateJobs call ended before the jobs could be sent");
            }
        }

        void fail(RuntimeException status) {
            if (answered.compareAndSet(false, true)) {
                try {
                    observer.onError(status);
                } catch (RuntimeException ignored) {
                    // Already cancelled by the client; nothing to tell.
                }
            }
        }
    }
}
