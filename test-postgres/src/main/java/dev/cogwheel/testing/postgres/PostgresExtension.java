package dev.cogwheel.testing.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh {@link TestSchema} on the {@link TestPostgres} server.
 *
 * <p>With {@code @ExtendWith(PostgresExtension.class)} on a test class, the schema is created before
 * the class's tests and dropped after them; every test of the class sees the same schema.
 * Constructor, lifecycle-method and test-method parameters of type {@link TestSchema} receive it, and
 * parameters of type {@link TestPostgres} receive the server. The schema is named after the test
 * class. A {@code @Nested} class gets a schema of its own.
 *
 * <p>The schema is kept in the class's {@link ExtensionContext.Store}, so test classes may run in
 * parallel.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);
  private static final String SCHEMA = "schema";

  /** Creates the extension; JUnit calls this. */
  public PostgresExtension() {
  }

  /**
   * Creates the test class's schema.
   *
   * @param context the test class's context
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    schemaOf(context);
  }

  /**
   * Drops the test class's schema.
   *
   * @param context the test class's context
   */
  @Override
  public void afterAll(ExtensionContext context) {
    TestSchema schema = context.getStore(NAMESPACE).remove(SCHEMA, TestSchema.class);
    if (schema != null) {
      schema.close();
    }
  }

  /**
   * Tells JUnit that this extension resolves {@link TestSchema} and {@link TestPostgres} parameters.
   *
   * @param parameterContext the parameter
   * @param extensionContext the current context
   * @return whether the parameter has one of those types
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == TestSchema.class || type == TestPostgres.class;
  }

  /**
   * Returns the test class's schema, or the server.
   *
   * @param parameterContext the parameter
   * @param extensionContext the current context
   * @return the value for the parameter
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (parameterContext.getParameter().getType() == TestPostgres.class) {
      return TestPostgres.get();
    }
    return schemaOf(extensionContext);
  }

  /**
   * Returns the schema of the test class {@code context} belongs to, creating it on first use: with
   * {@code @TestInstance(PER_CLASS)} the constructor is resolved before {@code beforeAll}.
   */
  private static TestSchema schemaOf(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    String hint = classContext.getRequiredTestClass().getSimpleName();
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(SCHEMA, key -> TestPostgres.get().createSchema(hint), TestSchema.class);
  }
}
