package dev.weft.workers.llm.health;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, so no test depends on wall-clock time. */
public final class MutableClock implements InstantSource {

    private volatile Instant now = Instant.parse("2026-11-27T12:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }
}
