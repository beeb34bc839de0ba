package dev.weft.engine.processing;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.JobStream;
import dev.weft.engine.api.StreamJobsCommand;
import dev.weft.engine.state.InstanceRuntime;
import dev.weft.engine.state.JobRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Hands jobs to workers the moment they become activatable: to an open job stream (push, activated inside the
 * same transaction that made the job activatable and delivered after commit), otherwise by waking up the long
 * polls waiting for that type.
 */
final class JobDispatcher implements BpmnBehavior.JobListener {

    /** Something waiting for jobs of a type: a long poll to re-run. */
    interface Waker {
        void jobsAvailable(String type);
    }

    final class Stream implements JobStream {
        final StreamJobsCommand command;
        final Consumer<ActivatedJob> sink;
        volatile boolean open = true;

        Stream(StreamJobsCommand command, Consumer<ActivatedJob> sink) {
            this.command = command;
            this.sink = sink;
        }

        @Override
        public void close() {
            open = false;
            List<Stream> list = streams.get(command.type());
            if (list != null) {
                list.remove(this);
            }
        }
    }

    private final Map<String, List<Stream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile Waker waker = type -> { };
    private volatile Consumer<Long> yielder = key -> { };

    void bind(Waker waker, Consumer<Long> yielder) {
        this.waker = waker;
        this.yielder = yielder;
    }

    JobStream open(StreamJobsCommand command, Consumer<ActivatedJob> sink) {
        Stream s = new Stream(command, sink);
        streams.computeIfAbsent(command.type(), k -> new CopyOnWriteArrayList<>()).add(s);
        return s;
    }

    /** One of the open streams of a type (round robin), or {@code null}. */
    Stream anyStream(String type) {
        List<Stream> list = streams.get(type);
        if (list == null || list.isEmpty()) {
            return null;
        }
        List<Stream> open = new ArrayList<>();
        for (Stream s : list) {
            if (s.open) {
                open.add(s);
            }
        }
        return open.isEmpty() ? null : open.get(Math.floorMod(roundRobin.getAndIncrement(), open.size()));
    }

    java.util.Set<String> streamTypes() {
        return streams.keySet();
    }

    boolean hasStreams(String type) {
        List<Stream> list = streams.get(type);
        return list != null && !list.isEmpty();
    }

    @Override
    public void jobCreated(Run run, JobRow job) {
        jobActivatable(run.batch(), job, run.instance());
    }

    /** A job just became activatable in this batch (created, timed out, retried, yielded...). */
    void jobActivatable(Batch batch, JobRow job, InstanceRuntime instance) {
        Stream stream = pick(job);
        if (stream == null || instance == null) {
            batch.announcedJobTypes.add(job.type); // for workers connected to other engines (see NodeWakeups)
            batch.onCommit(() -> waker.jobsAvailable(job.type));
            return;
        }
        long deadline = batch.now + stream.command.timeout().toMillis();
        batch.append(new Event.JobEvent(Event.JobIntent.ACTIVATED, job.key,
                JobValues.with(job, stream.command.worker(), job.retries, deadline, job.errorMessage, null, 0, 0)));
        ActivatedJob activated = toActivated(job, instance, stream.command.fetchVariables());
        batch.onCommit(() -> deliver(stream, activated));
    }

    private void deliver(Stream stream, ActivatedJob job) {
        try {
            if (!stream.open) {
                throw new IllegalStateException("stream closed");
            }
            stream.sink.accept(job);
        } catch (RuntimeException e) {
            // The worker is gone or cannot take it: drop the stream and give the job back (Zeebe's "yield").
            stream.close();
            yielder.accept(job.key());
        }
    }

    private Stream pick(JobRow job) {
        List<Stream> list = streams.get(job.type);
        if (list == null || list.isEmpty()) {
            return null;
        }
        List<Stream> candidates = new ArrayList<>();
        for (Stream s : list) {
            if (s.open && s.command.tenantIds().contains(job.tenantId)) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        return candidates.get(Math.floorMod(roundRobin.getAndIncrement(), candidates.size()));
    }

    static ActivatedJob toActivated(JobRow job, InstanceRuntime instance, List<String> fetchVariables) {
        Map<String, Object> visible = instance == null ? Map.of() : instance.visibleVariables(job.elementInstanceKey);
        Map<String, Object> vars;
        if (fetchVariables.isEmpty()) {
            vars = visible;
        } else {
            vars = new HashMap<>();
            for (String name : fetchVariables) {
                if (visible.containsKey(name)) {
                    vars.put(name, visible.get(name));
                }
            }
        }
        return new ActivatedJob(job.key, job.type, job.processInstanceKey, job.bpmnProcessId,
                job.processDefinitionVersion, job.processDefinitionKey, job.elementId, job.elementInstanceKey,
                job.customHeaders, job.worker, job.retries, job.deadline, vars, job.tenantId);
    }
}
