package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.spi.panel.AuditEntry;
import dev.cogwheel.storage.spi.panel.OperatorToken;
import dev.cogwheel.storage.spi.panel.PanelStore;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PanelStoreTest {

  static final String HASH_A = "a".repeat(64);
  static final String HASH_B = "b".repeat(64);

  static PostgresStorageBackend backend;
  static TestSchema schema;

  @BeforeAll
  static void open(TestSchema testSchema) {
    schema = testSchema;
    backend = Backends.open(testSchema);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void aTokenIsFoundByItsHashOnlyAndRecordsItsUse() throws Exception {
    PanelStore panel = backend.panel();
    OperatorToken created = panel.createToken("ci", HASH_A, "cli:alice");
    assertThat(created.lastUsedAt()).isEmpty();
    assertThat(panel.authenticate(HASH_B)).isEmpty();
    assertThat(panel.authenticate("not a hash")).isEmpty();
    Optional<OperatorToken> used = panel.authenticate(HASH_A);
    assertThat(used).get().extracting(OperatorToken::name).isEqualTo("ci");
    assertThat(used.get().lastUsedAt()).isPresent();
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT token_hash FROM cogwheel_panel_token WHERE name = 'ci'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(HASH_A);
    }
    assertThat(panel.revokeToken("ci", "cli:alice")).isTrue();
    assertThat(panel.revokeToken("ci", "cli:alice")).isFalse();
    assertThat(panel.authenticate(HASH_A)).isEmpty();
  }

  @Test
  void aSecondTokenOfTheSameNameIsRefusedAndNothingIsAudited() {
    PanelStore panel = backend.panel();
    panel.createToken("twice", "c".repeat(64), "cli:bob");
    long audited = panel.auditLog(1000).size();
    assertThatThrownBy(() -> panel.createToken("twice", "d".repeat(64), "cli:bob"))
        .isInstanceOf(StorageConflictException.class).hasMessageContaining("twice exists already");
    assertThat(panel.auditLog(1000)).hasSize((int) audited);
    assertThat(panel.tokens()).extracting(OperatorToken::name).contains("twice");
  }

  @Test
  void badNamesAndHashesAreRefusedWithWhatIsAllowed() {
    PanelStore panel = backend.panel();
    assertThatThrownBy(() -> panel.createToken("has space", HASH_B, "cli:bob"))
        .isInstanceOf(StorageInvalidException.class).hasMessageContaining("'has space' is not valid");
    assertThatThrownBy(() -> panel.createToken("ok", "ABC", "cli:bob"))
        .isInstanceOf(StorageInvalidException.class).hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(() -> panel.auditLog(0)).isInstanceOf(StorageInvalidException.class).hasMessageContaining("1 to 1000");
  }

  @Test
  void theAuditLogKeepsWhoWhatAndBothValuesNewestFirst() {
    PanelStore panel = backend.panel();
    panel.audit("token:ci", "config.set", "greeter/greeting@guild:1", null, "hi");
    AuditEntry second = panel.audit("token:ci", "config.set", "greeter/greeting@guild:1", "hi", "hello");
    assertThat(panel.auditLog(2)).first().isEqualTo(second);
    assertThat(second.oldValue()).contains("hi");
    assertThat(second.newValue()).contains("hello");
    assertThat(second.actor()).isEqualTo("token:ci");
  }
}
