package dev.cogwheel.storage.postgres.migration;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import liquibase.resource.AbstractResource;
import liquibase.resource.AbstractResourceAccessor;
import liquibase.resource.Resource;

/**
 * A plugin's changelog files, read once from its jar or classes directory and served to Liquibase under
 * their logical paths ({@code plugins/<id>/...}). The recorded file name of a changeset is then the same
 * whether the plugin ran from a jar or a directory, and the plugin's files can change on disk (a new
 * jar on reload) without affecting a review in progress.
 */
final class MemoryResourceAccessor extends AbstractResourceAccessor {

  private final String location;
  private final Map<String, byte[]> files;

  /**
   * @param location where the files came from, for messages
   * @param files logical path to content
   */
  MemoryResourceAccessor(String location, Map<String, byte[]> files) {
    this.location = location;
    this.files = new TreeMap<>(files);
  }

  static String normalize(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    List<String> parts = new ArrayList<>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  @Override
  public List<Resource> getAll(String path) {
    String key = normalize(path);
    return files.containsKey(key) ? List.of(new MemoryResource(key)) : List.of();
  }

  @Override
  public List<Resource> search(String path, boolean recursive) {
    String prefix = normalize(path);
    prefix = prefix.isEmpty() ? "" : prefix + "/";
    List<Resource> found = new ArrayList<>();
    for (String key : files.keySet()) {
      if (key.startsWith(prefix) && (recursive || key.indexOf('/', prefix.length()) < 0)) {
        found.add(new MemoryResource(key));
      }
    }
    return found;
  }

  @Override
  public List<String> describeLocations() {
    return List.of(location);
  }

  @Override
  public void close() {}

  private final class MemoryResource extends AbstractResource {

    MemoryResource(String path) {
      super(path, URI.create("memory:/" + path.replace(" ", "%20")));
    }

    @Override
    public boolean exists() {
      return files.containsKey(getPath());
    }

    @Override
    public Resource resolve(String other) {
      return new MemoryResource(normalize(getPath() + "/" + other));
    }

    @Override
    public Resource resolveSibling(String other) {
      int slash = getPath().lastIndexOf('/');
      String parent = slash < 0 ? "" : getPath().substring(0, slash + 1);
      return new MemoryResource(normalize(parent + other));
    }

    @Override
    public InputStream openInputStream() {
      byte[] content = files.get(getPath());
      if (content == null) {
        throw new IllegalStateException("no file " + getPath() + " in " + location);
      }
      return new ByteArrayInputStream(content);
    }
  }
}
