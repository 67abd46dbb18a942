package dev.cogwheel.testing.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A database URL split into a JDBC URL without credentials, a user and a password.
 *
 * <p>Accepts {@code jdbc:postgresql://host:port/db?user=..&password=..} and the libpq form
 * {@code postgres://user:pass@host:port/db} (or {@code postgresql://}). Credentials are taken out of
 * the URL so that {@link #jdbcUrl()} can be printed; a {@code currentSchema} parameter is dropped,
 * because schemas are chosen per test. Other query parameters are passed to the JDBC driver as they are.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL with neither user, password nor schema
 * @param user     the user name, empty when the URL names none
 * @param password the password, empty when the URL names none
 */
record DatabaseUrl(String jdbcUrl, String user, String password) {

  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  DatabaseUrl {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Parses a URL in either accepted form.
   *
   * @param variable the name of the setting the URL came from, for error messages
   * @param url      the URL
   * @throws IllegalArgumentException if the URL is in neither form; the message names the setting but
   *                                  does not repeat the URL, which may hold a password
   */
  static DatabaseUrl parse(String variable, String url) {
    String trimmed = url.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith(JDBC_PREFIX)) {
      return parseJdbc(trimmed);
    }
    if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
      return parseLibpq(variable, trimmed);
    }
    int colon = trimmed.indexOf(':');
    String scheme = colon < 0 ? "(no scheme)" : "'" + trimmed.substring(0, colon + 1) + "'";
    throw new IllegalArgumentException(variable + " must start with jdbc:postgresql://, postgres:// or "
        + "postgresql://, but it starts with " + scheme);
  }

  private static DatabaseUrl parseJdbc(String url) {
    int question = url.indexOf('?');
    String base = question < 0 ? url : url.substring(0, question);
    String query = question < 0 ? "" : url.substring(question + 1);
    Credentials credentials = new Credentials();
    List<String> rest = credentials.takeFrom(query);
    return new DatabaseUrl(withQuery(base, rest), credentials.user, credentials.password);
  }

  private static DatabaseUrl parseLibpq(String variable, String url) {
    String afterScheme = url.substring(url.indexOf("://") + 3);
    int question = afterScheme.indexOf('?');
    String query = question < 0 ? "" : afterScheme.substring(question + 1);
    String hostAndPath = question < 0 ? afterScheme : afterScheme.substring(0, question);
    int slash = hostAndPath.indexOf('/');
    String authority = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
    String database = slash < 0 ? "" : decode(hostAndPath.substring(slash + 1), false);

    Credentials credentials = new Credentials();
    int at = authority.lastIndexOf('@');
    String hosts = authority;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      hosts = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      credentials.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), false);
      credentials.password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), false);
    }
    List<String> rest = credentials.takeFrom(query);
    if (hosts.isEmpty()) {
      hosts = "localhost";
    }
    if (database.isEmpty()) {
      // libpq's default: the database named like the user.
      database = credentials.user.isEmpty() ? "postgres" : credentials.user;
    }
    if (database.contains("/")) {
      throw new IllegalArgumentException(variable + " names an invalid database: " + database);
    }
    return new DatabaseUrl(withQuery(JDBC_PREFIX + "//" + hosts + "/" + database, rest),
        credentials.user, credentials.password);
  }

  private static String withQuery(String base, List<String> parameters) {
    return parameters.isEmpty() ? base : base + "?" + String.join("&", parameters);
  }

  /** Decodes percent escapes; a plus sign is a space only in a query, as the JDBC driver reads it. */
  private static String decode(String value, boolean query) {
    return URLDecoder.decode(query ? value : value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The user and password found so far; query parameters override those in the authority. */
  private static final class Credentials {
    private String user = "";
    private String password = "";

    /** Takes user and password out of a query string and returns the remaining parameters. */
    List<String> takeFrom(String query) {
      List<String> rest = new ArrayList<>();
      for (String parameter : query.split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : decode(parameter.substring(equals + 1), true);
        switch (name) {
          case "user" -> user = value;
          case "password" -> password = value;
          case "currentSchema" -> { } // each test chooses its own schema
          default -> rest.add(parameter);
        }
      }
      return rest;
    }
  }

  /** Appends a parameter to a JDBC URL that may already carry a query. */
  static String withParameter(String jdbcUrl, String name, String value) {
    return jdbcUrl + (jdbcUrl.indexOf('?') < 0 ? "?" : "&") + name + "=" + value;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return jdbcUrl + (user.isEmpty() ? "" : " as " + user);
  }
}
