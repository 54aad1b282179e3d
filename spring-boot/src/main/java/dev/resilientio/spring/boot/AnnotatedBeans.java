package dev.resilientio.spring.boot;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileCircuitBreaker;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The application's beans whose classes carry {@code @RetryFileOperation}, {@code @FileLocked},
 * {@code @AtomicWrite}, {@code @FileCircuitBreaker} or {@code @RecoverFromBackup}, each class as the user wrote it (the class behind a CGLIB or JDK proxy), with
 * its annotated methods, its superclasses' included.
 */
final class AnnotatedBeans {

    private static final Log LOG = LogFactory.getLog(AnnotatedBeans.class);
    private static final List<Class<? extends Annotation>> ANNOTATIONS =
            List.of(RetryFileOperation.class, FileLocked.class, AtomicWrite.class, FileCircuitBreaker.class,
                    RecoverFromBackup.class);

    private AnnotatedBeans() {
    }

    /**
     * One annotated method of a class that beans have.
     *
     * @param method the method
     * @param beans the names of the beans of its class (or of a subclass that inherits it)
     */
    record BeanMethod(Method method, List<String> beans) {

        /** The method as reports show it: {@code com.example.TaskStore.save(Path) @RetryFileOperation (bean 'taskStore')}. */
        String describe() {
            return signature() + " " + annotations().stream().map(a -> "@" + a).collect(Collectors.joining(" "))
                    + " (" + (beans.size() == 1 ? "bean '" + beans.get(0) + "'" : "beans '" + String.join("', '", beans) + "'") + ")";
        }

        /** {@code com.example.TaskStore.save(Path)}. */
        String signature() {
            return method.getDeclaringClass().getName() + "." + method.getName() + "("
                    + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                    + ")";
        }

        /** The simple names of its resilient-io annotations. */
        List<String> annotations() {
            List<String> names = new ArrayList<>();
            for (Class<? extends Annotation> annotation : ANNOTATIONS) {
                if (method.isAnnotationPresent(annotation)) {
                    names.add(annotation.getSimpleName());
                }
            }
            return names;
        }
    }

    /**
     * Finds the annotated methods of the beans, without creating any bean: a bean not created yet
     * (lazy, prototype) is known by its definition's type.
     *
     * @param beanFactory the application's bean factory
     * @return the methods, sorted by class and name
     */
    static List<BeanMethod> find(ConfigurableListableBeanFactory beanFactory) {
        Map<Method, Set<String>> beansOf = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>(Arrays.asList(beanFactory.getBeanDefinitionNames()));
        names.addAll(Arrays.asList(beanFactory.getSingletonNames()));
        for (String name : names) {
            Class<?> type = userClass(beanFactory, name);
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method method : declaredMethods(c)) {
                    if (!method.isSynthetic() && !method.isBridge() && isAnnotated(method)) {
                        beansOf.computeIfAbsent(method, m -> new LinkedHashSet<>()).add(name);
                    }
                }
            }
        }
        List<BeanMethod> methods = new ArrayList<>();
        beansOf.forEach((method, beans) -> methods.add(new BeanMethod(method, List.copyOf(beans))));
        methods.sort(Comparator.comparing((BeanMethod m) -> m.method().getDeclaringClass().getName())
                .thenComparing(BeanMethod::signature));
        return methods;
    }

    /**
     * A class's methods; none when a type in their signatures is missing from the class path (a bean
     * class with an optional dependency), since such a method cannot carry a woven annotation in use.
     */
    private static Method[] declaredMethods(Class<?> type) {
        try {
            return type.getDeclaredMethods();
        } catch (LinkageError e) {
            LOG.warn("resilient-io's weaving check skipped the bean class " + type.getName() + ": its methods cannot be"
                    + " read because a type they use is missing from the class path (" + e + "), so an annotated"
                    + " method of it is not checked. Add the missing dependency, or set resilientio.weaving-check=off"
                    + " to silence the check.");
            return new Method[0];
        }
    }

    private static Class<?> userClass(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            if (beanFactory.containsBeanDefinition(name) && beanFactory.getBeanDefinition(name).isAbstract()) {
                return null;
            }
            Object instance = beanFactory.getSingleton(name);
            if (instance != null && !(instance instanceof FactoryBean)) {
                // The target behind a proxy of any kind, as far as the proxy tells it.
                return AopProxyUtils.ultimateTargetClass(instance);
            }
            Class<?> type = beanFactory.getType(name, false);
            return type == null ? null : ClassUtils.getUserClass(type);
        } catch (BeansException | LinkageError e) {
            // A definition whose class cannot be loaded fails the context on its own, with Spring's message.
            LOG.debug("resilient-io: type of bean '" + name + "' not checked: " + e);
            return null;
        }
    }

    private static boolean isAnnotated(Method method) {
        for (Class<? extends Annotation> annotation : ANNOTATIONS) {
            if (method.isAnnotationPresent(annotation)) {
                return true;
            }
        }
        return false;
    }
}
