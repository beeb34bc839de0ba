package dev.weft.engine.dmn;

import dev.weft.engine.feel.Feel;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.parser.ParsedDecision;
import org.camunda.dmn.parser.ParsedDmn;
import scala.util.Either;

/**
 * Parses and evaluates DMN decision requirements graphs (decision tables with their hit policies, literal
 * expressions, contexts, required decisions and knowledge models) with the DMN Scala engine. Results are normalised
 * to the JSON-shaped values variables hold. Thread-safe: a parsed graph is immutable and evaluation keeps no state.
 */
public final class DecisionEngine {

    /** A parsed graph and the ids of the decisions in it; or the reason it could not be parsed. */
    public record Parsed(ParsedDmn dmn, List<String> decisionIds, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final DmnEngine engine = new DmnEngine.Builder().build();

    /** Parses a DMN resource; the caller has already refused DTDs and oversized content. */
    public Parsed parse(byte[] content) {
        Either<DmnEngine.Failure, ParsedDmn> result;
        try {
            result = engine.parse(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            return new Parsed(null, List.of(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (result.isLeft()) {
            return new Parsed(null, List.of(), result.left().get().message());
        }
        ParsedDmn dmn = result.right().get();
        List<String> ids = new ArrayList<>();
        scala.jdk.javaapi.CollectionConverters.asJava(dmn.decisions()).forEach((ParsedDecision d) -> ids.add(d.id()));
        return new Parsed(dmn, List.copyOf(ids), null);
    }

    /**
     * Evaluates one decision of a parsed graph against the variables; required decisions are evaluated first.
     *
     * @return the decision's result as a JSON-shaped value ({@code null} when no rule matched a single-result table)
     * @throws DecisionException naming the decision and the reason when evaluation fails
     */
    public Object evaluate(ParsedDmn dmn, String decisionId, Map<String, Object> variables) {
        Either<DmnEngine.EvalFailure, DmnEngine.EvalResult> result;
        try {
            result = engine.eval(dmn, decisionId, variables);
        } catch (RuntimeException e) {
            throw new DecisionException("Expected to evaluate decision '" + decisionId + "', but it failed: " + e);
        }
        if (result.isLeft()) {
            throw new DecisionException("Expected to evaluate decision '" + decisionId + "', but "
                    + result.left().get().failure().message());
        }
        DmnEngine.EvalResult r = result.right().get();
        return r.isNil() ? null : Feel.normalize(r.value());
    }
}
