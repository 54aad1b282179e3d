package dev.resilientio.core.weaving;

import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.pipeline.Call;

/**
 * One call of an annotated method through its pipeline; the body is the method's own code, its target
 * argument redirected to the temp of an atomic write, or to a backup while recovery tries it.
 */
final class MethodCall extends Call {

    private static final LazyLogger LOG = new LazyLogger(AnnotatedMethod.class);

    private final MethodPlan plan;
    private final Object[] arguments;
    private final Invocation invocation;
    /** The body's own failure of the latest attempt, so that only the engine's are ever wrapped. */
    private Throwable bodyFailure;

    MethodCall(MethodPlan plan, Object self, Object[] arguments, Invocation invocation) {
        super(plan.pipeline, plan.target == null ? null : plan.target.of(self, arguments),
                plan.redirect == null ? null : plan.redirect.of(null, arguments),
                plan.recoverRedirect == null ? null : plan.recoverRedirect.of(null, arguments));
        this.plan = plan;
        this.arguments = arguments;
        this.invocation = invocation;
    }

    boolean thrownByBody(Throwable failure) {
        return failure == bodyFailure;
    }

    @Override
    protected Object body() throws Throwable {
        AtomicWriteSession session = session();
        Object[] args = arguments;
        if (session != null) {
            args = arguments.clone();
            args[plan.redirect.index()] = plan.redirect.redirect(session.temp());
        } else if (readFrom() != null) {
            args = arguments.clone();
            args[plan.recoverRedirect.index()] = plan.recoverRedirect.redirect(readFrom());
        }
        Object result;
        try {
            result = invocation.proceed(args);
        } catch (Throwable failure) {
            bodyFailure = failure;
            throw failure;
        }
        if (session != null) {
            // Read at the commit's own check of the temp, which reads its size anyway: no stat of its own.
            session.onEmptyOverContent(former -> LOG.warn("{} returned without writing anything to the temp file of {}:"
                    + " the commit replaces its {} bytes with an empty file; write the new content to the path the"
                    + " method is given, or throw to keep the file as it is", plan.where, session.target(), former));
        }
        return result;
    }
}
