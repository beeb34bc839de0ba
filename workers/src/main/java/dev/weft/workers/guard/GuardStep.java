package dev.weft.workers.guard;

import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weft.guard}: checks text against one or more policies before or after a model call.
 * <ul>
 *   <li>{@code pii}: e-mail addresses, phone numbers, payment card numbers (Luhn-checked) and IBANs (mod-97
 *       checked);</li>
 *   <li>{@code prompt-injection}: phrases that try to override or reveal the instructions ("ignore all previous
 *       instructions", "reveal your system prompt", chat-template role markers ...). Pattern matching: it stops
 *       the common, literal attempts, not a determined paraphrase;</li>
 *   <li>{@code max-length}: text longer than {@code maxLength} characters.</li>
 * </ul>
 * With {@code action=block} any finding throws BPMN error {@code GUARD_BLOCKED} (the result, with
 * {@code allowed=false}, is still written); with {@code action=redact} findings are replaced by a placeholder
 * (over-long text is cut) and the flow goes on with the cleaned text. Findings carry the kind and position, never
 * the personal data they found.
 */
public final class GuardStep implements Step {

    public static final String TYPE = "weft.guard";
    public static final String GUARD_BLOCKED = "GUARD_BLOCKED";
    private static final Set<String> POLICIES = Set.of("pii", "prompt-injection", "max-length");

    private static final Pattern EMAIL = Pattern.compile("(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){2,4}(?!\\w)");
    private static final List<Pattern> INJECTION = List.of(
            Pattern.compile("\\b(?:ignore|disregard|forget|override|skip)\\b[^.\\n]{0,30}?\\b(?:previous|prior|above|earlier|preceding|all|your|system)\\b[^.\\n]{0,20}?\\b(?:instructions?|prompts?|rules|directions|guidelines|context)\\b",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:reveal|show|print|repeat|output|leak|tell me)\\b[^.\\n]{0,30}?\\b(?:system prompt|hidden prompt|initial instructions|your instructions|the instructions above)\\b",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\byou are now\\b[^.\\n]{0,40}?\\b(?:unrestricted|jailbroken|DAN|free of|without (?:any )?(?:rules|restrictions|limits))",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("<\\|im_start\\|>|<\\|system\\|>|\\[/?INST]|<<SYS>>|^\\s*#{2,}\\s*(?:system|instruction)s?\\s*:",
                    Pattern.CASE_INSENSITIVE | Pattern.MULTILINE));

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        Set<String> policies = new LinkedHashSet<>(input.list("policy"));
        if (policies.isEmpty()) {
            policies.add("pii");
        }
        for (String p : policies) {
            if (!POLICIES.contains(p)) {
                throw new InvalidInputException("policy", "must be pii, prompt-injection or max-length (comma-separated for"
                        + " several), got '" + p + "'");
            }
        }
        String action = input.string("action", "block").toLowerCase(Locale.ROOT);
        if (!action.equals("block") && !action.equals("redact")) {
            throw new InvalidInputException("action", "must be block or redact, got '" + action + "'");
        }
        int maxLength = input.integer("maxLength", 0);
        if (policies.contains("max-length") && maxLength <= 0) {
            throw new InvalidInputException("maxLength", "must be a positive number of characters for policy max-length");
        }
        String text = input.string("text");
        if (text == null) {
            throw new InvalidInputException("text", "is required (map the text to check to the input 'text')");
        }

        List<Finding> findings = new ArrayList<>();
        if (policies.contains("pii")) {
            pii(text, findings);
        }
        if (policies.contains("prompt-injection")) {
            for (Pattern p : INJECTION) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    findings.add(new Finding("prompt-injection", m.start(), m.end()));
                }
            }
        }
        boolean tooLong = policies.contains("max-length") && text.length() > maxLength;
        findings.sort(Comparator.comparingInt(Finding::start));
        List<Map<String, Object>> reported = new ArrayList<>();
        findings.forEach(f -> reported.add(f.toMap()));
        if (tooLong) {
            reported.add(Map.of("type", "max-length", "start", maxLength, "end", text.length()));
        }

        String variable = input.string("resultVariable", "guard");
        Map<String, Object> out = new LinkedHashMap<>();
        if (reported.isEmpty()) {
            out.put("allowed", true);
            out.put("text", text);
            out.put("findings", reported);
            return new StepOutcome.Completed(Map.of(variable, out));
        }
        if (action.equals("block")) {
            out.put("allowed", false);
            out.put("text", null);
            out.put("findings", reported);
            Set<String> kinds = new LinkedHashSet<>();
            reported.forEach(f -> kinds.add((String) f.get("type")));
            return new StepOutcome.BpmnError(GUARD_BLOCKED, "the " + String.join(", ", policies) + " policy found "
                    + String.join(", ", kinds), Map.of(variable, out));
        }
        String cleaned = redact(text, findings);
        if (tooLong && cleaned.length() > maxLength) {
            cleaned = cleaned.substring(0, maxLength);
        }
        out.put("allowed", true);
        out.put("text", cleaned);
        out.put("findings", reported);
        return new StepOutcome.Completed(Map.of(variable, out));
    }

    private static void pii(String text, List<Finding> findings) {
        find(EMAIL, text, "email", s -> true, findings);
        find(IBAN, text, "iban", GuardStep::validIban, findings);
        find(CARD, text, "payment-card", GuardStep::luhn, findings);
        find(PHONE, text, "phone", GuardStep::phoneLike, findings);
    }

    /** Adds the matches {@code valid} accepts that do not overlap a finding made earlier. */
    private static void find(Pattern p, String text, String type, java.util.function.Predicate<String> valid,
                             List<Finding> findings) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            int s = m.start();
            int e = m.end();
            if (valid.test(m.group()) && findings.stream().noneMatch(f -> f.start() < e && s < f.end())) {
                findings.add(new Finding(type, s, e));
            }
        }
    }

    /** 9 to 15 digits written like a phone number (a leading + or separators), not an ISO date. */
    static boolean phoneLike(String candidate) {
        int digits = candidate.replaceAll("\\D", "").length();
        return digits >= 9 && digits <= 15 && (candidate.startsWith("+") || candidate.matches(".*\\d[ .()-]+\\d.*"))
                && !candidate.matches("\\d{4}-\\d{2}-\\d{2}.*");
    }

    static boolean luhn(String candidate) {
        String digits = candidate.replaceAll("\\D", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    static boolean validIban(String candidate) {
        String iban = candidate.replace(" ", "");
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int v = Character.digit(rearranged.charAt(i), 36);
            if (v < 0) {
                return false;
            }
            remainder = (v > 9 ? remainder * 100 + v : remainder * 10 + v) % 97;
        }
        return remainder == 1;
    }

    private static String redact(String text, List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Finding f : findings) {
            if (f.start() < at) {
                continue; // overlaps a span already replaced
            }
            out.append(text, at, f.start()).append('[').append(f.type().toUpperCase(Locale.ROOT)).append(']');
            at = f.end();
        }
        return out.append(text.substring(at)).toString();
    }

    private record Finding(String type, int start, int end) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("start", start);
            m.put("end", end);
            return m;
        }
    }
}
