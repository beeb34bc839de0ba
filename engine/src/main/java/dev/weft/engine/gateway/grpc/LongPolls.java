package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.ActivateJobsCommand;
import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.common.JobHandOff;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
        Poll poll = new Poll(observer, command.type(), command.worker(), CallOrigin.current());
        open.add(poll);
        if (observer instanceof ServerCallStreamObserver<ActivateJobsResponse> call) {
            call.setOnCancelHandler(poll::cancel);
        }
        CompletableFuture<List<ActivatedJob>> jobs = engine.activateJobs(command);
        poll.engineCall = jobs;
        jobs.whenComplete((activated, failure) -> {
            open.remove(poll);
            if (failure instanceof CancellationException) {
                return; // the gateway gave the call up itself (client gone, worker closed) and has answered it
            }
            if (failure != null) {
                poll.fail(GrpcErrors.toStatus("ActivateJobs", failure));
            } else {
                poll.deliver(activated);
            }
        });
        if (poll.answered.get()) {
            jobs.cancel(false); // cancelled before the engine call existed
        }
    }

    /**
     * A worker's job stream ended: the Camunda client closes a worker's stream when the worker closes, but leaves
     * that worker's long poll running and still hands the jobs it returns to the closed worker's handler. Left
     * alone, that poll would take the next job of the type away from the workers still (or newly) listening, so the
     * waiting polls of the same type and worker name on the same connection are answered now, without jobs.
     */
    void abandon(String type, String worker, SocketAddress origin) {
        if (origin == null) {
            return;
        }
        for (Poll poll : List.copyOf(open)) {
            if (poll.type.equals(type) && poll.worker.equals(worker) && origin.equals(poll.origin)) {
                open.remove(poll);
                poll.giveUp();
            }
        }
    }

    /** Completes every waiting call without jobs; used on shutdown. */
    void completeAll() {
        for (Poll poll : List.copyOf(open)) {
            open.remove(poll);
            poll.giveUp();
        }
    }

    private final class Poll {
        private final StreamObserver<ActivateJobsResponse> observer;
        private final String type;
        private final String worker;
        private final SocketAddress origin;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile CompletableFuture<List<ActivatedJob>> engineCall;

        Poll(StreamObserver<ActivateJobsResponse> observer, String type, String worker, SocketAddress origin) {
            this.observer = observer;
            this.type = type;
            this.worker = worker == null ? "" : worker;
            this.origin = origin;
        }

        /** The client cancelled the call: the engine stops waiting for it (and hands back what it activated). */
        void cancel() {
            answered.set(true);
            CompletableFuture<List<ActivatedJob>> call = engineCall;
            if (call != null) {
                call.cancel(false);
            }
        }

        /** Answers the call without jobs and withdraws it from the engine. */
        void giveUp() {
            CompletableFuture<List<ActivatedJob>> call = engineCall;
            if (call == null || call.cancel(false)) {
                deliver(List.of());
            }
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
