package dev.resilientio.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parsed command line: a command, its words, and its {@code --name value} options. */
final class CommandLine {

    /** A command line that cannot be run; its message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String command;
    private final List<String> words;
    private final Map<String, String> options;

    private CommandLine(String command, List<String> words, Map<String, String> options) {
        this.command = command;
        this.words = words;
        this.options = options;
    }

    /**
     * Splits the arguments into the command (default {@code demo}), words and options, accepting
     * only the options named in {@code allowed} for that command.
     */
    static CommandLine parse(String[] args, Map<String, Set<String>> allowed) throws UsageException {
        String command = args.length == 0 ? "demo" : args[0];
        Set<String> names = allowed.get(command);
        if (names == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        List<String> words = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                words.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!names.contains(name)) {
                throw new UsageException(command + " has no option --" + name
                        + (names.isEmpty() ? "" : "; it takes --" + String.join(", --", names.stream().sorted().toList())));
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new CommandLine(command, List.copyOf(words), Map.copyOf(options));
    }

    String command() {
        return command;
    }

    List<String> words() {
        return words;
    }

    Path file(Path defaultFile) {
        String file = options.get("file");
        return file == null ? defaultFile : Path.of(file);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    /** The option's value, or {@code null} when it is absent. */
    String option(String name) {
        return options.get(name);
    }

    /** The option as a whole number in {@code [min, max]}, or the default when it is absent. */
    int number(String name, int defaultValue, int min, int max) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max + ", not '"
                    + value + "'");
        }
        if (number < min || number > max) {
            throw new UsageException("--" + name + " must be from " + min + " to " + max + ", not " + number);
        }
        return number;
    }
}
