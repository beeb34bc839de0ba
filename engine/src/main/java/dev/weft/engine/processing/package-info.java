/**
 * Command processing: how the engine turns commands into committed events.
 *
 * <h2>Flow</h2>
 * Every {@link dev.weft.engine.api.Engine} call becomes a {@code Command} on one queue. Processing threads
 * ({@code CommandLoop}, {@code EngineConfig.processingThreads}) each take up to {@code maxBatchSize} commands and run
 * them in one transaction:
 * <ol>
 *   <li>lock: the process instances the commands touch are found (jobs, incidents, timers, user tasks and element
 *       instances name their instance) and row-locked with one {@code SELECT ... ORDER BY key FOR UPDATE}, so two
 *       engines on one database always lock in the same order;</li>
 *   <li>process: a processor per feature ({@code JobProcessor}, {@code InstanceProcessor}, {@code EventProcessor},
 *       ...) validates against state and either returns a rejection or appends events; BPMN semantics live in
 *       {@code BpmnBehavior} and {@code Subscriptions};</li>
 *   <li>apply: {@code Batch.append} hands each event to {@code EventApplier} (the only code that changes state) and
 *       to the record log;</li>
 *   <li>flush and commit: changed rows and the record log are written in one round trip, one statement whose
 *       data-modifying CTEs are an {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT} (and a delete by key
 *       array) per table plus the record-log insert; only after the commit are callers answered, jobs pushed to
 *       streams and long polls woken.</li>
 * </ol>
 * If anything unexpected fails (a deadlock with another engine, a bug) the batch is rolled back and its commands
 * are retried one per transaction, so a bad command fails alone.
 *
 * <h2>State</h2>
 * The runtime of an active instance (element instances, variables per scope, tokens waiting at joins, open
 * subscriptions) is one JSON document on its {@code engine.process_instance} row: locking and loading an instance is
 * one round trip. Everything searched across instances has its own table: jobs (activated with
 * {@code FOR UPDATE SKIP LOCKED}), timers, message and signal subscriptions, buffered messages, incidents, user
 * tasks, and the history tables (element instances, variables) behind the read models.
 *
 * <h2>Time</h2>
 * {@code Scheduler} finds due timers, expired job locks and passed retry back-offs and submits commands for them;
 * the commands re-check under lock, so work found by two engines is applied once.
 */
package dev.weft.engine.processing;
