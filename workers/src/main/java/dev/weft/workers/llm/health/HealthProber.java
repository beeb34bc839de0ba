package dev.weft.workers.llm.health;

import dev.weft.workers.llm.provider.LlmException;
import dev.weft.workers.llm.registry.Deployment;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: every enabled model is probed with its provider's cheapest call once per
 * {@code probeInterval}, by whichever replica claims the probe first. A serverless-GPU model that fails in a
 * way a cold start explains (timeout, connection, 5xx) is "warming" for {@code coldStartGrace} and only then
 * counts as failed, so scaling to zero does not open its breaker.
 */
public final class HealthProber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);

    private final ModelRegistry registry;
    private final ProviderClients clients;
    private final HealthStore store;
    private ScheduledExecutorService scheduler;

    public HealthProber(ModelRegistry registry, ProviderClients clients, HealthStore store) {
        this.registry = registry;
        this.clients = clients;
        this.store = store;
    }

    /** Probes every model that is due now; returns the ids this replica probed. */
    public List<String> probeDue() {
        Map<String, ProviderSpec> providers = registry.providers().stream()
                .collect(Collectors.toMap(ProviderSpec::id, Function.identity()));
        List<String> probed = new ArrayList<>();
        for (ModelSpec m : registry.models()) {
            if (!m.enabled() || !providers.containsKey(m.providerId())) {
                continue;
            }
            Duration lease = m.probeTimeout().plusSeconds(5);
            if (!store.claimProbe(m.id(), m.probeInterval(), lease)) {
                continue;
            }
            store.recordProbe(m.id(), probe(m, providers.get(m.providerId())));
            probed.add(m.id());
        }
        return probed;
    }

    private ProbeOutcome probe(ModelSpec m, ProviderSpec provider) {
        try {
            clients.client(provider, m.probeTimeout()).probe(m.providerModel());
            return new ProbeOutcome.Ok();
        } catch (LlmException e) {
            String detail = e.failure().errorClass() + ": " + e.failure().message();
            if (m.deployment() == Deployment.SERVERLESS_GPU && e.failure().retryable()) {
                Instant since = store.read(m.id()).warmingSince();
                Instant now = store.clock().instant();
                if (since == null || now.isBefore(since.plus(m.coldStartGrace()))) {
                    return new ProbeOutcome.Warming(detail);
                }
            }
            return new ProbeOutcome.Failed(detail);
        } catch (RuntimeException e) {
            // A credential that cannot be resolved is a failed probe, not a crashed prober.
            return new ProbeOutcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Probes in the background every {@code tick}; due-ness is still decided per model. */
    public synchronized HealthProber start(Duration tick) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "weft-llm-health-prober");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    probeDue();
                } catch (RuntimeException e) {
                    LOG.warn("Health probe round failed: {}", e.getMessage());
                }
            }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
