package dev.resilientio.core;

/**
 * Bad configuration or bad annotation use. Its message names the variable, attribute or method,
 * the bad value, and what is allowed.
 */
public class ResilientIoConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, where, and what is allowed
     */
    public ResilientIoConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that revealed it.
     *
     * @param message what is wrong, where, and what is allowed
     * @param cause the underlying failure
     */
    public ResilientIoConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
