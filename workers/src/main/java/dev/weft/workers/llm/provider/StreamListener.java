package dev.weft.workers.llm.provider;

/** Receives answer text as a stream arrives. Called on the calling thread, in order. */
@FunctionalInterface
public interface StreamListener {

    void onText(String delta);
}
