/**
 * DMN decision evaluation for business rule tasks ({@code zeebe:calledDecision}) with the open-source DMN engine
 * Zeebe embeds ({@code org.camunda.bpm.extension.dmn.scala}, on the same feel-engine as the rest of the engine):
 * validating deployed DMN resources, finding the latest deployed decision by id and evaluating it.
 */
package dev.weft.engine.dmn;
