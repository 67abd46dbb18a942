package dev.cogwheel.panel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Operator tokens: 256 random bits, shown once; only their SHA-256 is stored. A slow password hash
 * is not needed for a secret this long: nobody can guess it from its hash.
 */
public final class PanelTokens {

  /** What every token starts with, so a leaked one is recognisable (and a secret scanner can find it). */
  public static final String PREFIX = "cwp_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private PanelTokens() {}

  /**
   * A new token.
   *
   * @return {@code cwp_} and 43 URL-safe base64 characters
   */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * What is stored for a token.
   *
   * @param token the token
   * @return its SHA-256, 64 lower-case hex digits
   */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
