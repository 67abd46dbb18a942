package dev.cogwheel.panel;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cogwheel.runtime.metrics.MetricsServer;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.spi.StorageBackend;
import dev.cogwheel.storage.spi.migration.ChangeClass;
import dev.cogwheel.storage.spi.migration.DatabaseHealth;
import dev.cogwheel.storage.spi.migration.PendingChangeset;
import dev.cogwheel.storage.spi.migration.SourceStatus;
import dev.cogwheel.storage.spi.migration.UpgradeResult;
import dev.cogwheel.storage.spi.panel.AuditEntry;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The routes of plugins, migrations, health, metrics, the audit log and the session. */
final class PanelApi {

  private static final String OPENAPI = "/dev/cogwheel/panel/openapi.json";

  private final CogwheelPluginManager manager;
  private final StorageBackend backend;
  private final Optional<MetricsServer> metrics;
  private final boolean backupBeforeUpgrade;

  PanelApi(CogwheelPluginManager manager, StorageBackend backend, Optional<MetricsServer> metrics, boolean backupBeforeUpgrade) {
    this.manager = manager;
    this.backend = backend;
    this.metrics = metrics;
    this.backupBeforeUpgrade = backupBeforeUpgrade;
  }

  void register(PanelServer.Routes routes) {
    routes.add(GET, "/health", this::health);
    routes.add(GET, "/openapi.json", PanelApi::openApi);
    routes.add(GET, "/metrics", this::metrics);
    routes.add(GET, "/session", PanelApi::session);
    routes.add(GET, "/plugins", ctx -> manager.list().stream().map(PanelApi::plugin).toList());
    routes.add(POST, "/plugins/{id}/load", ctx -> lifecycle(ctx, "load", manager::load));
    routes.add(POST, "/plugins/{id}/unload", ctx -> lifecycle(ctx, "unload", manager::unload));
    routes.add(POST, "/plugins/{id}/reload", ctx -> lifecycle(ctx, "reload", manager::reload));
    routes.add(POST, "/plugins/{id}/enable", ctx -> lifecycle(ctx, "enable", manager::enable));
    routes.add(POST, "/plugins/{id}/disable", ctx -> lifecycle(ctx, "disable", manager::disable));
    routes.add(GET, "/database/status", ctx -> backend.migrations().status().stream().map(PanelApi::source).toList());
    routes.add(GET, "/database/plan", ctx -> backend.migrations().status().stream().map(PanelApi::plan).toList());
    routes.add(GET, "/database/approvals", ctx -> backend.migrations().status().stream().flatMap(s -> s.pending().stream())
        .filter(PanelApi::waitsForApproval).map(PanelApi::changeset).toList());
    routes.add(POST, "/database/approve", this::approve);
    routes.add(POST, "/database/upgrade", this::upgrade);
    routes.add(GET, "/audit", this::audit);
  }

