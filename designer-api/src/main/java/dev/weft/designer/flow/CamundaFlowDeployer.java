package dev.weft.designer.flow;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;

/** Deploys through the Camunda client the application configures (embedded Weft engine or Camunda 8). */
public final class CamundaFlowDeployer implements FlowDeployer {

    private final ObjectProvider<CamundaClient> client;
    private final Duration timeout;

    public CamundaFlowDeployer(ObjectProvider<CamundaClient> client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Deployment deploy(String resourceName, String bpmnXml) {
        CamundaClient c = client.getIfAvailable();
        if (c == null) {
            return null;
        }
        DeploymentEvent event;
        try {
            event = c.newDeployResourceCommand().addResourceStringUtf8(bpmnXml, resourceName).send().join(timeout.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            throw new DesignerException.DeployFailed("The engine did not accept " + resourceName + ": " + e.getMessage());
        }
        var process = event.getProcesses().stream().findFirst()
                .orElseThrow(() -> new DesignerException.DeployFailed("The engine deployed " + resourceName + " but reported no process"));
        return new Deployment(event.getKey(), process.getProcessDefinitionKey(), process.getVersion());
    }
}
