package dev.resilientio.core.testsupport;

import dev.resilientio.core.weaving.AnnotatedMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls a method through the engine as woven code does, with a reflective body: no weaver needed. */
public final class Woven {

    private Woven() {
    }

    /**
     * Calls a method of {@code self} by name through {@code AnnotatedMethod}, as an aspect would.
     *
     * @param self the instance whose class declares the method
     * @param name the method's name, unique in its class
     * @param arguments the call's arguments
     * @return the method's result
     * @throws Throwable what the engine or the method's body throws, unwrapped
     */
    public static Object call(Object self, String name, Object... arguments) throws Throwable {
        Method method = null;
        for (Method m : self.getClass().getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                method = m;
            }
        }
        if (method == null) {
            throw new AssertionError("no method " + name);
        }
        Method body = method;
        body.setAccessible(true);
        return AnnotatedMethod.of(method).invoke(self, arguments, args -> {
            try {
                return body.invoke(self, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
