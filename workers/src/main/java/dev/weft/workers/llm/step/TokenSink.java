package dev.weft.workers.llm.step;

import dev.weft.workers.job.JobContext;

/**
 * Where {@code weft.llm} nodes with {@code stream = true} send answer text as it arrives: the hub connects it to
 * the run trace ({@link RedisTokenSink}, read by the designer's SSE stream). Called on the worker thread, in
 * order; must not block and must not throw.
 */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = (context, seq, delta) -> { };

    /**
     * @param context the job the text belongs to
     * @param seq     position of this delta in the job's answer, from 0, without gaps
     * @param delta   the new text
     */
    void onToken(JobContext context, int seq, String delta);
}
