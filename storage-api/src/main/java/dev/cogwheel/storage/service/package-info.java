/**
 * The entry point a plugin reaches its storage through: {@link
 * dev.cogwheel.storage.service.StorageService}, scoped to the plugin, and the {@link
 * dev.cogwheel.storage.service.Transaction} that groups its writes.
 *
 * <p>It uses every store package ({@code config}, {@code state}, {@code ephemeral}, {@code table},
 * {@code privacy}) and the vocabulary of {@link dev.cogwheel.storage} (Pids, exceptions,
 * subscriptions); none of those uses it, so the packages form no cycle.
 */
package dev.cogwheel.storage.service;
