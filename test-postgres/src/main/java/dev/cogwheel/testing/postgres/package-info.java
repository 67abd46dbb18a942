/**
 * A real PostgreSQL server for tests: one server per test JVM, a fresh schema per test class.
 *
 * <p>{@link dev.cogwheel.testing.postgres.TestPostgres#get()} starts (or finds) the server on first use:
 * the server named by the environment variable {@code COGWHEEL_TEST_DATABASE_URL} if it is set, else a
 * Testcontainers {@code postgres:17} container when Docker is available, else an embedded PostgreSQL 17
 * (zonky). Tests isolate themselves in a {@link dev.cogwheel.testing.postgres.TestSchema}, most easily
 * through the JUnit 5 {@link dev.cogwheel.testing.postgres.PostgresExtension}:
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class ConfigStoreTest {
 *   private final TestSchema schema;
 *
 *   ConfigStoreTest(TestSchema schema) {
 *     this.schema = schema;
 *   }
 *
 *   @Test
 *   void readsBackWhatItWrote() throws SQLException {
 *     try (Connection connection = schema.connect()) {
 *       // current_schema() is schema.name()
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>{@link dev.cogwheel.testing.postgres.EmbeddedServer} is a separate, dedicated server that a test
 * may stop and start again on the same port and data directory, to prove that clients survive an
 * outage. docs/testing.md describes the environment variables.
 */
package dev.cogwheel.testing.postgres;
