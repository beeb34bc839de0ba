package dev.weft.workers.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.workers.rag.ingest.Chunker;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    @Test
    void splitsBySizeAtWhitespaceWithOverlap() {
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau";

        List<Chunker.Chunk> chunks = new Chunker(50, 12, Chunker.SplitBy.SIZE).split(text);

        assertThat(chunks).hasSizeGreaterThan(1);
        chunks.forEach(c -> assertThat(c.text().length()).isLessThanOrEqualTo(50));
        chunks.forEach(c -> assertThat(c.text()).doesNotStartWith(" ").doesNotEndWith(" "));
        for (int i = 1; i < chunks.size(); i++) {
            String prev = chunks.get(i - 1).text();
            String firstWord = chunks.get(i).text().split(" ")[0];
            assertThat(prev).as("overlap carries words into the next chunk").contains(firstWord);
        }
        assertThat(String.join(" ", chunks.stream().map(Chunker.Chunk::text).toList())).contains("sigma tau");
    }

    @Test
    void splitsByMarkdownHeadingAndRemembersTheHeading() {
        String md = "Intro line.\n\n# Install\nRun the script.\n\n## Configure\nSet WEFT_DB_URL.\n";

        List<Chunker.Chunk> chunks = new Chunker(200, 0, Chunker.SplitBy.HEADING).split(md);

        assertThat(chunks).containsExactly(new Chunker.Chunk(null, "Intro line."),
                new Chunker.Chunk("Install", "Run the script."), new Chunker.Chunk("Configure", "Set WEFT_DB_URL."));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new Chunker(10, 0, Chunker.SplitBy.SIZE)).hasMessageStartingWith("chunkSize:");
        assertThatThrownBy(() -> new Chunker(100, 60, Chunker.SplitBy.SIZE)).hasMessageStartingWith("chunkOverlap:");
    }
}
