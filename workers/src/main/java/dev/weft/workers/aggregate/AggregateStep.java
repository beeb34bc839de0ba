package dev.weft.workers.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.provider.ChatMessage;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.routing.LlmCall;
import dev.weft.workers.llm.routing.LlmGateway;
import dev.weft.workers.llm.routing.LlmResult;
import dev.weft.workers.llm.routing.LlmUnavailableException;
import dev.weft.workers.llm.step.LlmStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weft.aggregate}: combines the results of parallel branches or a multi-instance body. Items are strings or
 * {@code weft.llm} answer objects. Citations are kept (deduplicated) from the items the output is made of: every
 * item for {@code concat} and {@code json-merge}, only the items that agree with the winner for
 * {@code majority-vote}, only the chosen item for {@code best-of} (a losing answer's sources do not support the
 * chosen text).
 */
public final class AggregateStep implements Step {

    public static final String TYPE = "weft.aggregate";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private final LlmGateway gateway;

    /** @param gateway used by {@code best-of} to ask the judge model; may be null if best-of is never used */
    public AggregateStep(LlmGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        String strategy = input.string("strategy", "concat");
        Object raw = input.variables().get("items");
        if (!(raw instanceof List<?> items) || items.isEmpty()) {
            throw new InvalidInputException("items", "must be a non-empty list of strings or answer objects");
        }
        List<String> texts = new ArrayList<>();
        List<Object> jsons = new ArrayList<>();
        List<List<?>> itemCitations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof String s) {
                texts.add(s);
                jsons.add(null);
                itemCitations.add(List.of());
            } else if (item instanceof Map<?, ?> m) {
                texts.add(m.get("text") == null ? "" : m.get("text").toString());
                jsons.add(m.containsKey("json") ? m.get("json") : m.containsKey("text") ? null : m);
                itemCitations.add(m.get("citations") instanceof List<?> cs ? cs : List.of());
            } else {
                throw new InvalidInputException("items[" + i + "]", "must be a string or an answer object");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", null);
        out.put("json", null);
        out.put("votes", Map.of());
        out.put("chosenIndex", null);
        out.put("citations", citations(itemCitations, i -> true));
        switch (strategy) {
            case "concat" -> out.put("text", String.join(input.string("separator", "\n\n").replace("\\n", "\n"), texts));
            case "majority-vote" -> {
                Map<String, Integer> votes = new LinkedHashMap<>();
                for (String t : texts) {
                    votes.merge(normalize(t), 1, Integer::sum);
                }
                String winner = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                int index = 0;
                while (!normalize(texts.get(index)).equals(winner)) {
                    index++;
                }
                out.put("text", texts.get(index));
                out.put("json", jsons.get(index));
                out.put("votes", votes);
                out.put("chosenIndex", index);
                out.put("citations", citations(itemCitations, i -> normalize(texts.get(i)).equals(winner)));
            }
            case "best-of" -> {
                int index;
                try {
                    index = judge(input, texts);
                } catch (LlmUnavailableException e) {
                    return new StepOutcome.BpmnError(LlmStep.LLM_UNAVAILABLE, e.getMessage(), Map.of());
                }
                if (index < 0) {
                    return new StepOutcome.BpmnError(LlmStep.LLM_INVALID_OUTPUT,
                            "the judge model did not answer with the index of a candidate", Map.of());
                }
                int chosen = index;
                out.put("text", texts.get(index));
                out.put("json", jsons.get(index));
                out.put("chosenIndex", index);
                out.put("citations", citations(itemCitations, i -> i == chosen));
            }
            case "json-merge" -> {
                Object merged = null;
                for (int i = 0; i < jsons.size(); i++) {
                    Object j = jsons.get(i);
                    if (!(j instanceof Map)) {
                        throw new InvalidInputException("items[" + i + "]", "json-merge needs JSON objects (answers with 'json')");
                    }
                    merged = merge(merged, j);
                }
                out.put("json", merged);
                out.put("text", toJson(merged));
            }
            default -> throw new InvalidInputException("strategy",
                    "must be concat, majority-vote, best-of or json-merge; got '" + strategy + "'");
        }
        return new StepOutcome.Completed(Map.of(input.string("resultVariable", "aggregate"), out));
    }

    /** The citations of the items {@code from} accepts, in item order, each once. */
    private static List<Object> citations(List<List<?>> itemCitations, java.util.function.IntPredicate from) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < itemCitations.size(); i++) {
            if (from.test(i)) {
                itemCitations.get(i).stream().filter(c -> !out.contains(c)).forEach(out::add);
            }
        }
        return out;
    }

    private int judge(StepInput input, List<String> candidates) {
        if (gateway == null) {
            throw new IllegalStateException("best-of needs a model gateway");
        }
        String judgeModel = input.required("judgeModel");
        StringBuilder prompt = new StringBuilder("Question: ").append(input.string("question", "(not given)"))
                .append("\n\nCandidate answers:\n");
        for (int i = 0; i < candidates.size(); i++) {
            prompt.append('[').append(i).append("] ").append(candidates.get(i)).append('\n');
        }
        prompt.append("\nReply with the number of the best candidate only.");
        ChatRequest request = new ChatRequest(judgeModel, "You judge answers for correctness and helpfulness.",
                List.of(ChatMessage.user(prompt.toString())), 0.0, 10, List.of(), null);
        LlmResult r = gateway.call(LlmCall.of(judgeModel, request));
        Matcher m = INTEGER.matcher(r.text());
        if (!m.find()) {
            return -1;
        }
        int index = Integer.parseInt(m.group());
        return index >= 0 && index < candidates.size() ? index : -1;
    }

    static String normalize(String s) {
        return s.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s]+", " ").replaceAll("[.!?]+$", "");
    }

    /** Deep merge: objects merge key by key, lists concatenate, anything else: the later item wins. */
    @SuppressWarnings("unchecked")
    static Object merge(Object a, Object b) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) ma);
            ((Map<String, Object>) mb).forEach((k, v) -> out.merge(k, v, AggregateStep::merge));
            return out;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            List<Object> out = new ArrayList<>(la);
            out.addAll(lb);
            return out;
        }
        return b;
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(o);
        }
    }
}
