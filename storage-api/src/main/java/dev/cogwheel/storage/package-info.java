/**
 * The storage SPI a Cogwheel plugin sees.
 *
 * <p>A plugin receives a {@link dev.cogwheel.storage.service.StorageService} already scoped to its plugin id.
 * Through it the plugin reads and writes its configuration ({@link dev.cogwheel.storage.config}),
 * durable live state ({@link dev.cogwheel.storage.state}), short-lived helper data
 * ({@link dev.cogwheel.storage.ephemeral}) and its own relational tables
 * ({@link dev.cogwheel.storage.table}), and answers privacy requests
 * ({@link dev.cogwheel.storage.privacy}). Nothing in this package names SQL, JDBC or a particular
 * database; errors are {@link dev.cogwheel.storage.StorageException}s.
 *
 * <p>The host implements it with a backend (cogwheel-storage-spi, which plugins never see).
 */
package dev.cogwheel.storage;
