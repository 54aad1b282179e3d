package dev.resilientio.core.rules;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The words for misuse of the target rules, shared by the runtime's target resolution and the
 * compile-time checks of resilient-io-processor, so both say the same thing. Methods are named as
 * {@code com.example.TaskStore.save(Path, String)}.
 */
public final class TargetMessages {

    /** What {@code @TargetFile} may be written on. */
    public static final String ALLOWED_TYPES = "allowed types are java.nio.file.Path, java.io.File and String.";

    private TargetMessages() {
    }

    /**
     * No rule found a target; {@code annotation} is {@code @FileLocked} or {@code @RetryFileOperation}.
     *
     * @param annotation as the message names it
     * @param method as the message names it
     * @return the message
     */
    public static String noTarget(String annotation, String method) {
        boolean locks = annotation.equals("@FileLocked");
        return annotation + " on " + method + " has no target file: no parameter is marked @TargetFile, "
                + (locks ? "there is no path attribute, " : "") + "no parameter is a Path or File, and neither its class"
                + " nor a superclass has a @TargetFile field or no-argument method. Mark the file the method works on"
                + " with @TargetFile (a parameter, or a field or getter of the class; in Kotlin @field:TargetFile or"
                + " @get:TargetFile)" + (locks ? ", or give @FileLocked(path = \"...\")." : ".");
    }

    /**
     * A Kotlin {@code suspend} function carries {@code annotation}; {@code function} is named without its Continuation.
     *
     * @param function as the message names it
     * @param annotation as the message names it
     * @return the message
     */
    public static String suspendFunction(String function, String annotation) {
        return function + " is a Kotlin suspend function: method advice cannot wrap it, since the call returns at its"
                + " first suspension and the rest runs later, outside the retry, the lock and the atomic write. Remove "
                + annotation + " and call dev.resilientio.kotlin's retryFileOperation, withFileLock or atomicWrite"
                + " (artifact resilient-io-kotlin) inside the function instead.";
    }

    /**
     * {@code @AtomicWrite} has no parameter to redirect.
     *
     * @param method as the message names it
     * @return the message
     */
    public static String nothingToRedirect(String method) {
        return "@AtomicWrite on " + method + " has nothing to redirect: it needs the file it writes as a Path, File or"
                + " String parameter, which it receives as the temp file. Add that parameter (mark it @TargetFile when"
                + " it is a String), or call ResilientFiles.atomicWrite from the method instead.";
    }

    /**
     * Two or more {@code Path}/{@code File} parameters, none marked; positions count from 1.
     *
     * @param method as the message names it
     * @param positions as the message names it
     * @return the message
     */
    public static String ambiguousParameters(String method, List<Integer> positions) {
        return method + " has " + positions.size() + " Path/File parameters (" + positions.stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "positions ", "")) + ") and none is marked: which file does it work"
                + " on? Mark that parameter with @TargetFile.";
    }

    /**
     * Two parameters marked; positions count from 1.
     *
     * @param method as the message names it
     * @param first as the message names it
     * @param second as the message names it
     * @return the message
     */
    public static String twoMarkedParameters(String method, int first, int second) {
        return method + " marks parameters " + first + " and " + second
                + " with @TargetFile; mark only the file the method works on.";
    }

    /**
     * {@code @TargetFile} on a member or parameter of a type that cannot name a file.
     *
     * @param member as the message names it
     * @param type as the message names it
     * @return the message
     */
    public static String unsupportedType(String member, String type) {
        return "@TargetFile on " + member + " has type " + type + "; " + ALLOWED_TYPES;
    }

    /**
     * A {@code @TargetFile} method that takes parameters.
     *
     * @param member as the message names it
     * @return the message
     */
    public static String getterWithParameters(String member) {
        return "@TargetFile on " + member + " needs a method without parameters that returns the file.";
    }

    /**
     * Several {@code @TargetFile} members in the class and its superclasses.
     *
     * @param owner as the message names it
     * @param members as the message names it
     * @param method as the message names it
     * @return the message
     */
    public static String ambiguousMembers(String owner, List<String> members, String method) {
        return owner + " has " + members.size() + " @TargetFile members (" + String.join(", ", members)
                + "), so the target of " + method + " is ambiguous; keep one, or mark a parameter of the method.";
    }

    /**
     * A static method whose target member belongs to an instance.
     *
     * @param method as the message names it
     * @param member as the message names it
     * @return the message
     */
    public static String staticMethodInstanceMember(String method, String member) {
        return method + " is static, but its @TargetFile " + member
                + " belongs to an instance; make the member static or pass the file as a parameter.";
    }

    /**
     * {@code ${}} with no name in a {@code @FileLocked} path.
     *
     * @param path as the message names it
     * @param method as the message names it
     * @return the message
     */
    public static String emptyPlaceholder(String path, String method) {
        return "@FileLocked(path = \"" + path + "\") on " + method + " has an empty ${}; write ${NAME} with the name of"
                + " a system property or environment variable.";
    }
}
