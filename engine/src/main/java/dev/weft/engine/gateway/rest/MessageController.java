package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.common.Tenants;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.client.protocol.rest.MessageCorrelationRequest;
import io.camunda.client.protocol.rest.MessageCorrelationResult;
import io.camunda.client.protocol.rest.MessagePublicationRequest;
import io.camunda.client.protocol.rest.MessagePublicationResult;
import io.camunda.client.protocol.rest.SignalBroadcastRequest;
import io.camunda.client.protocol.rest.SignalBroadcastResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Messages (publication, correlation) and signals (broadcast). */
@RestController
@RequestMapping("/v2")
public final class MessageController {

    private final Engine engine;

    public MessageController(Engine engine) {
        this.engine = engine;
    }

    @PostMapping("/messages/publication")
    public CompletableFuture<MessagePublicationResult> publish(@RequestBody MessagePublicationRequest body) {
        if (body == null || body.getName() == null || body.getName().isBlank()) {
            throw RestProblem.invalid("Expected property 'name' to be a non-empty message name, but it is missing");
        }
        long ttl = body.getTimeToLive() == null ? 0 : body.getTimeToLive();
        if (ttl < 0) {
            throw RestProblem.invalid("Expected property 'timeToLive' to be 0 or greater, but was " + ttl);
        }
        String tenant = Tenants.require("tenantId", body.getTenantId());
        return engine.publishMessage(body.getName(), body.getCorrelationKey() == null ? "" : body.getCorrelationKey(),
                        Duration.ofMillis(ttl), body.getMessageId() == null ? "" : body.getMessageId(),
                        VariablesJson.orEmpty(body.getVariables()))
                .thenApply(key -> new MessagePublicationResult().messageKey(RestValues.key(key)).tenantId(tenant));
    }

    @PostMapping("/messages/correlation")
    public CompletableFuture<MessageCorrelationResult> correlate(@RequestBody MessageCorrelationRequest body) {
        if (body == null || body.getName() == null || body.getName().isBlank()) {
            throw RestProblem.invalid("Expected property 'name' to be a non-empty message name, but it is missing");
        }
        Tenants.require("tenantId", body.getTenantId());
        return engine.correlateMessage(body.getName(), body.getCorrelationKey() == null ? "" : body.getCorrelationKey(),
                        VariablesJson.orEmpty(body.getVariables()))
                .thenApply(c -> new MessageCorrelationResult()
                        .messageKey(RestValues.key(c.messageKey()))
                        .processInstanceKey(RestValues.key(c.processInstanceKey()))
                        .tenantId(RestValues.tenant(c.tenantId())));
    }

    @PostMapping("/signals/broadcast")
    public CompletableFuture<SignalBroadcastResult> broadcast(@RequestBody SignalBroadcastRequest body) {
        if (body == null || body.getSignalName() == null || body.getSignalName().isBlank()) {
            throw RestProblem.invalid("Expected property 'signalName' to be a non-empty signal name, but it is missing");
        }
        String tenant = Tenants.require("tenantId", body.getTenantId());
        return engine.broadcastSignal(body.getSignalName(), VariablesJson.orEmpty(body.getVariables()))
                .thenApply(key -> new SignalBroadcastResult().signalKey(RestValues.key(key)).tenantId(tenant));
    }
}
