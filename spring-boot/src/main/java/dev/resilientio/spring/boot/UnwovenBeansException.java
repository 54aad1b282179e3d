package dev.resilientio.spring.boot;

import java.util.List;

/**
 * Application beans carry resilient-io annotations on methods that no weaving reaches, so their
 * annotations would do nothing; thrown at start-up when {@code resilientio.weaving-check=fail}.
 */
public class UnwovenBeansException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Each unwoven method, described with its bean; an array, as a serializable exception's fields must be serializable. */
    private final String[] methods;

    /**
     * Creates the exception.
     *
     * @param methods each unwoven method, such as {@code com.example.TaskStore.save(Path) @AtomicWrite (bean 'taskStore')}
     */
    public UnwovenBeansException(List<String> methods) {
        super("resilient-io: " + methods.size() + (methods.size() == 1 ? " annotated method of a bean is" : " annotated methods of beans are")
                + " not woven, so their annotations do nothing:\n  - " + String.join("\n  - ", methods)
                + "\nWeave them at compile time (aspectj-maven-plugin with resilient-io-aspects), at load time"
                + " (-javaagent:aspectjweaver.jar) or with -javaagent:resilient-io-agent.jar; see docs/spring-boot.md."
                + " resilientio.weaving-check=warn only logs this.");
        this.methods = methods.toArray(new String[0]);
    }

    /**
     * Returns the unwoven methods.
     *
     * @return each method with its annotations and bean; unmodifiable
     */
    public List<String> methods() {
        return List.of(methods);
    }
}
