package com.example;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.ResilientIoEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** docs/observability.md's listener registered in code, as written there, with the `store` and `file` it uses. */
final class Observe {

    private Observe() {
    }

    /**
     * Runs the snippet on a store and its file.
     *
     * @return what the snippet printed
     */
    static String registeredInCode(TaskStore store, Path file) throws IOException {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
// scripts/check-snippets.sh puts the snippet events-register-java here
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
