package dev.resilientio.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A circuit breaker moved from one state to another. */
@Name("dev.resilientio.CircuitTransition")
@Label("Circuit Transition")
@Category({"resilient-io", "Circuit Breakers"})
@Description("A circuit breaker moved from one state to another")
@StackTrace(false)
final class CircuitTransitionEvent extends Event {

    @Label("Breaker")
    String breaker;

    @Label("From")
    String from;

    @Label("To")
    String to;

    @Label("Last Failure")
    @Description("The failure that opened the breaker, when it opened")
    String lastFailure;
}
