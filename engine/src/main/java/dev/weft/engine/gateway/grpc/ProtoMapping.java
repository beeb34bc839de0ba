package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.DeploymentResult;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Topology;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BrokerInfo;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DecisionRequirementsMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Deployment;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FormMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Partition;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ProcessMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyResponse;
import java.util.List;

/** Engine API values to gateway protocol messages. Pure functions, no validation (that happens on the way in). */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static GatewayOuterClass.ActivatedJob job(ActivatedJob job) {
        return GatewayOuterClass.ActivatedJob.newBuilder()
                .setKey(job.key())
                .setType(job.type())
                .setProcessInstanceKey(job.processInstanceKey())
                .setBpmnProcessId(job.bpmnProcessId())
                .setProcessDefinitionVersion(job.processDefinitionVersion())
                .setProcessDefinitionKey(job.processDefinitionKey())
                .setElementId(job.elementId())
                .setElementInstanceKey(job.elementInstanceKey())
                .setCustomHeaders(VariablesJson.writeValue(job.customHeaders() == null ? java.util.Map.of() : job.customHeaders()))
                .setWorker(job.worker())
                .setRetries(job.retries())
                .setDeadline(job.deadline())
                .setVariables(VariablesJson.write(job.variables()))
                .setTenantId(tenant(job.tenantId()))
                .setKind(GatewayOuterClass.ActivatedJob.JobKind.BPMN_ELEMENT)
                .setListenerEventType(GatewayOuterClass.ActivatedJob.ListenerEventType.UNSPECIFIED)
                .build();
    }

    static DeployResourceResponse deployment(DeploymentResult result) {
        DeployResourceResponse.Builder response = DeployResourceResponse.newBuilder()
                .setKey(result.key())
                .setTenantId(tenant(result.tenantId()));
        result.processes().forEach(p -> response.addDeployments(Deployment.newBuilder().setProcess(ProcessMetadata.newBuilder()
                .setBpmnProcessId(p.bpmnProcessId())
                .setVersion(p.version())
                .setProcessDefinitionKey(p.processDefinitionKey())
                .setResourceName(p.resourceName())
                .setTenantId(tenant(p.tenantId())))));
        result.decisions().forEach(d -> response.addDeployments(Deployment.newBuilder().setDecisionRequirements(
                DecisionRequirementsMetadata.newBuilder()
                        .setDmnDecisionRequirementsId(d.decisionRequirementsId())
                        .setDmnDecisionRequirementsName(d.name() == null ? "" : d.name())
                        .setVersion(d.version())
                        .setDecisionRequirementsKey(d.decisionRequirementsKey())
                        .setResourceName(d.resourceName())
                        .setTenantId(tenant(d.tenantId())))));
        result.forms().forEach(f -> response.addDeployments(Deployment.newBuilder().setForm(FormMetadata.newBuilder()
                .setFormId(f.formId())
                .setVersion(f.version())
                .setFormKey(f.formKey())
                .setResourceName(f.resourceName())
                .setTenantId(tenant(f.tenantId())))));
        return response.build();
    }

    static TopologyResponse topology(Topology topology, String advertisedHost, int advertisedPort) {
        BrokerInfo.Builder broker = BrokerInfo.newBuilder()
                .setNodeId(topology.nodeId())
                .setHost(advertisedHost)
                .setPort(advertisedPort)
                .setVersion(topology.version());
        // Every partition lives on this node (one engine, or several sharing one database): all are led here.
        for (int partition = 1; partition <= topology.partitionsCount(); partition++) {
            broker.addPartitions(Partition.newBuilder()
                    .setPartitionId(partition)
                    .setRole(Partition.PartitionBrokerRole.LEADER)
                    .setHealth(Partition.PartitionBrokerHealth.HEALTHY));
        }
        return TopologyResponse.newBuilder()
                .addAllBrokers(List.of(broker.build()))
                .setClusterSize(1)
                .setPartitionsCount(topology.partitionsCount())
                .setReplicationFactor(1)
                .setGatewayVersion(topology.version())
                .build();
    }

    static String tenant(String tenantId) {
        return tenantId == null || tenantId.isBlank() ? Engine.DEFAULT_TENANT : tenantId;
    }
}
