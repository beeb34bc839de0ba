package dev.weft.engine.processing;

import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.api.ProcessInstanceCreated;
import dev.weft.engine.api.ProcessInstanceResult;
import dev.weft.engine.api.RejectionType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Callers of create-with-result waiting for their instance to end. Completed in-process when this engine ends the
 * instance; the scheduler also checks the database for instances another engine ended.
 */
final class ResultWaiters {

    record Waiter(ProcessInstanceCreated created, List<String> fetchVariables, long deadlineNanos,
                  CompletableFuture<ProcessInstanceResult> future) {
    }

    /** How many recently ended instances are remembered (see {@link #register}). */
    private static final int REMEMBERED = 8192;

    private final Map<Long, Waiter> waiters = new ConcurrentHashMap<>();
    /** Instances this engine ended lately that nobody was waiting for (yet). */
    private final Set<Long> recentlyEnded = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * Registers a waiter. Returns {@code true} when this engine may already have ended the instance before the
     * waiter was there (another processing thread can finish it between the creating commit and this call); the
     * caller then checks the database once. Instances other engines end are found by the scheduler's sweep.
     */
    boolean register(Waiter w) {
        long key = w.created().processInstanceKey();
        waiters.put(key, w);
        synchronized (recentlyEnded) {
            return recentlyEnded.contains(key);
        }
    }

    boolean isEmpty() {
        return waiters.isEmpty();
    }

    Set<Long> keys() {
        return waiters.keySet();
    }

    void ended(long processInstanceKey, boolean completed, Map<String, Object> rootVariables) {
        // Remembered before looking for the waiter, so a waiter registered concurrently sees one or the other.
        synchronized (recentlyEnded) {
            recentlyEnded.add(processInstanceKey);
        }
        Waiter w = waiters.remove(processInstanceKey);
        if (w != null) {
            finish(w, completed, rootVariables);
        }
    }

    static void finish(Waiter w, boolean completed, Map<String, Object> rootVariables) {
        if (!completed) {
            w.future().completeExceptionally(new EngineRejection(RejectionType.INVALID_STATE,
                    "Expected process instance with key '" + w.created().processInstanceKey()
                            + "' to complete, but it was terminated").toException());
            return;
        }
        Map<String, Object> vars = new HashMap<>();
        if (w.fetchVariables() == null || w.fetchVariables().isEmpty()) {
            vars.putAll(rootVariables);
        } else {
            for (String name : w.fetchVariables()) {
                if (rootVariables.containsKey(name)) {
                    vars.put(name, rootVariables.get(name));
                }
            }
        }
        ProcessInstanceCreated c = w.created();
        w.future().complete(new ProcessInstanceResult(c.processDefinitionKey(), c.bpmnProcessId(), c.version(),
                c.processInstanceKey(), c.tenantId(), vars));
    }

    void expire(long nowNanos) {
        waiters.values().removeIf(w -> {
            if (nowNanos - w.deadlineNanos() >= 0) {
                w.future().completeExceptionally(new TimeoutException("Expected process instance with key '"
                        + w.created().processInstanceKey() + "' to complete within the request timeout, but it did not"));
                return true;
            }
            return false;
        });
    }

    void failAll(RuntimeException e) {
        waiters.values().forEach(w -> w.future().completeExceptionally(e));
        waiters.clear();
    }
}
