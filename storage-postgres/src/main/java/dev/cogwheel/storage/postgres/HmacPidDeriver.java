package dev.cogwheel.storage.postgres;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.PidDeriver;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.Sessions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pids as HMAC-SHA256(secret, guild id || user id), both ids as 8 big-endian bytes.
 *
 * <p>The secret comes from {@code COGWHEEL_PID_SECRET}; if that is unset, one is generated on the
 * first run and kept in the instance schema, so every process sharing the schema derives the same
 * Pids. When the operator gives the secret, only its fingerprint is stored, so a later start with a
 * different secret (which would orphan every plugin's user data) is refused instead of silently
 * producing new Pids. The secret is never logged.
 */
public final class HmacPidDeriver implements PidDeriver {

  private static final Logger log = LoggerFactory.getLogger(HmacPidDeriver.class);
  static final String STORED_SECRET = "pid.secret";
  static final String FINGERPRINT = "pid.secret.fingerprint";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /**
   * Creates a deriver for a secret.
   *
   * @param secret the instance secret
   */
  public HmacPidDeriver(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
      }
    });
  }

  /**
   * Resolves the instance's secret against what the schema recorded, and creates the deriver.
   *
   * @param sessions sessions on the instance schema
   * @param configured the operator's secret, or null
   * @return the deriver
   * @throws StorageInvalidException if the configured secret differs from the one the instance uses
   */
  static HmacPidDeriver resolve(SqlSessionFactory sessions, String configured) {
    return Sessions.inTransaction(sessions, "resolve the Pid secret", s -> {
      InstanceMapper instance = s.getMapper(InstanceMapper.class);
      String stored = instance.find(STORED_SECRET);
      String fingerprint = instance.find(FINGERPRINT);
      if (configured != null) {
        String mine = fingerprint(configured);
        if ((stored != null && !sameSecret(stored, configured)) || (fingerprint != null && !fingerprint.equals(mine))) {
          throw new StorageInvalidException(
              "COGWHEEL_PID_SECRET is not the secret this instance's Pids were made with. Starting with it"
                  + " would give every user new Pids and orphan every plugin's user data. Set the"
                  + " original secret" + (stored != null ? ", or unset it to use the one stored in the instance schema" : "") + ".");
        }
        instance.insertIfAbsent(FINGERPRINT, mine);
        return new HmacPidDeriver(configured);
      }
      if (stored != null) {
        return new HmacPidDeriver(stored);
      }
      if (fingerprint != null) {
        throw new StorageInvalidException(
            "COGWHEEL_PID_SECRET is not set, but this instance's Pids were made with an operator-given"
                + " secret. Set COGWHEEL_PID_SECRET to that secret.");
      }
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      instance.insertIfAbsent(STORED_SECRET, Base64.getEncoder().encodeToString(random));
      log.info("Generated a Pid secret and stored it in the instance schema; set COGWHEEL_PID_SECRET to keep it outside the database.");
      return new HmacPidDeriver(instance.find(STORED_SECRET));
    });
  }

  static String fingerprint(String secret) {
    return new HmacPidDeriver(secret).hex(ByteBuffer.wrap("cogwheel-pid-secret-fingerprint".getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Pid member(long guildId, long userId) {
    ByteBuffer input = ByteBuffer.allocate(16).putLong(guildId).putLong(userId).flip();
    return new Pid(hex(input));
  }

  private String hex(ByteBuffer input) {
    Mac mac = macs.get();
    mac.update(input);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /**
   * Compares two secrets without leaking timing.
   *
   * @param a one secret
   * @param b another
   * @return whether they are equal
   */
  static boolean sameSecret(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
