package dev.cogwheel.storage.postgres.panel;

import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.postgres.core.SessionRunner;
import dev.cogwheel.storage.postgres.core.Sessions;
import dev.cogwheel.storage.spi.panel.AuditEntry;
import dev.cogwheel.storage.spi.panel.OperatorToken;
import dev.cogwheel.storage.spi.panel.PanelStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/** The admin API's tokens and audit log in the instance schema. */
public final class PostgresPanelStore implements PanelStore {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_ACTOR = 200;
  private static final int MAX_TARGET = 400;

  private final SqlSessionFactory sessions;
  private final SessionRunner autoCommit;

  /**
   * Creates the store.
   *
   * @param sessions for the writes that must commit together
   * @param autoCommit for single statements
   */
  public PostgresPanelStore(SqlSessionFactory sessions, SessionRunner autoCommit) {
    this.sessions = sessions;
    this.autoCommit = autoCommit;
  }

  @Override
  public OperatorToken createToken(String name, String tokenHash, String createdBy) {
    checkName(name);
    if (tokenHash == null || !HASH.matcher(tokenHash).matches()) {
      throw new StorageInvalidException("A token hash is 64 lower-case hex digits (SHA-256).");
    }
    String actor = actor(createdBy);
    return Sessions.inTransaction(sessions, "create panel token " + name, session -> {
      PanelMapper mapper = session.getMapper(PanelMapper.class);
      if (mapper.insertToken(name, tokenHash, actor) == 0) {
        throw new StorageConflictException("A panel token named " + name + " exists already; revoke it first or choose"
            + " another name.", null);
      }
      mapper.insertAudit(actor, "token.create", "token:" + name, null, null);
      return mapper.findToken(name).token();
    });
  }

  @Override
  public boolean revokeToken(String name, String revokedBy) {
    checkName(name);
    String actor = actor(revokedBy);
    return Sessions.inTransaction(sessions, "revoke panel token " + name, session -> {
      PanelMapper mapper = session.getMapper(PanelMapper.class);
      if (mapper.deleteToken(name) == 0) {
        return false;
      }
      mapper.insertAudit(actor, "token.revoke", "token:" + name, null, null);
      return true;
    });
  }

  @Override
  public List<OperatorToken> tokens() {
    return autoCommit.run("list panel tokens", s -> mapper(s).listTokens()).stream().map(TokenRow::token).toList();
  }

  @Override
  public Optional<OperatorToken> authenticate(String tokenHash) {
    if (tokenHash == null || !HASH.matcher(tokenHash).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(autoCommit.run("check a panel token", s -> mapper(s).touchToken(tokenHash))).map(TokenRow::token);
  }

  @Override
  public AuditEntry audit(String actor, String action, String target, String oldValue, String newValue) {
    Objects.requireNonNull(action, "action");
    String checkedActor = actor(actor);
    if (target == null || target.isEmpty() || target.length() > MAX_TARGET) {
      throw new StorageInvalidException("An audit target is 1 to " + MAX_TARGET + " characters.");
    }
    return autoCommit.run("record " + action + " in the audit log",
        s -> mapper(s).insertAudit(checkedActor, action, target, oldValue, newValue)).entry();
  }

  @Override
  public List<AuditEntry> auditLog(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new StorageInvalidException("An audit log limit is from 1 to 1000, got " + limit + ".");
    }
    return autoCommit.run("read the audit log", s -> mapper(s).listAudit(limit)).stream().map(AuditRow::entry).toList();
  }

  private static PanelMapper mapper(SqlSession session) {
    return session.getMapper(PanelMapper.class);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new StorageInvalidException("Token name '" + name + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.");
    }
  }

  private static String actor(String actor) {
    if (actor == null || actor.isBlank() || actor.length() > MAX_ACTOR) {
      throw new StorageInvalidException("Who made a change is 1 to " + MAX_ACTOR + " characters, got '" + actor + "'.");
    }
    return actor;
  }
}
