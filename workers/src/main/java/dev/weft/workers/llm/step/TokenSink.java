package dev.weft.workers.llm.step;

import dev.weft.workers.job.JobContext;

/**
 * Where {@code weft.llm} nodes with {@code stream = true} send answer text as it arrives: the hub connects it to
 * the run trace (SSE). Called on the worker thread, in order; must not block for long.
 */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = (context, delta) -> { };

    void onToken(JobContext context, String delta);
}
