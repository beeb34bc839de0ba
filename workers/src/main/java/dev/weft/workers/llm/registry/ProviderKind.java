package dev.weft.workers.llm.registry;

import java.util.Locale;

/** The wire protocols Weft speaks. */
public enum ProviderKind {
    /** OpenAI chat completions: OpenAI, Azure OpenAI v1, DeepSeek, Qwen compatible mode, Moonshot, vLLM, TGI, Ollama. */
    OPENAI,
    /** Anthropic Messages. */
    ANTHROPIC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProviderKind fromWire(String s) {
        for (ProviderKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new InvalidSpecException("kind", "must be one of openai, anthropic; got '" + s + "'");
    }
}
