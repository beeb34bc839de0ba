package dev.weft.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code ./weft bench NAME [args]}: runs one benchmark. Each benchmark measures its anchor in the same
 * run and prints ratios; none of them is part of the test suite.
 */
public final class Bench {

    /** Benchmark name -> main class and what it measures. */
    private static final Map<String, String[]> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("engine", new String[] {"dev.weft.bench.engine.EngineBenchmark",
            "[instances] [inFlight] [--no-flowable]  engine throughput (one-task, 6-step) vs Flowable 7.2, activation latency"});
        BENCHMARKS.put("retrieval", new String[] {"dev.weft.bench.retrieval.RetrievalBenchmark",
            "[chunks] [queries]      HNSW vs exact scan: p50/p95 latency and recall@10"});
        BENCHMARKS.put("workers", new String[] {"dev.weft.bench.workers.WorkerOverheadBenchmark",
            "[calls]                 LLM worker overhead against a direct HTTP call"});
        BENCHMARKS.put("publish", new String[] {"dev.weft.bench.designer.PublishBenchmark",
            "                        designer publish of a 200-node flow against a 20-node baseline"});
    }

    private Bench() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.out.println("Usage: ./weft bench NAME [args]");
            BENCHMARKS.forEach((name, v) -> System.out.printf("  %-10s %s%n", name, v[1]));
            if (args.length > 0 && !args[0].equals("help")) {
                System.err.println("Unknown benchmark '" + args[0] + "'.");
                System.exit(2);
            }
            return;
        }
        Class.forName(BENCHMARKS.get(args[0])[0])
                .getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
