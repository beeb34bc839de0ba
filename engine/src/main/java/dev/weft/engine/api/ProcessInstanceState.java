package dev.weft.engine.api;

/** Life-cycle state of a process instance as the read model reports it. */
public enum ProcessInstanceState { ACTIVE, COMPLETED, TERMINATED }
