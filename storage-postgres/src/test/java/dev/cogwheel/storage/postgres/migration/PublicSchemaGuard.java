package dev.cogwheel.storage.postgres.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.testing.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Proves the seeds' schema rule for a whole test class: the relations (pg_class: tables, indexes,
 * sequences, views) and functions in {@code public} are the same after the class's tests as before.
 */
final class PublicSchemaGuard implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PublicSchemaGuard.class);
  private static final String SNAPSHOT = "public-before";

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    context.getStore(NAMESPACE).put(SNAPSHOT, publicObjects());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    @SuppressWarnings("unchecked")
    Set<String> before = context.getStore(NAMESPACE).get(SNAPSHOT, Set.class);
    Set<String> after = publicObjects();
    assertThat(after).as("objects in schema public after %s", context.getRequiredTestClass().getSimpleName())
        .isEqualTo(before);
  }

  static Set<String> publicObjects() throws SQLException {
    Set<String> objects = new TreeSet<>();
    try (Connection c = TestPostgres.get().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 'pg_class ' || c.relkind::text || ' ' || c.relname FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            + " UNION ALL SELECT 'pg_proc ' || p.proname FROM pg_proc p"
            + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'")) {
      while (rs.next()) {
        objects.add(rs.getString(1));
      }
    }
    return objects;
  }
}
