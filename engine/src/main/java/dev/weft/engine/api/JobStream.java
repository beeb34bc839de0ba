package dev.weft.engine.api;

/** An open push stream of jobs; closing it stops the pushes. Idempotent. */
public interface JobStream extends AutoCloseable {

    @Override
    void close();
}
