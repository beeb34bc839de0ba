package dev.weft.hub.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.PulsarClientException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.pulsar.core.PulsarAdministration;

/**
 * Pulsar is healthy when its admin API lists the namespaces of tenant {@code public}: that needs a broker
 * that has finished starting and a reachable metadata store, which an open port alone does not prove.
 */
final class PulsarHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    static final String TENANT = "public";

    private final PulsarAdministration administration;
    private final String adminUrl;
    private final String serviceUrl;
    private final Duration timeout;
    private PulsarAdmin admin;

    PulsarHealthIndicator(PulsarAdministration administration, String adminUrl, String serviceUrl, Duration timeout) {
        super("Pulsar health check failed");
        this.administration = administration;
        this.adminUrl = adminUrl;
        this.serviceUrl = serviceUrl;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("adminUrl", adminUrl).withDetail("serviceUrl", serviceUrl);
        try {
            List<String> namespaces = admin().namespaces().getNamespacesAsync(TENANT)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up().withDetail("namespaces", namespaces);
        } catch (TimeoutException e) {
            builder.down().withDetail("error", "no answer from the admin API within " + timeout);
        }
    }

    /** One admin client for the hub's lifetime: creating one per check would start a new HTTP client each time. */
    private synchronized PulsarAdmin admin() throws PulsarClientException {
        if (admin == null) {
            admin = administration.createAdminClient();
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
