package dev.resilientio.core.recovery;

import dev.resilientio.core.weaving.AnnotatedMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls a method through the engine as woven code does, with a reflective body: no weaver needed. */
final class Woven {

    private Woven() {
    }

    static Object call(Object self, String name, Object... arguments) throws Throwable {
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
