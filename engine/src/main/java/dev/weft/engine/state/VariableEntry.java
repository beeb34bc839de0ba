package dev.weft.engine.state;

/** A variable's key and JSON-shaped value; part of {@link InstanceRuntime}. */
public final class VariableEntry {
    public long key;
    public Object value;

    public VariableEntry() {
    }

    public VariableEntry(long key, Object value) {
        this.key = key;
        this.value = value;
    }
}
