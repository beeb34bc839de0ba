package dev.weft.engine.api;

import dev.weft.engine.processing.EngineImpl;

/** Starts engines. */
public final class Engines {

    private Engines() {
    }

    /**
     * Starts an engine on a database that has the Weft migrations applied. The engine begins processing at once;
     * close it to stop its threads.
     */
    public static Engine start(EngineConfig config) {
        return new EngineImpl(config);
    }
}
