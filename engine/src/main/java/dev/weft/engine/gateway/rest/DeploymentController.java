package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.DeploymentResult;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Resource;
import dev.weft.engine.gateway.common.Tenants;
import io.camunda.client.protocol.rest.DeleteResourceRequest;
import io.camunda.client.protocol.rest.DeploymentDecisionRequirementsResult;
import io.camunda.client.protocol.rest.DeploymentFormResult;
import io.camunda.client.protocol.rest.DeploymentMetadataResult;
import io.camunda.client.protocol.rest.DeploymentProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /v2/deployments} (multipart, parts {@code resources} and {@code tenantId}) and resource deletion. */
@RestController
@RequestMapping("/v2")
public final class DeploymentController {

    private final Engine engine;

    public DeploymentController(Engine engine) {
        this.engine = engine;
    }

    @PostMapping(path = "/deployments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public CompletableFuture<io.camunda.client.protocol.rest.DeploymentResult> deploy(
            @RequestPart(name = "resources", required = false) List<MultipartFile> files,
            @RequestPart(name = "tenantId", required = false) String tenantId) {
        String tenant = Tenants.require("tenantId", tenantId);
        if (files == null || files.isEmpty()) {
            throw RestProblem.invalid("Expected to deploy at least one resource, but multipart part 'resources' is missing or empty");
        }
        List<Resource> resources = new ArrayList<>();
        for (MultipartFile file : files) {
            String name = file.getOriginalFilename();
            if (name == null || name.isBlank()) {
                throw RestProblem.invalid("Expected every part 'resources' to carry a file name, but one has none");
            }
            try {
                resources.add(new Resource(name, file.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read uploaded resource '" + name + "'", e);
            }
        }
        return engine.deploy(new DeployCommand(resources, tenant)).thenApply(DeploymentController::result);
    }

    @PostMapping("/resources/{resourceKey}/deletion")
    public CompletableFuture<ResponseEntity<Void>> delete(@PathVariable("resourceKey") long resourceKey,
                                                          @RequestBody(required = false) DeleteResourceRequest ignored) {
        return engine.deleteResource(resourceKey).thenApply(ok -> ResponseEntity.noContent().build());
    }

    static io.camunda.client.protocol.rest.DeploymentResult result(DeploymentResult result) {
        io.camunda.client.protocol.rest.DeploymentResult response = new io.camunda.client.protocol.rest.DeploymentResult()
                .deploymentKey(RestValues.key(result.key()))
                .tenantId(RestValues.tenant(result.tenantId()))
                .deployments(new ArrayList<>());
        result.processes().forEach(p -> response.addDeploymentsItem(new DeploymentMetadataResult()
                .processDefinition(new DeploymentProcessResult()
                        .processDefinitionId(p.bpmnProcessId())
                        .processDefinitionVersion(p.version())
                        .processDefinitionKey(RestValues.key(p.processDefinitionKey()))
                        .resourceName(p.resourceName())
                        .tenantId(RestValues.tenant(p.tenantId())))));
        result.decisions().forEach(d -> response.addDeploymentsItem(new DeploymentMetadataResult()
                .decisionRequirements(new DeploymentDecisionRequirementsResult()
                        .decisionRequirementsId(d.decisionRequirementsId())
                        .decisionRequirementsName(d.name())
                        .version(d.version())
                        .decisionRequirementsKey(RestValues.key(d.decisionRequirementsKey()))
                        .resourceName(d.resourceName())
                        .tenantId(RestValues.tenant(d.tenantId())))));
        result.forms().forEach(f -> response.addDeploymentsItem(new DeploymentMetadataResult()
                .form(new DeploymentFormResult()
                        .formId(f.formId())
                        .version(f.version())
                        .formKey(RestValues.key(f.formKey()))
                        .resourceName(f.resourceName())
                        .tenantId(RestValues.tenant(f.tenantId())))));
        return response;
    }
}
