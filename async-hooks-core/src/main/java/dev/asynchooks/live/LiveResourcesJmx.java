package dev.asynchooks.live;

import java.lang.management.ManagementFactory;
import java.util.Objects;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import dev.asynchooks.live.LiveResources.Forest;
import dev.asynchooks.live.LiveResources.ParentLink;

/**
 * The JMX view of a {@link LiveResources} registry (see {@link LiveResourcesMXBean}).
 * Plain Java registers it with one line:
 *
 * <pre>{@code
 * LiveResourcesJmx.register(liveResources);   // dev.asynchooks:type=LiveResources
 * }</pre>
 *
 * Then {@code jconsole} (MBeans, {@code dev.asynchooks}, {@code LiveResources}, operation
 * {@code tree}) or any JMX client prints the live tree. With the Spring Boot starter it
 * is registered when {@code spring.jmx.enabled=true}.
 *
 * @since 0.1.0
 */
public final class LiveResourcesJmx implements LiveResourcesMXBean {

	/** The name the registry is registered under. */
	public static final String OBJECT_NAME = "dev.asynchooks:type=LiveResources";

	/** The most resources (or sites) one operation shows. */
	public static final int LIMIT = 10_000;

	private final LiveResources liveResources;

	/**
	 * A view of a registry, not registered yet.
	 * @param liveResources the registry
	 */
	public LiveResourcesJmx(LiveResources liveResources) {
		this.liveResources = Objects.requireNonNull(liveResources, "'liveResources' must not be null");
	}

	/**
	 * Register a registry's view in the platform MBean server as {@value #OBJECT_NAME},
	 * replacing a view registered before under that name.
	 * @param liveResources the registry
	 * @return the name it is registered under
	 * @throws IllegalStateException if JMX refuses it
	 */
	public static ObjectName register(LiveResources liveResources) {
		return register(liveResources, ManagementFactory.getPlatformMBeanServer());
	}

	/**
	 * Register a registry's view in an MBean server as {@value #OBJECT_NAME}, replacing a
	 * view registered before under that name.
	 * @param liveResources the registry
	 * @param server the MBean server
	 * @return the name it is registered under
	 * @throws IllegalStateException if JMX refuses it
	 */
	public static ObjectName register(LiveResources liveResources, MBeanServer server) {
		Objects.requireNonNull(server, "'server' must not be null");
		LiveResourcesJmx view = new LiveResourcesJmx(liveResources);
		ObjectName name = objectName();
		try {
			try {
				server.registerMBean(view, name);
			}
			catch (InstanceAlreadyExistsException ex) {
				unregister(server);
				server.registerMBean(view, name);
			}
		}
		catch (JMException ex) {
			throw new IllegalStateException("Could not register " + name, ex);
		}
		return name;
	}

	/**
	 * Remove the view registered as {@value #OBJECT_NAME}, if there is one.
	 * @param server the MBean server
	 */
	public static void unregister(MBeanServer server) {
		try {
			server.unregisterMBean(objectName());
		}
		catch (InstanceNotFoundException ex) {
			// not registered: nothing to do
		}
		catch (JMException ex) {
			throw new IllegalStateException("Could not unregister " + OBJECT_NAME, ex);
		}
	}

	/**
	 * The name the registry is registered under.
	 * @return {@value #OBJECT_NAME}
	 */
	public static ObjectName objectName() {
		try {
			return new ObjectName(OBJECT_NAME);
		}
		catch (MalformedObjectNameException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public long getLive() {
		return this.liveResources.tracked();
	}

	@Override
	public long getCreated() {
		return this.liveResources.created();
	}

	@Override
	public long getDestroyed() {
		return this.liveResources.destroyed();
	}

	@Override
	public long getDropped() {
		return this.liveResources.dropped();
	}

	@Override
	public String tree() {
		return text(this.liveResources.forest(ParentLink.TRIGGER, null, null, LIMIT));
	}

	@Override
	public String sites() {
		return new PlainTextResourcesFormatter(false).sites(this.liveResources.sites(null, null, LIMIT)).toString();
	}

	@Override
	public String site(String site) {
		Objects.requireNonNull(site, "'site' must not be null");
		return text(this.liveResources.forest(ParentLink.TRIGGER, null, site, LIMIT));
	}

	private String text(Forest forest) {
		PlainTextResourcesFormatter text = new PlainTextResourcesFormatter(false).trees(forest.nodes(), 0);
		if (forest.truncated()) {
			text.line("... " + (forest.matched() - forest.included()) + " more not shown (limit " + LIMIT + ")");
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return "LiveResourcesJmx[" + this.liveResources.tracked() + " live]";
	}

}
