/**
 * The Java API of the Weft engine: what the gRPC gateway, the {@code /v2} REST layer, the hub and tests code
 * against. Plain Java, no Spring, no gRPC types.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every operation is asynchronous and returns a {@link java.util.concurrent.CompletableFuture}. A future
 *       completes only after the effects of the command are committed to PostgreSQL: nothing acknowledged is
 *       ever lost.</li>
 *   <li>Expected failures (unknown key, wrong state, invalid input, backpressure) complete the future
 *       exceptionally with an {@link dev.weft.engine.api.EngineRejectedException} carrying an
 *       {@link dev.weft.engine.api.EngineRejection}. Its reason is a sentence in Zeebe's style naming the key,
 *       field or BPMN element, e.g. {@code "Expected to complete job with key '42', but no such job was found"}.
 *       Map {@link dev.weft.engine.api.RejectionType} to gRPC/HTTP status with
 *       {@link dev.weft.engine.api.RejectionType#grpcCode()} and {@link dev.weft.engine.api.RejectionType#httpStatus()}.</li>
 *   <li>Variables are JSON-shaped Java values: {@code Map<String,Object>} documents whose values are
 *       {@code null}, {@code String}, {@code Boolean}, {@code Number}, {@code List} or {@code Map} (what Jackson
 *       produces for {@code Map.class}). The engine stores and returns them as JSON.</li>
 *   <li>Keys are 64-bit in Zeebe's layout ({@code partitionId << 51 | counter}); the only tenant is
 *       {@value dev.weft.engine.api.Engine#DEFAULT_TENANT}.</li>
 * </ul>
 */
package dev.weft.engine.api;
