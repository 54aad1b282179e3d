package dev.resilientio.core.internal;

import java.util.Arrays;

/**
 * A {@link System.Logger}, for a JVM where no SLF4J with a provider can be found: by default the
 * JDK's logging prints WARN and above to stderr. Fills SLF4J's {@code {}} placeholders itself.
 */
final class JdkLogSink implements LogSink {

    private final System.Logger logger;

    JdkLogSink(String name) {
        this.logger = System.getLogger(name);
    }

    @Override
    public boolean enabled(LogLevel level) {
        return logger.isLoggable(level.jdkLevel);
    }

    @Override
    public void log(LogLevel level, String format, Object[] arguments) {
        if (!logger.isLoggable(level.jdkLevel)) {
            return;
        }
        StringBuilder message = new StringBuilder(format.length() + 32);
        int used = 0;
        int from = 0;
        for (int at = format.indexOf("{}"); at >= 0; at = format.indexOf("{}", from)) {
            message.append(format, from, at);
            if (used < arguments.length) {
                message.append(text(arguments[used++]));
            } else {
                message.append("{}");
            }
            from = at + 2;
        }
        message.append(format, from, format.length());
        Throwable thrown = used < arguments.length && arguments[arguments.length - 1] instanceof Throwable
                ? (Throwable) arguments[arguments.length - 1] : null;
        if (thrown != null) {
            logger.log(level.jdkLevel, message.toString(), thrown);
        } else {
            logger.log(level.jdkLevel, message.toString());
        }
    }

    static String text(Object argument) {
        return argument instanceof Object[] ? Arrays.deepToString((Object[]) argument) : String.valueOf(argument);
    }
}
