package com.example;

import dev.resilientio.core.config.OperationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import java.time.Duration;

/**
 * Reads the configuration that the README's configuration snippet sets, run by scripts/check-snippets.sh once with
 * the snippet's environment variables and once with the system properties of its comments; exits with status 1
 * when a value did not arrive. The expected values are the snippet's: change both together.
 */
public final class ConfigMain {

    private ConfigMain() {
    }

    /**
     * Checks the settings; prints one line starting with {@code snippet config OK} when they are the snippet's.
     *
     * @param args {@code env} (the variables, the kill switch included) or {@code properties}
     */
    public static void main(String[] args) {
        ResilientIoConfig config = ResilientIoConfig.global();
        OperationSettings save = config.operation("TaskStore.save");
        OperationSettings other = config.operation("Reports.write");
        check(other.retry().maxAttempts() == 5, "max attempts of any operation: " + other.retry().maxAttempts());
        check(save.lockTimeout().equals(Duration.ofSeconds(30)), "lock timeout of TaskStore.save: " + save.lockTimeout());
        if (args.length > 0 && args[0].equals("env")) {
            check(!config.enabled(), "RESILIENT_IO_ENABLED=false left resilient-io enabled");
        }
        System.out.println("snippet config OK (" + String.join("", args) + "): every operation 5 attempts,"
                + " TaskStore.save a 30 s lock timeout" + (config.enabled() ? "" : ", annotations off"));
    }

    private static void check(boolean ok, String got) {
        if (!ok) {
            System.err.println("snippet config FAILED: the README's configuration snippet gave " + got);
            System.exit(1);
        }
    }
}
