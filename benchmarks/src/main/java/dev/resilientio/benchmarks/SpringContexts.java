package dev.resilientio.benchmarks;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.retry.annotation.EnableRetry;

/** The two Spring set-ups of P1b, each as a user would write it: a configuration with one bean. */
final class SpringContexts {

    private SpringContexts() {
    }

    /** Spring Retry: {@code @EnableRetry}. */
    @Configuration
    @EnableRetry
    static class SpringRetryConfig {
        @Bean
        PathOperation operation() {
            return new SpringRetryOperation();
        }
    }

    /** Spring Framework 7: {@code @EnableResilientMethods}. */
    @Configuration
    @EnableResilientMethods
    static class SpringCoreRetryConfig {
        @Bean
        PathOperation operation() {
            return new SpringCoreRetryOperation();
        }
    }

    static AnnotationConfigApplicationContext start(Class<?> configuration) {
        return new AnnotationConfigApplicationContext(configuration);
    }
}
