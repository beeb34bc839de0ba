package dev.weft.engine.api;

/** An incident is active until resolved (or until its instance is cancelled). */
public enum IncidentState { ACTIVE, RESOLVED }
