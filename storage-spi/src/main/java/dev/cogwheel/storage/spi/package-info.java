/**
 * The host's side of storage: a {@link dev.cogwheel.storage.spi.StorageProvider} (found with
 * {@link java.util.ServiceLoader}) opens a {@link dev.cogwheel.storage.spi.StorageBackend} from
 * {@link dev.cogwheel.storage.spi.StorageSettings}; the backend hands each plugin its
 * {@link dev.cogwheel.storage.service.StorageService} and gives the host what plugins never see: migrations
 * ({@code spi.migration}), database inspection and the panel's tokens and audit log ({@code spi.panel}).
 *
 * <p>This artifact is not part of the SDK: a plugin cannot compile against it, and the plugin class
 * loader does not find it.
 */
package dev.cogwheel.storage.spi;
