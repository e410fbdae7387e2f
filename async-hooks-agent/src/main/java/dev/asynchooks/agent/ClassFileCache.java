package dev.asynchooks.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The class files the agent transformed, kept between runs in a directory of their own
 * for this agent jar's content and this JVM, so that a later start needs no ByteBuddy.
 * <p>
 * An entry is named by the class, whether it was being loaded or retransformed, and the
 * SHA-256 of the original class file it was made from; it holds a magic number, the
 * SHA-256 of the transformed class file, then the class file. An entry that does not
 * check out is not used: the class is transformed again and the entry replaced. Entries
 * are written to a temporary file and moved into place atomically, so that two JVMs
 * starting at once never read half a file. A directory that cannot be made or written
 * only means no cache.
 */
final class ClassFileCache {

	/**
	 * The system property that chooses the directory the caches of every agent jar and
	 * JVM are kept under.
	 */
	static final String DIRECTORY_PROPERTY = "asynchooks.agent.cache-dir";

	/**
	 * The system property that turns the cache off, with {@code false}.
	 */
	static final String ENABLED_PROPERTY = "asynchooks.agent.cache";

	private static final byte[] MAGIC = "AHC1".getBytes(StandardCharsets.US_ASCII);

	private static final int DIGEST_LENGTH = 32;

	private static final HexFormat hex = HexFormat.of();

	private final Path directory;

	private final Set<String> names;

	private volatile boolean failed;

	private ClassFileCache(Path directory, Set<String> names) {
		this.directory = directory;
		this.names = names;
	}

	/**
	 * The cache for this agent jar and this JVM.
	 * @param jar the agent jar
	 * @return the cache, or {@code null} when it is turned off or its directory cannot be
	 * made
	 */
	static @Nullable ClassFileCache open(JarFile jar) {
		if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
			return null;
		}
		try {
			Path directory = root().resolve(version(jar));
			Files.createDirectories(directory);
			Set<String> names = new HashSet<>();
			try (Stream<Path> files = Files.list(directory)) {
				files.forEach((file) -> names.add(file.getFileName().toString()));
			}
			return new ClassFileCache(directory, names);
		}
		catch (Exception ex) {
			warn("async-hooks agent: no class file cache: " + ex);
			return null;
		}
	}

	private static Path root() {
		String directory = System.getProperty(DIRECTORY_PROPERTY);
		if (directory != null && !directory.isEmpty()) {
			return Paths.get(directory);
		}
		String cacheHome = System.getenv("XDG_CACHE_HOME");
		Path base = (cacheHome != null && Paths.get(cacheHome).isAbsolute()) ? Paths.get(cacheHome)
				: Paths.get(System.getProperty("user.home"), ".cache");
		return base.resolve("async-hooks").resolve("agent");
	}

	// the jar's content (every entry's name, size and CRC, which the jar's central
	// directory holds: no entry is read) and the JVM
	private static String version(JarFile jar) throws NoSuchAlgorithmException {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		ByteBuffer entry = ByteBuffer.allocate(16);
		for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
			JarEntry next = entries.nextElement();
			digest.update(next.getName().getBytes(StandardCharsets.UTF_8));
			digest.update(entry.clear().putLong(next.getSize()).putLong(next.getCrc()).array());
		}
		digest.update((System.getProperty("java.vm.version") + "\n" + System.getProperty("java.home"))
			.getBytes(StandardCharsets.UTF_8));
		return hex.formatHex(digest.digest(), 0, 16);
	}

	/**
	 * Whether the cache holds an entry made for each of these classes when it was
	 * retransformed: when it does not, the start is a cold one.
	 * @param types loaded classes
	 * @return {@code true} if each has an entry (which may still not check out)
	 */
	boolean holdsRetransformed(Class<?>[] types) {
		for (Class<?> type : types) {
			String prefix = type.getName() + ".retransform.";
			if (this.names.stream().noneMatch((name) -> name.startsWith(prefix))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The name of the entry for a class file.
	 * @param internalName the class's internal name
	 * @param loading whether the class is being loaded, not retransformed
	 * @param original the class file the JVM offers
	 * @return the entry's name, or {@code null} when there is none
	 */
	@Nullable String key(String internalName, boolean loading, byte[] original) {
		try {
			return internalName.replace('/', '.') + (loading ? ".load." : ".retransform.")
					+ hex.formatHex(sha256(original)) + ".class";
		}
		catch (NoSuchAlgorithmException ex) {
			fail("async-hooks agent: no class file cache: " + ex);
			return null;
		}
	}

	/**
	 * The transformed class file of an entry, if it is there and checks out.
	 * @param key the entry
	 * @return the class file, or {@code null}
	 */
	byte @Nullable [] read(String key) {
		byte[] entry;
		try {
			entry = Files.readAllBytes(this.directory.resolve(key));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (Exception ex) {
			fail("async-hooks agent: cannot read the class file cache: " + ex);
			return null;
		}
		int header = MAGIC.length + DIGEST_LENGTH;
		if (entry.length <= header || !Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
			return null;
		}
		byte[] classFile = Arrays.copyOfRange(entry, header, entry.length);
		try {
			if (!MessageDigest.isEqual(sha256(classFile), Arrays.copyOfRange(entry, MAGIC.length, header))) {
				return null;
			}
		}
		catch (NoSuchAlgorithmException ex) {
			return null;
		}
		return classFile;
	}

	/**
	 * Keep a transformed class file, replacing the entry if there is one.
	 * @param key the entry
	 * @param classFile the transformed class file
	 */
	void write(String key, byte[] classFile) {
		Path temporary = null;
		try {
			temporary = Files.createTempFile(this.directory, key, ".tmp");
			ByteBuffer entry = ByteBuffer.allocate(MAGIC.length + DIGEST_LENGTH + classFile.length);
			entry.put(MAGIC).put(sha256(classFile)).put(classFile);
			Files.write(temporary, entry.array());
			Files.move(temporary, this.directory.resolve(key), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			temporary = null;
		}
		catch (AtomicMoveNotSupportedException ex) {
			fail("async-hooks agent: no class file cache, its directory cannot move files atomically: "
					+ this.directory);
		}
		catch (Exception ex) {
			fail("async-hooks agent: cannot write the class file cache: " + ex);
		}
		finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				}
				catch (IOException ex) {
					// left for the next start to overwrite: never read
				}
			}
		}
	}

	private void fail(String message) {
		if (!this.failed) {
			this.failed = true;
			warn(message);
		}
	}

	private static void warn(String message) {
		System.getLogger("dev.asynchooks.agent").log(System.Logger.Level.DEBUG, message);
	}

	private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

}
