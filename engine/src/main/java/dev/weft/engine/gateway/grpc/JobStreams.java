package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.JobStream;
import dev.weft.engine.api.StreamJobsCommand;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StreamActivatedJobs: pushes jobs to a worker as they become activatable. A stream is never ended with an error
 * (Camunda client 8.9 hangs on close when one is); when the worker goes away the engine stream is closed, and when
 * the gateway stops every stream is completed normally.
 */
final class JobStreams {

    private final Engine engine;
    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();

    JobStreams(Engine engine) {
        this.engine = engine;
    }

    void open(StreamJobsCommand command, StreamObserver<ActivatedJob> observer) {
        OpenStream stream = new OpenStream(observer);
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
        private volatile JobStream engineStream;
        private boolean ended;

        OpenStream(StreamObserver<ActivatedJob> observer) {
            this.observer = observer;
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
