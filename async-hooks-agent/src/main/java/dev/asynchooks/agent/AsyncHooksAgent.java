package dev.asynchooks.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} of the agent jar: puts the jar on the bootstrap class path,
 * then installs the instrumentations from there.
 * <p>
 * The JDK's classes that the agent instruments (in {@code java.base}) must reach the
 * engine, so the engine is loaded by the bootstrap class loader: the jar carries the
 * core's classes, and {@link Instrumentation#appendToBootstrapClassLoaderSearch} makes
 * them the copies that every class loader finds first, by parent-first delegation. The
 * application's own {@code dev.asynchooks} classes (its class path, the starter, a Spring
 * Boot fat jar) are then never loaded: one engine, one set of hooks. This class is loaded
 * by the system class loader before the append, so it names no other class of the
 * library: everything else is reached through the bootstrap loader by name.
 */
public final class AsyncHooksAgent {

	private static final String INSTALLER = "dev.asynchooks.agent.AgentInstaller";

	private AsyncHooksAgent() {
	}

	/**
	 * Install the agent, at JVM startup ({@code -javaagent:}); the agent has no
	 * {@code agentmain}: attaching to a running JVM is not supported, as JEP 451
	 * recommends, since tasks created before the attach would have no resource.
	 * @param arguments the agent's options (none yet)
	 * @param instrumentation the JVM's instrumentation
	 * @throws Exception if the agent cannot be installed: the JVM does not start
	 */
	public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
		JarFile jar = new JarFile(agentJar());
		instrumentation.appendToBootstrapClassLoaderSearch(jar);
		Class.forName(INSTALLER, true, null)
			.getMethod("install", Instrumentation.class, JarFile.class)
			.invoke(null, instrumentation, jar);
	}

	private static File agentJar() throws URISyntaxException {
		return new File(AsyncHooksAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

}
