package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.PostgresSettings;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestPostgres;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PidTest {

  static final String SECRET = "an-operator-secret-of-at-least-32-characters";

  @Test
  void aPidIsHmacSha256OfGuildAndUserUnderTheSecret() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(ByteBuffer.allocate(16).putLong(123L).putLong(456L).array()));

    HmacPidDeriver pids = new HmacPidDeriver(SECRET);
    assertThat(pids.member(123, 456)).isEqualTo(new Pid(expected));
    assertThat(pids.member(123, 456)).isNotEqualTo(pids.member(124, 456)).isNotEqualTo(pids.user(456));
    assertThat(pids.user(456)).isEqualTo(pids.member(0, 456));
    assertThat(new HmacPidDeriver(SECRET + "x").member(123, 456)).isNotEqualTo(pids.member(123, 456));
  }

  @Test
  void aGeneratedSecretIsStoredOnceAndSharedByEveryProcessOfTheSchema(TestSchema schema) {
    Pid first;
    try (PostgresStorageBackend a = Backends.open(schema, Map.of(PostgresSettings.PID_SECRET, ""))) {
      first = a.pids().member(1, 2);
    }
    try (PostgresStorageBackend b = Backends.open(schema, Map.of(PostgresSettings.PID_SECRET, ""))) {
      assertThat(b.pids().member(1, 2)).isEqualTo(first);
    }
  }

  @Test
  void anOperatorSecretIsPinnedByItsFingerprintAndAChangeIsRefused() {
    try (TestSchema schema = TestPostgres.get().createSchema("pid_pinned")) {
      try (PostgresStorageBackend a = Backends.open(schema, Map.of(PostgresSettings.PID_SECRET, SECRET))) {
        assertThat(a.pids().member(1, 2)).isEqualTo(new HmacPidDeriver(SECRET).member(1, 2));
      }
      try (PostgresStorageBackend changed = Backends.open(schema, Map.of(PostgresSettings.PID_SECRET, SECRET + "-changed"))) {
        assertThatThrownBy(changed::pids)
            .isInstanceOf(StorageInvalidException.class)
            .hasMessageContaining("COGWHEEL_PID_SECRET is not the secret this instance's Pids were made with")
            .hasMessageNotContaining(SECRET);
      }
      assertThat(Backends.settings(schema)).doesNotContainKey(PostgresSettings.PID_SECRET);
      try (PostgresStorageBackend unset = Backends.open(schema)) {
        assertThatThrownBy(unset::pids)
            .isInstanceOf(StorageInvalidException.class)
            .hasMessageContaining("Set COGWHEEL_PID_SECRET to that secret");
      }
    }
  }

  @Test
  void aShortSecretIsRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(() -> PostgresSettings.from(dev.cogwheel.storage.spi.StorageSettings.of(Map.of(
            PostgresSettings.URL, "jdbc:postgresql://localhost/db", PostgresSettings.PID_SECRET, "short"))))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("must be at least 32 characters; it is 5")
        .hasMessageNotContaining("short");
  }
}
