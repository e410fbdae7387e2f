package dev.asynchooks.autoconfigure.web.server;

import dev.asynchooks.DescribedResource;
import org.jspecify.annotations.Nullable;

/**
 * The resource object of a {@code TCPSERVERWRAP} resource, as passed to {@code init}: an
 * embedded web server listening on a port.
 *
 * @param name the kind of server, such as {@code tomcat}, {@code jetty} or {@code netty}
 * @param port the local port it listens on
 * @param namespace the server namespace ({@code management} for a separate management
 * server), or {@code null}
 * @since 0.1.0
 */
public record ListeningWebServer(String name, int port, @Nullable String namespace) implements DescribedResource {

	/**
	 * The server as {@code name:port}, such as {@code tomcat:8080}, followed by its
	 * namespace when it has one ({@code tomcat:8081 (management)}).
	 * @return the description
	 */
	@Override
	public String toString() {
		String description = this.name + ":" + this.port;
		return (this.namespace != null && !this.namespace.isEmpty()) ? description + " (" + this.namespace + ")"
				: description;
	}

	@Override
	public String asyncDescription() {
		return toString();
	}

}
