package dev.weft.designer.flow;

/**
 * Deploys generated BPMN to the engine. The default implementation uses the application's
 * {@code CamundaClient}; replace the bean to deploy elsewhere.
 */
public interface FlowDeployer {

    /**
     * Deploys one BPMN resource.
     *
     * @return the deployment, or null when this server has no engine (the version is then stored undeployed)
     * @throws DesignerException.DeployFailed when the engine rejects the resource or cannot be reached
     */
    Deployment deploy(String resourceName, String bpmnXml);

    /** What the engine answered. */
    record Deployment(long deploymentKey, long processDefinitionKey, int engineVersion) {
    }
}
