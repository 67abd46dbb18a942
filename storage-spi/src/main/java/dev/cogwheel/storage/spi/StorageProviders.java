package dev.cogwheel.storage.spi;

import java.util.List;
import java.util.ServiceLoader;

/** Finds the installed storage backend with {@link ServiceLoader}. */
public final class StorageProviders {

  /** The production backend, preferred when several are installed. */
  public static final String POSTGRES = "postgres";

  private StorageProviders() {}

  /**
   * The installed provider: {@value #POSTGRES} if it is installed, else the first one found.
   *
   * @return the provider
   * @throws IllegalStateException if no backend is on the class path
   */
  public static StorageProvider find() {
    List<StorageProvider> providers = ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    return providers.stream().filter(p -> p.name().equals(POSTGRES)).findFirst()
        .or(() -> providers.stream().findFirst())
        .orElseThrow(() -> new IllegalStateException("No storage backend is installed: cogwheel-storage-postgres"
            + " must be on the class path (the lib/ directory of the distribution)."));
  }
}
