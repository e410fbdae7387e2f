package dev.asynchooks.agent;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One family of instrumented JDK classes (thread pools, timers, threads, futures): the
 * types and methods it changes, and the advice it puts there. An implementation is a file
 * of its own, with its advice as nested classes and the code they call in a public class
 * of this package (advice is inlined into the JDK class, so what it calls must be
 * public); it is registered in {@link ByteBuddyTransformer#INSTRUMENTATIONS}. Advice
 * classes are read from the agent jar:
 * {@code ByteBuddyTransformer.advice(MyAdvice.class)}, not
 * {@code Advice.to(MyAdvice.class)}.
 */
public interface AgentInstrumentation {

	/**
	 * Add this family's transformations.
	 * @param agent the agent being built
	 * @return the agent with them
	 */
	AgentBuilder instrument(AgentBuilder agent);

}
