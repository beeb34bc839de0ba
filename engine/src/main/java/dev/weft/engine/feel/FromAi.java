package dev.weft.engine.feel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FailedEvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.context.JavaFunction;
import org.camunda.feel.context.JavaFunctionProvider;
import org.camunda.feel.syntaxtree.Exp;
import org.camunda.feel.syntaxtree.FunctionInvocation;
import org.camunda.feel.syntaxtree.NamedFunctionParameters;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.syntaxtree.PositionalFunctionParameters;
import org.camunda.feel.syntaxtree.Ref;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Zeebe's {@code fromAi(value, description, type, schema, options)} FEEL function. At runtime it is the identity on
 * {@code value} (the AI agent writes {@code toolCall.*} before the tool runs); at deployment the parameters of its
 * calls in an element's input mappings are read from the syntax tree, for the {@code adHocSubProcessElements}
 * variable that AI agent job workers turn into tool definitions.
 */
public final class FromAi {

    static final String NAME = "fromAi";
    private static final List<String> PARAMS = List.of("value", "description", "type", "schema", "options");

    private FromAi() {
    }

    /** Provides {@code fromAi} with 1 to 5 parameters, all evaluating to the first. */
    static JavaFunctionProvider functionProvider() {
        List<JavaFunction> overloads = new ArrayList<>();
        for (int n = 1; n <= PARAMS.size(); n++) {
            overloads.add(new JavaFunction(PARAMS.subList(0, n), args -> args.get(0)));
        }
        return new JavaFunctionProvider() {
            @Override
            public java.util.Optional<JavaFunction> resolveFunction(String name) {
                return NAME.equals(name) ? java.util.Optional.of(overloads.get(overloads.size() - 1))
                        : java.util.Optional.empty();
            }

            @Override
            public List<JavaFunction> resolveFunctions(String name) {
                return NAME.equals(name) ? overloads : List.of();
            }

            @Override
            public java.util.Collection<String> getFunctionNames() {
                return List.of(NAME);
            }
        };
    }

    /**
     * The {@code fromAi} calls anywhere in a FEEL expression, in source order, in Zeebe's shape: {@code name} (the
     * last segment of the value reference), then {@code description}, {@code type}, {@code schema}, {@code options}
     * when given (those arguments are evaluated without variables). Static expressions have none.
     *
     * @throws IllegalArgumentException naming the offending argument when a call is not of that form
     */
    static List<Map<String, Object>> parameters(FeelEngineApi engine, Expression expression) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!expression.isStatic()) {
            collect(engine, expression.parsed().expression(), out);
        }
        return out;
    }

    private static void collect(FeelEngineApi engine, Object node, List<Map<String, Object>> out) {
        if (node instanceof FunctionInvocation call && NAME.equals(call.function())) {
            out.add(parameter(engine, call));
            return;
        }
        if (node instanceof scala.collection.Map<?, ?> map) {
            CollectionConverters.asJava(map.values()).forEach(v -> collect(engine, v, out));
        } else if (node instanceof scala.collection.Iterable<?> it) {
            CollectionConverters.asJava(it).forEach(v -> collect(engine, v, out));
        } else if (node instanceof scala.Product p) {
            CollectionConverters.asJava(p.productIterator()).forEachRemaining(v -> collect(engine, v, out));
        }
    }

    private static Map<String, Object> parameter(FeelEngineApi engine, FunctionInvocation call) {
        Map<String, Exp> args = new LinkedHashMap<>();
        if (call.params() instanceof PositionalFunctionParameters p) {
            List<Exp> given = CollectionConverters.asJava(p.params());
            if (given.isEmpty() || given.size() > PARAMS.size()) {
                throw new IllegalArgumentException("Expected fromAi() to have 1 to 5 parameters, but it has " + given.size());
            }
            for (int i = 0; i < given.size(); i++) {
                args.put(PARAMS.get(i), given.get(i));
            }
        } else if (call.params() instanceof NamedFunctionParameters n) {
            CollectionConverters.asJava(n.params()).forEach((k, v) -> {
                if (!PARAMS.contains(k)) {
                    throw new IllegalArgumentException("Expected fromAi() parameters to be named " + PARAMS
                            + ", but found '" + k + "'");
                }
                args.put(k, v);
            });
        }
        if (!(args.get("value") instanceof Ref ref)) {
            throw new IllegalArgumentException("Expected fromAi() parameter 'value' to be a reference (e.g."
                    + " 'toolCall.customParameter'), but received " + args.get("value"));
        }
        List<String> names = CollectionConverters.asJava(ref.names());
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("name", names.get(names.size() - 1));
        for (String key : PARAMS.subList(1, PARAMS.size())) {
            Exp arg = args.get(key);
            if (arg == null) {
                continue;
            }
            Object value = constant(engine, key, arg);
            boolean string = key.equals("description") || key.equals("type");
            if (string ? !(value instanceof String) : !(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("Expected fromAi() parameter '" + key + "' to be a "
                        + (string ? "string" : "map") + ", but received '" + value + "'");
            }
            if (!(value instanceof String s && s.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                parameter.put(key, value);
            }
        }
        return parameter;
    }

    private static Object constant(FeelEngineApi engine, String key, Exp arg) {
        EvaluationResult result = engine.evaluate(new ParsedExpression(arg, key), Map.of());
        if (result.isFailure()) {
            throw new IllegalArgumentException("Expected fromAi() parameter '" + key + "' to be evaluated without"
                    + " variables, but it failed: " + ((FailedEvaluationResult) result).failure().message());
        }
        return Feel.normalize(result.result());
    }
}
