package dev.cogwheel.storage.postgres.panel;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements over {@code cogwheel_panel_token} and {@code cogwheel_audit}. */
public interface PanelMapper {

  int insertToken(@Param("name") String name, @Param("hash") String hash, @Param("createdBy") String createdBy);

  int deleteToken(@Param("name") String name);

  TokenRow findToken(@Param("name") String name);

  List<TokenRow> listTokens();

  TokenRow touchToken(@Param("hash") String hash);

  AuditRow insertAudit(@Param("actor") String actor, @Param("action") String action, @Param("target") String target,
      @Param("oldValue") String oldValue, @Param("newValue") String newValue);

  List<AuditRow> listAudit(@Param("limit") int limit);
}
