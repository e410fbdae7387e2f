package dev.asynchooks.autoconfigure.web.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded web servers of the application as {@code TCPSERVERWRAP} resources: one is
 * created when a server has started listening (on the {@link WebServerInitializedEvent},
 * published for servlet and reactive servers, also by a management server on its own
 * port), and destroyed when the server stops. A server that is stopped and started again
 * (a paused test context) is a new resource each time it listens.
 * <p>
 * Request integrations call {@link #triggerAsyncId(Object, ToIntFunction)} to make the
 * server the trigger of each request it receives.
 *
 * @since 0.1.0
 */
public class WebServerResources implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

	/**
	 * The lifecycle phase: just below the web server's start/stop phase, so that the
	 * resources are destroyed after the servers have stopped, and before the hooks are
	 * disabled (in the earliest phase).
	 */
	public static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;

	private final Object monitor = new Object();

	// copy-on-write: read on every request
	private volatile Listening[] servers = new Listening[0];

	private volatile boolean running;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServer server = event.getWebServer();
		int port = server.getPort();
		ListeningWebServer described = new ListeningWebServer(name(server), port,
				event.getApplicationContext().getServerNamespace());
		synchronized (this.monitor) {
			List<Listening> servers = new ArrayList<>(List.of(this.servers));
			// a server that listens again replaces its previous resource
			servers.removeIf((listening) -> {
				boolean same = listening.server() == server;
				if (same) {
					listening.resource().emitDestroy();
				}
				return same;
			});
			servers.add(new Listening(server, new WebServerResource(described)));
			this.servers = servers.toArray(new Listening[0]);
		}
	}

	private static String name(WebServer server) {
		// TomcatWebServer -> tomcat
		String name = server.getClass().getSimpleName();
		if (name.endsWith("WebServer") && name.length() > "WebServer".length()) {
			name = name.substring(0, name.length() - "WebServer".length());
		}
		return name.toLowerCase(Locale.ROOT);
	}

	/**
	 * The asyncId of the {@code TCPSERVERWRAP} resource of the server listening on the
	 * given local port; when no server listens on it, that of the first server that
	 * listens; {@code 0} when there is none, so that the caller uses its default trigger.
	 * @param localPort the local port a request was received on
	 * @return the asyncId, or {@code 0}
	 */
	public long triggerAsyncId(int localPort) {
		Listening[] servers = this.servers;
		return (servers.length > 0) ? triggerAsyncId(servers, localPort) : 0;
	}

	/**
	 * The asyncId of the {@code TCPSERVERWRAP} resource of the server that received a
	 * request, as {@link #triggerAsyncId(int)}; the request's local port is read only
	 * when more than one server listens (it can cost a call into the container).
	 * @param <R> the type of the request
	 * @param request the request
	 * @param localPort reads the local port the request was received on
	 * @return the asyncId, or {@code 0}
	 */
	public <R> long triggerAsyncId(R request, ToIntFunction<R> localPort) {
		Listening[] servers = this.servers;
		if (servers.length == 1) {
			return servers[0].resource().asyncId();
		}
		if (servers.length == 0) {
			return 0;
		}
		return triggerAsyncId(servers, localPort.applyAsInt(request));
	}

	private static long triggerAsyncId(Listening[] servers, int localPort) {
		for (Listening listening : servers) {
			if (listening.resource().server().port() == localPort) {
				return listening.resource().asyncId();
			}
		}
		return servers[0].resource().asyncId();
	}

	/**
	 * The servers that listen now, in the order they started.
	 * @return the servers, as their resources show them to hooks
	 */
	public List<ListeningWebServer> servers() {
		return List.of(this.servers).stream().map((listening) -> listening.resource().server()).toList();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			for (Listening listening : this.servers) {
				listening.resource().emitDestroy();
			}
			this.servers = new Listening[0];
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Not pauseable, like the web server itself: a paused context (Spring's test context
	 * cache pauses the contexts it is not using) keeps its server listening, so the
	 * server's resource stays live.
	 * @return {@code false}
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private record Listening(WebServer server, WebServerResource resource) {

	}

}
