package dev.resilientio.spring.boot;

import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.weaving.WeavingCheck;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs the weaving check over the application's annotated beans once every singleton exists:
 * {@code resilientio.weaving-check=warn} (the default) logs each unwoven method at WARN, {@code fail}
 * stops start-up with an {@link UnwovenBeansException}, {@code off} skips it. Nothing is checked while
 * {@code resilientio.enabled=false}, which makes every annotation a pass-through anyway.
 */
final class WeavingCheckRunner implements SmartInitializingSingleton {

    private static final Log LOG = LogFactory.getLog(WeavingCheckRunner.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final ConfigurableEnvironment environment;

    WeavingCheckRunner(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment) {
        this.beanFactory = beanFactory;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        WeavingCheckMode mode = WeavingCheckMode.of(environment);
        if (mode == WeavingCheckMode.OFF) {
            LOG.debug("resilient-io: weaving check off (resilientio.weaving-check=off)");
            return;
        }
        if (!ResilientIoConfig.global().enabled()) {
            LOG.debug("resilient-io: weaving check skipped, resilient-io is disabled (resilientio.enabled=false)");
            return;
        }
        List<AnnotatedBeans.BeanMethod> methods = AnnotatedBeans.find(beanFactory);
        List<String> unwoven = new ArrayList<>();
        for (AnnotatedBeans.BeanMethod method : methods) {
            if (!isWoven(method.method())) {
                unwoven.add(method.describe());
            }
        }
        if (unwoven.isEmpty()) {
            LOG.debug("resilient-io: weaving check passed, " + methods.size() + " annotated bean methods woven");
        } else if (mode == WeavingCheckMode.FAIL) {
            throw new UnwovenBeansException(unwoven);
        } else {
            for (String method : unwoven) {
                LOG.warn("resilient-io: " + method + " is not woven, so its annotations do nothing. Weave it at compile"
                        + " time (aspectj-maven-plugin with resilient-io-aspects), at load time (-javaagent:aspectjweaver.jar)"
                        + " or with -javaagent:resilient-io-agent.jar; see docs/spring-boot.md. resilientio.weaving-check=fail"
                        + " stops start-up instead.");
            }
        }
    }

    /** Whether a method is woven now, as the engine's own check tells it. */
    static boolean isWoven(Method method) {
        return !WeavingCheck.unwovenMethods(method.getDeclaringClass()).contains(method);
    }
}
