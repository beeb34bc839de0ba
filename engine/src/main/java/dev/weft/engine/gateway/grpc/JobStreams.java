package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.JobStream;
import dev.weft.engine.api.StreamJobsCommand;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StreamActivatedJobs: pushes jobs to a worker as they become activatable. A stream is never ended with an error
 * (Camunda client 8.9 hangs on close when one is); when the worker goes away the engine stream is closed, and when
 * the gateway stops every stream is completed normally.
 */
final class JobStreams {

    /** Told when a worker closes its stream (see {@link LongPolls#abandon}). */
    interface Departures {
        void workerLeft(String type, String worker, SocketAddress origin);
    }

    private final Engine engine;
    private final Departures departures;
    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();

    JobStreams(Engine engine, Departures departures) {
        this.engine = engine;
        this.departures = departures;
    }

    void open(StreamJobsCommand command, StreamObserver<ActivatedJob> observer) {
        OpenStream stream = new OpenStream(observer, command, CallOrigin.current());
        if (observer instanceof ServerCallStreamObserver<ActivatedJob> call) {
            call.setOnCancelHandler(stream::cancelled);
        }
        open.add(stream);
        stream.attach(engine.openJobStream(command, stream::push));
    }

    int openCount() {
        return open.size();
    }

    /** Closes every stream and completes it normally; used on shutdown. */
    void completeAll() {
        for (OpenStream stream : List.copyOf(open)) {
            stream.complete();
        }
    }

    private final class OpenStream {
        private final StreamObserver<ActivatedJob> observer;
        private final StreamJobsCommand command;
        private final SocketAddress origin;
        private volatile JobStream engineStream;
        private boolean ended;

        OpenStream(StreamObserver<ActivatedJob> observer, StreamJobsCommand command, SocketAddress origin) {
            this.observer = observer;
            this.command = command;
            this.origin = origin;
        }

        void attach(JobStream stream) {
            boolean endedBeforeAttach;
            synchronized (this) {
                engineStream = stream;
                endedBeforeAttach = ended;
            }
            if (endedBeforeAttach) {
                stream.close();
            }
        }

        /** Called from engine threads. Throwing hands the job back to the engine (its "yield"). */
        void push(dev.weft.engine.api.ActivatedJob job) {
            ActivatedJob message = ProtoMapping.job(job);
            synchronized (this) {
                if (ended) {
                    throw new IllegalStateException("The job stream of worker '" + job.worker() + "' is closed");
                }
                observer.onNext(message);
            }
        }

        void cancelled() {
            synchronized (this) {
                ended = true;
            }
            release();
            departures.workerLeft(command.type(), command.worker() == null ? "" : command.worker(), origin);
        }

        void complete() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                try {
                    observer.onCompleted();
                } catch (RuntimeException ignored) {
                    // The client went away at the same moment; the stream is over either way.
                }
            }
            release();
        }

        private void release() {
            open.remove(this);
            JobStream stream = engineStream;
            if (stream != null) {
                stream.close();
            }
        }
    }
}
