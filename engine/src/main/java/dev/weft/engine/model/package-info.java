/**
 * The executable process model: BPMN parsed with {@code zeebe-bpmn-model} (after a DTD-refusing StAX pass and a size
 * check), validated with Zeebe's design-time validators plus our own checks (unsupported elements, FEEL that does
 * not parse, missing correlation keys), and transformed into immutable {@link dev.weft.engine.model.Element}s with
 * pre-parsed FEEL expressions. Every problem of a resource is reported at once, by element id.
 */
package dev.weft.engine.model;
