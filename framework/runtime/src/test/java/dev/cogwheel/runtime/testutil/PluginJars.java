package dev.cogwheel.runtime.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds plugin jars as a plugin's build would: a descriptor, and a changelog under db/changelog/<id>/. */
public final class PluginJars {

  private PluginJars() {}

  /** A plugin jar with plugin.properties and a changelog. */
  public static Path plugin(Path directory, String id, String changelogYaml) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("plugin.properties", "plugin.id=" + id + "\nplugin.version=1.0.0\nplugin.class=dev.example." + id + ".Plugin\n");
    entries.put("db/changelog/" + id + "/changelog.yaml", changelogYaml);
    return jar(directory.resolve(id + "-1.0.0.jar"), null, entries);
  }

  /** A jar with the given entries and, when {@code attributes} is not null, a manifest with them. */
  public static Path jar(Path file, Map<String, String> attributes, Map<String, String> entries) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream os = Files.newOutputStream(file);
          JarOutputStream jar = attributes == null ? new JarOutputStream(os) : new JarOutputStream(os, manifest(attributes))) {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
          jar.putNextEntry(new JarEntry(entry.getKey()));
          jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
          jar.closeEntry();
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Manifest manifest(Map<String, String> attributes) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
    return manifest;
  }

  /**
   * A changelog that creates {@code <id>_members} (additive), then drops its {@code level} column
   * (destructive).
   */
  public static String additiveThenDestructive(String id) {
    return """
        databaseChangeLog:
          - changeSet:
              id: 0001-members
              author: test
              changes:
                - createTable:
                    tableName: %1$s_members
                    columns:
                      - column: {name: guild_id, type: bigint, constraints: {nullable: false}}
                      - column: {name: pid, type: char(64), constraints: {nullable: false}}
                      - column: {name: level, type: int}
          - changeSet:
              id: 0002-drop-level
              author: test
              changes:
                - dropColumn: {tableName: %1$s_members, columnName: level}
        """.formatted(id);
  }

  /** A changelog with one additive changeset creating {@code <id>_items}. */
  public static String additive(String id) {
    return """
        databaseChangeLog:
          - changeSet:
              id: 0001-items
              author: test
              changes:
                - createTable:
                    tableName: %1$s_items
                    columns:
                      - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                      - column: {name: name, type: text}
        """.formatted(id);
  }
}
