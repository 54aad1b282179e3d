package dev.resilientio.examples.boot;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The application's own aspect, a Spring AOP bean with an injected field: it counts the calls that
 * reach {@link TallyStore} from outside (self-calls inside the store do not pass the proxy). It must
 * stay a Spring proxy aspect when the build weaves resilient-io's aspects with ajc: an ajc-woven
 * copy would be made by AspectJ, not Spring, so its field would stay {@code null}, and it would
 * advise self-calls too. Thread-safe.
 */
@Aspect
@Component
public class ServiceCallCounter {

    @Autowired
    private CallLedger ledger;

    /** Spring creates the one instance and injects its ledger. */
    public ServiceCallCounter() {
    }

    /**
     * Counts one call of a public method of the store, then runs it.
     *
     * @param call the call
     * @return the method's result
     * @throws Throwable the method's failure, unchanged
     */
    @Around("execution(public * dev.resilientio.examples.boot.TallyStore.*(..))")
    public Object count(ProceedingJoinPoint call) throws Throwable {
        if (ledger == null) {
            throw new IllegalStateException("ServiceCallCounter runs without its injected CallLedger: AspectJ made"
                    + " this instance, so the build wove the application's own aspect with ajc. Restrict ajc to"
                    + " resilient-io's aspect (<xmlConfigured> naming only dev.resilientio.aspects.ResilientIoAspect,"
                    + " see docs/spring-boot.md).");
        }
        ledger.markInjected();
        ledger.record(call.getSignature().getName());
        return call.proceed();
    }
}
