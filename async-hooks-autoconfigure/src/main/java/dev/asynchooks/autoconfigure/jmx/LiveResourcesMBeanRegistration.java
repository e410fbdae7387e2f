package dev.asynchooks.autoconfigure.jmx;

import javax.management.MBeanServer;

import dev.asynchooks.live.LiveResources;
import dev.asynchooks.live.LiveResourcesJmx;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers a {@link LiveResources} registry's {@link LiveResourcesJmx} view while the
 * context runs, and removes it when the context closes. Not itself an MBean, so that
 * Spring's own exporter does not register it a second time under another name.
 *
 * @since 0.1.0
 */
public final class LiveResourcesMBeanRegistration implements InitializingBean, DisposableBean {

	private final LiveResources liveResources;

	private final MBeanServer mbeanServer;

	/**
	 * Create a registration.
	 * @param liveResources the registry
	 * @param mbeanServer the server to register it in
	 */
	public LiveResourcesMBeanRegistration(LiveResources liveResources, MBeanServer mbeanServer) {
		this.liveResources = liveResources;
		this.mbeanServer = mbeanServer;
	}

	@Override
	public void afterPropertiesSet() {
		LiveResourcesJmx.register(this.liveResources, this.mbeanServer);
	}

	@Override
	public void destroy() {
		LiveResourcesJmx.unregister(this.mbeanServer);
	}

}
