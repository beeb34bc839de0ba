package dev.weft.workers.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into chunks of at most {@code size} characters with {@code overlap} characters repeated between
 * neighbours, cutting at whitespace where possible. By heading, each Markdown section ({@code #} lines) is split
 * on its own and its chunks remember the heading, so a passage never mixes two sections.
 */
public final class Chunker {

    public enum SplitBy { SIZE, HEADING }

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+)$");

    private final int size;
    private final int overlap;
    private final SplitBy splitBy;

    public Chunker(int size, int overlap, SplitBy splitBy) {
        if (size < 50) {
            throw new IllegalArgumentException("chunkSize: must be at least 50 characters, got " + size);
        }
        if (overlap < 0 || overlap >= size / 2) {
            throw new IllegalArgumentException("chunkOverlap: must be between 0 and half of chunkSize, got " + overlap);
        }
        this.size = size;
        this.overlap = overlap;
        this.splitBy = splitBy;
    }

    /** A piece of a document: its heading (or null) and text. */
    public record Chunk(String heading, String text) {
    }

    public List<Chunk> split(String text) {
        List<Chunk> out = new ArrayList<>();
        if (splitBy == SplitBy.SIZE) {
            bySize(null, text, out);
            return out;
        }
        Matcher m = HEADING.matcher(text);
        int start = 0;
        String heading = null;
        while (m.find()) {
            bySize(heading, text.substring(start, m.start()), out);
            heading = m.group(1).strip();
            start = m.end();
        }
        bySize(heading, text.substring(start), out);
        return out;
    }

    private void bySize(String heading, String section, List<Chunk> out) {
        String t = section.strip();
        int pos = 0;
        while (pos < t.length()) {
            int end = Math.min(t.length(), pos + size);
            if (end < t.length()) {
                int cut = t.lastIndexOf(' ', end);
                int newline = t.lastIndexOf('\n', end);
                cut = Math.max(cut, newline);
                if (cut > pos + size / 2) {
                    end = cut;
                }
            }
            String piece = t.substring(pos, end).strip();
            if (!piece.isEmpty()) {
                out.add(new Chunk(heading, piece));
            }
            if (end >= t.length()) {
                break;
            }
            int next = end - overlap;
            if (overlap > 0) {
                int space = t.indexOf(' ', next);
                next = space > 0 && space < end ? space + 1 : next;
            }
            pos = Math.max(next, pos + 1);
        }
    }
}
