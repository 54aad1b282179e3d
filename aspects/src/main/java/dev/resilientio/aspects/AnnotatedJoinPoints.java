package dev.resilientio.aspects;

import dev.resilientio.core.weaving.AnnotatedMethod;
import java.util.Arrays;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * The resolved method of each join point the aspects advise, found per call: public, since ajc
 * copies the advice that calls it into the woven classes. Thread-safe.
 *
 * <p>Each woven class numbers its join points from 0 ({@link JoinPoint.StaticPart#getId()}), so a
 * call finds its method by that number in its class's table, the join point itself confirming the
 * entry: two reads where a map keyed by the join point would hash it and compare keys.
 */
public final class AnnotatedJoinPoints {

    /** Per woven class, so that no application class loader is kept alive. */
    private static final ClassValue<Table> TABLES = new ClassValue<>() {
        @Override
        protected Table computeValue(Class<?> type) {
            return new Table();
        }
    };

    private AnnotatedJoinPoints() {
    }

    /**
     * Returns the resolved method of a method execution join point, for advice that ajc inlined into
     * the woven class and that names that class: {@code MethodHandles.lookup().lookupClass()} there is
     * a constant to the JIT, which saves reading the class from the join point's signature (the
     * {@code Lookup} itself, unused, is left out by the JIT). Advice that runs in the aspect instead (not inlined)
     * names the aspect: its join points are then found as {@link #of(JoinPoint.StaticPart)} finds them.
     *
     * @param woven the class the advice runs in
     * @param joinPoint the join point's static part ({@code thisJoinPointStaticPart})
     * @return the method
     */
    public static AnnotatedMethod of(Class<?> woven, JoinPoint.StaticPart joinPoint) {
        Table table = TABLES.get(woven);
        Entry[] entries = table.entries;
        int id = joinPoint.getId();
        if (id >= 0 && id < entries.length) {
            Entry entry = entries[id];
            if (entry != null && entry.joinPoint == joinPoint) {
                return entry.method;
            }
        }
        return of(joinPoint);
    }

    /**
     * Returns the resolved method of a method execution join point; cheap after the first call.
     *
     * @param joinPoint the join point's static part ({@code thisJoinPointStaticPart})
     * @return the method
     */
    public static AnnotatedMethod of(JoinPoint.StaticPart joinPoint) {
        Table table = TABLES.get(joinPoint.getSignature().getDeclaringType());
        Entry[] entries = table.entries;
        int id = joinPoint.getId();
        if (id >= 0 && id < entries.length) {
            Entry entry = entries[id];
            if (entry != null && entry.joinPoint == joinPoint) {
                return entry.method;
            }
        }
        return table.add(joinPoint);
    }

    /** One class's join points by number; written under its lock, read without. */
    private static final class Table {
        volatile Entry[] entries = new Entry[0];

        synchronized AnnotatedMethod add(JoinPoint.StaticPart joinPoint) {
            int id = joinPoint.getId();
            for (Entry entry : entries) {
                if (entry != null && entry.joinPoint == joinPoint) {
                    return entry.method;
                }
            }
            AnnotatedMethod method = AnnotatedMethod.of(((MethodSignature) joinPoint.getSignature()).getMethod());
            if (id >= 0) {
                Entry[] grown = Arrays.copyOf(entries, Math.max(entries.length, id + 1));
                // A number taken by another join point (the class woven twice) keeps the first: the rest resolve here.
                if (grown[id] == null) {
                    grown[id] = new Entry(joinPoint, method);
                    entries = grown;
                }
            }
            return method;
        }
    }

    private static final class Entry {
        final JoinPoint.StaticPart joinPoint;
        final AnnotatedMethod method;

        Entry(JoinPoint.StaticPart joinPoint, AnnotatedMethod method) {
            this.joinPoint = joinPoint;
            this.method = method;
        }
    }
}
