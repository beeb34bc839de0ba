package dev.weft.workers.llm.registry;

import java.util.Locale;

/** Where a model runs; serverless GPUs get cold-start tolerance in health probes. */
public enum Deployment {
    PUBLIC_API, PRIVATE_GPU, SERVERLESS_GPU;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Deployment fromWire(String s) {
        for (Deployment d : values()) {
            if (d.wire().equals(s)) {
                return d;
            }
        }
        throw new InvalidSpecException("deployment", "must be one of public_api, private_gpu, serverless_gpu; got '" + s + "'");
    }
}
