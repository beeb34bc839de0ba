/**
 * State rows and their bulk writers. Processors never write here directly: appliers record changes in
 * {@link dev.weft.engine.state.Tables}, which coalesces them by key and writes each table once per batch.
 */
package dev.weft.engine.state;
