package dev.weft.workers.llm.health;

import java.time.Instant;

/**
 * What the replicas together know about one model endpoint.
 *
 * @param modelId         registry id
 * @param breaker         circuit breaker status
 * @param trialLeaseUntil while set and in the future, one replica owns the half-open trial
 * @param errorRateEwma   exponentially weighted failure rate of live calls, 0..1
 * @param latencyEwmaMs   exponentially weighted latency of successful calls; null before the first one
 * @param calls           live calls seen
 * @param failures        live calls failed
 * @param lastError       error class and message of the last failure
 * @param lastProbeAt     when the last probe finished
 * @param lastProbeOk     its result; null before the first probe
 * @param warmingSince    first failed probe of a serverless model that is probably starting up
 */
public record ModelHealth(String modelId, BreakerStatus breaker, Instant trialLeaseUntil, double errorRateEwma,
                          Double latencyEwmaMs, long calls, long failures, String lastError, Instant lastProbeAt,
                          Boolean lastProbeOk, Instant warmingSince) {

    public static ModelHealth unknown(String modelId) {
        return new ModelHealth(modelId, BreakerStatus.INITIAL, null, 0, null, 0, 0, null, null, null, null);
    }

    /** Whether routing may pick this model now (an open breaker whose cool-down passed offers a trial). */
    public boolean routable(CircuitBreaker breakerPolicy, Instant now) {
        BreakerStatus s = breakerPolicy.advance(breaker, now);
        return switch (s.state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> trialLeaseUntil == null || !trialLeaseUntil.isAfter(now);
        };
    }
}
