package dev.weft.engine.gateway.common;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives jobs back to the engine when they were activated for a client that is no longer there (the long poll was
 * cancelled, the gateway stopped). Without this they would stay locked until their timeout; failing them with
 * their retries unchanged and no back-off makes them activatable again at once, which is what Zeebe's gateway does.
 */
public final class JobHandOff {

    private static final Logger LOG = LoggerFactory.getLogger(JobHandOff.class);

    private final Engine engine;

    public JobHandOff(Engine engine) {
        this.engine = engine;
    }

    public void giveBack(List<ActivatedJob> jobs, String why) {
        for (ActivatedJob job : jobs) {
            engine.failJob(job.key(), job.retries(), why, Duration.ZERO, Map.of())
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            // The job becomes activatable again when its timeout passes; nothing is lost.
                            LOG.debug("Could not hand job {} back at once: {}", job.key(), failure.getMessage());
                        }
                    });
        }
    }
}
