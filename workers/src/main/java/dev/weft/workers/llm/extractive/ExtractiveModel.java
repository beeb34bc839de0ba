package dev.weft.workers.llm.extractive;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in {@code extractive} model: no language model, it answers with the sentences of the retrieved
 * passages that share the most words with the question, each with a citation marker, and says so in the
 * answer. The last-resort fallback of a route and the offline default.
 */
public final class ExtractiveModel {

    /** Model id used in outputs and the ledger. */
    public static final String ID = "extractive";
    /** First words of every answer, so no reader mistakes it for generated text. */
    public static final String LABEL = "[Extractive answer: quoted from the retrieved passages, no language model was used.]";

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "of", "to",
            "in", "on", "for", "and", "or", "what", "which", "who", "how", "why", "when", "where", "does", "do", "did",
            "it", "its", "this", "that", "with", "as", "by", "at", "from", "can", "i", "you", "me", "my", "we");

    private final int maxSentences;

    public ExtractiveModel(int maxSentences) {
        this.maxSentences = maxSentences;
    }

    public ExtractiveModel() {
        this(3);
    }

    /** An answer to {@code question} from {@code passages}, with citations numbered in passage order. */
    public Answer answer(String question, List<Passage> passages) {
        if (passages.isEmpty()) {
            return new Answer(LABEL + " No passages were retrieved, so there is nothing to answer from.", List.of());
        }
        Set<String> q = words(question);
        record Scored(int passage, int order, String sentence, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int p = 0; p < passages.size(); p++) {
            int order = 0;
            for (String sentence : sentences(passages.get(p).text())) {
                Set<String> w = words(sentence);
                long overlap = w.stream().filter(q::contains).count();
                // Ties go to better-ranked passages: retrieval order already carries relevance.
                double score = overlap + passages.get(p).score() * 0.01 - p * 0.001;
                scored.add(new Scored(p, order++, sentence, score));
            }
        }
        List<Scored> best = scored.stream().sorted(Comparator.comparingDouble(Scored::score).reversed())
                .limit(maxSentences).sorted(Comparator.comparingInt(Scored::passage).thenComparingInt(Scored::order))
                .toList();
        Map<Integer, Integer> citationOf = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(LABEL);
        for (Scored s : best) {
            int n = citationOf.computeIfAbsent(s.passage(), k -> citationOf.size() + 1);
            text.append(' ').append(s.sentence().strip()).append(" [").append(n).append(']');
        }
        List<Citation> citations = new ArrayList<>();
        citationOf.forEach((p, n) -> citations.add(new Citation(n, passages.get(p).id(), passages.get(p).source())));
        return new Answer(text.toString(), citations);
    }

    static List<String> sentences(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text);
        List<String> out = new ArrayList<>();
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 1 && !STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** The answer text (starting with {@link #LABEL}) and its citations. */
    public record Answer(String text, List<Citation> citations) {
    }

    /** {@code [n]} in the text refers to passage {@code passageId} from {@code source}. */
    public record Citation(int n, String passageId, String source) {
    }
}
