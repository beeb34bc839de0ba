package dev.weft.engine.api;

/** A form ({@code .form}, JSON with an {@code id}) stored by a deployment. */
public record DeployedForm(String formId, int version, long formKey, String resourceName, String tenantId) {
}
