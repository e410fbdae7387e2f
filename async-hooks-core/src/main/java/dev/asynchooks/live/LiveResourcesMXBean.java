package dev.asynchooks.live;

/**
 * The management interface of a {@link LiveResources} registry, registered by
 * {@link LiveResourcesJmx#register(LiveResources)} as
 * {@value LiveResourcesJmx#OBJECT_NAME}: counts as attributes, and the live tree as text,
 * so that {@code jconsole}, VisualVM or any JMX client can read it without HTTP, beside a
 * JDK thread dump (a running resource shows {@code #id}, the id of the thread it runs on,
 * as the thread dump does).
 *
 * @since 0.1.0
 */
public interface LiveResourcesMXBean {

	/**
	 * The live resources tracked now.
	 * @return the count
	 */
	long getLive();

	/**
	 * The resources created since tracking began.
	 * @return the count
	 */
	long getCreated();

	/**
	 * The tracked resources destroyed.
	 * @return the count
	 */
	long getDestroyed();

	/**
	 * The resources not tracked because the registry was full.
	 * @return the count
	 */
	long getDropped();

	/**
	 * The live resources as text trees by trigger, at most
	 * {@value LiveResourcesJmx#LIMIT} of them; details that may be sensitive are masked.
	 * @return the text, one line per resource
	 */
	String tree();

	/**
	 * The live resources grouped by creation site, as text.
	 * @return the text, one line per site, most resources first
	 */
	String sites();

	/**
	 * The live resources whose creation site contains {@code site}, as text.
	 * @param site a part of a creation site, such as a class name or
	 * {@code OrderService.java:42}
	 * @return the text, one line per resource
	 */
	String site(String site);

}
