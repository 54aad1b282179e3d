package dev.resilientio.examples;

import java.util.function.Supplier;

/** Which of the two task stores a demo runs, named as the output names it. */
public enum StoreKind {

    /** {@link ResilientTaskStore}: the annotated store. */
    ANNOTATED("annotated store", ResilientTaskStore::new),

    /** {@link PlainTaskStore}: the same code with no guard. */
    PLAIN("plain store", PlainTaskStore::new);

    private final String label;
    private final Supplier<TaskStore> factory;

    StoreKind(String label, Supplier<TaskStore> factory) {
        this.label = label;
        this.factory = factory;
    }

    /**
     * Returns the name used in the output, such as "annotated store".
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Creates the store.
     *
     * @return a new store
     */
    public TaskStore create() {
        return factory.get();
    }
}
