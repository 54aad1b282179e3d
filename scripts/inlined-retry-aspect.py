#!/usr/bin/env python3
"""Writes aspects/src/main/aspect/dev/resilientio/aspects/InlinedRetryAspect.aj.

AspectJ binds a join point's arguments one by one and types an around advice's result, so the fast
path needs one advice per number of parameters (0 to 3), per static or instance method and per kind
of result (an object or nothing, int, long, boolean: an `Object around()` would box a primitive
result on every call). The advice bodies are the same but for those bindings; this script writes
them all, so that they stay the same. Run it after changing the template, and commit its output:

    python3 scripts/inlined-retry-aspect.py
"""
import os

HEADER = '''package dev.resilientio.aspects;

import dev.resilientio.core.weaving.AnnotatedMethod;
import dev.resilientio.core.weaving.InlinedAdvice;
import java.lang.invoke.MethodHandles;

/**
 * The advice of {@link ResilientIoAspect}, which extends this aspect, for the methods that carry
 * {@code @RetryFileOperation} alone (none of {@code @FileLocked}, {@code @AtomicWrite},
 * {@code @FileCircuitBreaker}, {@code @RecoverFromBackup}) and take at most three parameters, all
 * objects; {@code ResilientIoAspect}'s own advice applies the annotations to every other method.
 * Written in AspectJ's own syntax, not as an {@code @Aspect} class, so that ajc inlines it into the
 * woven method: its advice names neither {@code thisJoinPoint} nor a closure, so a call that
 * succeeds the first time builds neither a join point nor an array of its arguments. Abstract, and
 * inherited, so that builds and {@code aop.xml} files keep naming the one aspect.
 *
 * <p>The advice asks {@link AnnotatedMethod#enterFast} whether the call can take the fast path (a retry
 * alone, nobody observing, no test seam, not inside another retry): then it runs the body once, right
 * here, and only when that fails hands the failure to the engine, whose further attempts call the
 * method again ({@link InlinedAdvice#isBody} lets that entry through to the body). Any other call runs
 * as {@code ResilientIoAspect}'s own do, through {@link InlinedAdvice#invoke}.
 *
 * <p>The advice finds its method by the class it runs in, which ajc makes the woven class, and the
 * join point ({@link AnnotatedJoinPoints#of(Class, org.aspectj.lang.JoinPoint.StaticPart)}).
 *
 * <p>One advice per number of parameters, per static or instance method and per kind of result,
 * since AspectJ binds arguments one by one and an {@code Object around()} would box a primitive
 * result: written by {@code scripts/inlined-retry-aspect.py}, which keeps them alike; edit that, not
 * this file. For ajc to inline them they must stay free of {@code invokedynamic}: no lambda and no
 * string concatenation in them.
 */
public abstract aspect InlinedRetryAspect {

    /** The methods this advice applies {@code @RetryFileOperation} to; {@code ResilientIoAspect}'s own takes the rest. */
    public pointcut retryAlone():
            execution(@dev.resilientio.annotations.RetryFileOperation * *(..))
            && !execution(@dev.resilientio.annotations.FileLocked * *(..))
            && !execution(@dev.resilientio.annotations.AtomicWrite * *(..))
            && !execution(@dev.resilientio.annotations.FileCircuitBreaker * *(..))
            && !execution(@dev.resilientio.annotations.RecoverFromBackup * *(..))
            && (execution(* *()) || execution(* *(Object+)) || execution(* *(Object+, Object+))
                || execution(* *(Object+, Object+, Object+)));
'''

# (result type of the advice, return type pattern, how the engine's boxed result becomes it)
KINDS = [
    ("Object", "(!int && !long && !boolean)", "%s"),
    ("int", "int", "((Integer) %s).intValue()"),
    ("long", "long", "((Long) %s).longValue()"),
    ("boolean", "boolean", "((Boolean) %s).booleanValue()"),
]


def advice(kind, pattern, unbox, count, static):
    arguments = ["a%d" % i for i in range(count)]
    formals = ([] if static else ["Object self"]) + ["Object " + a for a in arguments]
    bindings = ([] if static else ["this(self)"]) + (["args(%s)" % ", ".join(arguments)] if arguments else [])
    pointcut = "retryAlone() && execution(%s%s *(%s))%s" % (
        "static " if static else "!static ", pattern, ", ".join(["*"] * count),
        "".join(" && " + b for b in bindings))
    proceed = ", ".join(([] if static else ["self"]) + arguments)
    self_ = "null" if static else "self"
    padded = ", ".join(arguments + ["null"] * (3 - count))
    describe = "%s %s method of %d parameter%s, %s" % (
        "A" if static else "An", "static" if static else "instance", count, "" if count == 1 else "s",
        "returning an object or nothing" if kind == "Object" else "returning " + kind)
    return '''
    /** %(describe)s. */
    %(kind)s around(%(formals)s): %(pointcut)s {
        AnnotatedMethod method = AnnotatedJoinPoints.of(MethodHandles.lookup().lookupClass(), thisJoinPointStaticPart);
        Object mark = method.enterFast(%(self)s, %(padded)s);
        if (mark != null) {
            %(kind)s result;
            try {
                result = proceed(%(proceed)s);
            } catch (Throwable first) {
                return %(after)s;
            }
            AnnotatedMethod.exitFast(mark);
            return result;
        }
        if (InlinedAdvice.isBody(method)) {
            return proceed(%(proceed)s);
        }
        return %(invoke)s;
    }
''' % dict(describe=describe, kind=kind, formals=", ".join(formals), pointcut=pointcut, self=self_, padded=padded,
           proceed=proceed,
           after=unbox % ("InlinedAdvice.afterFirstFailure(method, mark, first, MethodHandles.lookup(), %s, %s)"
                          % (self_, padded)),
           invoke=unbox % ("InlinedAdvice.invoke(method, MethodHandles.lookup(), %s, %s)" % (self_, padded)))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "aspects/src/main/aspect/dev/resilientio/aspects/InlinedRetryAspect.aj")
    text = HEADER
    for kind, pattern, unbox in KINDS:
        for static in (False, True):
            for count in range(4):
                text += advice(kind, pattern, unbox, count, static)
    text += "}\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
