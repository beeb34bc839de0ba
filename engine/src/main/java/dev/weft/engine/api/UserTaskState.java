package dev.weft.engine.api;

/** Life-cycle state of a user task. */
public enum UserTaskState { CREATED, COMPLETED, CANCELED }
