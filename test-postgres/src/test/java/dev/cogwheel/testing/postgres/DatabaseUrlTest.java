package dev.cogwheel.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  private static final String VARIABLE = "COGWHEEL_TEST_DATABASE_URL";

  @Test
  void jdbcUrlLosesItsCredentialsAndSchemaButKeepsOtherParameters() {
    DatabaseUrl url = DatabaseUrl.parse(VARIABLE,
        "jdbc:postgresql://db.example:5433/app?user=alice&password=s%40cret&sslmode=disable&currentSchema=x");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/app?sslmode=disable");
    assertThat(url.user()).isEqualTo("alice");
    assertThat(url.password()).isEqualTo("s@cret");
  }

  @Test
  void jdbcUrlWithoutParametersHasNoCredentials() {
    DatabaseUrl url = DatabaseUrl.parse(VARIABLE, "jdbc:postgresql://127.0.0.1:5432/test");

    assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://127.0.0.1:5432/test", "", ""));
  }

  @Test
  void libpqUrlBecomesJdbcUrlWithDecodedCredentials() {
    DatabaseUrl url = DatabaseUrl.parse(VARIABLE, "postgres://alice:p%40ss+word@db.example:5433/app?sslmode=require");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/app?sslmode=require");
    assertThat(url.user()).isEqualTo("alice");
    assertThat(url.password()).isEqualTo("p@ss+word");
  }

  @Test
  void libpqUrlWithoutPortOrDatabaseUsesTheDriverPortAndTheUsersDatabase() {
    DatabaseUrl url = DatabaseUrl.parse(VARIABLE, "postgresql://alice@[::1]");

    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]/alice");
    assertThat(url.user()).isEqualTo("alice");
    assertThat(url.password()).isEmpty();
  }

  @Test
  void libpqUrlMayCarryCredentialsAsParameters() {
    DatabaseUrl url = DatabaseUrl.parse(VARIABLE, "postgresql://h1:5432,h2:5433/app?user=bob&password=pw");

    assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://h1:5432,h2:5433/app", "bob", "pw"));
  }

  @Test
  void textFormNeverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse(VARIABLE, "postgres://alice:hunter2@db.example/app");

    assertThat(url.toString()).isEqualTo("jdbc:postgresql://db.example/app as alice").doesNotContain("hunter2");
  }

  @Test
  void unknownSchemeIsRejectedNamingTheVariableButNotTheUrl() {
    assertThatThrownBy(() -> DatabaseUrl.parse(VARIABLE, "mysql://root:hunter2@db.example/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COGWHEEL_TEST_DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://,"
            + " but it starts with 'mysql:'");
  }

  @Test
  void parameterIsAppendedToUrlsWithAndWithoutQuery() {
    assertThat(DatabaseUrl.withParameter("jdbc:postgresql://h/db", "currentSchema", "s"))
        .isEqualTo("jdbc:postgresql://h/db?currentSchema=s");
    assertThat(DatabaseUrl.withParameter("jdbc:postgresql://h/db?ssl=false", "currentSchema", "s"))
        .isEqualTo("jdbc:postgresql://h/db?ssl=false&currentSchema=s");
  }
}
