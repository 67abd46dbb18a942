package dev.cogwheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.cli.CliRunner.Result;
import dev.cogwheel.panel.PanelTokens;
import dev.cogwheel.runtime.testutil.Hosts;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.panel.AuditEntry;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class PanelCommandTest {

  private static final Pattern TOKEN = Pattern.compile("(cwp_[A-Za-z0-9_-]{43})");

  @Test
  void aCreatedTokenIsPrintedOnceStoredAsItsHashListedAndRevoked(TestSchema schema, @TempDir Path dir) {
    CliRunner cli = CliRunner.forSchema(schema, dir.resolve("plugins"), dir);
    Result created = cli.run("panel", "token", "create", "ci");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Matcher token = TOKEN.matcher(created.out());
    assertThat(token.find()).as(created.out()).isTrue();

    try (StorageBackend backend = Hosts.backend(schema)) {
      assertThat(backend.panel().authenticate(PanelTokens.hash(token.group(1)))).isPresent();
      assertThat(backend.panel().auditLog(1)).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("cli:tester", "token.create", "token:ci"));
    }
    Result list = cli.run("panel", "token", "list");
    assertThat(list.out()).contains("NAME").containsPattern("ci +cli:tester").doesNotContain(token.group(1));

    Result again = cli.run("panel", "token", "create", "ci");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(again.err()).contains("A panel token named ci exists already");

    assertThat(cli.run("panel", "token", "revoke", "ci", "--by", "ops").out()).contains("Revoked operator token ci.");
    Result gone = cli.run("panel", "token", "revoke", "ci");
    assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(gone.err()).contains("There is no operator token named ci");
    try (StorageBackend backend = Hosts.backend(schema)) {
      assertThat(backend.panel().authenticate(PanelTokens.hash(token.group(1)))).isEmpty();
      assertThat(backend.panel().auditLog(1).get(0).actor()).isEqualTo("cli:ops");
    }
    assertThat(cli.run("panel", "token", "list").out()).contains("There are no operator tokens");
  }

  @Test
  void aBadTokenNameIsRefusedWithWhatIsAllowed(TestSchema schema, @TempDir Path dir) {
    Result bad = CliRunner.forSchema(schema, dir.resolve("plugins"), dir).run("panel", "token", "create", "my token");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(bad.err()).contains("Token name 'my token' is not valid");
  }

  @Test
  void theAuditCommandListsWhatWasDoneNewestFirstAndChecksItsLimit(TestSchema schema, @TempDir Path dir) {
    CliRunner cli = CliRunner.forSchema(schema, dir.resolve("plugins"), dir);
    cli.run("panel", "token", "create", "first");
    cli.run("panel", "token", "create", "second", "--by", "ops");

    Result audit = cli.run("audit", "--limit", "1");

    assertThat(audit.exitCode()).as(audit.toString()).isZero();
    assertThat(audit.out()).contains("WHEN (UTC)", "WHO", "ACTION", "TARGET").containsPattern("cli:ops +token.create +token:second")
        .doesNotContain("token:first").doesNotContainPattern("cwp_[A-Za-z0-9_-]{20,}");
    assertThat(cli.run("audit").out()).contains("token:first", "token:second");
    Result refused = cli.run("audit", "--limit", "0");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--limit is 0; give a whole number from 1 to 1000.");
  }
}