  private static Object session(Context ctx) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("actor", PanelServer.actor(ctx));
    json.put("guilds", PanelServer.guilds(ctx).map(ids -> ids.stream().map(Long::toUnsignedString).sorted().toList()).orElse(null));
    return json;
  }

  private Object health(Context ctx) throws IOException {
    DatabaseHealth db = backend.inspector().health();
    List<PluginInfo> plugins = manager.list();
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("reachable", db.reachable());
    database.put("problem", db.problem());
    database.put("roundTripMs", db.roundTrip().toMillis());
    database.put("warnings", db.warnings());
    database.put("configCacheListening", db.configCacheListening());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", db.reachable() ? "up" : "down");
    body.put("database", database);
    body.put("plugins", Map.of("total", plugins.size(),
        "started", plugins.stream().filter(p -> p.state() == PluginState.STARTED).count(),
        "failed", plugins.stream().filter(p -> p.state() == PluginState.FAILED).count()));
    PanelServer.send(ctx, db.reachable() ? 200 : 503, body);
    return null;
  }

  private static Object openApi(Context ctx) throws IOException {
    try (InputStream in = PanelApi.class.getResourceAsStream(OPENAPI)) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
    return null;
  }

  private Object metrics(Context ctx) {
    MetricsServer server = metrics.orElseThrow(() -> ApiException.notFound("metrics",
        "Metrics are off: set metrics.port to collect them, and they are served here and on that port."));
    ctx.contentType(MetricsServer.CONTENT_TYPE).result(server.scrape());
    return null;
  }

  static Map<String, Object> plugin(PluginInfo p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", p.id());
    json.put("version", p.version());
    json.put("state", p.state().name());
    json.put("reason", p.reason());
    json.put("description", p.description());
    json.put("userData", p.userData());
    json.put("dependencies", p.dependencies());
    Path file = p.file().getFileName();
    json.put("file", file == null ? "" : file.toString());
    json.put("leftovers", p.leftovers());
    json.put("quarantined", p.quarantined().stream()
        .map(item -> Map.of("key", item.key(), "problem", item.problem())).toList());
    return json;
  }

  private Object lifecycle(Context ctx, String action, Function<String, PluginInfo> operation) {
    String id = ctx.pathParam("id");
    PluginInfo before = manager.find(id).orElseThrow(() -> ApiException.notFound("id",
        "There is no plugin " + id + "; GET " + PanelServer.API + "/plugins lists them."));
    PluginInfo after = operation.apply(before.id());
    backend.panel().audit(PanelServer.actor(ctx), "plugin." + action, "plugin:" + id, before.state().name(), after.state().name());
    return plugin(after);
  }

  private static Map<String, Object> source(SourceStatus s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", s.source());
    json.put("logicalPath", s.logicalPath());
    json.put("applied", s.applied());
    json.put("pending", s.pending().size());
    json.put("state", s.state().name());
    json.put("problem", s.problem());
    return json;
  }

  private static Map<String, Object> plan(SourceStatus s) {
    Map<String, Object> json = source(s);
    json.put("pending", s.pending().stream().map(PanelApi::changeset).toList());
    return json;
  }

  private static boolean waitsForApproval(PendingChangeset p) {
    return !p.approved() && (p.changeClass() == ChangeClass.DESTRUCTIVE || p.changeClass() == ChangeClass.OPAQUE);
  }

  static Map<String, Object> changeset(PendingChangeset p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ref", p.ref());
    json.put("source", p.source());
    json.put("id", p.id());
    json.put("author", p.author() == null ? "" : p.author());
    json.put("checksum", p.checksum() == null ? "" : p.checksum());
    json.put("class", p.changeClass().name());
    json.put("reasons", p.reasons());
    json.put("sql", p.sql());
    json.put("approved", p.approved());
    json.put("hasRollback", p.hasRollback());
    json.put("mayApply", p.mayApply());
    return json;
  }

  private Object approve(Context ctx) {
    JsonNode ref = PanelServer.body(ctx).path("ref");
    if (!ref.isTextual() || ref.asText().isBlank()) {
      throw ApiException.badRequest("ref", "Say which changeset to approve: {\"ref\": \"<source>:<changeset id>\"}, as"
          + " GET " + PanelServer.API + "/database/approvals lists them.");
    }
    String actor = PanelServer.actor(ctx);
    PendingChangeset approved;
    try {
      approved = backend.migrations().approve(ref.asText().trim(), actor);
    } catch (StorageNotFoundException e) {
      throw ApiException.notFound("ref", e.getMessage());
    } catch (StorageInvalidException e) {
      throw ApiException.badRequest("ref", e.getMessage());
    }
    backend.panel().audit(actor, "database.approve", "changeset:" + approved.ref(), "waiting for approval",
        "approved for checksum " + approved.checksum());
    return changeset(approved);
  }

  private Object upgrade(Context ctx) {
    UpgradeResult result = backend.migrations().upgrade(null, backupBeforeUpgrade);
    int applied = result.appliedNow().stream().mapToInt(Integer::intValue).sum();
    backend.panel().audit(PanelServer.actor(ctx), "database.upgrade", "schema", null, applied + " changeset(s) applied");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("applied", applied);
    json.put("backup", result.backup().map(b -> b.getFileName().toString()).orElse(null));
    json.put("sources", result.sources().stream().map(PanelApi::source).toList());
    return json;
  }

  private Object audit(Context ctx) {
    String text = ctx.queryParam("limit");
    int limit;
    try {
      limit = text == null ? 100 : text.matches("[0-9]{1,4}") ? Integer.parseInt(text) : 0;
    } catch (NumberFormatException e) {
      limit = 0;
    }
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit", "limit is '" + text + "'; use a whole number from 1 to 1000.");
    }
    return backend.panel().auditLog(limit).stream().map(PanelApi::entry).toList();
  }

  private static Map<String, Object> entry(AuditEntry e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", e.id());
    json.put("at", e.at().toString());
    json.put("actor", e.actor());
    json.put("action", e.action());
    json.put("target", e.target());
    json.put("oldValue", e.oldValue().orElse(null));
    json.put("newValue", e.newValue().orElse(null));
    return json;
  }
}
