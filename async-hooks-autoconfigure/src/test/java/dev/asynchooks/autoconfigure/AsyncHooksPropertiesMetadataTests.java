package dev.asynchooks.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata generated for {@link AsyncHooksProperties}.
 *
 * @author async-hooks
 */
class AsyncHooksPropertiesMetadataTests {

	@Test
	void everyPropertyHasADescription() throws Exception {
		try (InputStream metadata = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			List<Map<String, Object>> properties = JsonPath.read(metadata, "$.properties");
			assertThat(properties).extracting((property) -> property.get("name"))
				.contains("async-hooks.enabled", "async-hooks.error-policy", "async-hooks.task.executor.enabled",
						"async-hooks.task.scheduling.enabled", "async-hooks.async.enabled", "async-hooks.logging.mdc",
						"async-hooks.context-propagation.enabled", "async-hooks.propagation.thread-local-accessors",
						"async-hooks.propagation.mdc");
			assertThat(properties).allSatisfy(
					(property) -> assertThat(property.get("description")).as("description of %s", property.get("name"))
						.asString()
						.isNotBlank()
						.doesNotContain("{@")
						.doesNotContain("<"));
			assertThat(properties).filteredOn((property) -> "async-hooks.error-policy".equals(property.get("name")))
				.singleElement()
				.satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("disable-hook"));
		}
	}

}
